import type { Sql } from '../../../src/plugin-api.ts';

/** The profile's completeness and validity figures for one source of customers, or for all of them. */
export interface ProfileQualityRow {
  /** The source of an external reference; null on the row for customers without one. */
  source: string | null;
  /** True on the row that counts every live customer once, whatever their sources. */
  isTotal: boolean;
  customers: number;
  withEmail: number;
  withPhone: number;
  /** Customers with an answer (given or withdrawn) recorded for at least one channel. */
  withConsent: number;
  /** Of the customers named in `flaggedIds`, those in this source. */
  flagged: number;
  invalidEmails: number;
  invalidPhones: number;
  incompleteAddresses: number;
}

// What the profile writes, as SQL can check it: an e-mail with one @ and a dotted domain, a phone
// in E.164, an address with postal code, city and country. Anything else came in another way.
const VALID_EMAIL = String.raw`^[^@\s]+@[^@\s]+\.[^@\s]+$`;
const VALID_PHONE = String.raw`^\+[1-9][0-9]{6,14}$`;

/**
 * Per source of the tenant's live customers (by their external references; a customer with
 * references from two sources counts in both), and once for all of them: how many have an e-mail,
 * a phone, a consent answer, how many of their active contact points are invalid, and how many are
 * among `flaggedIds` (another area's selection, e.g. likely duplicates). One statement.
 */
export async function profileQualityBySource(sql: Sql, tenantId: string, flaggedIds: readonly string[]): Promise<ProfileQualityRow[]> {
  return sql<ProfileQualityRow>`
    WITH live AS (
      SELECT c.id FROM "Customer" c WHERE c."tenantId" = ${tenantId} AND c."archivedAt" IS NULL
    ), contact AS (
      SELECT point."customerId" AS id,
        bool_or(point.kind = 'EMAIL') AS has_email,
        bool_or(point.kind = 'PHONE') AS has_phone,
        count(*) FILTER (WHERE point.kind = 'EMAIL' AND point.value !~ ${VALID_EMAIL}) AS invalid_emails,
        count(*) FILTER (WHERE point.kind = 'PHONE' AND point.value !~ ${VALID_PHONE}) AS invalid_phones,
        count(*) FILTER (WHERE point.kind = 'ADDRESS' AND (point."postalCode" IS NULL OR point.city IS NULL OR point.country IS NULL)) AS incomplete_addresses
      FROM "ContactPoint" point
      WHERE point."tenantId" = ${tenantId} AND point."isActive"
      GROUP BY point."customerId"
    ), per_customer AS (
      SELECT live.id,
        coalesce(contact.has_email, false) AS has_email,
        coalesce(contact.has_phone, false) AS has_phone,
        EXISTS (SELECT 1 FROM "Consent" consent WHERE consent."tenantId" = ${tenantId} AND consent."customerId" = live.id) AS has_consent,
        live.id = ANY(${flaggedIds}::uuid[]) AS flagged,
        coalesce(contact.invalid_emails, 0) AS invalid_emails,
        coalesce(contact.invalid_phones, 0) AS invalid_phones,
        coalesce(contact.incomplete_addresses, 0) AS incomplete_addresses
      FROM live LEFT JOIN contact ON contact.id = live.id
    ), sourced AS (
      SELECT DISTINCT ref."customerId" AS id, ref.source
      FROM "ExternalRef" ref WHERE ref."tenantId" = ${tenantId}
      UNION ALL
      SELECT live.id, NULL FROM live
      WHERE NOT EXISTS (SELECT 1 FROM "ExternalRef" ref WHERE ref."tenantId" = ${tenantId} AND ref."customerId" = live.id)
    ), grouped AS (
      SELECT NULL::text AS source, true AS total, per_customer.* FROM per_customer
      UNION ALL
      SELECT sourced.source, false, per_customer.* FROM sourced JOIN per_customer ON per_customer.id = sourced.id
    )
    SELECT source, total AS "isTotal",
      count(*)::int AS customers,
      count(*) FILTER (WHERE has_email)::int AS "withEmail",
      count(*) FILTER (WHERE has_phone)::int AS "withPhone",
      count(*) FILTER (WHERE has_consent)::int AS "withConsent",
      count(*) FILTER (WHERE flagged)::int AS flagged,
      sum(invalid_emails)::int AS "invalidEmails",
      sum(invalid_phones)::int AS "invalidPhones",
      sum(incomplete_addresses)::int AS "incompleteAddresses"
    FROM grouped
    GROUP BY total, source
    ORDER BY total DESC, source NULLS LAST`;
}
