import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

const QUALITY = /* GraphQL */ `
  query Quality {
    dataQuality {
      likelyThreshold
      all { source customers likelyDuplicates duplicateRate emailShare phoneShare consentShare invalidEmails invalidPhones incompleteAddresses }
      bySource { source customers likelyDuplicates duplicateRate emailShare phoneShare consentShare invalidEmails invalidPhones incompleteAddresses }
    }
  }
`;

interface Figures {
  source: string | null;
  customers: number;
  likelyDuplicates: number;
  duplicateRate: number;
  emailShare: number;
  phoneShare: number;
  consentShare: number;
  invalidEmails: number;
  invalidPhones: number;
  incompleteAddresses: number;
}

interface Rows {
  customers: { id: string }[];
  points: { customerId: string; kind: string; value: string; postalCode: string | null; city: string | null; country: string | null }[];
  consents: { customerId: string }[];
  refs: { customerId: string; source: string }[];
  pairs: { customerA: string; customerB: string; score: number; dismissedAt: Date | null }[];
}

/** The figures computed in TypeScript over the rows, independently of the report's SQL. */
function expectedFigures(rows: Rows, threshold: number): { all: Figures; bySource: Figures[] } {
  const flagged = new Set(rows.pairs.filter((pair) => pair.dismissedAt === null && pair.score >= threshold).flatMap((pair) => [pair.customerA, pair.customerB]));
  const consented = new Set(rows.consents.map((consent) => consent.customerId));
  const figuresOf = (source: string | null, ids: string[]): Figures => {
    const members = new Set(ids);
    const points = rows.points.filter((point) => members.has(point.customerId));
    const hasKind = (id: string, kind: string) => points.some((point) => point.customerId === id && point.kind === kind);
    const share = (count: number) => (ids.length === 0 ? 0 : count / ids.length);
    const likely = ids.filter((id) => flagged.has(id)).length;
    return {
      source,
      customers: ids.length,
      likelyDuplicates: likely,
      duplicateRate: share(likely),
      emailShare: share(ids.filter((id) => hasKind(id, 'EMAIL')).length),
      phoneShare: share(ids.filter((id) => hasKind(id, 'PHONE')).length),
      consentShare: share(ids.filter((id) => consented.has(id)).length),
      invalidEmails: points.filter((point) => point.kind === 'EMAIL' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(point.value)).length,
      invalidPhones: points.filter((point) => point.kind === 'PHONE' && !/^\+[1-9][0-9]{6,14}$/.test(point.value)).length,
      incompleteAddresses: points.filter((point) => point.kind === 'ADDRESS' && (!point.postalCode || !point.city || !point.country)).length,
    };
  };
  const live = new Set(rows.customers.map((customer) => customer.id));
  const sources = new Map<string | null, Set<string>>();
  for (const ref of rows.refs) {
    if (!live.has(ref.customerId)) continue;
    if (!sources.has(ref.source)) sources.set(ref.source, new Set());
    sources.get(ref.source)!.add(ref.customerId);
  }
  const referenced = new Set(rows.refs.map((ref) => ref.customerId));
  const unsourced = [...live].filter((id) => !referenced.has(id));
  const bySource = [...sources.keys()]
    .sort()
    .map((source) => figuresOf(source, [...sources.get(source)!]));
  if (unsourced.length > 0) bySource.push(figuresOf(null, unsourced));
  return { all: figuresOf(null, [...live]), bySource };
}

describe('data-quality figures', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  let server: TestServer;

  async function inTenant<Row extends object>(query: string, values: unknown[] = []): Promise<Row[]> {
    await server.owner.query('BEGIN');
    try {
      await server.owner.query(`SELECT set_config('app.tenant_id', 'demo', true)`);
      return (await server.owner.query<Row>(query, values)).rows;
    } finally {
      await server.owner.query('COMMIT');
    }
  }

  async function readRows(): Promise<Rows> {
    return {
      customers: await inTenant(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL`),
      points: await inTenant(`SELECT "customerId"::text AS "customerId", kind::text, value, "postalCode", city, country FROM "ContactPoint" WHERE "tenantId" = 'demo' AND "isActive"`),
      consents: await inTenant(`SELECT "customerId"::text AS "customerId" FROM "Consent" WHERE "tenantId" = 'demo'`),
      refs: await inTenant(`SELECT "customerId"::text AS "customerId", source FROM "ExternalRef" WHERE "tenantId" = 'demo'`),
      pairs: await inTenant(`SELECT "customerA"::text AS "customerA", "customerB"::text AS "customerB", score, "dismissedAt" FROM "DuplicatePair" WHERE "tenantId" = 'demo'`),
    };
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt), plugins: ['profile', 'identity'] });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('equal a computation over the rows, overall and per source, with legacy data that the profile would not write', async () => {
    // Rows as an old system or a direct database load leaves them: an e-mail without a domain, a
    // phone not in E.164, an address without postal code, and a customer known to two systems.
    const [first, second] = await inTenant<{ id: string }>(
      `SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL AND kind = 'PERSON' ORDER BY id LIMIT 2`,
    );
    await inTenant(
      `INSERT INTO "ContactPoint" (id, "tenantId", "customerId", kind, value, "isActive") VALUES
         (gen_random_uuid(), 'demo', $1, 'EMAIL', 'no-domain-legacy', true),
         (gen_random_uuid(), 'demo', $1, 'PHONE', '91 555 12 12', true),
         (gen_random_uuid(), 'demo', $2, 'ADDRESS', 'Calle Mayor 1', true)`,
      [first!.id, second!.id],
    );
    await inTenant(
      `INSERT INTO "ExternalRef" (id, "tenantId", "customerId", source, "externalId") VALUES
         (gen_random_uuid(), 'demo', $1, 'legacy-erp', 'E-1'), (gen_random_uuid(), 'demo', $1, 'web-shop', 'W-1'),
         (gen_random_uuid(), 'demo', $2, 'legacy-erp', 'E-2')`,
      [first!.id, second!.id],
    );

    const response = await server.graphql(QUALITY);
    expect(response.errors).toBeUndefined();
    const report = response.data!.dataQuality as { likelyThreshold: number; all: Figures; bySource: Figures[] };
    const rows = await readRows();
    const expected = expectedFigures(rows, report.likelyThreshold);

    expect(report.all).toEqual({ ...expected.all, duplicateRate: expect.closeTo(expected.all.duplicateRate, 12) });
    expect(report.all.invalidEmails).toBeGreaterThanOrEqual(1);
    expect(report.all.invalidPhones).toBeGreaterThanOrEqual(1);
    expect(report.all.incompleteAddresses).toBeGreaterThanOrEqual(1);
    expect(report.bySource.map((figures) => figures.source)).toEqual(expected.bySource.map((figures) => figures.source));
    for (const [index, figures] of report.bySource.entries()) {
      const wanted = expected.bySource[index]!;
      expect(figures).toEqual({
        ...wanted,
        duplicateRate: expect.closeTo(wanted.duplicateRate, 12),
        emailShare: expect.closeTo(wanted.emailShare, 12),
        phoneShare: expect.closeTo(wanted.phoneShare, 12),
        consentShare: expect.closeTo(wanted.consentShare, 12),
      });
    }
    // A customer known to two systems counts in both sources, and once overall.
    const live = new Set(rows.customers.map((customer) => customer.id));
    const sourcesOf = (id: string) => new Set(rows.refs.filter((ref) => ref.customerId === id).map((ref) => ref.source)).size;
    const counted = report.bySource.reduce((sum, figures) => sum + figures.customers, 0);
    expect(counted).toBe([...live].reduce((sum, id) => sum + Math.max(1, sourcesOf(id)), 0));
    expect(report.bySource.find((figures) => figures.source === 'web-shop')?.customers).toBeGreaterThanOrEqual(1);
  });

  it('count a pair as duplicates only at or above the threshold, and not once dismissed', async () => {
    const before = (await server.graphql(QUALITY)).data!.dataQuality as { likelyThreshold: number; all: Figures };
    const loners = await inTenant<{ id: string }>(
      `SELECT c.id::text FROM "Customer" c WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "DuplicatePair" p WHERE p."tenantId" = 'demo' AND c.id IN (p."customerA", p."customerB"))
       ORDER BY c.id LIMIT 6`,
    );
    const [a, b, c, d, e, f] = loners.map((row) => row.id);
    const at = seededAt.toISOString();
    await inTenant(
      `INSERT INTO "DuplicatePair" ("tenantId", "customerA", "customerB", score, signals, "computedAt", "dismissedAt") VALUES
         ('demo', $1, $2, $7 + 1, '[]', $8, NULL),
         ('demo', $3, $4, $7 - 0.5, '[]', $8, NULL),
         ('demo', $5, $6, $7 + 3, '[]', $8, $8)`,
      [a, b, c, d, e, f, before.likelyThreshold, at],
    );
    const after = (await server.graphql(QUALITY)).data!.dataQuality as { all: Figures };
    expect(after.all.likelyDuplicates).toBe(before.all.likelyDuplicates + 2);
  });

  it('are refused to a viewer without identity:read', async () => {
    const token = await server.token({ roles: ['sales'] });
    const viewer = await server.token({ roles: ['viewer'] });
    const refused = await server.graphql(QUALITY, {}, { token: await server.token({ roles: ['reader-of-nothing'] }) });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.graphql(QUALITY, {}, { token })).errors).toBeUndefined();
    expect((await server.graphql(QUALITY, {}, { token: viewer })).errors).toBeUndefined();
  });
});
