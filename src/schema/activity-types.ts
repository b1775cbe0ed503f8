import type { Builder } from '../builder.ts';
import { ValidationError } from '../errors.ts';
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
      occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
      subjectId: t.exposeID('subjectId', { description: 'Global id of the record the event is about.' }),
      customerId: t.exposeID('customerNodeId', { nullable: true, description: 'Global id of the customer concerned.' }),
      channel: t.exposeString('channel', { nullable: true, description: 'For a contact: the channel it came through.' }),
      kind: t.exposeString('kind', { nullable: true, description: 'For a contact: its kind (purchase, complaint …).' }),
      actorId: t.exposeString('actorId', { nullable: true, description: 'The user whose request caused it.' }),
      payload: t.field({ type: 'JSONObject', resolve: (event) => event.payload }),
    }),
  });

  const ActivityFilterInput = builder.inputType('ActivityFilter', {
    fields: (t) => ({
      customerId: t.id({ description: 'Only events concerning this customer.' }),
      topics: t.stringList({ description: 'Only these topics.' }),
      channels: t.stringList({ description: 'Only contacts through these channels.' }),
    }),
  });

  builder.subscriptionType({});
  builder.subscriptionField('activity', (t) =>
    t.field({
      type: ActivityEventRef,
      authScopes: { authenticated: true },
      description:
        "Your tenant's events that your roles may read, live. With `after` (a position), first every event after it, then live ones: reconnect with the last position you saw and miss nothing.",
      args: {
        filter: t.arg({ type: ActivityFilterInput }),
        after: t.arg.string({ description: 'Resume after this position.' }),
      },
      subscribe: (_root, args, context) => {
        if (args.after !== null && args.after !== undefined && !/^\d{1,18}$/.test(args.after)) {
          throw ValidationError.at(['after'], 'must be a position received from this subscription');
        }
        const filter = { customerId: args.filter?.customerId ? String(args.filter.customerId) : null, topics: args.filter?.topics, channels: args.filter?.channels };
        return context.activity.stream(context.viewer!, filter, args.after ? BigInt(args.after) : null);
      },
      resolve: (event) => event,
    }),
  );
}
