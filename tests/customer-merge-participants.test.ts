import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { sql } from '../src/db/sql.ts';
import { EventWriter } from '../src/events/event-writer.ts';
import { customerMergeParticipants } from '../src/merge/merge-participants.ts';
import { manualClock, repointRows, type CustomerMergeParticipant, type CustomerMergePlan, type MergeChange, type MergeScope } from '../src/plugin-api.ts';
import { customerMerged, customerUnmerged } from '../plugins/identity/events.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The merge participants of the areas that keep rows of a customer (and the core's event log), run
// as the identity area runs them: in the tenant's transaction, as the application role. Every
// expectation is computed here from the rows as read before, by SQL written in this file.

const TENANT = 'demo';
const PARTICIPANTS = ['core', 'interactions', 'pipeline', 'tickets', 'segments'] as const;
/** The kinds of row that simply follow their customer: each one's table and customer column. */
const FOLLOWERS = [
  { rows: 'core.events', table: 'OutboxEvent', column: 'customerId' },
  { rows: 'interactions.interactions', table: 'Interaction', column: 'customerId' },
  { rows: 'pipeline.deals', table: 'Opportunity', column: 'customerId' },
  { rows: 'pipeline.leads', table: 'Lead', column: 'customerId' },
  { rows: 'pipeline.referrals', table: 'Lead', column: 'referrerId' },
  { rows: 'pipeline.activities', table: 'SalesActivity', column: 'customerId' },
  { rows: 'tickets.tickets', table: 'Ticket', column: 'customerId' },
] as const;
/** Every table a participant writes, and some that hang off them (which no participant may touch). */
const TABLES = ['OutboxEvent', 'Interaction', 'Opportunity', 'Lead', 'SalesActivity', 'CustomerDiscount', 'Ticket', 'TicketMessage', 'Offer', 'SegmentMembership', 'CustomerScore'];

type Row = Record<string, any>;
type Snapshot = Map<string, Row[]>;

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');
const customerGlobalId = (customer: { id: string; kind: string }) => globalId(customer.kind === 'PERSON' ? 'Person' : 'Organization', customer.id);
/** A zone-less timestamp as to_jsonb writes it, as an instant. */
const instant = (text: string) => Date.parse(`${text}Z`);

const ADD_MEMBERS = /* GraphQL */ `
  mutation Add($id: ID!, $customerIds: [ID!]!) { addSegmentMembers(id: $id, customerIds: $customerIds) { __typename ... on ValidationError { message } } }
`;
const CREATE_SEGMENT = /* GraphQL */ `
  mutation Create($input: CreateSegmentInput!) {
    createSegment(input: $input) { __typename ... on SegmentPayload { segment { id } } ... on ValidationError { message fieldErrors { path message } } }
  }
`;
const SET_DISCOUNT = /* GraphQL */ `
  mutation Discount($input: SetCustomerDiscountInput!) { setCustomerDiscount(input: $input) { __typename ... on ValidationError { message } } }
`;
const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { id } } ... on ValidationError { message } }
  }
`;
const CREATE_PERSON = /* GraphQL */ `
  mutation Person($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { id } } } }
`;

interface Candidate {
  id: string;
  kind: string;
  covers: Record<string, number>;
}

describe('customer merge participants', () => {
  const clock = manualClock(new Date(inject('demoSeededAt')));
  let server: TestServer;
  let database: AppDatabase;
  let participants: ReadonlyMap<string, CustomerMergeParticipant>;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    database = connectAppDatabase(server.appDatabaseUrl, 2);
    participants = customerMergeParticipants(await discoverPlugins(server.config));
  });
  afterAll(async () => {
    await database?.close();
    await server?.stop();
  });

  async function owner<R extends Row>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await server.owner.query<R>(text, values)).rows;
  }

  /** Runs `work` in one committed tenant transaction of the application role, as a merge does. */
  function inTenant<T>(work: (scope: MergeScope) => Promise<T>): Promise<T> {
    return database.tenantTransactions.run(TENANT, (db) =>
      work({ db, sql, events: new EventWriter(() => 'user:merge-test', new Set(), clock), tenantId: TENANT, now: clock.now() }),
    );
  }

  const mine = () => PARTICIPANTS.map((name) => [name, participants.get(name)!] as const);

  async function previewAll(plan: CustomerMergePlan) {
    return inTenant(async (scope) => {
      const counts = new Map<string, number>();
      for (const [, participant] of mine()) for (const count of await participant.preview(scope, plan)) counts.set(count.rows, count.count);
      return counts;
    });
  }

  /** Merges through every participant, and hands back their changes as identity stores them (JSON). */
  async function mergeAll(plan: CustomerMergePlan): Promise<Map<string, MergeChange[]>> {
    const changes = await inTenant(async (scope) => {
      const byParticipant = new Map<string, readonly MergeChange[]>();
      for (const [name, participant] of mine()) byParticipant.set(name, await participant.merge(scope, plan));
      return byParticipant;
    });
    return new Map([...changes].map(([name, list]) => [name, JSON.parse(JSON.stringify(list)) as MergeChange[]]));
  }

  async function unmergeAll(plan: CustomerMergePlan, changes: Map<string, MergeChange[]>): Promise<void> {
    await inTenant(async (scope) => {
      for (const [name, participant] of [...mine()].reverse()) await participant.unmerge(scope, plan, changes.get(name) ?? []);
    });
  }

  /** Every row of the tables, once the relay has numbered the events written so far (it writes their position). */
  async function snapshot(): Promise<Snapshot> {
    for (let waited = 0; (await owner(`SELECT 1 FROM "OutboxEvent" WHERE "tenantId" = $1 AND position IS NULL LIMIT 1`, [TENANT])).length > 0; waited += 1) {
      if (waited > 500) throw new Error('the relay left events unnumbered');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const tables: Snapshot = new Map();
    for (const table of TABLES) {
      const key = table === 'CustomerScore' ? '"customerId"' : 'id';
      const rows = await owner<{ row: Row }>(`SELECT to_jsonb(t) AS row FROM "${table}" t WHERE t."tenantId" = $1 ORDER BY t.${key}`, [TENANT]);
      tables.set(table, rows.map((row) => row.row));
    }
    return tables;
  }

  /** The demo tenant's live customers with how many rows of each kind they have. */
  async function candidates(): Promise<Candidate[]> {
    const count = (from: string, where: string) => `(SELECT count(*) FROM ${from} WHERE x."tenantId" = c."tenantId" AND ${where})::int`;
    const rows = await owner<Row>(
      `SELECT c.id::text AS id, c.kind::text AS kind,
         ${count('"Interaction" x', 'x."customerId" = c.id')} AS interactions,
         ${count('"Opportunity" x', 'x."customerId" = c.id')} AS deals,
         ${count('"Lead" x', 'x."customerId" = c.id')} AS leads,
         ${count('"Lead" x', 'x."referrerId" = c.id')} AS referrals,
         ${count('"SalesActivity" x', 'x."customerId" = c.id')} AS activities,
         ${count('"Ticket" x', 'x."customerId" = c.id')} AS tickets,
         ${count(`"SegmentMembership" x JOIN "Segment" s ON s.id = x."segmentId"`, `x."customerId" = c.id AND x."exitedAt" IS NULL AND s.kind = 'DYNAMIC' AND s."archivedAt" IS NULL`)} AS dynamic
       FROM "Customer" c WHERE c."tenantId" = $1 AND c."archivedAt" IS NULL ORDER BY c.id`,
      [TENANT],
    );
    return rows.map(({ id, kind, ...covers }) => ({ id, kind, covers }));
  }

  /** A survivor and three customers to merge into it who, together, have rows of every kind. */
  async function pickCustomers() {
    const all = await candidates();
    const kinds = Object.keys(all[0]!.covers);
    const breadth = (candidate: Candidate, missing: readonly string[]) => missing.filter((kind) => candidate.covers[kind]! > 0).length;
    const merged: Candidate[] = [];
    let missing = kinds;
    for (let round = 0; round < 3; round += 1) {
      const pool = all.filter((candidate) => !merged.includes(candidate) && (round > 0 || candidate.covers.referrals! > 0));
      const best = pool.reduce((a, b) => (breadth(b, missing) > breadth(a, missing) ? b : a));
      merged.push(best);
      missing = missing.filter((kind) => best.covers[kind] === 0);
    }
    expect(missing).toEqual([]);
    const survivor = all.filter((candidate) => !merged.includes(candidate)).reduce((a, b) => (breadth(b, kinds) > breadth(a, kinds) ? b : a));
    return { survivor, merged };
  }

  async function mutate(document: string, variables: Record<string, unknown>, typename: string) {
    const response = await server.graphql(document, variables);
    const result = Object.values(response.data ?? {})[0] as Row | undefined;
    expect(result?.__typename, JSON.stringify(response)).toBe(typename);
    return result!;
  }

  async function staticSegment(name: string): Promise<string> {
    const created = await mutate(CREATE_SEGMENT, { input: { name, kind: 'STATIC' } }, 'SegmentPayload');
    return created.segment.id as string;
  }

  const planOf = (survivor: { id: string }, merged: readonly { id: string }[]): CustomerMergePlan => ({
    mergeId: '00000000-0000-4000-8000-000000000001',
    survivorId: survivor.id,
    survivorNodeId: customerGlobalId(survivor as { id: string; kind: 'PERSON' | 'ORGANIZATION' }),
    mergedIds: merged.map((customer) => customer.id),
    fieldChoices: {},
  });

  it('are composed: the event log first, then every area that keeps rows of a customer, in dependency order', () => {
    const names = [...participants.keys()];
    expect(names[0]).toBe('core');
    for (const name of PARTICIPANTS) expect(names).toContain(name);
    expect(names.indexOf('segments')).toBeGreaterThan(Math.max(names.indexOf('interactions'), names.indexOf('pipeline'), names.indexOf('tickets')));
  });

  it('each previews, moves exactly what it previewed to the survivor, and an unmerge leaves every table as it was, row for row', async () => {
    const { survivor, merged } = await pickCustomers();
    const [first, second] = merged as [Candidate, Candidate, Candidate];
    const mergedIds = new Set(merged.map((customer) => customer.id));

    // The cases the rules settle: one discount per customer and product; one current stay per static segment.
    const [product] = await owner<{ id: string }>(`SELECT id::text FROM "Product" WHERE "tenantId" = $1 ORDER BY sku LIMIT 1`, [TENANT]);
    const discount = (customer: Candidate, percent: string, productId?: string) =>
      mutate(SET_DISCOUNT, { input: { customerId: customerGlobalId(customer), percent, ...(productId ? { productId: globalId('Product', productId) } : {}) } }, 'SetCustomerDiscountPayload');
    await discount(survivor, '5');
    await discount(first, '10');
    await discount(first, '7', product!.id);
    clock.advance(1_000);
    await discount(second, '8', product!.id);
    const shared = await staticSegment('Merge test: both are members');
    const mergedOnly = await staticSegment('Merge test: only merged customers');
    await mutate(ADD_MEMBERS, { id: shared, customerIds: [customerGlobalId(survivor), customerGlobalId(first)] }, 'SegmentPayload');
    await mutate(ADD_MEMBERS, { id: mergedOnly, customerIds: [customerGlobalId(second)] }, 'SegmentPayload');
    clock.advance(1_000);
    await mutate(ADD_MEMBERS, { id: mergedOnly, customerIds: [customerGlobalId(first)] }, 'SegmentPayload');
    clock.advance(60_000);

    const before = await snapshot();
    const plan = planOf(survivor, merged);

    // What each rule should do, computed from the rows as they are.
    const followed = new Map(FOLLOWERS.map(({ rows, table, column }) => [rows, before.get(table)!.filter((row) => mergedIds.has(row[column]))]));
    const discounts = before.get('CustomerDiscount')!;
    const survivorProducts = new Set(discounts.filter((row) => row.customerId === survivor.id).map((row) => String(row.productId)));
    const movingDiscounts = new Map<string, Row>();
    for (const row of discounts.filter((row) => mergedIds.has(row.customerId) && !survivorProducts.has(String(row.productId)))) {
      const held = movingDiscounts.get(String(row.productId));
      const newer = !held || instant(row.updatedAt) > instant(held.updatedAt) || (row.updatedAt === held.updatedAt && row.id > held.id);
      if (newer) movingDiscounts.set(String(row.productId), row);
    }
    const segments = new Map((await owner<Row>(`SELECT id::text, kind::text FROM "Segment" WHERE "tenantId" = $1 AND "archivedAt" IS NULL`, [TENANT])).map((row) => [row.id, row.kind]));
    const stays = before.get('SegmentMembership')!.filter((row) => row.exitedAt === null && segments.has(row.segmentId));
    const dynamicEnded = stays.filter((row) => mergedIds.has(row.customerId) && segments.get(row.segmentId) === 'DYNAMIC').map((row) => row.id);
    const staticMoved: string[] = [];
    const staticEnded: string[] = [];
    for (const [segmentId, kind] of segments) {
      if (kind !== 'STATIC') continue;
      const ofMerged = stays
        .filter((row) => row.segmentId === segmentId && mergedIds.has(row.customerId))
        .sort((a, b) => instant(a.enteredAt) - instant(b.enteredAt) || (a.id < b.id ? -1 : 1));
      const survivorIsIn = stays.some((row) => row.segmentId === segmentId && row.customerId === survivor.id);
      ofMerged.forEach((row, index) => (index === 0 && !survivorIsIn ? staticMoved : staticEnded).push(row.id));
    }
    expect(staticEnded.length).toBeGreaterThanOrEqual(2);
    expect(staticMoved.length).toBeGreaterThanOrEqual(1);
    expect(movingDiscounts.get(product!.id)?.customerId).toBe(second.id);
    expect(discounts.filter((row) => mergedIds.has(row.customerId)).length).toBeGreaterThan(movingDiscounts.size);

    const previewed = await previewAll(plan);
    const expectedCounts = new Map<string, number>([
      ...[...followed].map(([rows, list]) => [rows, list.length] as [string, number]),
      ['pipeline.discounts', movingDiscounts.size],
      ['segments.dynamicMemberships', dynamicEnded.length],
      ['segments.staticMemberships', staticMoved.length + staticEnded.length],
    ]);
    expect(previewed).toEqual(expectedCounts);
    for (const [rows, count] of expectedCounts) expect(count, rows).toBeGreaterThan(0);
    // A dry run writes nothing.
    expect(await snapshot()).toEqual(before);

    const changes = await mergeAll(plan);
    const all = [...changes.values()].flat();
    const changed = (rows: string) => all.filter((change) => change.rows === rows);
    for (const [rows, count] of expectedCounts) expect(changed(rows), rows).toHaveLength(count);

    // Every row that followed a merged customer points at the survivor, and its change says whose it was.
    for (const { rows, table, column } of FOLLOWERS) {
      const ids = followed.get(rows)!.map((row) => String(row.id));
      const now = await owner<Row>(`SELECT id::text AS id, "${column}"::text AS customer FROM "${table}" WHERE "tenantId" = $1 AND id::text = ANY($2::text[])`, [TENANT, ids]);
      expect(now.map((row) => row.customer).filter((customer) => customer !== survivor.id), rows).toEqual([]);
      expect(now, rows).toHaveLength(ids.length);
      const left = await owner<Row>(`SELECT count(*)::int AS count FROM "${table}" WHERE "tenantId" = $1 AND "${column}"::text = ANY($2::text[])`, [TENANT, [...mergedIds]]);
      expect(left[0]!.count, rows).toBe(0);
      const previousOf = new Map(changed(rows).map((change) => [change.rowId, change.previous?.[column]]));
      expect(previousOf, rows).toEqual(new Map(followed.get(rows)!.map((row) => [String(row.id), row[column]])));
    }

    const discountsNow = new Map((await owner<Row>(`SELECT id::text, "customerId"::text FROM "CustomerDiscount" WHERE "tenantId" = $1`, [TENANT])).map((row) => [row.id, row.customerId]));
    for (const row of discounts) expect(discountsNow.get(row.id)).toBe(movingDiscounts.get(String(row.productId))?.id === row.id ? survivor.id : row.customerId);

    const staysNow = new Map(
      (
        await owner<Row>(
          `SELECT id::text, "customerId"::text, "exitedAt" IS NULL AS current, "exitedAt" = $2::timestamp(3) AS "endedNow" FROM "SegmentMembership" WHERE "tenantId" = $1`,
          [TENANT, clock.now().toISOString()],
        )
      ).map((row) => [row.id, row]),
    );
    for (const id of [...dynamicEnded, ...staticEnded]) expect(staysNow.get(id)).toMatchObject({ customerId: before.get('SegmentMembership')!.find((row) => row.id === id)!.customerId, endedNow: true });
    for (const id of staticMoved) expect(staysNow.get(id)).toMatchObject({ customerId: survivor.id, current: true });
    const [{ count: currentOfMerged }] = await owner<{ count: number }>(
      `SELECT count(*)::int AS count FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId"
       WHERE m."tenantId" = $1 AND m."customerId"::text = ANY($2::text[]) AND m."exitedAt" IS NULL AND s."archivedAt" IS NULL`,
      [TENANT, [...mergedIds]],
    ) as [{ count: number }];
    expect(currentOfMerged).toBe(0);

    clock.advance(60_000);
    await unmergeAll(plan, changes);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('an unmerge puts back only the rows it moved that still point at the survivor, and leaves the survivor what it gained since', async () => {
    const { survivor, merged } = await pickCustomers();
    const plan = planOf(survivor, merged);
    const mergedIds = new Set(plan.mergedIds);
    const before = await snapshot();
    const changes = await mergeAll(plan);
    clock.advance(60_000);

    // After the merge: the survivor buys, gets a discount on a product none of them had, joins a static segment…
    const [product] = await owner<{ id: string }>(
      `SELECT p.id::text FROM "Product" p WHERE p."tenantId" = $1
         AND NOT EXISTS (SELECT 1 FROM "CustomerDiscount" d WHERE d."productId" = p.id AND d."customerId"::text = ANY($2::text[]))
       ORDER BY p.sku LIMIT 1`,
      [TENANT, [survivor.id, ...mergedIds]],
    );
    const recorded = await mutate(
      RECORD,
      {
        input: {
          customerId: customerGlobalId(survivor),
          channel: 'POINT_OF_SALE',
          direction: 'INBOUND',
          kind: 'PURCHASE',
          amount: '12.50',
          currency: 'EUR',
          occurredAt: clock.now().toISOString(),
          source: 'merge-test',
          externalId: 'after-the-merge',
        },
      },
      'RecordInteractionPayload',
    );
    await mutate(SET_DISCOUNT, { input: { customerId: customerGlobalId(survivor), percent: '3', productId: globalId('Product', product!.id) } }, 'SetCustomerDiscountPayload');
    const joined = await staticSegment('Merge test: joined after the merge');
    await mutate(ADD_MEMBERS, { id: joined, customerIds: [customerGlobalId(survivor)] }, 'SegmentPayload');
    // … and, elsewhere, a moved ticket is given to another customer and a moved agenda entry is deleted.
    const movedTicket = changes.get('tickets')!.find((change) => change.rows === 'tickets.tickets')!;
    const movedActivity = changes.get('pipeline')!.find((change) => change.rows === 'pipeline.activities')!;
    const [other] = await owner<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "tenantId" = $1 AND "archivedAt" IS NULL AND NOT (id::text = ANY($2::text[])) ORDER BY id LIMIT 1`, [
      TENANT,
      [survivor.id, ...mergedIds],
    ]);
    await owner(`UPDATE "Ticket" SET "customerId" = $1::uuid WHERE id = $2::uuid`, [other!.id, movedTicket.rowId]);
    await owner(`DELETE FROM "SalesActivity" WHERE id = $1::uuid`, [movedActivity.rowId]);

    await unmergeAll(plan, changes);
    const after = await snapshot();

    // Rows as they were, but for the two changed elsewhere.
    const key = (row: Row) => String(row.id ?? row.customerId);
    for (const table of TABLES) {
      const now = new Map(after.get(table)!.map((row) => [key(row), row]));
      const expected = before
        .get(table)!
        .filter((row) => !(table === 'SalesActivity' && row.id === movedActivity.rowId))
        .map((row) => (table === 'Ticket' && row.id === movedTicket.rowId ? { ...row, customerId: other!.id } : row));
      for (const row of expected) expect(now.get(key(row)), `${table} ${key(row)}`).toEqual(row);
    }

    // What happened after the merge stays with the survivor.
    const interactionId = Buffer.from(recorded.interaction.id as string, 'base64').toString().split(':')[1]!;
    const isNew = (table: string) => {
      const known = new Set(before.get(table)!.map(key));
      return after.get(table)!.filter((row) => !known.has(key(row)));
    };
    expect(isNew('Interaction').map((row) => [row.id, row.customerId])).toEqual([[interactionId, survivor.id]]);
    expect(isNew('CustomerDiscount').map((row) => [row.productId, row.customerId])).toEqual([[product!.id, survivor.id]]);
    expect(isNew('SegmentMembership').map((row) => [row.segmentId, row.customerId])).toEqual([[Buffer.from(joined, 'base64').toString().split(':')[1], survivor.id]]);
    const newEvents = isNew('OutboxEvent');
    expect(newEvents.length).toBeGreaterThan(0);
    expect(newEvents.filter((row) => row.customerId !== null && row.customerId !== survivor.id)).toEqual([]);
  }, 60_000);

  it('a merge of customers just created moves only their timeline and undoes just that', async () => {
    const person = async (lastName: string) => {
      const created = await mutate(CREATE_PERSON, { input: { firstName: 'New', lastName } }, 'PersonPayload');
      return { id: Buffer.from(created.person.id as string, 'base64').toString().split(':')[1]! };
    };
    const plan = planOf(await person('Survivor'), [await person('Merged')]);
    const before = await snapshot();
    const events = before.get('OutboxEvent')!.filter((row) => row.customerId === plan.mergedIds[0]);
    expect(events.map((row) => row.topic)).toEqual(['customer.created']);
    const previewed = await previewAll(plan);
    expect([...previewed].filter(([, count]) => count > 0)).toEqual([['core.events', 1]]);
    const changes = await mergeAll(plan);
    expect([...changes.values()].flat()).toEqual([{ rows: 'core.events', rowId: String(events[0]!.id), previous: { customerId: plan.mergedIds[0], customerNodeId: customerGlobalId({ id: plan.mergedIds[0]!, kind: 'PERSON' }) } }]);
    await unmergeAll(plan, changes);
    expect(await snapshot()).toEqual(before);
  });

  it('re-point each customer column of a row on its own, and put each one back', async () => {
    const [lead] = await owner<{ id: string; customerId: string; referrerId: string }>(
      `SELECT id::text, "customerId"::text, "referrerId"::text FROM "Lead"
       WHERE "tenantId" = $1 AND "customerId" IS NOT NULL AND "referrerId" IS NOT NULL AND "customerId" <> "referrerId" ORDER BY id LIMIT 1`,
      [TENANT],
    );
    const [survivor] = await owner<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "tenantId" = $1 AND NOT (id::text = ANY($2::text[])) ORDER BY id LIMIT 1`, [
      TENANT,
      [lead!.customerId, lead!.referrerId],
    ]);
    const plan = planOf(survivor!, [{ id: lead!.customerId }, { id: lead!.referrerId }]);
    const both = repointRows({ rows: 'test.leads', label: 'leads', table: 'Lead', customerColumns: ['customerId', 'referrerId'] });
    const before = await snapshot();
    const leads = before.get('Lead')!;
    const touching = leads.filter((row) => plan.mergedIds.includes(row.customerId) || plan.mergedIds.includes(row.referrerId));
    const changes = await inTenant(async (scope) => {
      expect(await both.count(scope, plan)).toEqual({ rows: 'test.leads', label: 'leads', count: touching.length });
      return both.merge(scope, plan);
    });
    expect(changes.find((change) => change.rowId === lead!.id)!.previous).toEqual({ customerId: lead!.customerId, referrerId: lead!.referrerId });
    const expected = new Map(
      touching.map((row) => {
        const previous: Row = {};
        if (plan.mergedIds.includes(row.customerId)) previous.customerId = row.customerId;
        if (plan.mergedIds.includes(row.referrerId)) previous.referrerId = row.referrerId;
        return [row.id, previous];
      }),
    );
    expect(new Map(changes.map((change) => [change.rowId, change.previous]))).toEqual(expected);
    const moved = await owner<Row>(`SELECT id::text, "customerId"::text, "referrerId"::text FROM "Lead" WHERE id = $1::uuid`, [lead!.id]);
    expect(moved).toEqual([{ id: lead!.id, customerId: survivor!.id, referrerId: survivor!.id }]);
    await inTenant((scope) => both.unmerge(scope, plan, JSON.parse(JSON.stringify(changes)) as MergeChange[]));
    expect(await snapshot()).toEqual(before);
  });

  it('take table and column names only as plain identifiers', () => {
    expect(() => repointRows({ rows: 'x.rows', label: 'rows', table: 'Interaction"; DROP TABLE "Ticket', customerColumns: ['customerId'] })).toThrow(/identifier/);
    expect(() => repointRows({ rows: 'x.rows', label: 'rows', table: 'Interaction', customerColumns: ['customer Id'] })).toThrow(/identifier/);
    expect(() => repointRows({ rows: 'x.rows', label: 'rows', table: 'Interaction', customerColumns: [] })).toThrow(/no customer column/);
  });
});

// The survivor's segments follow the rows it gained: the membership reaction re-evaluates it on
// `customer.merged`, and the survivor and the restored customers on `customer.unmerged`.
describe('segment membership around a merge', () => {
  const clock = manualClock(new Date(inject('demoSeededAt')));
  let server: TestServer;
  let database: AppDatabase;
  let participants: ReadonlyMap<string, CustomerMergeParticipant>;

  beforeAll(async () => {
    server = await startTestServer({ clock, environment: { NEXO_BACKGROUND_JOBS: 'true' }, reactionPollIntervalMs: 50 });
    database = connectAppDatabase(server.appDatabaseUrl, 2);
    participants = customerMergeParticipants(await discoverPlugins(server.config));
  });
  afterAll(async () => {
    await database?.close();
    await server?.stop();
  });

  const owner = async <R extends Row>(text: string, values: unknown[] = []) => (await server.owner.query<R>(text, values)).rows;
  const knownTopics = new Set([customerMerged.name, customerUnmerged.name]);

  async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    for (let tries = 0; tries < 400; tries += 1) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${what} did not happen within 10 s`);
  }

  it('the survivor enters the segments its new rows qualify it for, and leaves them when the merge is undone', async () => {
    // M has more purchases than S; a rule "at least M's number of purchases" holds for M, and for S only once merged.
    const [{ currency }] = (await owner<{ currency: string }>(`SELECT currency FROM "ValueModel" WHERE "tenantId" = $1`, [TENANT])) as [{ currency: string }];
    const buyers = await owner<{ id: string; kind: string; purchases: number; scored: number }>(
      `SELECT c.id::text, c.kind::text, count(*)::int AS purchases, count(*) FILTER (WHERE i.currency = $2 AND i.amount IS NOT NULL)::int AS scored
       FROM "Customer" c JOIN "Interaction" i ON i."customerId" = c.id
       WHERE c."tenantId" = $1 AND c."archivedAt" IS NULL AND i.kind = 'PURCHASE' GROUP BY c.id ORDER BY purchases DESC, c.id`,
      [TENANT, currency],
    );
    // The biggest buyer with purchases in the scoring currency, whose merge adds to the survivor's score.
    const merged = buyers.find((buyer) => buyer.scored > 0)!;
    const survivor = buyers.find((buyer) => buyer.purchases < merged.purchases)!;
    const created = await server.graphql(
      `mutation Create($input: CreateSegmentInput!) { createSegment(input: $input) { __typename ... on SegmentPayload { segment { id } } } }`,
      { input: { name: 'Merge test: many purchases', kind: 'DYNAMIC', rule: { fact: { fact: 'interactions.count', operator: 'AT_LEAST', number: merged.purchases, filters: [{ name: 'kind', values: ['PURCHASE'] }] } } } },
    );
    const segmentGlobalId = (created.data!.createSegment as Row).segment.id as string;
    const segmentId = Buffer.from(segmentGlobalId, 'base64').toString().split(':')[1]!;
    const staysOf = (customerId: string) =>
      owner<Row>(`SELECT id::text, "exitedAt" IS NULL AS current FROM "SegmentMembership" WHERE "segmentId" = $1::uuid AND "customerId" = $2::uuid ORDER BY "enteredAt", id`, [segmentId, customerId]);
    const [mergedStay] = await staysOf(merged.id);
    expect(mergedStay).toMatchObject({ current: true });
    expect(await staysOf(survivor.id)).toEqual([]);

    const purchasesOf = async (ids: string[]) =>
      (await owner<{ count: number }>(
        `SELECT count(*)::int AS count FROM "Interaction" WHERE "tenantId" = $1 AND "customerId"::text = ANY($2::text[]) AND kind = 'PURCHASE' AND currency = $3 AND amount IS NOT NULL`,
        [TENANT, ids, currency],
      ))[0]!.count;
    const scoredPurchases = async () => (await owner<{ purchases: number }>(`SELECT purchases FROM "CustomerScore" WHERE "customerId" = $1::uuid`, [survivor.id]))[0]?.purchases;
    const both = await purchasesOf([survivor.id, merged.id]);
    expect(both).toBeGreaterThan(await purchasesOf([survivor.id]));

    const plan: CustomerMergePlan = { mergeId: '00000000-0000-4000-8000-000000000002', survivorId: survivor.id, survivorNodeId: customerGlobalId(survivor), mergedIds: [merged.id], fieldChoices: {} };
    const order = [...participants].filter(([name]) => name !== 'profile' && name !== 'identity');
    const survivorRef = { id: survivor.id, nodeId: customerGlobalId(survivor) };
    clock.advance(60_000);
    const mergedAt = clock.now();
    const changes = await database.tenantTransactions.run(TENANT, async (db) => {
      const scope: MergeScope = { db, sql, events: new EventWriter(() => 'user:merge-test', knownTopics, clock), tenantId: TENANT, now: mergedAt };
      const byParticipant = new Map<string, readonly MergeChange[]>();
      for (const [name, participant] of order) byParticipant.set(name, await participant.merge(scope, plan));
      // The profile's own part, which the identity area's tests cover: the merged record becomes an archived alias.
      await sql`UPDATE "Customer" SET "archivedAt" = ${mergedAt}::timestamp(3), "mergedIntoId" = ${survivor.id}::uuid WHERE id = ${merged.id}::uuid`;
      await scope.events.emit(customerMerged, { subjectId: survivorRef.nodeId, customer: survivorRef, payload: { mergeId: plan.mergeId, mergedIds: [merged.id], mergedNames: ['Merged'] } });
      return byParticipant;
    });

    const entered = await until('the survivor entering', async () => (await staysOf(survivor.id)).find((stay) => stay.current));
    expect(await staysOf(merged.id)).toEqual([{ id: mergedStay!.id, current: false }]);
    expect(await until('the survivor rescored', async () => ((await scoredPurchases()) === both ? both : undefined))).toBe(both);

    clock.advance(60_000);
    await database.tenantTransactions.run(TENANT, async (db) => {
      const scope: MergeScope = { db, sql, events: new EventWriter(() => 'user:merge-test', knownTopics, clock), tenantId: TENANT, now: clock.now() };
      await sql`UPDATE "Customer" SET "archivedAt" = NULL, "mergedIntoId" = NULL WHERE id = ${merged.id}::uuid`;
      for (const [name, participant] of [...order].reverse()) await participant.unmerge(scope, plan, changes.get(name) ?? []);
      await scope.events.emit(customerUnmerged, { subjectId: survivorRef.nodeId, customer: survivorRef, payload: { mergeId: plan.mergeId, restoredIds: [customerGlobalId(merged)], restoredNames: ['Merged'] } });
    });

    await until('the survivor leaving', async () => ((await staysOf(survivor.id)).some((stay) => stay.current) ? undefined : true));
    expect(await staysOf(survivor.id)).toEqual([{ id: entered.id, current: false }]);
    expect(await staysOf(merged.id)).toEqual([{ id: mergedStay!.id, current: true }]);
    const alone = await purchasesOf([survivor.id]);
    expect(await until('the survivor rescored again', async () => ((await scoredPurchases()) === alone ? alone : undefined))).toBe(alone);
    const announced = await owner<{ topic: string; customerId: string }>(
      `SELECT topic, "customerId"::text FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic LIKE 'segment.%' AND payload->>'segmentId' = $2 ORDER BY id`,
      [TENANT, segmentGlobalId],
    );
    // The survivor's own entry and exit; buyers with as many purchases as M were members from the start.
    expect(announced.filter((event) => event.customerId === survivor.id)).toEqual([
      { topic: 'segment.entered', customerId: survivor.id },
      { topic: 'segment.exited', customerId: survivor.id },
    ]);
  }, 60_000);
});
