import { z } from 'zod';
import { OpportunityLostReason, OpportunityStage } from '../../../src/plugin-api.ts';
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
