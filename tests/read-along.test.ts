import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';
import { statementsOf } from './support/statements.ts';

// customer(id) reads the fields other areas declare as read-along (the timeline, the interaction
// facts) in the statement that reads the customer. `node(id)` and lists resolve the same fields
// through their own resolvers: both ways must answer alike, aliases and arguments included.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const VIEW = /* GraphQL */ `
  fragment View on Customer {
    displayName
    recent: timeline(first: 3) { pageInfo { hasNextPage endCursor } edges { cursor node { id topic occurredAt channel kind payload } } }
    purchases: timeline(first: 2, kinds: ["PURCHASE"]) { edges { node { id kind occurredAt } } }
    everything: timeline(first: 2) { edges { node { __typename id position topic occurredAt recordedAt subjectId customerId channel kind actorId payload } } }
    bare: timeline(first: 2) { edges { cursor } pageInfo { startCursor } }
    interactionFacts { lastInteractionAt lastPurchaseAt interactionCount purchaseCount purchaseTotals { currency total average count } byChannel { channel total last365Days lastAt } }
  }
`;

async function busiestPerson(): Promise<string> {
  const { rows } = await server.owner.query(
    `SELECT "customerId"::text AS id FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
     WHERE i."tenantId" = 'demo' AND c.kind = 'PERSON' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  return Buffer.from(`Person:${rows[0].id}`).toString('base64');
}


describe('fields read along with customer(id)', () => {
  it('answer as their own resolvers do, in one statement with the customer', async () => {
    const id = await busiestPerson();
    const alongside = await statementsOf(server, `${VIEW} query Along($id: ID!) { customer(id: $id) { ...View } }`, 'Along', { id });
    const own = await statementsOf(server, `${VIEW} query Own($id: ID!) { node(id: $id) { ...View } }`, 'Own', { id });
    expect(alongside.data.customer.recent.edges).toHaveLength(3);
    expect(alongside.data.customer.purchases.edges.every((edge: any) => edge.node.kind === 'PURCHASE')).toBe(true);
    expect(alongside.data.customer.interactionFacts.interactionCount).toBeGreaterThan(10);
    expect(alongside.data.customer).toEqual(own.data.node);
    // BEGIN with the tenant, the customer with timeline pages and facts (a query's COMMIT travels
    // with the next BEGIN, db/tenant-db.ts); node(id) reads each apart.
    expect(alongside.statements).toBe(2);
    expect(own.statements).toBeGreaterThan(alongside.statements);

    // The next page, from the cursor the read-along page gave.
    const next = await server.graphql(`query ($id: ID!, $after: String) { customer(id: $id) { timeline(first: 3, after: $after) { edges { node { id } } } } }`, {
      id,
      after: alongside.data.customer.recent.pageInfo.endCursor,
    });
    const ownNext = await server.graphql(`query ($id: ID!, $after: String) { node(id: $id) { ... on Customer { timeline(first: 3, after: $after) { edges { node { id } } } } } }`, {
      id,
      after: alongside.data.customer.recent.pageInfo.endCursor,
    });
    expect(next.data!.customer.timeline.edges).toHaveLength(3);
    expect(next.data!.customer).toEqual(ownNext.data!.node);
  });

  const RELATIONS = /* GraphQL */ `
    fragment Relations on Customer {
      contactPoints { id kind value label isPrimary createdAt }
      consents { channel status changedAt }
      externalRefs { source externalId }
      ... on Person { birthDate memberships { role title isPrimary startedAt organization { id displayName audiences createdAt lifecycleChangedAt } } }
      ... on Organization { members { role person { id displayName birthDate } } }
    }
  `;

  it('bring the profile’s own relations in the same statement, as Prisma reads them', async () => {
    const { rows } = await server.owner.query(
      `SELECT (SELECT "personId"::text FROM "Membership" WHERE "tenantId" = 'demo' AND "startedAt" IS NOT NULL ORDER BY "personId" LIMIT 1) AS person,
              (SELECT "organizationId"::text FROM "Membership" WHERE "tenantId" = 'demo' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS organization`,
    );
    for (const id of [Buffer.from(`Person:${rows[0].person}`).toString('base64'), Buffer.from(`Organization:${rows[0].organization}`).toString('base64'), await busiestPerson()]) {
      const alongside = await statementsOf(server, `${VIEW} ${RELATIONS} query WithRelations($id: ID!) { customer(id: $id) { ...View ...Relations } }`, 'WithRelations', { id });
      const own = await statementsOf(server, `${VIEW} ${RELATIONS} query RelationsOwn($id: ID!) { node(id: $id) { ...View ...Relations } }`, 'RelationsOwn', { id });
      expect(alongside.data.customer).toEqual(own.data.node);
      expect(alongside.statements).toBe(2);
      const emails = await statementsOf(server, `query Emails($id: ID!) { customer(id: $id) { contactPoints(kind: EMAIL) { kind value } } }`, 'Emails', { id });
      expect(emails.data.customer.contactPoints).toEqual(own.data.node.contactPoints.filter((point: any) => point.kind === 'EMAIL').map(({ kind, value }: any) => ({ kind, value })));
      expect(emails.statements).toBe(2);
    }
  });

  it('read a relation nested under one read along (an organization\'s contact points) in one more statement, for every membership at once', async () => {
    const { rows } = await server.owner.query(
      `SELECT m."personId"::text AS id FROM "Membership" m JOIN "Interaction" i ON i."customerId" = m."personId"
       WHERE m."tenantId" = 'demo' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const id = Buffer.from(`Person:${rows[0].id}`).toString('base64');
    const nested = await statementsOf(server, 
      `${VIEW} query Nested($id: ID!) { customer(id: $id) { ...View ... on Person { memberships { organization { displayName contactPoints { value } } } } } }`,
      'Nested',
      { id },
    );
    expect(nested.data.customer.interactionFacts.interactionCount).toBeGreaterThan(10);
    expect(nested.data.customer.memberships.length).toBeGreaterThan(0);
    expect(nested.data.customer.memberships.every((membership: { organization: { contactPoints: unknown[] } }) => Array.isArray(membership.organization.contactPoints))).toBe(true);
    // The customer with its memberships and their organizations, then every organization's contact points.
    expect(nested.statements).toBe(3);
  });

  it('leave a bad timeline cursor to the field, which refuses it at its place with a VALIDATION error', async () => {
    const id = await busiestPerson();
    const response = await server.graphql(`query ($id: ID!) { customer(id: $id) { displayName timeline(first: 2, after: "bm9wZQ") { edges { cursor } } } }`, { id });
    expect(response.errors?.[0]).toMatchObject({ path: ['customer', 'timeline'], extensions: { code: 'VALIDATION' } });
  });
});
