import type { Context } from '../../../src/plugin-api.ts';
import { Decimal, viewerOf } from '../../../src/plugin-api.ts';
import { customerColumnsAlong } from '../../profile/plugin.ts';
import type { OpportunityRow } from './opportunity.ts';

// A board's cards by id in one statement through `pg`, each card's customer joined along when it
// is shown. Through Prisma (a lateral join per card) planning and mapping 70 cards with their
// customers cost most of the board's server CPU.

/** What Pothos plans for cards that show at most their customer's own fields; anything else is Prisma's. */
const PLAIN = '{}';
const WITH_CUSTOMER = '{"include":{"customer":true}}';

/**
 * The cards among `ids` as Prisma reads them for `query` (the selection Pothos planned), or null
 * when the plan asks for more than the cards and their customers (a card's offers, a nested
 * relation of the customer).
 *
 * `customerFields`: every field selected of a card's customer in the request, so that one
 * statement serves each aliased `cards` field that plans the same query.
 */
export function cardsBySql(context: Context, query: object, ids: readonly string[], customerFields: ReadonlySet<string>): Promise<OpportunityRow[]> | null {
  const shape = JSON.stringify(query);
  if (shape !== PLAIN && shape !== WITH_CUSTOMER) return null;
  const customer = shape === WITH_CUSTOMER ? customerColumnsAlong(customerFields, 'customer.') : null;
  return context.sql
    .query<Record<string, unknown>>(
      `SELECT o.*${customer ? `, ${customer.columns}` : ''} FROM "Opportunity" o
       ${customer ? 'JOIN "Customer" c ON c."tenantId" = o."tenantId" AND c.id = o."customerId"' : ''}
       WHERE o."tenantId" = $1 AND o.id = ANY($2::uuid[])`,
      [viewerOf(context).tenantId, ids],
    )
    .then((rows) =>
      rows.map((row) => {
        // The card's own columns, named as Prisma names them; numeric arrives as text.
        const card: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(row)) if (!name.startsWith('customer.')) card[name] = value;
        if (card.amount !== null) card.amount = new Decimal(card.amount as string);
        if (customer) card.customer = customer.read(row);
        return card as unknown as OpportunityRow;
      }),
    );
}
