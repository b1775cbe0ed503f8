import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { OpportunityLostReason, OpportunityStage } from '../store/enums.ts';
import type { PipelineEnums } from '../enums.ts';
import { planDateSchema, probabilitySchema, text, userIdSchema, versionSchema } from '../inputs.ts';
import { amountSchema, currencySchema } from '../money.ts';

export const createOpportunitySchema = z.object({
  customerId: z.string(),
  name: text(200),
  stage: z.enum(OpportunityStage).nullish(),
  amount: amountSchema.nullish(),
  currency: currencySchema,
  expectedCloseDate: planDateSchema,
  ownerId: userIdSchema.nullish(),
  probability: probabilitySchema.nullish(),
  nextStep: text(500).nullish(),
});

export const updateOpportunitySchema = z.object({
  id: z.string(),
  expectedVersion: versionSchema.nullish(),
  name: text(200).nullish(),
  amount: amountSchema.nullish(),
  currency: currencySchema.nullish(),
  expectedCloseDate: planDateSchema.nullish(),
  ownerId: userIdSchema.nullish(),
  probability: probabilitySchema.nullish(),
  nextStep: text(500).nullish(),
});

export const moveOpportunitySchema = z.object({
  id: z.string(),
  stage: z.enum(OpportunityStage),
  expectedVersion: versionSchema.nullish(),
  amount: amountSchema.nullish(),
  lostReason: z.enum(OpportunityLostReason).nullish(),
  lostNote: text(1000).nullish(),
  probability: probabilitySchema.nullish(),
  nextStep: text(500).nullish(),
});

export type MoveOpportunityInput = z.output<typeof moveOpportunitySchema>;

/** The inputs of createOpportunity, updateOpportunity and moveOpportunity, as the schema shows them. */
export function registerOpportunityInputs(builder: Builder, enums: PipelineEnums) {
  const CreateOpportunityInput = builder.inputType('CreateOpportunityInput', {
    description: 'A new deal with a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The Person or Organization the deal is with.' }),
      name: t.string({ required: true, description: 'What is being sold, in a few words, e.g. "Cold room for the Valencia store".' }),
      stage: t.field({ type: enums.Stage, description: 'An open stage; default PROSPECT.' }),
      amount: t.string({ description: 'Decimal text, at least 0, at most 2 decimals, e.g. "12500.00".' }),
      currency: t.string({ required: true, description: 'ISO 4217 in capitals, e.g. "EUR".' }),
      expectedCloseDate: t.field({ type: 'Date', required: true, description: 'When it is expected to close (a calendar date).' }),
      ownerId: t.string({ description: 'Default: you. Someone else only with pipeline:manage.' }),
      probability: t.int({ description: "Your own estimate in percent for this stage; default: the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words, e.g. "Send the revised quote on Monday".' }),
    }),
  });

  const UpdateOpportunityInput = builder.inputType('UpdateOpportunityInput', {
    description: 'Only the fields given change; null clears amount, probability and nextStep. Stages change through moveOpportunity.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The opportunity (global id).' }),
      expectedVersion: t.int({ description: 'The version you read: the change is refused with a ConflictError if the opportunity changed since.' }),
      name: t.string({ description: 'What is being sold, in a few words.' }),
      amount: t.string({ description: 'Decimal text, at least 0, at most 2 decimals, e.g. "12500.00".' }),
      currency: t.string({ description: 'ISO 4217 in capitals, e.g. "EUR".' }),
      expectedCloseDate: t.field({ type: 'Date', description: 'When it is expected to close (a calendar date).' }),
      ownerId: t.string({ description: 'Reassigning needs pipeline:manage.' }),
      probability: t.int({ description: "Null returns to the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words.' }),
    }),
  });

  const MoveOpportunityInput = builder.inputType('MoveOpportunityInput', {
    description: 'The opportunity, the stage it moves to, and what changes with the move.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The opportunity (global id).' }),
      stage: t.field({ type: enums.Stage, required: true, description: 'The stage it moves to.' }),
      expectedVersion: t.int({ description: 'The version you read: refused with a ConflictError if the opportunity changed since.' }),
      amount: t.string({ description: 'Sets the amount with the move (e.g. the final amount when winning). Winning needs an amount above 0.' }),
      lostReason: t.field({ type: enums.LostReason, description: 'Required to move to CLOSED_LOST.' }),
      lostNote: t.string({ description: 'What happened, in words (CLOSED_LOST only).' }),
      probability: t.int({ description: "Your estimate for the new stage; without it the deal follows the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words; kept when absent.' }),
    }),
  });

  return { CreateOpportunityInput, UpdateOpportunityInput, MoveOpportunityInput };
}
