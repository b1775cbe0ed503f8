import type { Builder } from '../../src/plugin-api.ts';
import type { InteractionEnums } from './enums.ts';
import { MAX_METADATA_BYTES, MAX_PRODUCT_LINES, MAX_SUMMARY } from './interaction-inputs.ts';

/** `RecordInteractionInput` (with the customer reference and product lines it holds): one contact as a sending system describes it. */
export function registerRecordInteractionInput(builder: Builder, enums: InteractionEnums) {
  const CustomerRefInput = builder.inputType('CustomerRefInput', {
    description: "A customer by its id in another system, as in the customer's `externalRefs`.",
    fields: (t) => ({
      source: t.string({ required: true, description: 'The other system, as in `ExternalRef.source` (e.g. "pos").' }),
      externalId: t.string({ required: true, description: "The customer's id in that system." }),
    }),
  });

  const ProductLineInput = builder.inputType('ProductLineInput', {
    description: 'One line of a purchase.',
    fields: (t) => ({
      sku: t.string({ required: true, description: 'The stock-keeping unit code the sending system uses.' }),
      name: t.string({ required: true, description: 'The product name, as on the receipt.' }),
      quantity: t.float({ required: true, description: 'Greater than 0.' }),
      unitPrice: t.string({ required: true, description: 'Decimal as text, at most 4 decimals, e.g. "12.50".' }),
    }),
  });

  const RecordInteractionInput = builder.inputType('RecordInteractionInput', {
    description: 'One contact with a customer. (source, externalId) identifies it: sending it again stores nothing and answers the stored one.',
    fields: (t) => ({
      customerId: t.id({ description: 'The Person or Organization; give this or `customerRef`.' }),
      customerRef: t.field({ type: CustomerRefInput, description: 'The customer by its id in another system; give this or `customerId`.' }),
      channel: t.field({ type: enums.Channel, required: true, description: 'Where it happened.' }),
      direction: t.field({ type: enums.Direction, required: true, description: 'Who started it.' }),
      kind: t.field({ type: enums.Kind, required: true, description: 'What it was about; PURCHASE and SURVEY_RESPONSE allow their own fields.' }),
      occurredAt: t.string({
        required: true,
        description:
          'When it happened: an ISO 8601 date-time with offset, e.g. "2026-10-01T09:30:00Z"; at most 5 minutes in the future. Checked with the other fields, so in a batch an impossible time (2026-02-30) refuses only its own input.',
      }),
      summary: t.string({ description: `At most ${MAX_SUMMARY.toLocaleString('en-US')} characters.` }),
      agentId: t.string({ description: 'User id of the agent or employee involved.' }),
      metadata: t.field({ type: 'JSONObject', description: `Free facts, at most ${MAX_METADATA_BYTES / 1024} KB of JSON.` }),
      amount: t.string({ description: 'PURCHASE only, with `currency`: a decimal as text, at least 0, at most 2 decimals, e.g. "49.90".' }),
      currency: t.string({ description: 'PURCHASE only, with `amount`: ISO 4217 in capitals, e.g. "EUR".' }),
      productLines: t.field({
        type: [ProductLineInput],
        description: `At most ${MAX_PRODUCT_LINES}; with an amount, quantity × unit price must add up to it within a cent.`,
        extensions: { maxItems: MAX_PRODUCT_LINES },
      }),
      surveyScore: t.int({ description: 'SURVEY_RESPONSE only: 0 to 10.' }),
      source: t.string({ required: true, description: 'The sending system, e.g. "pos" (lower-case letters, digits, "_", "." or "-").' }),
      externalId: t.string({ required: true, description: "The interaction's id in that system." }),
    }),
  });

  return RecordInteractionInput;
}
