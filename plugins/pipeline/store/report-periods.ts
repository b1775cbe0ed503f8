import type { Period } from '../reports/report-scope.ts';

/** SQL for the first day of the period that contains `dateSql` (cast to a zone-less timestamp, so the session's zone plays no part). */
export function periodStartSql(period: Period, dateSql: string): string {
  return `date_trunc('${period.toLowerCase()}', (${dateSql})::timestamp)::date`;
}
