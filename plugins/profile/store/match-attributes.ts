/**
 * What identity compares of customers, as they are stored here: one row per live customer of the
 * tenant with the columns of `MatchAttributes`. Each list is an index-backed subquery of the
 * customer, so a statement reading a handful of customers costs no more than they do, and one
 * reading the whole tenant stays a single statement.
 */
export interface MatchAttributes {
  customerId: string;
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  birthDate: Date | null;
  taxId: string | null;
  /** Active e-mail addresses, lower-cased as stored. */
  emails: string[];
  /** Active phones, E.164 as stored. */
  phones: string[];
  /** Active postal addresses (JSON objects `{ street, postalCode, city, country }`). */
  addresses: { street: string | null; postalCode: string | null; city: string | null; country: string | null }[];
  /** The ids other systems know the customer by, without their source. */
  externalIds: string[];
  /** For a person, the organizations they belong to. */
  organizationIds: string[];
}

/**
 * The SELECT of `MatchAttributes` (column names as in the interface, `customerId` a uuid, `kind`
 * text, `addresses` jsonb) for the live customers of the tenant `tenant` names (a parameter such as
 * `$1`), restricted to the uuid[] `customers` names when given. Meant as a subquery of one statement.
 */
export function matchAttributesSql(parameters: { tenant: string; customers: string | null }): string {
  const list = (expression: string, kind: string) =>
    `ARRAY(SELECT DISTINCT ${expression} FROM "ContactPoint" p
           WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = '${kind}' AND p."isActive" ORDER BY 1)`;
  return `SELECT c.id AS "customerId", c.kind::text AS kind, c."displayName", c."firstName", c."lastName", c."birthDate", c."taxId",
            ${list('p.value', 'EMAIL')} AS emails,
            ${list('p.value', 'PHONE')} AS phones,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('street', p.street, 'postalCode', p."postalCode", 'city', p.city, 'country', p.country) ORDER BY p.id)
                      FROM "ContactPoint" p
                      WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'ADDRESS' AND p."isActive"), '[]'::jsonb) AS addresses,
            ARRAY(SELECT DISTINCT r."externalId" FROM "ExternalRef" r WHERE r."tenantId" = c."tenantId" AND r."customerId" = c.id ORDER BY 1) AS "externalIds",
            ARRAY(SELECT DISTINCT m."organizationId" FROM "Membership" m WHERE m."tenantId" = c."tenantId" AND m."personId" = c.id ORDER BY 1) AS "organizationIds"
     FROM "Customer" c
     WHERE c."tenantId" = ${parameters.tenant} AND c."archivedAt" IS NULL${parameters.customers ? ` AND c.id = ANY(${parameters.customers})` : ''}`;
}
