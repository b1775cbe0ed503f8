import { z } from 'zod';
import type { Context, FieldError } from '../../../src/plugin-api.ts';
import { amountSchema, currencySchema, ValidationError } from '../../../src/plugin-api.ts';
import { loadSegment, parseSegmentId } from '../../segments/plugin.ts';
import { CampaignChannel, CampaignKind, CampaignRecurrence } from '../store/enums.ts';

// The rules a campaign's definition follows, checked all at once: one ValidationError lists every
// problem, each at its path, and nothing is written.

export const MAX_VARIANTS = 10;
export const MAX_AUDIENCE_SEGMENTS = 10;
export const MAX_EXCLUSION_SEGMENTS = 10;
export const KPI_METRICS = ['CONVERSION_RATE', 'REVENUE', 'ROI', 'RESPONSE_RATE', 'INCREMENTAL_REVENUE'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const channels = Object.values(CampaignChannel) as [CampaignChannel, ...CampaignChannel[]];

const variant = z.object({
  name: text(60),
  content: text(10_000).nullish(),
  weight: z.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').nullish(),
});
const kpi = z.object({ metric: z.enum(KPI_METRICS), target: z.number().finite('must be a finite number') });

/** The fields a campaign's definition may carry; every one optional here (an update gives only some). */
const fieldsSchema = z.object({
  name: text(120).optional(),
  description: text(2_000).nullish(),
  responseCode: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{2,31}$/, 'must be 3 to 32 letters, digits, "-" or "_", starting with a letter or digit'))
    .nullish(),
  kind: z.enum(Object.values(CampaignKind) as [CampaignKind, ...CampaignKind[]]).optional(),
  objective: text(2_000).nullish(),
  targetKpis: z
    .array(kpi)
    .max(KPI_METRICS.length)
    .refine((targets) => new Set(targets.map((target) => target.metric)).size === targets.length, 'must name each metric once')
    .nullish(),
  channels: z
    .array(z.enum(channels))
    .refine((list) => new Set(list).size === list.length, 'must name each channel once')
    .nullish(),
  ownerId: text(200).nullish(),
  startsAt: z.date().nullish(),
  endsAt: z.date().nullish(),
  recurrence: z.enum(Object.values(CampaignRecurrence) as [CampaignRecurrence, ...CampaignRecurrence[]]).nullish(),
  controlShare: z.number().min(0, 'must be 0 to 0.5').max(0.5, 'must be 0 to 0.5').nullish(),
  attributionWindowDays: z.number().int('must be a whole number').min(1, 'must be 1 to 365 days').max(365, 'must be 1 to 365 days').nullish(),
  decayHalfLifeDays: z.number().int('must be a whole number').min(1, 'must be 1 to 90 days').max(90, 'must be 1 to 90 days').nullish(),
  budget: z.object({ amount: amountSchema, currency: currencySchema }).nullish(),
  variants: z
    .array(variant)
    .max(MAX_VARIANTS, `must hold at most ${MAX_VARIANTS} variants`)
    .refine((list) => new Set(list.map((entry) => entry.name.trim().toLowerCase())).size === list.length, 'variant names must be distinct')
    .nullish(),
});

export type CampaignFields = z.output<typeof fieldsSchema>;

/** What a campaign input says, parsed: the fields, and its segments as row ids when given. */
export interface CheckedCampaign {
  fields: CampaignFields;
  audience: string[] | null;
  exclusions: string[] | null;
}

/** What the stored campaign already holds, for checks that span given and stored fields (an update). */
export interface StoredSchedule {
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface CampaignInput extends Record<string, unknown> {
  audienceSegmentIds?: readonly (string | number)[] | null;
  exclusionSegmentIds?: readonly (string | number)[] | null;
}

/**
 * Checks a campaign input against every rule and throws one ValidationError with every problem.
 * `creating`: name and kind are required and the audience, when given, must hold 1–10 segments.
 */
export async function checkCampaignInput(context: Context, input: CampaignInput, stored: StoredSchedule | null, at: string[]): Promise<CheckedCampaign> {
  const problems: FieldError[] = [];
  const { audienceSegmentIds, exclusionSegmentIds, ...rest } = input;
  const parsed = fieldsSchema.safeParse(rest);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push({ path: [...at, ...issue.path.map(String)], message: issue.message });
  const fields = parsed.success ? parsed.data : ({} as CampaignFields);
  if (!stored) {
    if (rest.name === undefined || rest.name === null) problems.push({ path: [...at, 'name'], message: 'is required' });
    if (rest.kind === undefined || rest.kind === null) problems.push({ path: [...at, 'kind'], message: 'is required' });
  }
  // An end is after the start, whichever of them this input gives.
  const startsAt = rest.startsAt !== undefined ? (rest.startsAt as Date | null) : (stored?.startsAt ?? null);
  const endsAt = rest.endsAt !== undefined ? (rest.endsAt as Date | null) : (stored?.endsAt ?? null);
  if (startsAt instanceof Date && endsAt instanceof Date && endsAt.getTime() <= startsAt.getTime()) {
    problems.push({ path: [...at, 'endsAt'], message: 'must be after startsAt' });
  }
  const audience = await checkSegments(context, audienceSegmentIds, { min: 1, max: MAX_AUDIENCE_SEGMENTS }, [...at, 'audienceSegmentIds'], problems);
  const exclusions = await checkSegments(context, exclusionSegmentIds, { min: 0, max: MAX_EXCLUSION_SEGMENTS }, [...at, 'exclusionSegmentIds'], problems);
  if (audience && exclusions) {
    exclusions.forEach((id, index) => {
      if (audience.includes(id)) problems.push({ path: [...at, 'exclusionSegmentIds', String(index)], message: 'is also in the audience' });
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { fields, audience, exclusions };
}

/** Segment global ids → distinct row ids of live segments of the tenant; null when not given. */
async function checkSegments(
  context: Context,
  ids: readonly (string | number)[] | null | undefined,
  bounds: { min: number; max: number },
  at: string[],
  problems: FieldError[],
): Promise<string[] | null> {
  if (ids === undefined || ids === null) return null;
  if (ids.length < bounds.min || ids.length > bounds.max) {
    problems.push({ path: at, message: `must hold ${bounds.min} to ${bounds.max} segments` });
    return null;
  }
  const parsed = ids.map((id) => {
    try {
      return parseSegmentId(id, []);
    } catch {
      return null;
    }
  });
  const segments = await Promise.all(parsed.map((rowId) => (rowId ? loadSegment(context, rowId) : null)));
  const rowIds: string[] = [];
  parsed.forEach((rowId, index) => {
    const segment = segments[index];
    const path = [...at, String(index)];
    if (!rowId) problems.push({ path, message: 'is not a Segment id' });
    else if (!segment) problems.push({ path, message: 'No segment has this id.' });
    else if (segment.archivedAt) problems.push({ path, message: `Segment "${segment.name}" is archived.` });
    else if (rowIds.includes(rowId)) problems.push({ path, message: 'is given twice' });
    else rowIds.push(rowId);
  });
  return rowIds;
}
