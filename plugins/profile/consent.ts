import type { Builder } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import { setConsent } from './consent-writes.ts';
import { ConsentChannel, ConsentStatus } from './store/enums.ts';

/** `Consent`: whether a customer may be contacted on a channel, recorded with `setConsent`. */
export function registerConsent(builder: Builder): void {
  builder.enumType(ConsentChannel, {
    name: 'ConsentChannel',
    description: 'A channel the company may use to contact a customer, with their consent.',
    values: {
      EMAIL: { description: 'Marketing e-mail.' },
      SMS: { description: 'Text messages.' },
      PHONE: { description: 'Phone calls.' },
      POST: { description: 'Letters and printed mail.' },
    },
  });
  builder.enumType(ConsentStatus, {
    name: 'ConsentStatus',
    description: 'Whether the customer currently agrees to be contacted on a channel.',
    values: {
      GRANTED: { description: 'The customer agreed to be contacted on the channel.' },
      WITHDRAWN: { description: 'The customer refused or withdrew consent: do not contact them on the channel.' },
    },
  });

  builder.prismaObject('Consent', {
    authScopes: READ,
    description: 'Whether the customer may be contacted on a channel, and since when.',
    fields: (t) => ({
      channel: t.field({ type: ConsentChannel, description: 'The channel this consent is for.', resolve: (consent) => consent.channel }),
      status: t.field({ type: ConsentStatus, description: 'Granted or withdrawn, as last recorded.', resolve: (consent) => consent.status }),
      changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When consent was given or withdrawn.' }),
      source: t.exposeString('source', { nullable: true, description: 'Where it was captured, e.g. "web-form".' }),
    }),
  });

  const SetConsentInput = builder.inputType('SetConsentInput', {
    description: "A customer's consent for one channel, as of now.",
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The customer (global id).' }),
      channel: t.field({ type: ConsentChannel, required: true, description: 'The channel it is about.' }),
      status: t.field({ type: ConsentStatus, required: true, description: 'Granted or withdrawn.' }),
      source: t.string({ description: 'Where it was captured, e.g. "web-form", "call-center".' }),
    }),
  });
  const ConsentPayload = builder.objectRef<{ consent: object; customer: object }>('ConsentPayload').implement({
    description: 'The consent recorded, and its customer.',
    fields: (t) => ({
      consent: t.field({ type: 'Consent', description: 'The consent as stored, with when it changed.', resolve: (payload) => payload.consent }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });

  builder.mutationFields((t) => ({
    setConsent: t.field({
      type: ConsentPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Records that consent for a channel was given or withdrawn, now.',
      args: { input: t.arg({ type: SetConsentInput, required: true, description: 'The customer, channel and status.' }) },
      resolve: (_root, args, context) => setConsent(context, args.input),
    }),
  }));
}
