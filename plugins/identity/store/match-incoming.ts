import type { Sql } from '../../../src/plugin-api.ts';
import { matchAttributesSql, type MatchAttributes } from '../../profile/plugin.ts';
import type { IncomingCustomer } from '../matching/find-likely-matches.ts';

/**
 * Stored customers as incoming ones (what matching compares of them, read from the profile now,
 * before any reaction kept their match profiles): one statement.
 */
export async function storedAsIncoming(scope: { sql: Sql; tenantId: string }, customerIds: readonly string[]): Promise<Map<string, IncomingCustomer>> {
  if (customerIds.length === 0) return new Map();
  const rows = await scope.sql.query<MatchAttributes>(matchAttributesSql({ tenant: '$1', customers: '$2::uuid[]' }), [scope.tenantId, customerIds]);
  return new Map(
    rows.map((row) => [
      row.customerId,
      {
        kind: row.kind,
        displayName: row.displayName,
        firstName: row.firstName,
        lastName: row.lastName,
        birthDate: row.birthDate,
        taxId: row.taxId,
        emails: row.emails,
        phones: row.phones,
        addresses: row.addresses,
        externalIds: row.externalIds,
        organizationIds: row.organizationIds,
      },
    ]),
  );
}
