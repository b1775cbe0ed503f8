import { brandWithType } from '@pothos/core';
import type { Builder } from '../../src/plugin-api.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/plugin-api.ts';
import { MAX_METADATA_BYTES, MAX_PRODUCT_LINES, MAX_SUMMARY, type InteractionInput } from './interaction-inputs.ts';
import type { registerInteraction } from './interaction.ts';
import { recordInteractions, type InteractionRow, type ItemResult } from './record-interactions.ts';

const WRITE = { permission: 'interactions:write' } as const;

/** The most inputs one `recordInteractions` call takes. */
export const MAX_BATCH = 1_000;

type Recorded = { index: number; interaction: InteractionRow; duplicate: boolean };
type Failed = { index: number; error: ValidationError | NotFoundError };

/** `recordInteraction` and `recordInteractions`: how points of sale, call centers and trackers push contacts in. */
export function registerInteractionMutations(builder: Builder, enums: ReturnType<typeof registerInteraction>): void {
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

  const RecordInteractionPayload = builder.objectRef<Recorded>('RecordInteractionPayload').implement({
    description: 'The interaction stored, now or before.',
    fields: (t) => ({
      interaction: t.field({ type: 'Interaction', description: 'The interaction as stored (the earlier one for a duplicate).', resolve: (result) => result.interaction }),
      duplicate: t.exposeBoolean('duplicate', { description: 'True when it was already stored: nothing was written this time.' }),
    }),
  });

  const ItemResultRef = builder.interfaceRef<ItemResult>('RecordInteractionItemResult').implement({
    description: 'What became of one input of `recordInteractions`.',
    resolveType: (result) => ('error' in result ? 'FailedInteraction' : 'RecordedInteraction'),
    fields: (t) => ({ index: t.exposeInt('index', { description: 'Position of the input in `inputs`, from 0.' }) }),
  });

  builder.objectRef<Recorded>('RecordedInteraction').implement({
    interfaces: [ItemResultRef],
    description: 'An input that is stored: now, or already before (`duplicate`).',
    fields: (t) => ({
      interaction: t.field({ type: 'Interaction', description: 'The interaction as stored (the earlier one for a duplicate).', resolve: (result) => result.interaction }),
      duplicate: t.exposeBoolean('duplicate', { description: 'True when it was already stored (earlier, or by an earlier input of this batch).' }),
    }),
  });

  builder.objectRef<Failed>('FailedInteraction').implement({
    interfaces: [ItemResultRef],
    description: 'An input that was refused; nothing was written for it.',
    fields: (t) => ({
      error: t.field({
        type: 'Error',
        description: 'A ValidationError (with field paths) or a NotFoundError (unknown customer).',
        resolve: (result) => asErrorValue(result.error),
      }),
    }),
  });

  const RecordInteractionsPayload = builder.objectRef<ItemResult[]>('RecordInteractionsPayload').implement({
    description: 'What became of each input of a batch, and the counts.',
    fields: (t) => ({
      results: t.field({ type: [ItemResultRef], description: 'One per input, in input order.', resolve: (results) => results }),
      stored: t.int({ description: 'Inputs stored by this call.', resolve: (results) => results.filter((result) => 'duplicate' in result && !result.duplicate).length }),
      duplicates: t.int({ description: 'Inputs that were already stored.', resolve: (results) => results.filter((result) => 'duplicate' in result && result.duplicate).length }),
      failed: t.int({ description: 'Inputs refused.', resolve: (results) => results.filter((result) => 'error' in result).length }),
    }),
  });

  builder.mutationFields((t) => ({
    recordInteraction: t.field({
      type: RecordInteractionPayload,
      authScopes: WRITE,
      errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
      description: 'Records one contact with a customer; idempotent on (source, externalId).',
      args: { input: t.arg({ type: RecordInteractionInput, required: true, description: 'The contact to record.' }) },
      resolve: async (_root, args, context) => {
        const [result] = await recordInteractions(context, [args.input as InteractionInput], () => ['input']);
        if ('error' in result!) throw result.error;
        return result!;
      },
    }),
    recordInteractions: t.field({
      type: RecordInteractionsPayload,
      authScopes: WRITE,
      errors: { types: [ValidationError, ForbiddenError] },
      description: `Records up to ${MAX_BATCH.toLocaleString('en-US')} contacts at once, with one result per input: a bad input is refused alone.`,
      args: { inputs: t.arg({ type: [RecordInteractionInput], required: true, description: 'The contacts to record, each stored or refused on its own.', extensions: { maxItems: MAX_BATCH } }) },
      resolve: async (_root, args, context) => {
        return recordInteractions(context, args.inputs as InteractionInput[], (index) => ['inputs', String(index)]);
      },
    }),
  }));
}

/**
 * graphql-js treats an Error instance returned by a resolver as that field failing, so a refused
 * item's error is answered as a plain copy, branded with its GraphQL type.
 */
function asErrorValue(error: ValidationError | NotFoundError): object {
  const value = { ...error, message: error.message };
  brandWithType(value, error.constructor as never);
  return value;
}
