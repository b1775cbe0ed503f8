// The profile's own relations of one customer as SQL expressions over its row (`c`), each one
// JSON array shaped as Prisma returns the relation. customer(id) reads them in the statement that
// reads the customer, instead of a Prisma query (whose planning and mapping cost more CPU than the
// rest of the customer's view) plus a statement for the fields read along.
//
// Only the includes Pothos plans for these fields are translated, compared whole: any other
// (a nested relation, another area's related connection, a count) leaves the customer to Prisma.

export interface RelationsSql {
  /** Select-list entries `<expression> AS "<relation>"`. */
  columns: string[];
  /** Turns the JSON of each relation into rows as Prisma reads them (dates as Dates). */
  read(row: Record<string, unknown>): void;
}

const CONTACT_POINT_ORDER = '[{"kind":"asc"},{"isPrimary":"desc"},{"createdAt":"asc"}]';
const MEMBERSHIP_ORDER = '[{"isPrimary":"desc"},{"createdAt":"asc"}]';

interface Translation {
  sql(parameter: (value: unknown) => string): string;
  dates: readonly string[];
  nested?: { name: string; dates: readonly string[] };
}

const CUSTOMER_DATES = ['lifecycleChangedAt', 'birthDate', 'archivedAt', 'createdAt', 'updatedAt'];
const CONTACT_KINDS = new Set(['EMAIL', 'PHONE', 'ADDRESS']);

function translate(relation: string, query: unknown): Translation | null {
  const shape = JSON.stringify(query);
  if (relation === 'contactPoints') {
    const kind = /^\{"where":\{(?:"kind":"([A-Z]+)")?\},"orderBy":(.*)\}$/.exec(shape);
    if (!kind || kind[2] !== CONTACT_POINT_ORDER || (kind[1] && !CONTACT_KINDS.has(kind[1]))) return null;
    return {
      sql: (parameter) =>
        `(SELECT coalesce(json_agg(p ORDER BY p.kind, p."isPrimary" DESC, p."createdAt"), '[]') FROM "ContactPoint" p
          WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id${kind[1] ? ` AND p.kind = ${parameter(kind[1])}::"ContactPointKind"` : ''})`,
      dates: ['createdAt'],
    };
  }
  if (relation === 'memberships' || relation === 'members') {
    const [own, other, otherName] = relation === 'memberships' ? ['personId', 'organizationId', 'organization'] : ['organizationId', 'personId', 'person'];
    const withOther = shape === `{"orderBy":${MEMBERSHIP_ORDER},"include":{"${otherName}":true}}`;
    if (!withOther && shape !== `{"orderBy":${MEMBERSHIP_ORDER}}`) return null;
    return {
      sql: () =>
        `(SELECT coalesce(json_agg(member ORDER BY member."isPrimary" DESC, member."createdAt"), '[]') FROM (
            SELECT m.*${withOther ? `, to_json(o) AS "${otherName}"` : ''} FROM "Membership" m
            ${withOther ? `JOIN "Customer" o ON o."tenantId" = m."tenantId" AND o.id = m."${other}"` : ''}
            WHERE m."tenantId" = c."tenantId" AND m."${own}" = c.id) member)`,
      dates: ['startedAt', 'createdAt'],
      ...(withOther && { nested: { name: otherName, dates: CUSTOMER_DATES } }),
    };
  }
  if (relation === 'consents' && shape === '{"orderBy":{"channel":"asc"}}') {
    return {
      sql: () => `(SELECT coalesce(json_agg(k ORDER BY k.channel), '[]') FROM "Consent" k WHERE k."tenantId" = c."tenantId" AND k."customerId" = c.id)`,
      dates: ['changedAt'],
    };
  }
  if (relation === 'externalRefs' && shape === '{"orderBy":[{"source":"asc"},{"externalId":"asc"}]}') {
    return {
      sql: () => `(SELECT coalesce(json_agg(r ORDER BY r.source, r."externalId"), '[]') FROM "ExternalRef" r WHERE r."tenantId" = c."tenantId" AND r."customerId" = c.id)`,
      dates: ['createdAt'],
    };
  }
  return null;
}

/** The relations Pothos planned for customer(id), as SQL; null when the plan holds anything else. */
export function customerRelationsSql(query: unknown, parameter: (value: unknown) => string): RelationsSql | null {
  const keys = Object.keys((query ?? {}) as object);
  if (keys.length === 0) return { columns: [], read: () => {} };
  if (keys.length !== 1 || keys[0] !== 'include') return null;
  const include = (query as { include: Record<string, unknown> }).include;
  const translations: [string, Translation][] = [];
  for (const [relation, relationQuery] of Object.entries(include)) {
    const translation = relationQuery === true ? null : translate(relation, relationQuery);
    if (!translation) return null;
    translations.push([relation, translation]);
  }
  return {
    columns: translations.map(([relation, translation]) => `${translation.sql(parameter)} AS "${relation}"`),
    read: (row) => {
      for (const [relation, translation] of translations) {
        row[relation] = (row[relation] as Record<string, unknown>[]).map((entry) => {
          withDates(entry, translation.dates);
          if (translation.nested) withDates(entry[translation.nested.name] as Record<string, unknown>, translation.nested.dates);
          return entry;
        });
      }
    },
  };
}

/** JSON carries dates as text: zone-less timestamps (UTC, as stored) and plain dates (their UTC midnight). */
function withDates(entry: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    const value = entry[field];
    if (typeof value === 'string') entry[field] = new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`);
  }
}
