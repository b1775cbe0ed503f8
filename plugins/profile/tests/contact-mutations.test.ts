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

const ERRORS = /* GraphQL */ `
  ... on Error { code message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConflictError { existingId }
`;
const POINT = 'id kind value label isPrimary street postalCode city region country createdAt';
const CREATE_PERSON = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { id displayName } } ${ERRORS} } }`;
const ADD = `mutation ($input: AddContactPointInput!) { addContactPoint(input: $input) { __typename ... on ContactPointPayload { contactPoint { ${POINT} } customer { id primaryEmail primaryPhone } } ${ERRORS} } }`;
const REMOVE = `mutation ($id: ID!) { removeContactPoint(id: $id) { __typename ... on RemoveContactPointPayload { removedId customer { id primaryEmail } } ${ERRORS} } }`;
const SET_CONSENT = `mutation ($input: SetConsentInput!) { setConsent(input: $input) { __typename ... on ConsentPayload { consent { channel status changedAt source } customer { id consents { channel status changedAt source } } } ${ERRORS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCustomer(id: $id) { __typename ${ERRORS} } }`;
const PROFILE = `query ($id: ID!) { customer(id: $id) { id primaryEmail primaryPhone contactPoints { ${POINT} } consents { channel status changedAt source } } }`;

const unique = () => randomUUID().slice(0, 8);
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

/** Every profile row and outbox event of the database, hashed: equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of ['Customer', 'ContactPoint', 'ExternalRef', 'Consent', 'Membership', 'OutboxEvent']) {
    const { rows } = await owner.query(`SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS print FROM "${table}" t`);
    result[table] = rows[0].print;
  }
  return result;
}

/** The customer's contact points of a kind as stored, oldest first. */
async function storedPoints(customerGlobalId: string, kind: string): Promise<{ value: string; isPrimary: boolean }[]> {
  const { rows } = await owner.query('SELECT value, "isPrimary" FROM "ContactPoint" WHERE "customerId" = $1 AND kind = $2 ORDER BY "createdAt", id', [uuidOf(customerGlobalId), kind]);
  return rows;
}

function payloadOf(response: GraphQLResponse, field: string, typename: string): any {
  expect(response.errors).toBeUndefined();
  const result = response.data![field];
  expect(result, JSON.stringify(result)).toMatchObject({ __typename: typename });
  return result;
}

async function createPerson(input: Record<string, unknown> = {}): Promise<{ id: string; displayName: string }> {
  const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Contact', lastName: `Holder ${unique()}`, ...input } });
  return payloadOf(response, 'createPerson', 'PersonPayload').person;
}

async function add(input: Record<string, unknown>): Promise<any> {
  return payloadOf(await server.graphql(ADD, { input }), 'addContactPoint', 'ContactPointPayload');
}

async function refusedAdd(input: Record<string, unknown>, typename: string): Promise<any> {
  const before = await fingerprint();
  const error = payloadOf(await server.graphql(ADD, { input }), 'addContactPoint', typename);
  expect(await fingerprint()).toEqual(before);
  return error;
}

describe('addContactPoint', () => {
  it('adds a normalized e-mail, phone and address, each the primary of its kind', async () => {
    const person = await createPerson({ country: 'ES' });
    const updatedBefore = (await owner.query('SELECT "updatedAt" FROM "Customer" WHERE id = $1', [uuidOf(person.id)])).rows[0].updatedAt as Date;

    const email = `  Mixed.${unique()}@Example.COM `;
    const emailPoint = await add({ customerId: person.id, kind: 'EMAIL', value: email, label: 'work' });
    expect(emailPoint.contactPoint).toMatchObject({ kind: 'EMAIL', value: email.trim().toLowerCase(), label: 'work', isPrimary: true, street: null });
    expect(emailPoint.customer).toMatchObject({ id: person.id, primaryEmail: email.trim().toLowerCase() });
    expect(Buffer.from(emailPoint.contactPoint.id, 'base64').toString()).toMatch(/^ContactPoint:/);

    // A national number is read with the customer's country.
    const phonePoint = await add({ customerId: person.id, kind: 'PHONE', value: '611 22 33 44' });
    expect(phonePoint.contactPoint).toMatchObject({ kind: 'PHONE', value: '+34611223344', isPrimary: true });
    expect(phonePoint.customer.primaryPhone).toBe('+34611223344');
    // ... or with the country given alongside it.
    const mexican = await add({ customerId: person.id, kind: 'PHONE', value: '55 1234 5678', country: 'mx' });
    expect(mexican.contactPoint).toMatchObject({ value: '+525512345678', isPrimary: false });

    const address = await add({ customerId: person.id, kind: 'ADDRESS', street: 'Calle Mayor 1', postalCode: '28013', city: 'Madrid', region: 'Madrid', country: 'es' });
    expect(address.contactPoint).toMatchObject({
      kind: 'ADDRESS',
      value: 'Calle Mayor 1, 28013 Madrid, Madrid, ES',
      isPrimary: true,
      street: 'Calle Mayor 1',
      postalCode: '28013',
      city: 'Madrid',
      region: 'Madrid',
      country: 'ES',
    });

    const { rows } = await owner.query('SELECT kind, value, "isPrimary", "tenantId" FROM "ContactPoint" WHERE "customerId" = $1 ORDER BY "createdAt", id', [uuidOf(person.id)]);
    expect(rows).toEqual([
      { kind: 'EMAIL', value: email.trim().toLowerCase(), isPrimary: true, tenantId: 'demo' },
      { kind: 'PHONE', value: '+34611223344', isPrimary: true, tenantId: 'demo' },
      { kind: 'PHONE', value: '+525512345678', isPrimary: false, tenantId: 'demo' },
      { kind: 'ADDRESS', value: 'Calle Mayor 1, 28013 Madrid, Madrid, ES', isPrimary: true, tenantId: 'demo' },
    ]);
    const updatedAfter = (await owner.query('SELECT "updatedAt" FROM "Customer" WHERE id = $1', [uuidOf(person.id)])).rows[0].updatedAt as Date;
    expect(updatedAfter.getTime()).toBeGreaterThan(updatedBefore.getTime());
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.contactPointAdded' ORDER BY id`, [uuidOf(person.id)]);
    expect(events.map((event) => event.payload.isPrimary)).toEqual([true, true, false, true]);
  });

  it('makes a new point primary on request, demoting the previous one: one primary per kind at all times', async () => {
    const person = await createPerson();
    const [a, b, c] = [`a.${unique()}@example.com`, `b.${unique()}@example.com`, `c.${unique()}@example.com`];
    await add({ customerId: person.id, kind: 'EMAIL', value: a });
    const second = await add({ customerId: person.id, kind: 'EMAIL', value: b, isPrimary: false });
    expect(second.contactPoint.isPrimary).toBe(false);
    expect(second.customer.primaryEmail).toBe(a);
    expect(await storedPoints(person.id, 'EMAIL')).toEqual([{ value: a, isPrimary: true }, { value: b, isPrimary: false }]);

    const third = await add({ customerId: person.id, kind: 'EMAIL', value: c, isPrimary: true });
    expect(third.contactPoint.isPrimary).toBe(true);
    expect(third.customer.primaryEmail).toBe(c);
    expect(await storedPoints(person.id, 'EMAIL')).toEqual([
      { value: a, isPrimary: false },
      { value: b, isPrimary: false },
      { value: c, isPrimary: true },
    ]);

    const profile = await server.graphql(PROFILE, { id: person.id });
    expect(profile.data!.customer.primaryEmail).toBe(c);
    expect(profile.data!.customer.contactPoints.filter((point: any) => point.isPrimary).map((point: any) => point.value)).toEqual([c]);
  });

  describe('refuses, changing nothing', () => {
    let person: { id: string; displayName: string };
    let other: { id: string; displayName: string };
    const email = `taken.${unique()}@example.com`;
    const otherEmail = `other.${unique()}@example.com`;
    beforeAll(async () => {
      person = await createPerson({ email, phone: '+34 622 000 111' });
      other = await createPerson({ email: otherEmail });
    });

    it('an address without street and country', async () => {
      const error = await refusedAdd({ customerId: person.id, kind: 'ADDRESS', city: 'Madrid' }, 'ValidationError');
      expect(error.fieldErrors).toEqual([
        { path: ['input', 'street'], message: 'is required for an address' },
        { path: ['input', 'country'], message: 'is required for an address' },
      ]);
    });

    it('an e-mail or phone without a value', async () => {
      expect((await refusedAdd({ customerId: person.id, kind: 'EMAIL' }, 'ValidationError')).fieldErrors).toEqual([{ path: ['input', 'value'], message: 'is required for an e-mail' }]);
      expect((await refusedAdd({ customerId: person.id, kind: 'PHONE' }, 'ValidationError')).fieldErrors).toEqual([{ path: ['input', 'value'], message: 'is required for a phone' }]);
    });

    it('a malformed e-mail, a malformed phone, and a national phone with no country to read it', async () => {
      for (const input of [
        { kind: 'EMAIL', value: 'nobody-at-example.com' },
        { kind: 'PHONE', value: '+34 12' },
        { kind: 'PHONE', value: '622000111' },
      ]) {
        const error = await refusedAdd({ customerId: person.id, ...input }, 'ValidationError');
        expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['input', 'value']]);
      }
    });

    it('a value the customer already has, however it is written', async () => {
      const phone = await refusedAdd({ customerId: person.id, kind: 'PHONE', value: '+34622000111' }, 'ConflictError');
      expect(phone.message).toContain('+34622000111');
      const sameEmail = await refusedAdd({ customerId: person.id, kind: 'EMAIL', value: email.toUpperCase() }, 'ConflictError');
      expect(sameEmail.code).toBe('CONFLICT');
    });

    it("another customer's e-mail, naming that customer", async () => {
      const conflict = await refusedAdd({ customerId: person.id, kind: 'EMAIL', value: ` ${otherEmail.toUpperCase()} ` }, 'ConflictError');
      expect(conflict.existingId).toBe(other.id);
      expect(conflict.message).toContain(other.displayName);
    });

    it('an unknown, malformed or wrong-kind customer id', async () => {
      expect((await refusedAdd({ customerId: globalId('Person', randomUUID()), kind: 'EMAIL', value: `x.${unique()}@example.com` }, 'NotFoundError')).code).toBe('NOT_FOUND');
      const malformed = await refusedAdd({ customerId: 'bm9wZQ==', kind: 'EMAIL', value: `x.${unique()}@example.com` }, 'ValidationError');
      expect(malformed.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['input', 'customerId']]);
    });
  });

  it('gives concurrent additions of one e-mail to two customers one winner and a conflict, never an internal error', async () => {
    const [first, second] = [await createPerson(), await createPerson()];
    const email = `contested.${unique()}@example.com`;
    const responses = await Promise.all(
      [first, second, first, second].map((person) => server.graphql(ADD, { input: { customerId: person.id, kind: 'EMAIL', value: email } })),
    );
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code)).toEqual([undefined, undefined, undefined, undefined]);
    const typenames = responses.map((response) => response.data!.addContactPoint.__typename).sort();
    expect(typenames).toEqual(['ConflictError', 'ConflictError', 'ConflictError', 'ContactPointPayload']);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM "ContactPoint" WHERE value = $1`, [email]);
    expect(rows[0].n).toBe(1);
  });

  it('keeps one primary when several first phones arrive at once, never answering an internal error', async () => {
    const person = await createPerson();
    const phones = ['+34 655 000 001', '+34 655 000 002', '+34 655 000 003', '+34 655 000 004', '+34 655 000 005', '+34 655 000 006'];
    const responses = await Promise.all(phones.map((value) => server.graphql(ADD, { input: { customerId: person.id, kind: 'PHONE', value } })));
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code)).toEqual(Array(6).fill(undefined));
    expect((await storedPoints(person.id, 'PHONE')).filter((point) => point.isPrimary)).toHaveLength(1);
  });
});

describe('removeContactPoint', () => {
  it('promotes the oldest remaining point of the kind when the primary goes', async () => {
    const person = await createPerson();
    const [a, b, c] = [`a.${unique()}@example.com`, `b.${unique()}@example.com`, `c.${unique()}@example.com`];
    await add({ customerId: person.id, kind: 'EMAIL', value: a });
    await add({ customerId: person.id, kind: 'EMAIL', value: b, isPrimary: true });
    const newest = await add({ customerId: person.id, kind: 'EMAIL', value: c, isPrimary: true });
    const phone = await add({ customerId: person.id, kind: 'PHONE', value: '+34 633 444 555' });

    const removed = payloadOf(await server.graphql(REMOVE, { id: newest.contactPoint.id }), 'removeContactPoint', 'RemoveContactPointPayload');
    expect(removed.removedId).toBe(newest.contactPoint.id);
    // The oldest (a), not the previous primary (b).
    expect(await storedPoints(person.id, 'EMAIL')).toEqual([{ value: a, isPrimary: true }, { value: b, isPrimary: false }]);
    expect(await storedPoints(person.id, 'PHONE')).toEqual([{ value: '+34633444555', isPrimary: true }]);
    expect((await server.graphql(PROFILE, { id: person.id })).data!.customer.primaryEmail).toBe(a);
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.contactPointRemoved'`, [uuidOf(person.id)]);
    expect(events).toEqual([{ payload: { kind: 'EMAIL', value: c } }]);

    // Removing a non-primary point leaves the primary alone; removing the last one leaves none.
    const points = (await server.graphql(PROFILE, { id: person.id })).data!.customer.contactPoints as any[];
    payloadOf(await server.graphql(REMOVE, { id: points.find((point) => point.value === b).id }), 'removeContactPoint', 'RemoveContactPointPayload');
    expect(await storedPoints(person.id, 'EMAIL')).toEqual([{ value: a, isPrimary: true }]);
    payloadOf(await server.graphql(REMOVE, { id: phone.contactPoint.id }), 'removeContactPoint', 'RemoveContactPointPayload');
    expect(await storedPoints(person.id, 'PHONE')).toEqual([]);
    expect((await server.graphql(PROFILE, { id: person.id })).data!.customer.primaryPhone).toBeNull();
  });

  it("refuses an unknown id, a malformed id, and another tenant's point, changing nothing", async () => {
    const person = await createPerson({ email: `keep.${unique()}@example.com` });
    const pointId = (await server.graphql(PROFILE, { id: person.id })).data!.customer.contactPoints[0].id;
    const before = await fingerprint();

    const unknown = await server.graphql(REMOVE, { id: globalId('ContactPoint', randomUUID()) });
    expect(payloadOf(unknown, 'removeContactPoint', 'NotFoundError').code).toBe('NOT_FOUND');
    const foreign = await server.graphql(REMOVE, { id: pointId }, { as: { tenant: 'acme' } });
    expect(payloadOf(foreign, 'removeContactPoint', 'NotFoundError').code).toBe('NOT_FOUND');
    for (const bad of ['garbage', person.id, globalId('ContactPoint', 'not-a-uuid')]) {
      const malformed = await server.graphql(REMOVE, { id: bad });
      expect(payloadOf(malformed, 'removeContactPoint', 'ValidationError').fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['id']]);
    }
    expect(await fingerprint()).toEqual(before);
  });
});

describe('setConsent', () => {
  it('keeps one row per channel with the latest status and when it changed', async () => {
    const person = await createPerson();
    const granted = payloadOf(await server.graphql(SET_CONSENT, { input: { customerId: person.id, channel: 'EMAIL', status: 'GRANTED', source: 'web-form' } }), 'setConsent', 'ConsentPayload');
    expect(granted.consent).toMatchObject({ channel: 'EMAIL', status: 'GRANTED', source: 'web-form' });
    await server.graphql(SET_CONSENT, { input: { customerId: person.id, channel: 'SMS', status: 'GRANTED' } });

    const withdrawn = payloadOf(await server.graphql(SET_CONSENT, { input: { customerId: person.id, channel: 'EMAIL', status: 'WITHDRAWN', source: 'call-center' } }), 'setConsent', 'ConsentPayload');
    expect(withdrawn.consent).toMatchObject({ channel: 'EMAIL', status: 'WITHDRAWN', source: 'call-center' });
    expect(new Date(withdrawn.consent.changedAt).getTime()).toBeGreaterThan(new Date(granted.consent.changedAt).getTime());

    const consents = (await server.graphql(PROFILE, { id: person.id })).data!.customer.consents;
    expect(consents).toEqual([
      { channel: 'EMAIL', status: 'WITHDRAWN', changedAt: withdrawn.consent.changedAt, source: 'call-center' },
      { channel: 'SMS', status: 'GRANTED', changedAt: expect.any(String), source: null },
    ]);
    const { rows } = await owner.query('SELECT channel, status FROM "Consent" WHERE "customerId" = $1 ORDER BY channel', [uuidOf(person.id)]);
    expect(rows).toEqual([{ channel: 'EMAIL', status: 'WITHDRAWN' }, { channel: 'SMS', status: 'GRANTED' }]);
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.consentChanged' ORDER BY id`, [uuidOf(person.id)]);
    expect(events.map((event) => event.payload)).toEqual([
      { channel: 'EMAIL', status: 'GRANTED' },
      { channel: 'SMS', status: 'GRANTED' },
      { channel: 'EMAIL', status: 'WITHDRAWN' },
    ]);
  });
});

describe('an archived customer', () => {
  it('takes no new contact points or consents, and keeps the ones it has', async () => {
    const person = await createPerson({ email: `archived.${unique()}@example.com` });
    const pointId = (await server.graphql(PROFILE, { id: person.id })).data!.customer.contactPoints[0].id;
    expect((await server.graphql(ARCHIVE, { id: person.id })).data!.archiveCustomer.__typename).toBe('CustomerPayload');

    const before = await fingerprint();
    const attempts: [string, string, Record<string, unknown>][] = [
      ['addContactPoint', ADD, { input: { customerId: person.id, kind: 'PHONE', value: '+34 644 555 666' } }],
      ['setConsent', SET_CONSENT, { input: { customerId: person.id, channel: 'EMAIL', status: 'GRANTED' } }],
      ['removeContactPoint', REMOVE, { id: pointId }],
    ];
    for (const [field, mutation, variables] of attempts) {
      expect(payloadOf(await server.graphql(mutation, variables), field, 'NotFoundError').code).toBe('NOT_FOUND');
    }
    expect(await fingerprint()).toEqual(before);
  });
});
