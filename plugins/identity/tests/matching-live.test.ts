import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { customerGlobalIdOf, tenantRows } from './support-matching.ts';

// Duplicate candidates kept live over HTTP: a person created with a slip of an existing one is
// announced by createPerson and offered by duplicateCandidates once the reaction ran; its signals
// are those computed here by hand; dismissed and archived pairs go; bad asks are typed errors; no
// tenant sees another's customers.

const ADMIN: TokenRequest = { tenant: 'demo', roles: ['admin'] };
const SALES: TokenRequest = { tenant: 'demo', roles: ['sales'] };
const ACME: TokenRequest = { tenant: 'acme', roles: ['admin'] };

const CREATE = /* GraphQL */ `
  mutation ($input: CreatePersonInput!) {
    createPerson(input: $input) {
      __typename
      ... on PersonPayload {
        person { id }
        likelyDuplicates { score likelihood customers { id } signals { signal outcome level contribution detail } }
      }
      ... on ConflictError { message }
      ... on ValidationError { message }
    }
  }
`;
const CANDIDATES = /* GraphQL */ `
  query ($filter: DuplicateCandidateFilter, $first: Int) {
    duplicateCandidates(filter: $filter, first: $first) {
      edges { node { score likelihood dismissedAt customers { id } signals { signal outcome contribution } } }
      pageInfo { hasNextPage }
    }
  }
`;
const DISMISS = /* GraphQL */ `
  mutation ($ids: [ID!]!) {
    dismissDuplicateCandidate(customerIds: $ids) {
      __typename
      ... on DismissDuplicateCandidatePayload { candidate { dismissedAt customers { id } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on NotFoundError { message }
    }
  }
`;

interface Original {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

let server: TestServer;
let originals: Original[];

beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'identity'], environment: { NEXO_BACKGROUND_JOBS: 'true' }, reactionPollIntervalMs: 100 });
  // People of the demo with a dotted Gmail address whose dotless spelling nobody holds, and a Spanish phone.
  originals = await tenantRows<Original>(
    server.owner,
    'demo',
    `SELECT c.id::text, c."firstName", c."lastName", min(e.value) AS email, min(p.value) AS phone
     FROM "Customer" c
     JOIN "ContactPoint" e ON e."tenantId" = c."tenantId" AND e."customerId" = c.id AND e.kind = 'EMAIL' AND e."isActive" AND e.value LIKE '%.%@gmail.com'
     JOIN "ContactPoint" p ON p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'PHONE' AND p."isActive" AND p.value LIKE '+346%'
     WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND c.kind = 'PERSON' AND length(c."lastName") >= 6
       AND NOT EXISTS (SELECT 1 FROM "ContactPoint" x WHERE x."tenantId" = 'demo' AND x.kind = 'EMAIL' AND x.value = replace(split_part(e.value, '@', 1), '.', '') || '@gmail.com')
     GROUP BY c.id ORDER BY c.id LIMIT 3`,
  );
  expect(originals).toHaveLength(3);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const dotless = (email: string) => `${email.split('@')[0]!.replaceAll('.', '')}@gmail.com`;
const national = (e164: string) => e164.replace(/^\+34(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
const swapMiddle = (word: string) => `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`;
const personId = (row: Original) => customerGlobalIdOf('PERSON', row.id);

async function candidatesOf(customerId: string, as: TokenRequest = ADMIN, extra: Record<string, unknown> = {}) {
  const response = await server.graphql(CANDIDATES, { filter: { customerId, ...extra }, first: 20 }, { as });
  expect(response.errors).toBeUndefined();
  return response.data!.duplicateCandidates.edges.map((edge: any) => edge.node);
}

/** Polls until `check` holds (the reaction runs every 100 ms), at most 10 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('not within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('duplicate candidates, live', () => {
  let typoId: string;

  it('createPerson warns of the likely duplicate without refusing, and the pair is offered once the reaction ran', async () => {
    const original = originals[0]!;
    const created = await server.graphql(
      CREATE,
      { input: { firstName: original.firstName, lastName: swapMiddle(original.lastName), email: dotless(original.email), phone: national(original.phone), country: 'ES' } },
      { as: ADMIN },
    );
    expect(created.data!.createPerson.__typename).toBe('PersonPayload');
    typoId = created.data!.createPerson.person.id;
    const warned = created.data!.createPerson.likelyDuplicates;
    expect(warned.map((candidate: any) => candidate.customers.map((customer: any) => customer.id))).toContainEqual([typoId, personId(original)]);
    const [best] = warned;
    expect(best.likelihood).toBe('LIKELY');
    expect(best.signals.find((signal: any) => signal.signal === 'EMAIL').outcome).toBe('AGREE');
    expect(best.signals.find((signal: any) => signal.signal === 'PHONE').outcome).toBe('AGREE');

    await eventually(async () => (await candidatesOf(typoId)).some((candidate: any) => candidate.customers.some((customer: any) => customer.id === personId(original))));
    const possible = await server.graphql(`query ($id: ID!) { customer(id: $id) { possibleDuplicates { score customers { id } } } }`, { id: personId(original) }, { as: ADMIN });
    expect(possible.data!.customer.possibleDuplicates.map((candidate: any) => candidate.customers[1].id)).toContain(typoId);
  });

  it('gives each signal the contribution computed by hand', async () => {
    const original = originals[1]!;
    const created = await server.graphql(
      CREATE,
      { input: { firstName: original.firstName.toUpperCase(), lastName: original.lastName.toUpperCase(), email: dotless(original.email), phone: national(original.phone), country: 'ES' } },
      { as: ADMIN },
    );
    const pair = created.data!.createPerson.likelyDuplicates.find((candidate: any) => candidate.customers[1].id === personId(original));
    // Agreement adds log2(m/u) with the documented defaults; the new person gave no birth date,
    // address, tax id, external id or organization, so those add nothing.
    const email = Math.round(Math.log2(0.6 / 0.00001) * 1000) / 1000;
    const phone = Math.round(Math.log2(0.6 / 0.00005) * 1000) / 1000;
    const name = Math.round(Math.log2(0.7 / 0.0005) * 1000) / 1000;
    expect(pair.signals).toEqual([
      { signal: 'EMAIL', outcome: 'AGREE', level: 'EXACT', contribution: email, detail: `same e-mail ${dotless(original.email)}` },
      { signal: 'PHONE', outcome: 'AGREE', level: 'EXACT', contribution: phone, detail: `same phone ${original.phone}` },
      { signal: 'TAX_ID', outcome: 'MISSING', level: null, contribution: 0, detail: 'no tax id on one side' },
      { signal: 'EXTERNAL_REF', outcome: 'MISSING', level: null, contribution: 0, detail: 'no external id on one side' },
      expect.objectContaining({ signal: 'NAME', outcome: 'AGREE', level: 'EXACT', contribution: name }),
      { signal: 'NAME_SOUND', outcome: 'MISSING', level: null, contribution: 0, detail: 'counted in the name' },
      { signal: 'BIRTH_DATE', outcome: 'MISSING', level: null, contribution: 0, detail: 'no birth date on one side' },
      { signal: 'ADDRESS', outcome: 'MISSING', level: null, contribution: 0, detail: 'no address on one side' },
      { signal: 'POSTAL_CODE', outcome: 'MISSING', level: null, contribution: 0, detail: 'no postal code on one side' },
      { signal: 'ORGANIZATION', outcome: 'MISSING', level: null, contribution: 0, detail: 'no organization on one side' },
    ]);
    expect(pair.score).toBeCloseTo(email + phone + name, 9);
  });

  it('no longer offers a dismissed pair, whatever changes later', async () => {
    const original = personId(originals[0]!);
    const dismissed = await server.graphql(DISMISS, { ids: [typoId, original] }, { as: ADMIN });
    expect(dismissed.data!.dismissDuplicateCandidate.__typename).toBe('DismissDuplicateCandidatePayload');
    expect(dismissed.data!.dismissDuplicateCandidate.candidate.dismissedAt).not.toBeNull();
    expect((await candidatesOf(typoId)).some((candidate: any) => candidate.customers[1].id === original)).toBe(false);
    expect((await candidatesOf(typoId, ADMIN, { includeDismissed: true })).some((candidate: any) => candidate.customers[1].id === original)).toBe(true);

    // A change to the person makes the reaction compare the pair again: it stays dismissed.
    const added = await server.graphql(`mutation ($input: AddContactPointInput!) { addContactPoint(input: $input) { __typename } }`, {
      input: { customerId: typoId, kind: 'PHONE', value: '+34 910 000 001' },
    });
    expect(added.data!.addContactPoint.__typename).toBe('ContactPointPayload');
    await eventually(async () => {
      const all = await candidatesOf(typoId, ADMIN, { includeDismissed: true });
      return all.some((candidate: any) => candidate.customers[1].id === original && candidate.signals.some((signal: any) => signal.signal === 'PHONE' && signal.outcome === 'AGREE'));
    });
    expect((await candidatesOf(typoId)).some((candidate: any) => candidate.customers[1].id === original)).toBe(false);
  });

  it('drops the pairs of an archived customer', async () => {
    const original = originals[2]!;
    const created = await server.graphql(CREATE, { input: { firstName: original.firstName, lastName: original.lastName, phone: original.phone } }, { as: ADMIN });
    const id = created.data!.createPerson.person.id;
    await eventually(async () => (await candidatesOf(personId(original))).some((candidate: any) => candidate.customers[1].id === id));
    const archived = await server.graphql(`mutation ($id: ID!) { archiveCustomer(id: $id) { __typename } }`, { id });
    expect(archived.data!.archiveCustomer.__typename).toBe('CustomerPayload');
    await eventually(async () => !(await candidatesOf(personId(original))).some((candidate: any) => candidate.customers[1].id === id));
  });

  it('answers bad asks with typed errors', async () => {
    const codeOf = async (query: string, variables: Record<string, unknown>, as: TokenRequest = ADMIN) => (await server.graphql(query, variables, { as })).errors?.[0]?.extensions?.code;
    expect(await codeOf(CANDIDATES, { filter: { minScore: 1e9 } })).toBe('VALIDATION');
    expect(await codeOf(CANDIDATES, { filter: { customerId: 'not-an-id' } })).toBe('VALIDATION');
    expect(await codeOf(CANDIDATES, { first: 100_000 })).toBe('VALIDATION');
    expect(await codeOf(`query ($id: ID!) { customer(id: $id) { possibleDuplicates(first: 0) { score } } }`, { id: personId(originals[0]!) })).toBe('VALIDATION');

    const one = await server.graphql(DISMISS, { ids: [personId(originals[0]!)] }, { as: ADMIN });
    expect(one.data!.dismissDuplicateCandidate).toMatchObject({ __typename: 'ValidationError' });
    const unrelated = await server.graphql(DISMISS, { ids: [personId(originals[1]!), personId(originals[2]!)] }, { as: ADMIN });
    expect(unrelated.data!.dismissDuplicateCandidate.__typename).toBe('NotFoundError');
    const forbidden = await server.graphql(DISMISS, { ids: [personId(originals[1]!), personId(originals[2]!)] }, { as: SALES });
    expect(forbidden.errors?.[0]?.extensions?.code ?? forbidden.data?.dismissDuplicateCandidate?.__typename).toMatch(/FORBIDDEN|ForbiddenError/);

    const badWeights = await server.graphql(
      `mutation { updateMatchSettings(input: { weights: [{ signal: EMAIL, level: EXACT, m: 0.1, u: 0.2 }, { signal: PHONE, level: HIGH, m: 0.5, u: 0.1 }], possibleThreshold: 30 }) {
         __typename ... on ValidationError { fieldErrors { path } } } }`,
      {},
      { as: ADMIN },
    );
    expect(badWeights.data!.updateMatchSettings.__typename).toBe('ValidationError');
    expect(badWeights.data!.updateMatchSettings.fieldErrors.map((error: any) => error.path.join('.')).sort()).toEqual([
      'input.possibleThreshold',
      'input.weights.0',
      'input.weights.1.level',
    ]);
  });

  it("never shows another tenant's customers", async () => {
    const original = originals[0]!;
    expect(await candidatesOf(personId(original), ACME)).toEqual([]);
    const all = await server.graphql(CANDIDATES, { first: 50 }, { as: ACME });
    const acmeIds = await tenantRows<{ id: string; kind: string }>(server.owner, 'acme', `SELECT id::text, kind::text FROM "Customer" WHERE "tenantId" = 'acme'`);
    const acme = new Set(acmeIds.map((row) => customerGlobalIdOf(row.kind, row.id)));
    const shown = all.data!.duplicateCandidates.edges.flatMap((edge: any) => edge.node.customers.map((customer: any) => customer.id));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((id: string) => acme.has(id))).toBe(true);
    const created = await server.graphql(CREATE, { input: { firstName: original.firstName, lastName: original.lastName, email: dotless(original.email), phone: original.phone } }, { as: ACME });
    expect(created.data!.createPerson.likelyDuplicates).toEqual([]);
  });

  it('rescores the tenant with tuned weights and thresholds', async () => {
    const tuned = await server.graphql(
      `mutation { updateMatchSettings(input: { likelyThreshold: 30, weights: [{ signal: EMAIL, level: EXACT, m: 0.5, u: 0.001 }] }) {
         __typename ... on UpdateMatchSettingsPayload { pairs settings { likelyThreshold possibleThreshold weights { signal level m u agreement tuned } } } } }`,
      {},
      { as: ACME },
    );
    expect(tuned.errors).toBeUndefined();
    const payload = tuned.data!.updateMatchSettings;
    expect(payload.__typename).toBe('UpdateMatchSettingsPayload');
    expect(payload.settings.likelyThreshold).toBe(30);
    const email = payload.settings.weights.find((weight: any) => weight.signal === 'EMAIL');
    expect(email).toEqual({ signal: 'EMAIL', level: 'EXACT', m: 0.5, u: 0.001, agreement: Math.round(Math.log2(500) * 1000) / 1000, tuned: true });
    const page = await server.graphql(CANDIDATES, { first: 50 }, { as: ACME });
    for (const { node } of page.data!.duplicateCandidates.edges) {
      expect(node.likelihood).toBe(node.score >= 30 ? 'LIKELY' : 'POSSIBLE');
      const emailSignal = node.signals.find((signal: any) => signal.signal === 'EMAIL');
      if (emailSignal.outcome === 'AGREE') expect(emailSignal.contribution).toBe(email.agreement);
    }
    expect(page.data!.duplicateCandidates.edges.length).toBe(payload.pairs);
  });
});
