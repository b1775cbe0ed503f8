import type { Builder, Context } from '../../src/plugin-api.ts';
import { perCustomerLoader } from '../../src/plugin-api.ts';
import { loadCustomer } from '../profile/plugin.ts';
import type { SegmentEnums } from './enums.ts';
import { READ } from './segment.ts';
import { explainMembership, type registerSegmentExplanation } from './segment-explanation.ts';
import type { SegmentsRuntime } from './segments-runtime.ts';
import { currentStays, type CurrentStayRow } from './store/customer-segments.ts';

const staysOf = new WeakMap<Context, ReturnType<typeof staysLoader>>();
const staysLoader = (context: Context) => perCustomerLoader<null, CurrentStayRow[]>((customerIds) => currentStays(context.sql, customerIds), []);

/** `SegmentMembership` (one stay of a customer in a segment) and `Customer.segments`. */
export function registerSegmentMembership(builder: Builder, enums: SegmentEnums, runtime: SegmentsRuntime, SegmentExplanation: ReturnType<typeof registerSegmentExplanation>): void {
  builder.prismaObject('SegmentMembership', {
    authScopes: READ,
    description: 'One stay of a customer in a segment: when they entered, how, and when they left.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The stay.' }),
      segment: t.relation('segment', { description: 'The segment the stay is in.' }),
      customer: t.field({ type: 'Customer', nullable: true, description: 'The customer (null once deleted).', resolve: (stay, _args, context) => loadCustomer(context, stay.customerId) }),
      source: t.expose('source', { type: enums.Source, description: 'How the customer came in.' }),
      enteredAt: t.expose('enteredAt', { type: 'DateTime', description: 'When the stay began.' }),
      exitedAt: t.expose('exitedAt', { type: 'DateTime', nullable: true, description: 'When it ended; null while the customer is a member.' }),
      explanation: t.field({
        type: SegmentExplanation,
        nullable: true,
        description: "Why the customer is in the segment now (the segment's rule read for them); null once the segment is archived.",
        resolve: async (stay, _args, context) => {
          const segment = await context.db.segment.findFirst({ where: { id: stay.segmentId, archivedAt: null } });
          return segment ? explainMembership(context, runtime, segment, stay.customerId) : null;
        },
      }),
    }),
  });

  builder.interfaceField('Customer', 'segments', (t) =>
    t.field({
      type: ['SegmentMembership'],
      authScopes: READ,
      description: "The live segments the customer is in now, most recent entry first; ask a segment's `explain` for why.",
      resolve: (customer, _args, context) => {
        let loader = staysOf.get(context);
        if (!loader) staysOf.set(context, (loader = staysLoader(context)));
        return loader.load({ customerId: (customer as { id: string }).id, request: null }) as never;
      },
    }),
  );
}
