import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, ReadAlongPart } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';

type PrimaryContacts = { EMAIL?: string; PHONE?: string };

/**
 * The primary e-mail and phone of every customer a request shows, in one statement: a page of 50
 * customers with their e-mails costs one query, and reads two short index entries per customer
 * instead of every contact point.
 */
export const primaryContacts = createContextCache(
  (context: Context) =>
    new DataLoader<string, PrimaryContacts>(async (customerIds) => {
      const rows = await context.sql<{ customerId: string; kind: 'EMAIL' | 'PHONE'; value: string }>`
        SELECT p."customerId", p.kind::text AS kind, p.value FROM "ContactPoint" p
        WHERE p."tenantId" = ${viewerOf(context).tenantId} AND p."customerId" = ANY(${customerIds}::uuid[])
          AND p."isPrimary" AND p.kind IN ('EMAIL', 'PHONE')`;
      const byCustomer = new Map<string, PrimaryContacts>();
      for (const row of rows) {
        const contacts = byCustomer.get(row.customerId) ?? {};
        contacts[row.kind] = row.value;
        byCustomer.set(row.customerId, contacts);
      }
      return customerIds.map((id) => byCustomer.get(id) ?? {});
    }),
);

/** The primary contact of one kind as a read-along part of its customer's statement (see Customer.primaryEmail). */
export function primaryContactPart(kind: 'EMAIL' | 'PHONE'): ReadAlongPart<string | null> {
  return {
    expression: (_args, _context, parent) =>
      `(SELECT p.value FROM "ContactPoint" p WHERE p."tenantId" = ${parent}."tenantId" AND p."customerId" = ${parent}.id AND p.kind = '${kind}' AND p."isPrimary")`,
    read: (value) => (value as string | null) ?? null,
  };
}
