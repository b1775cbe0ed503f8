import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { OfferStatus as OfferStatuses } from '../store/enums.ts';
import type { PipelineEnums } from '../enums.ts';
import { planDateSchema, text } from '../inputs.ts';
import { linesSchema, MAX_LINES } from './offer-lines.ts';

export const createOfferSchema = z.object({
  opportunityId: z.string(),
  priceListId: z.string().nullish(),
  validUntil: planDateSchema.nullish(),
  note: text(2000).nullish(),
  lines: linesSchema,
});
export const reviseOfferSchema = z.object({ id: z.string(), validUntil: planDateSchema.nullish(), note: text(2000).nullish(), lines: linesSchema });
export const setOfferStatusSchema = z.object({ id: z.string(), status: z.enum(OfferStatuses) });

/** The inputs of createOffer, reviseOffer and setOfferStatus, as the schema shows them. */
export function registerOfferInputs(builder: Builder, enums: PipelineEnums) {
  const OfferLineInput = builder.inputType('OfferLineInput', {
    description: 'One product to offer; its unit price comes from the price list.',
    fields: (t) => ({
      productId: t.id({ required: true, description: 'The product (global id); not DISCONTINUED, and priced in the price list.' }),
      quantity: t.string({ required: true, description: 'Decimal text above 0, up to 3 decimals, e.g. "2" or "1.5".' }),
      discountPercent: t.string({ description: "0 to 100; default: the customer's discount for the product, else their general discount, else 0." }),
    }),
  });
  const CreateOfferInput = builder.inputType('CreateOfferInput', {
    description: 'A new DRAFT offer for an open opportunity.',
    fields: (t) => ({
      opportunityId: t.id({ required: true, description: 'The opportunity (global id); it must be open.' }),
      priceListId: t.id({ description: "Default: the default price list of the opportunity's currency." }),
      validUntil: t.field({ type: 'Date', description: 'The last day the customer may accept it (a calendar date); no limit when absent.' }),
      note: t.string({ description: 'Free words for the customer or the team, e.g. delivery terms.' }),
      lines: t.field({ type: [OfferLineInput], required: true, description: `1 to ${MAX_LINES}; unit prices come from the price list.`, extensions: { maxItems: MAX_LINES } }),
    }),
  });
  const ReviseOfferInput = builder.inputType('ReviseOfferInput', {
    description: "Replaces a DRAFT offer's lines, priced again from its price list.",
    fields: (t) => ({
      id: t.id({ required: true, description: 'The offer (global id); it must be DRAFT.' }),
      validUntil: t.field({ type: 'Date', description: 'The last day the customer may accept it (a calendar date).' }),
      note: t.string({ description: 'Free words for the customer or the team.' }),
      lines: t.field({ type: [OfferLineInput], required: true, description: `The new lines, 1 to ${MAX_LINES}; they replace the old ones.`, extensions: { maxItems: MAX_LINES } }),
    }),
  });
  const SetOfferStatusInput = builder.inputType('SetOfferStatusInput', {
    description: 'The offer and the status it moves to.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The offer (global id).' }),
      status: t.field({ type: enums.OfferStatus, required: true, description: 'The new status.' }),
    }),
  });
  return { CreateOfferInput, ReviseOfferInput, SetOfferStatusInput };
}
