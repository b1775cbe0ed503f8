import type { Builder } from '../../../src/plugin-api.ts';
import { ValidationError } from '../../../src/plugin-api.ts';
import { isoDate } from '../inputs.ts';

export const PERIODS = ['WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Period = (typeof PERIODS)[number];

/** The dates a report covers (both days included), and whose deals. */
export interface ReportScope {
  from: string;
  to: string;
  ownerIds: string[] | null;
}

const MAX_DAYS = 3_700;

export function registerReportScope(builder: Builder) {
  const PeriodRef = builder.enumType('ReportPeriod', {
    description: 'Calendar periods (UTC); weeks start on Monday.',
    values: {
      WEEK: { description: 'Monday to Sunday.' },
      MONTH: { description: 'A calendar month.' },
      QUARTER: { description: 'January–March, April–June, July–September or October–December.' },
      YEAR: { description: 'A calendar year.' },
    } satisfies Record<Period, { description: string }>,
  });
  return { PeriodRef };
}

/** Checks a report's date range: `from` on or before `to`, at most about ten years. */
export function checkScope(input: { from: Date; to: Date; ownerIds?: readonly string[] | null }): ReportScope {
  if (input.to.getTime() < input.from.getTime()) throw ValidationError.at(['input', 'to'], 'must be on or after `from`');
  if ((input.to.getTime() - input.from.getTime()) / 86_400_000 > MAX_DAYS) throw ValidationError.at(['input', 'to'], 'must be at most ten years after `from`');
  return { from: isoDate(input.from), to: isoDate(input.to), ownerIds: input.ownerIds?.length ? [...input.ownerIds] : null };
}
