import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';
import { statementsOf } from './support/statements.ts';

// A list costs a fixed number of SQL statements however long the page is: nested fields are
// loaded per level, never per row (no N+1). The request log line reports the count.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The most statements a page of customers with three levels of relations may cost. */
const STATEMENT_BUDGET = 12;

const PEOPLE = /* GraphQL */ `
  query StatementsPeople($first: Int!) {
    customers(first: $first, filter: { kind: PERSON }) {
      edges {
        node {
          displayName
          primaryEmail
          contactPoints { value }
          ... on Person {
            memberships { title organization { displayName members { person { displayName } } } }
          }
        }
      }
    }
  }
`;

const ORGANIZATIONS = /* GraphQL */ `
  query StatementsOrganizations($first: Int!) {
    customers(first: $first, filter: { kind: ORGANIZATION }) {
      edges {
        node {
          displayName
          primaryEmail
          contactPoints { value }
          ... on Organization {
            members { title person { displayName primaryEmail memberships { organization { displayName } } } }
          }
        }
      }
    }
  }
`;


describe('SQL statements per request', () => {
  it('lists 10 or 100 people with contact points and memberships in the same few statements', async () => {
    const ten = await statementsOf(server, PEOPLE, 'StatementsPeople', { first: 10 });
    const hundred = await statementsOf(server, PEOPLE, 'StatementsPeople', { first: 100 });
    console.info(`people with memberships: ${ten.statements} statements for 10, ${hundred.statements} for 100`);

    expect(ten.data.customers.edges).toHaveLength(10);
    expect(hundred.data.customers.edges).toHaveLength(100);
    // The page must really reach the third level, or the count proves nothing.
    const members = hundred.data.customers.edges.flatMap((edge: any) => edge.node.memberships.flatMap((membership: any) => membership.organization.members));
    expect(members.length).toBeGreaterThan(100);

    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(STATEMENT_BUDGET);
  });

  it('lists 10 or 100 organizations with their members in the same few statements', async () => {
    const ten = await statementsOf(server, ORGANIZATIONS, 'StatementsOrganizations', { first: 10 });
    const hundred = await statementsOf(server, ORGANIZATIONS, 'StatementsOrganizations', { first: 100 });
    console.info(`organizations with members: ${ten.statements} statements for 10, ${hundred.statements} for 100`);

    expect(hundred.data.customers.edges).toHaveLength(100);
    const people = hundred.data.customers.edges.flatMap((edge: any) => edge.node.members.map((membership: any) => membership.person));
    expect(people.length).toBeGreaterThan(100);
    expect(people.some((person: any) => person.memberships.length > 0)).toBe(true);

    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(STATEMENT_BUDGET);
  });
});
