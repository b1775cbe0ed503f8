import type { Sql } from '../../../src/plugin-api.ts';
import { blockingKeysSql, matchKeysSql } from './match-keys.ts';

// Candidate pairs by BLOCKING: two records are compared only when they share a key found by
// equality on "MatchKey": an e-mail key, a phone, a tax id, an external id, an address, a birth
// date, or the sound of both names (in either order). A key held by more than its cap of customers
// (a switchboard number) says little and would cost a quadratic block, so it is skipped. Trigram
// probes (pg_trgm `%`) are not a block: at 50,000 customers each costs about 15 ms whatever the
// index, so a rebuild would take minutes and an import batch seconds; trigram similarity only
// scores the pairs found (docs/decisions/2026-12-07-duplicate-matching.md).

/** Customers a key may be shared by and still pair them (sounds are coarser, so more). */
export const BLOCK_CAP = 40;
export const SOUND_BLOCK_CAP = 150;

/** What is compared against the tenant's match profiles. */
export type CandidateSource =
  | { kind: 'tenant' }
  | { kind: 'customers'; customerIds: readonly string[] }
  /** Records not stored: rows with profile's MatchAttributes columns (customerId null) and `idx`. */
  | { kind: 'incoming'; rows: readonly IncomingAttributes[] };

export interface IncomingAttributes {
  idx: number;
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  taxId: string | null;
  emails: string[];
  phones: string[];
  addresses: { street: string | null; postalCode: string | null; city: string | null; country: string | null }[];
  externalIds: string[];
  organizationIds: string[];
}

/** Everything the scoring needs of one compared pair (keys of both sides, what they share). */
export interface PairFeatures {
  /** The left record: a customer id (the smaller of the pair) or an incoming row's index as text. */
  left: string;
  /** The right record: always a stored customer. */
  right: string;
  kind: 'PERSON' | 'ORGANIZATION';
  nameA: string;
  nameB: string;
  firstA: string | null;
  firstB: string | null;
  lastA: string | null;
  lastB: string | null;
  firstSoundA: string | null;
  firstSoundB: string | null;
  lastSoundA: string | null;
  lastSoundB: string | null;
  birthA: string | null;
  birthB: string | null;
  taxA: string | null;
  taxB: string | null;
  nameSimilarity: number;
  sharedEmail: string | null;
  bothEmail: boolean;
  sharedPhone: string | null;
  bothPhone: boolean;
  sharedRef: string | null;
  bothRef: boolean;
  sharedAddress: string | null;
  bothAddress: boolean;
  sharedPostalCode: string | null;
  bothPostalCode: boolean;
  sharedOrganization: string | null;
  bothOrganization: boolean;
}

const PROFILE_COLUMNS = `kind, "nameKey", "firstKey", "lastKey", "firstSound", "lastSound", "birthDate", "emailKeys", "phoneKeys", "taxKey", "refKeys", "addressKeys", "postalCodes", "organizationIds"`;

const INCOMING_RECORD = `idx int, kind text, "displayName" text, "firstName" text, "lastName" text, "birthDate" date, "taxId" text,
  emails text[], phones text[], addresses jsonb, "externalIds" text[], "organizationIds" uuid[]`;

/** The left side: stored profiles (all, or some customers), or the incoming rows with their keys computed. */
function leftSide(source: CandidateSource): string {
  if (source.kind === 'incoming') {
    return `SELECT a.idx::text AS ref, NULL::uuid AS "customerId", ${matchKeysSql()} FROM jsonb_to_recordset($2::jsonb) AS a(${INCOMING_RECORD})`;
  }
  const customers = source.kind === 'customers' ? ` AND "customerId" = ANY($2::uuid[])` : '';
  return `SELECT "customerId"::text AS ref, "customerId", ${PROFILE_COLUMNS} FROM "MatchProfile" WHERE "tenantId" = $1${customers}`;
}

const capOf = (block: string) => `CASE WHEN ${block} = 'SOUND' THEN ${SOUND_BLOCK_CAP} ELSE ${BLOCK_CAP} END`;

// The statements below are shaped so that no join depends on the planner's estimates: a tenant the
// statistics have not seen yet looks empty to it, and a nested loop over "every key of the tenant"
// chosen on that guess took minutes. Blocks are aggregated, lookups are LATERAL on the key index
// (LIMIT keeps them from being flattened into a join), profiles are read by their primary key.

/** Every pair of the tenant sharing a key of a block not too big, each once (the smaller id first). */
const TENANT_CANDIDATES = `blocks AS (
      SELECT array_agg("customerId") AS ids FROM "MatchKey" WHERE "tenantId" = $1 GROUP BY block, key, kind
      HAVING count(*) BETWEEN 2 AND ${capOf('block')}
    ), pairs AS (
      SELECT DISTINCT a AS a_id, b AS b_id FROM blocks, unnest(blocks.ids) a, unnest(blocks.ids) b WHERE a < b
    )`;

/**
 * The pairs of a few records (changed customers, incoming rows) `lhs`: their keys, and for each
 * key the stored records holding it, looked up on the key index (at most one more than the cap,
 * so a huge block costs no more than a small one).
 */
function candidatesOf(stored: boolean): string {
  return `lhs_keys AS MATERIALIZED (SELECT l.ref, l."customerId", l.kind, k.block, k.key FROM lhs l CROSS JOIN ${blockingKeysSql('l')} k WHERE k.key IS NOT NULL),
    rhs_keys AS MATERIALIZED (
      SELECT wanted.block, wanted.key, holder."customerId", holder.kind
      FROM (SELECT DISTINCT block, key FROM lhs_keys) wanted
      CROSS JOIN LATERAL (
        SELECT k."customerId", k.kind FROM "MatchKey" k WHERE k."tenantId" = $1 AND k.block = wanted.block AND k.key = wanted.key
        LIMIT ${SOUND_BLOCK_CAP + 1}
      ) holder
    ), blocks AS (
      SELECT block, key, kind FROM rhs_keys GROUP BY block, key, kind HAVING count(*) <= ${capOf('block')}
    ), candidates AS (
      SELECT l.ref, r."customerId"
      FROM lhs_keys l
      JOIN blocks b ON b.block = l.block AND b.key = l.key AND b.kind = l.kind
      JOIN rhs_keys r ON r.block = l.block AND r.key = l.key AND r.kind = l.kind
      WHERE r."customerId" IS DISTINCT FROM l."customerId"
    ), pairs AS (
      ${stored ? `SELECT DISTINCT least(ref::uuid, "customerId") AS a_id, greatest(ref::uuid, "customerId") AS b_id FROM candidates` : `SELECT DISTINCT ref, "customerId" AS b_id FROM candidates`}
    )`;
}

/** A stored profile by primary key, as a LATERAL subquery (never flattened into a join). */
const profileOf = (id: string) => `LATERAL (SELECT * FROM "MatchProfile" p WHERE p."tenantId" = $1 AND p."customerId" = ${id} LIMIT 1)`;

const shared = (column: string, name: string, cast = '') => `(SELECT min(x${cast}) FROM unnest(a."${column}") x WHERE x = ANY(b."${column}")) AS "shared${name}"`;
const both = (column: string, name: string) => `(cardinality(a."${column}") > 0 AND cardinality(b."${column}") > 0) AS "both${name}"`;

const FEATURES = `a.kind,
  a."nameKey" AS "nameA", b."nameKey" AS "nameB", a."firstKey" AS "firstA", b."firstKey" AS "firstB", a."lastKey" AS "lastA", b."lastKey" AS "lastB",
  a."firstSound" AS "firstSoundA", b."firstSound" AS "firstSoundB", a."lastSound" AS "lastSoundA", b."lastSound" AS "lastSoundB",
  to_char(a."birthDate", 'YYYY-MM-DD') AS "birthA", to_char(b."birthDate", 'YYYY-MM-DD') AS "birthB", a."taxKey" AS "taxA", b."taxKey" AS "taxB",
  similarity(a."nameKey", b."nameKey")::float8 AS "nameSimilarity",
  ${shared('emailKeys', 'Email')}, ${both('emailKeys', 'Email')},
  ${shared('phoneKeys', 'Phone')}, ${both('phoneKeys', 'Phone')},
  ${shared('refKeys', 'Ref')}, ${both('refKeys', 'Ref')},
  ${shared('addressKeys', 'Address')}, ${both('addressKeys', 'Address')},
  ${shared('postalCodes', 'PostalCode')}, ${both('postalCodes', 'PostalCode')},
  ${shared('organizationIds', 'Organization', '::text')}, ${both('organizationIds', 'Organization')}`;

/**
 * Compares the source's records with the tenant's stored profiles, in ONE statement: blocking,
 * then the features of every candidate pair. Pairs of stored customers come once each, the
 * smaller id on the left.
 */
export async function comparePairs(scope: { sql: Sql; tenantId: string }, source: CandidateSource): Promise<PairFeatures[]> {
  if (source.kind === 'customers' && source.customerIds.length === 0) return [];
  if (source.kind === 'incoming' && source.rows.length === 0) return [];
  // Compiling the whole tenant's comparison costs more than running it (1.4 s at 50,000 customers).
  if (source.kind === 'tenant') await scope.sql`SELECT set_config('jit', 'off', true)`;
  const stored = source.kind !== 'incoming';
  const left = stored ? `CROSS JOIN ${profileOf('pair.a_id')} a` : `JOIN lhs a ON a.ref = pair.ref`;
  const text = `WITH ${source.kind === 'tenant' ? TENANT_CANDIDATES : `lhs AS MATERIALIZED (${leftSide(source)}), ${candidatesOf(stored)}`}
    SELECT ${stored ? 'pair.a_id::text' : 'pair.ref'} AS "left", pair.b_id::text AS "right", ${FEATURES}
    FROM pairs pair
    ${left}
    CROSS JOIN ${profileOf('pair.b_id')} b`;
  const values: unknown[] = [scope.tenantId];
  if (source.kind === 'customers') values.push(source.customerIds);
  if (source.kind === 'incoming') values.push(JSON.stringify(source.rows));
  return scope.sql.query<PairFeatures>(text, values);
}
