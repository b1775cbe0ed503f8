import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, Prisma, ReadAlongPart, ReadAlongSelection } from '../../../src/plugin-api.ts';
import type { ContactPointKind } from './enums.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import type { CustomerRow } from './customer-rows.ts';

// The profile's own relations of a customer (contact points, consents, external references,
// memberships) as read-along parts: each is one JSON array computed over the customer's row, so
// `customer(id)` brings them in the statement that reads the customer, and a list of customers
// reads each relation for the whole page in one statement (relationLoader below).

export type ContactPointRow = Prisma.ContactPointModel;
export type ConsentRow = Prisma.ConsentModel;
export type ExternalRefRow = Prisma.ExternalRefModel;
/** A membership, with the customer at its other end when the query selected it. */
export type MembershipRow = Prisma.MembershipModel & { person?: CustomerRow; organization?: CustomerRow };

const CUSTOMER_DATES = ['lifecycleChangedAt', 'birthDate', 'archivedAt', 'createdAt', 'updatedAt'];

/** JSON carries dates as text: zone-less timestamps (UTC, as stored) and plain dates (their UTC midnight). */
function withDates<Row>(entry: Record<string, unknown>, fields: readonly string[]): Row {
  for (const field of fields) {
    const value = entry[field];
    if (typeof value === 'string') entry[field] = new Date(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`);
  }
  return entry as Row;
}

function rowsOf<Row>(value: unknown, dates: readonly string[]): Row[] {
  return (value as Record<string, unknown>[]).map((entry) => withDates<Row>(entry, dates));
}

export interface ContactPointArgs {
  kind?: ContactPointKind | null;
}

export const contactPointsPart: ReadAlongPart<ContactPointRow[]> = {
  expression: (args, _context, parent, parameter) => {
    const { kind } = args as ContactPointArgs;
    return `(SELECT coalesce(json_agg(p ORDER BY p.kind, p."isPrimary" DESC, p."createdAt"), '[]') FROM "ContactPoint" p
             WHERE p."tenantId" = ${parent}."tenantId" AND p."customerId" = ${parent}.id${kind ? ` AND p.kind = ${parameter(kind)}::"ContactPointKind"` : ''})`;
  },
  read: (value) => rowsOf<ContactPointRow>(value, ['createdAt']),
};

export const consentsPart: ReadAlongPart<ConsentRow[]> = {
  expression: (_args, _context, parent) =>
    `(SELECT coalesce(json_agg(k ORDER BY k.channel), '[]') FROM "Consent" k WHERE k."tenantId" = ${parent}."tenantId" AND k."customerId" = ${parent}.id)`,
  read: (value) => rowsOf<ConsentRow>(value, ['changedAt']),
};

export const externalRefsPart: ReadAlongPart<ExternalRefRow[]> = {
  expression: (_args, _context, parent) =>
    `(SELECT coalesce(json_agg(r ORDER BY r.source, r."externalId"), '[]') FROM "ExternalRef" r WHERE r."tenantId" = ${parent}."tenantId" AND r."customerId" = ${parent}.id)`,
  read: (value) => rowsOf<ExternalRefRow>(value, ['createdAt']),
};

/**
 * A person's memberships (`side` 'person') or an organization's members ('organization'), the
 * customer at the other end included when the query selects it.
 */
function membershipsPart(side: 'person' | 'organization'): ReadAlongPart<MembershipRow[]> {
  const [own, other, otherName] = side === 'person' ? ['personId', 'organizationId', 'organization'] : ['organizationId', 'personId', 'person'];
  return {
    expression: (_args, _context, parent, _parameter, selection) => {
      const withOther = selection.fieldNames([]).has(otherName);
      return `(SELECT coalesce(json_agg(member ORDER BY member."isPrimary" DESC, member."createdAt"), '[]') FROM (
                SELECT m.*${withOther ? `, to_json(o) AS "${otherName}"` : ''} FROM "Membership" m
                ${withOther ? `JOIN "Customer" o ON o."tenantId" = m."tenantId" AND o.id = m."${other}"` : ''}
                WHERE m."tenantId" = ${parent}."tenantId" AND m."${own}" = ${parent}.id) member)`;
    },
    read: (value) =>
      rowsOf<MembershipRow>(value, ['startedAt', 'createdAt']).map((membership) => {
        const end = (membership as Record<string, unknown>)[otherName];
        if (end) withDates(end as Record<string, unknown>, CUSTOMER_DATES);
        return membership;
      }),
  };
}

export const membershipsOfPersonPart = membershipsPart('person');
export const membersOfOrganizationPart = membershipsPart('organization');

const EVERYTHING_SELECTED: ReadAlongSelection = { fieldNames: () => new Set(['person', 'organization']) };

/**
 * A relation of every customer a request shows (a list's page), for those that did not bring it
 * along: one statement per relation and arguments, whatever the number of customers.
 */
const relationLoaders = createContextCache((context: Context) => new Map<string, DataLoader<string, unknown>>());

export function relationLoader<Value>(context: Context, name: string, part: ReadAlongPart<Value>, args: Record<string, unknown>): DataLoader<string, Value> {
  const key = `${name}\u0000${JSON.stringify(args)}`;
  const loaders = relationLoaders(context);
  let loader = loaders.get(key) as DataLoader<string, Value> | undefined;
  if (!loader) {
    loader = new DataLoader<string, Value>(async (customerIds) => {
      const values: unknown[] = [viewerOf(context).tenantId, customerIds];
      const parameter = (value: unknown) => `$${values.push(value)}`;
      const expression = part.expression(args, context, 'c', parameter, EVERYTHING_SELECTED)!;
      const rows = await context.sql.query<{ id: string; value: unknown }>(
        `SELECT c.id::text AS id, ${expression} AS value FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[])`,
        values,
      );
      const byId = new Map(rows.map((row) => [row.id, part.read(row.value, args)]));
      return customerIds.map((id) => byId.get(id) ?? part.read([], args));
    });
    loaders.set(key, loader as DataLoader<string, unknown>);
  }
  return loader;
}
