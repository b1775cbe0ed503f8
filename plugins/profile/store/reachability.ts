/**
 * How a customer can be reached, as the profile stores it: one row per live customer with
 * `customerId` (uuid), `kind` (text), `consents` (jsonb: consent channel → GRANTED / WITHDRAWN,
 * absent where the customer never answered), their active `emails` and `phones` (text[], as
 * normalized here) and `hasAddress` (an active postal address).
 */
export interface Reachability {
  customerId: string;
  kind: 'PERSON' | 'ORGANIZATION';
  consents: Partial<Record<'EMAIL' | 'SMS' | 'PHONE' | 'POST', 'GRANTED' | 'WITHDRAWN'>>;
  emails: string[];
  phones: string[];
  hasAddress: boolean;
}

/**
 * The SELECT of `Reachability` for the live customers of the tenant `tenant` names (a parameter
 * such as `$1`) among the uuid[] expression `customers`: meant as a subquery of one statement, each
 * list an index-backed subquery of the customer, so a batch of a thousand costs one statement.
 */
export function reachabilitySql(parameters: { tenant: string; customers: string }): string {
  const points = (kind: string) =>
    `ARRAY(SELECT DISTINCT p.value FROM "ContactPoint" p
           WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = '${kind}' AND p."isActive" ORDER BY 1)`;
  return `SELECT c.id AS "customerId", c.kind::text AS kind,
            COALESCE((SELECT jsonb_object_agg(k.channel::text, k.status::text) FROM "Consent" k
                      WHERE k."tenantId" = c."tenantId" AND k."customerId" = c.id), '{}'::jsonb) AS consents,
            ${points('EMAIL')} AS emails,
            ${points('PHONE')} AS phones,
            EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'ADDRESS' AND p."isActive") AS "hasAddress"
     FROM "Customer" c
     WHERE c."tenantId" = ${parameters.tenant} AND c."archivedAt" IS NULL AND c.id = ANY(${parameters.customers})`;
}
