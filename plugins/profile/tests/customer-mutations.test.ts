import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../../tests/support/server.ts';

let server: TestServer;
let owner: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

const SHARED = /* GraphQL */ `
  id displayName audiences lifecycle lifecycleChangedAt ownerId language country region city traits
  primaryEmail primaryPhone archivedAt updatedAt
  externalRefs { source externalId }
`;
const PERSON = `${SHARED} firstName lastName birthDate`;
const ORGANIZATION = `${SHARED} legalName taxId industry size`;
const CUSTOMER = `${SHARED} ... on Person { firstName lastName birthDate } ... on Organization { legalName taxId industry size }`;
const ERRORS = /* GraphQL */ `
  ... on Error { code message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConflictError { existingId }
`;
const CREATE_PERSON = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { ${PERSON} } } ${ERRORS} } }`;
const CREATE_ORGANIZATION = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on OrganizationPayload { organization { ${ORGANIZATION} } } ${ERRORS} } }`;
const UPDATE = `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on CustomerPayload { customer { ${CUSTOMER} } } ${ERRORS} } }`;
const SET_LIFECYCLE = `mutation ($id: ID!, $lifecycle: Lifecycle!) { setLifecycle(id: $id, lifecycle: $lifecycle) { __typename ... on CustomerPayload { customer { ${CUSTOMER} } } ${ERRORS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCustomer(id: $id) { __typename ... on CustomerPayload { customer { ${CUSTOMER} } } ${ERRORS} } }`;
const BY_REF = `query ($source: String!, $externalId: String!) { customerByExternalRef(source: $source, externalId: $externalId) { id displayName } }`;
const CUSTOMER_BY_ID = `query ($id: ID!) { customer(id: $id) { ${CUSTOMER} } }`;
const LIST = `query ($filter: CustomerFilter) { customers(first: 100, filter: $filter) { totalCount edges { node { id archivedAt } } } }`;

/** A unique token so each test's names and e-mails collide with nothing else. */
const unique = () => randomUUID().slice(0, 8);
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** Every profile row and outbox event of the database, hashed: equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of ['Customer', 'ContactPoint', 'ExternalRef', 'Consent', 'Membership', 'OutboxEvent']) {
    const { rows } = await owner.query(`SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS print FROM "${table}" t`);
    result[table] = rows[0].print;
  }
  return result;
}

async function customerRow(globalId: string): Promise<Record<string, any>> {
  const { rows } = await owner.query('SELECT * FROM "Customer" WHERE id = $1', [uuidOf(globalId)]);
  expect(rows).toHaveLength(1);
  return rows[0];
}

function payloadOf(response: GraphQLResponse, field: string, typename: string): any {
  expect(response.errors).toBeUndefined();
  const result = response.data![field];
  expect(result, JSON.stringify(result)).toMatchObject({ __typename: typename });
  return result;
}

async function createPerson(input: Record<string, unknown>): Promise<any> {
  const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Test', lastName: `Person ${unique()}`, ...input } });
  return payloadOf(response, 'createPerson', 'PersonPayload').person;
}

async function createOrganization(input: Record<string, unknown>): Promise<any> {
  const response = await server.graphql(CREATE_ORGANIZATION, { input: { name: `Org ${unique()}`, ...input } });
  return payloadOf(response, 'createOrganization', 'OrganizationPayload').organization;
}

describe('createPerson', () => {
  it('stores the e-mail trimmed and lower-cased and the phone in E.164, with the defaults and the creator as owner', async () => {
    const response = await server.graphql(
      CREATE_PERSON,
      {
        input: {
          firstName: 'Ana',
          lastName: 'García',
          email: ' Ana.Garcia@Example.COM ',
          phone: '+34 612 345 678',
          externalRefs: [{ source: 'pos', externalId: 'POS-ana-1' }, { source: 'shop', externalId: 'ana-web' }],
        },
      },
      { as: { tenant: 'demo', roles: ['sales'], subject: 'rep-ana' } },
    );
    const person = payloadOf(response, 'createPerson', 'PersonPayload').person;
    expect(person).toMatchObject({
      firstName: 'Ana',
      lastName: 'García',
      displayName: 'Ana García',
      primaryEmail: 'ana.garcia@example.com',
      primaryPhone: '+34612345678',
      audiences: ['PROSPECT'],
      lifecycle: 'ACTIVE',
      ownerId: 'rep-ana',
      archivedAt: null,
      externalRefs: [{ source: 'pos', externalId: 'POS-ana-1' }, { source: 'shop', externalId: 'ana-web' }],
    });
    expect(Buffer.from(person.id, 'base64').toString()).toMatch(/^Person:[0-9a-f-]{36}$/);

    const row = await customerRow(person.id);
    expect(row).toMatchObject({ tenantId: 'demo', kind: 'PERSON', displayName: 'Ana García', ownerId: 'rep-ana', lifecycle: 'ACTIVE' });
    const { rows: points } = await owner.query('SELECT kind, value, "isPrimary", "isActive" FROM "ContactPoint" WHERE "customerId" = $1 ORDER BY kind', [row.id]);
    expect(points).toEqual([
      { kind: 'EMAIL', value: 'ana.garcia@example.com', isPrimary: true, isActive: true },
      { kind: 'PHONE', value: '+34612345678', isPrimary: true, isActive: true },
    ]);
    const { rows: events } = await owner.query('SELECT topic, "actorId" FROM "OutboxEvent" WHERE "customerId" = $1', [row.id]);
    expect(events).toEqual([{ topic: 'customer.created', actorId: 'rep-ana' }]);

    for (const ref of [{ source: 'pos', externalId: 'POS-ana-1' }, { source: 'shop', externalId: 'ana-web' }]) {
      const found = await server.graphql(BY_REF, ref);
      expect(found.data!.customerByExternalRef).toEqual({ id: person.id, displayName: 'Ana García' });
    }
    const other = await server.graphql(BY_REF, { source: 'pos', externalId: 'POS-ana-1' }, { as: { tenant: 'acme' } });
    expect(other.data!.customerByExternalRef).toBeNull();
  });

  it('reads a national phone with the given country, stored upper-cased', async () => {
    const person = await createPerson({ phone: '612345678', country: 'es' });
    expect(person).toMatchObject({ primaryPhone: '+34612345678', country: 'ES' });
    expect(await customerRow(person.id)).toMatchObject({ country: 'ES' });
  });

  describe('refuses bad input with the field path, storing nothing', () => {
    const cases: [string, Record<string, unknown>, string[], RegExp][] = [
      ['a malformed e-mail', { email: 'ana.garcia(at)example.com' }, ['input', 'email'], /valid e-mail/],
      ['a malformed phone', { phone: '+34 123' }, ['input', 'phone'], /not a valid phone number/],
      ['a national phone without a country', { phone: '612345678' }, ['input', 'phone'], /give a country/],
      ['a first name over 100 characters', { firstName: 'x'.repeat(101) }, ['input', 'firstName'], /at most 100/],
      ['an empty last name', { lastName: '   ' }, ['input', 'lastName'], /must not be empty/],
      ['a future birth date', { birthDate: '2999-01-01' }, ['input', 'birthDate'], /future/],
      ['a country that is not a code', { country: 'Spain' }, ['input', 'country'], /ISO 3166-1/],
      ['a two-letter country that does not exist', { country: 'XX' }, ['input', 'country'], /country/],
      ['traits over 16 KB', { traits: { notes: 'x'.repeat(17_000) } }, ['input', 'traits'], /16 KB/],
      ['an external ref source with capitals', { externalRefs: [{ source: 'POS', externalId: '1' }] }, ['input', 'externalRefs', '0', 'source'], /lower-case/],
    ];
    it.each(cases)('%s', async (_name, input, path, message) => {
      const before = await fingerprint();
      const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Bad', lastName: 'Input', email: `bad.${unique()}@example.com`, ...input } });
      const error = payloadOf(response, 'createPerson', 'ValidationError');
      expect(error.code).toBe('VALIDATION');
      expect(error.fieldErrors).toHaveLength(1);
      expect(error.fieldErrors[0].path).toEqual(path);
      expect(error.fieldErrors[0].message).toMatch(message);
      expect(await fingerprint()).toEqual(before);
    });

    it('reports several bad fields together', async () => {
      const before = await fingerprint();
      const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Two', lastName: 'Errors', email: 'not-an-email', country: 'Spain' } });
      const error = payloadOf(response, 'createPerson', 'ValidationError');
      expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual(expect.arrayContaining([['input', 'email'], ['input', 'country']]));
      expect(error.fieldErrors).toHaveLength(2);
      expect(await fingerprint()).toEqual(before);
    });

    it('reports a bad phone together with the other bad fields', async () => {
      const before = await fingerprint();
      const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Two', lastName: 'Errors', email: 'not-an-email', phone: '+34 123' } });
      const error = payloadOf(response, 'createPerson', 'ValidationError');
      expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual(expect.arrayContaining([['input', 'email'], ['input', 'phone']]));
      expect(await fingerprint()).toEqual(before);
    });
  });

  it('refuses an e-mail held by another active customer, naming the holder, until the holder is archived', async () => {
    const email = `holder.${unique()}@example.com`;
    const holder = await createPerson({ firstName: 'Holder', lastName: unique(), email });

    const before = await fingerprint();
    const refused = await server.graphql(CREATE_PERSON, { input: { firstName: 'Second', lastName: 'Comer', email: `  ${email.toUpperCase()}` } });
    const conflict = payloadOf(refused, 'createPerson', 'ConflictError');
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.existingId).toBe(holder.id);
    expect(conflict.message).toContain(holder.displayName);
    const refusedOrganization = await server.graphql(CREATE_ORGANIZATION, { input: { name: 'Same Mail Ltd', email } });
    expect(payloadOf(refusedOrganization, 'createOrganization', 'ConflictError').existingId).toBe(holder.id);
    expect(await fingerprint()).toEqual(before);

    // Uniqueness is per tenant: acme may have a customer with the same address.
    const otherTenant = await server.graphql(CREATE_PERSON, { input: { firstName: 'Acme', lastName: 'Twin', email } }, { as: { tenant: 'acme' } });
    expect(payloadOf(otherTenant, 'createPerson', 'PersonPayload').person.primaryEmail).toBe(email);

    payloadOf(await server.graphql(ARCHIVE, { id: holder.id }), 'archiveCustomer', 'CustomerPayload');
    const accepted = await createPerson({ firstName: 'Second', lastName: 'Comer', email });
    expect(accepted.primaryEmail).toBe(email);
    expect(accepted.id).not.toBe(holder.id);
    const { rows } = await owner.query(`SELECT "customerId", "isActive" FROM "ContactPoint" WHERE "tenantId" = 'demo' AND kind = 'EMAIL' AND value = $1 ORDER BY "createdAt"`, [email]);
    expect(rows).toEqual([
      { customerId: uuidOf(holder.id), isActive: false },
      { customerId: uuidOf(accepted.id), isActive: true },
    ]);
  });

  it('gives concurrent creations with the same e-mail one winner and conflicts, never an internal error', async () => {
    const email = `race.${unique()}@example.com`;
    // Twenty external refs each: their look-ups sit between the e-mail check and the insert, widening the race.
    const refs = (index: number) => Array.from({ length: 20 }, (_, ref) => ({ source: 'race', externalId: `${unique()}-${index}-${ref}` }));
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => server.graphql(CREATE_PERSON, { input: { firstName: 'Racer', lastName: `N${index}`, email, externalRefs: refs(index) } })),
    );
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code)).toEqual(Array(8).fill(undefined));
    const typenames = responses.map((response) => response.data?.createPerson?.__typename);
    expect(typenames.filter((typename) => typename === 'PersonPayload')).toHaveLength(1);
    expect(typenames.filter((typename) => typename === 'ConflictError')).toHaveLength(7);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM "ContactPoint" WHERE value = $1`, [email]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses an external ref another customer already has, naming the holder', async () => {
    const ref = { source: 'pos', externalId: `T-${unique()}` };
    const holder = await createPerson({ firstName: 'Ref', lastName: `Holder ${unique()}`, externalRefs: [ref] });

    const before = await fingerprint();
    const refused = await server.graphql(CREATE_PERSON, { input: { firstName: 'Ref', lastName: 'Taker', email: `taker.${unique()}@example.com`, externalRefs: [{ source: 'shop', externalId: 'x1' }, ref] } });
    const conflict = payloadOf(refused, 'createPerson', 'ConflictError');
    expect(conflict.existingId).toBe(holder.id);
    expect(conflict.message).toContain(holder.displayName);
    expect(conflict.message).toContain(ref.externalId);

    const twice = await server.graphql(CREATE_ORGANIZATION, { input: { name: 'Twice', externalRefs: [{ source: 'erp', externalId: 'E1' }, { source: 'erp', externalId: 'E1' }] } });
    expect(payloadOf(twice, 'createOrganization', 'ValidationError').fieldErrors).toEqual([{ path: ['input', 'externalRefs', '1'], message: 'is listed twice' }]);
    expect(await fingerprint()).toEqual(before);
  });

  it('is refused to a viewer, storing nothing', async () => {
    const before = await fingerprint();
    const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Not', lastName: 'Allowed' } }, { as: { tenant: 'demo', roles: ['viewer'] } });
    const code = response.data?.createPerson?.code ?? response.errors?.[0]?.extensions?.code;
    expect(code).toBe('FORBIDDEN');
    expect(await fingerprint()).toEqual(before);
  });
});

describe('createOrganization and updateCustomer', () => {
  it('creates an organization with its own fields', async () => {
    const organization = await createOrganization({ name: 'Bodegas Ribera', legalName: 'Bodegas Ribera S.L.', taxId: 'B12345678', industry: 'Food & beverage', size: 'SMALL', country: 'es' });
    expect(organization).toMatchObject({
      displayName: 'Bodegas Ribera',
      legalName: 'Bodegas Ribera S.L.',
      taxId: 'B12345678',
      industry: 'Food & beverage',
      size: 'SMALL',
      country: 'ES',
      audiences: ['PROSPECT'],
      lifecycle: 'ACTIVE',
      ownerId: 'test-user',
    });
    expect(Buffer.from(organization.id, 'base64').toString()).toMatch(/^Organization:/);
    expect(await customerRow(organization.id)).toMatchObject({ kind: 'ORGANIZATION', firstName: null, lastName: null });
  });

  it('changes only the given fields, clears a field set to null, and moves updatedAt forward', async () => {
    const organization = await createOrganization({ legalName: 'Before S.A.', taxId: 'A11111111', industry: 'Retail', size: 'MICRO', city: 'Sevilla', region: 'Andalucía', traits: { tier: 'gold' } });
    const before = await customerRow(organization.id);

    const response = await server.graphql(UPDATE, { input: { id: organization.id, industry: 'Wholesale', size: 'LARGE', city: null, audiences: ['CUSTOMER', 'CUSTOMER', 'KEY_ACCOUNT'] } });
    const updated = payloadOf(response, 'updateCustomer', 'CustomerPayload').customer;
    expect(updated).toMatchObject({ industry: 'Wholesale', size: 'LARGE', city: null, audiences: ['CUSTOMER', 'KEY_ACCOUNT'], legalName: 'Before S.A.', taxId: 'A11111111', region: 'Andalucía', traits: { tier: 'gold' } });

    const after = await customerRow(organization.id);
    const changed = Object.keys(after).filter((column) => JSON.stringify(after[column]) !== JSON.stringify(before[column]));
    expect(changed.sort()).toEqual(['audiences', 'city', 'industry', 'size', 'updatedAt']);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.updated'`, [before.id]);
    expect(events).toEqual([{ payload: { changed: ['audiences', 'city', 'industry', 'size'] } }]);
  });

  it("keeps a person's display name in step with the name", async () => {
    const person = await createPerson({ firstName: 'Luis', lastName: 'Ortega' });
    const first = payloadOf(await server.graphql(UPDATE, { input: { id: person.id, firstName: 'Luisa' } }), 'updateCustomer', 'CustomerPayload').customer;
    expect(first).toMatchObject({ firstName: 'Luisa', lastName: 'Ortega', displayName: 'Luisa Ortega' });
    const second = payloadOf(await server.graphql(UPDATE, { input: { id: person.id, lastName: 'Ortega Ruiz' } }), 'updateCustomer', 'CustomerPayload').customer;
    expect(second.displayName).toBe('Luisa Ortega Ruiz');
    expect(await customerRow(person.id)).toMatchObject({ firstName: 'Luisa', lastName: 'Ortega Ruiz', displayName: 'Luisa Ortega Ruiz' });
  });

  describe('refuses, changing nothing', () => {
    let person: any;
    let organization: any;
    beforeAll(async () => {
      person = await createPerson({ firstName: 'Fixed', lastName: 'Person' });
      organization = await createOrganization({ name: 'Fixed Org', legalName: 'Fixed Org S.L.' });
    });

    const refused = async (input: Record<string, unknown>, typename: string) => {
      const before = await fingerprint();
      const response = await server.graphql(UPDATE, { input });
      const error = payloadOf(response, 'updateCustomer', typename);
      expect(await fingerprint()).toEqual(before);
      return error;
    };

    it('a person-only field on an organization', async () => {
      const error = await refused({ id: organization.id, firstName: 'Nope', industry: 'Retail' }, 'ValidationError');
      expect(error.fieldErrors).toEqual([{ path: ['input', 'firstName'], message: 'does not apply to an organization' }]);
    });

    it('an organization-only field on a person', async () => {
      const error = await refused({ id: person.id, taxId: 'B1' }, 'ValidationError');
      expect(error.fieldErrors).toEqual([{ path: ['input', 'taxId'], message: 'does not apply to a person' }]);
    });

    it.each(['displayName', 'firstName', 'audiences', 'traits'])('%s set to null', async (field) => {
      const error = await refused({ id: person.id, [field]: null }, 'ValidationError');
      expect(error.fieldErrors).toEqual([{ path: ['input', field], message: 'cannot be cleared' }]);
    });

    it('an unknown id', async () => {
      const unknown = Buffer.from(`Person:${randomUUID()}`).toString('base64');
      const error = await refused({ id: unknown, city: 'Bilbao' }, 'NotFoundError');
      expect(error.code).toBe('NOT_FOUND');
    });

    it("an organization id carrying a person's uuid", async () => {
      const disguised = Buffer.from(`Organization:${uuidOf(person.id)}`).toString('base64');
      expect((await refused({ id: disguised, city: 'Bilbao' }, 'NotFoundError')).code).toBe('NOT_FOUND');
    });

    it('a malformed id', async () => {
      const error = await refused({ id: 'not-a-global-id', city: 'Bilbao' }, 'ValidationError');
      expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['input', 'id']]);
    });

    it('an invalid value', async () => {
      const error = await refused({ id: person.id, country: 'España', firstName: '' }, 'ValidationError');
      expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual(expect.arrayContaining([['input', 'country'], ['input', 'firstName']]));
    });
  });
});

describe('setLifecycle', () => {
  it('records the move and when; the same state again changes nothing', async () => {
    const person = await createPerson({});
    const before = await customerRow(person.id);

    const moved = payloadOf(await server.graphql(SET_LIFECYCLE, { id: person.id, lifecycle: 'INACTIVE' }), 'setLifecycle', 'CustomerPayload').customer;
    expect(moved.lifecycle).toBe('INACTIVE');
    const after = await customerRow(person.id);
    expect(after.lifecycle).toBe('INACTIVE');
    expect(after.lifecycleChangedAt.getTime()).toBeGreaterThan(before.lifecycleChangedAt.getTime());
    expect(new Date(moved.lifecycleChangedAt).getTime()).toBe(after.lifecycleChangedAt.getTime());
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.lifecycleChanged'`, [after.id]);
    expect(events).toEqual([{ payload: { from: 'ACTIVE', to: 'INACTIVE' } }]);

    const snapshot = await fingerprint();
    const again = payloadOf(await server.graphql(SET_LIFECYCLE, { id: person.id, lifecycle: 'INACTIVE' }), 'setLifecycle', 'CustomerPayload').customer;
    expect(again.lifecycleChangedAt).toBe(moved.lifecycleChangedAt);
    expect(await fingerprint()).toEqual(snapshot);
  });
});

describe('archiveCustomer', () => {
  it('hides the customer from lists but not from customer(id), and refuses further writes with NOT_FOUND', async () => {
    const name = `Archivable${unique()}`;
    const person = await createPerson({ firstName: 'Gone', lastName: name, email: `${name.toLowerCase()}@example.com` });
    const listed = await server.graphql(LIST, { filter: { search: name } });
    expect(listed.data!.customers.edges.map((edge: any) => edge.node.id)).toEqual([person.id]);
    const totalBefore = (await server.graphql(LIST, {})).data!.customers.totalCount;

    const archived = payloadOf(await server.graphql(ARCHIVE, { id: person.id }), 'archiveCustomer', 'CustomerPayload').customer;
    expect(archived.archivedAt).not.toBeNull();

    expect((await server.graphql(LIST, { filter: { search: name } })).data!.customers.edges).toEqual([]);
    expect((await server.graphql(LIST, {})).data!.customers.totalCount).toBe(totalBefore - 1);
    const withArchived = await server.graphql(LIST, { filter: { search: name, includeArchived: true } });
    expect(withArchived.data!.customers.edges).toEqual([{ node: { id: person.id, archivedAt: archived.archivedAt } }]);
    const byId = await server.graphql(CUSTOMER_BY_ID, { id: person.id });
    expect(byId.data!.customer).toMatchObject({ id: person.id, displayName: person.displayName, archivedAt: archived.archivedAt });

    const before = await fingerprint();
    const attempts: [string, string, Record<string, unknown>][] = [
      ['updateCustomer', UPDATE, { input: { id: person.id, city: 'Cádiz' } }],
      ['setLifecycle', SET_LIFECYCLE, { id: person.id, lifecycle: 'LOST' }],
      ['archiveCustomer', ARCHIVE, { id: person.id }],
    ];
    for (const [field, mutation, variables] of attempts) {
      const response = await server.graphql(mutation, variables);
      expect(payloadOf(response, field, 'NotFoundError').code).toBe('NOT_FOUND');
    }
    expect(await fingerprint()).toEqual(before);
  });
});
