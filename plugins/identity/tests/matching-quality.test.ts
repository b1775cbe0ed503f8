import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { comparePairs } from '../store/match-candidates.ts';
import { dirtyDataset, pairKey, truePairs, type DirtyRecord } from './support-dirty-dataset.ts';
import { createTenant, loadDirtyRecords, ownerSql, qualityAt, type Quality } from './support-matching.ts';

// Precision and recall of duplicate matching on a generated dirty dataset whose truth is known:
// the records are created over HTTP as any client would, the tenant's pairs rebuilt through
// updateMatchSettings, and every kept pair checked against which person each record really is.

const TENANT = 'dirty-data';
const ADMIN: TokenRequest = { tenant: TENANT, roles: ['admin'] };
const PEOPLE = 500;

let server: TestServer;
let records: DirtyRecord[];
let rowIds: string[];
let truth: Set<string>;
let scored: { key: string; score: number }[];
let likely: number;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'identity'] });
  await createTenant(server, TENANT);
  records = dirtyDataset(20261207, PEOPLE);
  truth = truePairs(records);
  rowIds = await loadDirtyRecords(server, ADMIN, records);

  const rebuilt = await server.graphql(`mutation { updateMatchSettings(input: {}) { __typename ... on UpdateMatchSettingsPayload { pairs settings { likelyThreshold } } } }`, {}, { as: ADMIN });
  expect(rebuilt.errors).toBeUndefined();
  likely = rebuilt.data!.updateMatchSettings.settings.likelyThreshold;

  const indexOf = new Map(rowIds.map((id, index) => [id, index]));
  await server.owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [TENANT]);
  const { rows } = await server.owner.query<{ customerA: string; customerB: string; score: number }>(`SELECT "customerA", "customerB", score FROM "DuplicatePair" WHERE "tenantId" = $1`, [TENANT]);
  scored = rows.map((row) => ({ key: pairKey(indexOf.get(row.customerA)!, indexOf.get(row.customerB)!), score: row.score }));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('duplicate matching on a dirty dataset with known truth', () => {
  it('finds the same people with precision ≥ 0.95 and recall ≥ 0.90 at the default threshold', () => {
    expect(records.length).toBeGreaterThan(PEOPLE);
    expect(truth.size).toBeGreaterThan(100);
    const atDefault = qualityAt(likely, scored, truth);
    const table = [8, 10, 12, 14, 16, 18, 20, 24].map((threshold) => qualityAt(threshold, scored, truth));
    console.log(`dirty dataset: ${records.length} records, ${truth.size} true pairs, ${scored.length} pairs kept\n${formatTable(table)}`);
    const missed = [...truth].filter((key) => !scored.some((pair) => pair.key === key && pair.score >= likely)).slice(0, 8);
    const wrong = scored.filter((pair) => pair.score >= likely && !truth.has(pair.key)).slice(0, 8);
    const describe = (key: string) => key.split('|').map((index) => JSON.stringify(records[Number(index)])).join('\n    ');
    if (atDefault.precision < 0.95 || atDefault.recall < 0.9) {
      console.log(`missed:\n  ${missed.map(describe).join('\n  ')}\nwrong:\n  ${wrong.map((pair) => `${pair.score} ${describe(pair.key)}`).join('\n  ')}`);
    }
    expect(atDefault.precision).toBeGreaterThanOrEqual(0.95);
    expect(atDefault.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps a lower threshold for review: more of the same people, fewer of them sure', () => {
    const possible = qualityAt(8, scored, truth);
    const sure = qualityAt(likely, scored, truth);
    expect(possible.recall).toBeGreaterThanOrEqual(sure.recall);
    expect(possible.found).toBeGreaterThan(sure.found);
  });

  it('compares far fewer pairs than every pair (blocking), and misses few true pairs by it', async () => {
    await server.owner.query('BEGIN');
    try {
      await server.owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [TENANT]);
      const compared = await comparePairs({ sql: ownerSql(server.owner), tenantId: TENANT }, { kind: 'tenant' });
      const everyPair = (records.length * (records.length - 1)) / 2;
      const indexOf = new Map(rowIds.map((id, index) => [id, index]));
      const reached = new Set(compared.map((pair) => pairKey(indexOf.get(pair.left)!, indexOf.get(pair.right)!)));
      const blockedTrue = [...truth].filter((key) => reached.has(key)).length;
      console.log(`blocking: ${compared.length} pairs compared of ${everyPair} (${((100 * compared.length) / everyPair).toFixed(2)} %), ${blockedTrue}/${truth.size} true pairs among them`);
      expect(compared.length).toBeLessThan(everyPair / 20);
      expect(blockedTrue / truth.size).toBeGreaterThanOrEqual(0.95);
    } finally {
      await server.owner.query('ROLLBACK');
    }
  });
});

function formatTable(rows: readonly Quality[]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['threshold', 'pairs at or above', 'true among them', 'precision', 'recall']),
    line(['---', '---', '---', '---', '---']),
    ...rows.map((row) => line([row.threshold, row.found, row.truePositives, row.precision.toFixed(3), row.recall.toFixed(3)])),
  ].join('\n');
}
