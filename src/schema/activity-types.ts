import { decodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { Builder } from '../builder.ts';
import { ValidationError } from '../errors.ts';
import { filterList } from './list-bounds.ts';
import { isUuid } from './node-ids.ts';
import type { ActivityEvent } from '../events/activity-event.ts';

/**
 * The core's event stream: `ActivityEvent` and `Subscription.activity`. Every area's events flow
 * through it, so a dashboard watches all of them with one subscription.
 */
export function registerActivityTypes(builder: Builder): void {
  const ActivityEventRef = builder.objectRef<ActivityEvent>('ActivityEvent').implement({
    description: 'Something that happened in your tenant, as recorded in the event log.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The event log entry.' }),
      position: t.exposeString('position', {
        nullable: true,
        description: 'Delivery order; pass the last one you saw as `activity(after:)` to resume. Null until the event is published.',
      }),
      topic: t.exposeString('topic', { description: 'What happened, e.g. "customer.created", "interaction.recorded".' }),
      // Canonical ISO strings (activity-event.ts), which the DateTime scalar passes through.
      occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When it happened in the world (for a contact, when the contact took place), UTC.' }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When Nexo wrote it to the event log, UTC; later than `occurredAt` for contacts recorded afterwards.' }),
      subjectId: t.exposeID('subjectId', { description: 'Global id of the record the event is about.' }),
      customerId: t.exposeID('customerNodeId', { nullable: true, description: 'Global id of the customer concerned.' }),
      channel: t.exposeString('channel', { nullable: true, description: 'For a contact: the channel it came through.' }),
      kind: t.exposeString('kind', { nullable: true, description: 'For a contact: its kind (purchase, complaint …).' }),
      actorId: t.exposeString('actorId', { nullable: true, description: 'The user whose request caused it.' }),
      payload: t.expose('payload', { type: 'JSONObject', description: "The event's facts as the area that owns its topic records them (e.g. a ticket's number and status)." }),
    }),
  });

  const ActivityFilterInput = builder.inputType('ActivityFilter', {
    description: 'Which events to receive; every condition given must hold, and none given means every event your roles may read.',
    fields: (t) => ({
      customerId: t.id({ description: 'Only events concerning this customer.' }),
      topics: t.stringList({ description: 'Only these topics.', ...filterList }),
      channels: t.stringList({ description: 'Only contacts through these channels.', ...filterList }),
    }),
  });

  builder.subscriptionType({ description: 'Live streams, over WebSocket (graphql-ws) or server-sent events; each needs the same permissions as the matching reads.' });
  builder.subscriptionField('activity', (t) =>
    t.field({
      type: ActivityEventRef,
      authScopes: { authenticated: true },
      description:
        "Your tenant's events that your roles may read, live. With `after` (a position), first every event after it, then live ones: reconnect with the last position you saw and miss nothing.",
      args: {
        filter: t.arg({ type: ActivityFilterInput, description: 'Only the events that match; all of them when absent.' }),
        after: t.arg.string({ description: 'Resume after this position.' }),
      },
      subscribe: (_root, args, context, info) => {
        if (args.after !== null && args.after !== undefined && !/^\d{1,18}$/.test(args.after)) {
          throw ValidationError.at(['after'], 'must be a position received from this subscription');
        }
        const customerId = args.filter?.customerId == null ? null : String(args.filter.customerId);
        // Refused as `customer(id:)` refuses it: a filter no event can match would wait silently forever.
        if (customerId !== null) {
          const problem = customerIdProblem(customerId, info.schema);
          if (problem) throw ValidationError.at(['filter', 'customerId'], problem);
        }
        const filter = { customerId, topics: args.filter?.topics, channels: args.filter?.channels };
        return context.activity.stream(context.viewer!, filter, args.after ? BigInt(args.after) : null);
      },
      resolve: (event) => event,
    }),
  );
}


/** Why `globalId` cannot name a customer (a type implementing the `Customer` interface); null when it can. */
function customerIdProblem(globalId: string, schema: GraphQLSchema): string | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return 'is not a valid id';
  }
  const type = schema.getType(decoded.typename);
  const isCustomer = isObjectType(type) && type.getInterfaces().some((implemented) => implemented.name === 'Customer');
  return isCustomer && isUuid(decoded.id) ? null : 'is not a customer id';
}
