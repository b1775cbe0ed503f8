import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { SalesActivityKind } from '../store/enums.ts';
import type { PipelineEnums } from '../enums.ts';
import { text, userIdSchema } from '../inputs.ts';

const EARLIEST = Date.UTC(2000, 0, 1);

const dueAtSchema = z.date().refine((date) => date.getTime() >= EARLIEST, 'must be in 2000 or later');
const durationSchema = z.number().int().min(1, 'must be from 1 to 1440 minutes').max(1440, 'must be from 1 to 1440 minutes');

export const scheduleActivitySchema = z.object({
  kind: z.enum(SalesActivityKind),
  subject: text(200),
  notes: text(5000).nullish(),
  dueAt: dueAtSchema,
  durationMinutes: durationSchema.nullish(),
  assigneeId: userIdSchema.nullish(),
  customerId: z.string().nullish(),
  opportunityId: z.string().nullish(),
});
export const updateActivitySchema = z.object({
  id: z.string(),
  subject: text(200).nullish(),
  notes: text(5000).nullish(),
  dueAt: dueAtSchema.nullish(),
  durationMinutes: durationSchema.nullish(),
  assigneeId: userIdSchema.nullish(),
});
export const completeActivitySchema = z.object({ id: z.string(), outcome: text(2000).nullish() });

/** The inputs of scheduleActivity, updateActivity and completeActivity, as the schema shows them. */
export function registerActivityInputs(builder: Builder, enums: PipelineEnums) {
  const ScheduleActivityInput = builder.inputType('ScheduleActivityInput', {
    description: 'Give a customer, an opportunity, or both (the opportunity must be with that customer).',
    fields: (t) => ({
      kind: t.field({ type: enums.ActivityKind, required: true, description: 'Call, meeting or task.' }),
      subject: t.string({ required: true, description: 'What it is, in a few words, e.g. "Call about the revised quote".' }),
      notes: t.string({ description: 'Longer free text: what to prepare, what to ask.' }),
      dueAt: t.field({ type: 'DateTime', required: true, description: 'When it is due (a meeting: when it starts), with an offset or Z.' }),
      durationMinutes: t.int({ description: 'Calls and meetings: 1 to 1440.' }),
      assigneeId: t.string({ description: 'Default: you. Someone else needs pipeline:manage.' }),
      customerId: t.id({ description: 'The customer it is about (global id of a Person or Organization).' }),
      opportunityId: t.id({ description: 'The opportunity it is about (global id).' }),
    }),
  });
  const UpdateActivityInput = builder.inputType('UpdateActivityInput', {
    description: 'Reschedules, reassigns or edits an OPEN item; only the fields given change, null clears notes and duration.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The activity (global id); it must be OPEN.' }),
      subject: t.string({ description: 'What it is, in a few words.' }),
      notes: t.string({ description: 'Longer free text.' }),
      dueAt: t.field({ type: 'DateTime', description: 'The new due time, with an offset or Z.' }),
      durationMinutes: t.int({ description: 'Calls and meetings: 1 to 1440.' }),
      assigneeId: t.string({ description: 'The user who is to do it; someone other than you needs pipeline:manage.' }),
    }),
  });
  const CompleteActivityInput = builder.inputType('CompleteActivityInput', {
    description: 'The activity that was done, and what came of it.',
    fields: (t) => ({ id: t.id({ required: true, description: 'The activity (global id); it must be OPEN.' }), outcome: t.string({ description: 'What came of it.' }) }),
  });
  return { ScheduleActivityInput, UpdateActivityInput, CompleteActivityInput };
}
