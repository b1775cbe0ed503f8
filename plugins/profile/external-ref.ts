import type { Builder } from '../../src/plugin-api.ts';
import { READ } from './access.ts';

/**
 * `ExternalRef`: the customer's id in another system, and its input form, given when a customer is
 * created. Customers are found by it with the `customerByExternalRef` query (customer.ts).
 */
export function registerExternalRef(builder: Builder) {
  builder.prismaObject('ExternalRef', {
    authScopes: READ,
    description: "The customer's id in another system (point of sale, e-commerce, call center …).",
    fields: (t) => ({
      source: t.exposeString('source', { description: 'The other system, as your integrations name it (e.g. "pos", "shop").' }),
      externalId: t.exposeString('externalId', { description: "The customer's id in that system, exactly as it gives it." }),
    }),
  });

  return builder.inputType('ExternalRefInput', {
    description: "The customer's id in another system; one id per source and tenant.",
    fields: (t) => ({
      source: t.string({ required: true, description: 'The other system, as your integrations name it (e.g. "pos", "shop").' }),
      externalId: t.string({ required: true, description: "The customer's id in that system." }),
    }),
  });
}

export type ExternalRefInputRef = ReturnType<typeof registerExternalRef>;
