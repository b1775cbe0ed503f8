import type { Sql } from '../../../src/plugin-api.ts';
import { isUuid } from '../../../src/plugin-api.ts';
import { comparePairs } from '../store/match-candidates.ts';
import { readMatchSettings } from '../store/match-settings.ts';
import { scorePair } from './score-pair.ts';
import type { MatchSignalResult } from './signals.ts';

export type { MatchSignalResult } from './signals.ts';

/** A customer not stored yet (an import's row, a person being created), as matching reads it. */
export interface IncomingCustomer {
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  firstName?: string | null;
  lastName?: string | null;
  birthDate?: Date | null;
  taxId?: string | null;
  /** E-mail addresses (any case: matching normalizes them as their provider reads them). */
  emails: string[];
  /** Phones in E.164. */
  phones: string[];
  addresses: { street?: string | null; postalCode?: string | null; city?: string | null; country?: string | null }[];
  /** Ids other systems know the customer by, without their source. */
  externalIds: string[];
  /** For a person, the row ids of organizations they belong to. */
  organizationIds: string[];
}

export interface LikelyMatch {
  /** The row id of a live customer of the tenant. */
  customerId: string;
  score: number;
  signals: MatchSignalResult[];
}

export interface MatchScope {
  sql: Sql;
  tenantId: string;
}

/** Default number of matches kept per incoming customer. */
const DEFAULT_LIMIT = 5;


/**
 * For each incoming customer (by index), the live customers of the tenant it likely is, best first:
 * those scoring at least `minScore` (default: the tenant's possible threshold), at most `limit`
 * each. The whole batch costs two statements (the tenant's settings, and one comparison).
 */
export async function findLikelyMatches(
  scope: MatchScope,
  incoming: readonly IncomingCustomer[],
  options: { minScore?: number; limit?: number } = {},
): Promise<LikelyMatch[][]> {
  const found: LikelyMatch[][] = incoming.map(() => []);
  if (incoming.length === 0) return found;
  const settings = await readMatchSettings(scope);
  const minScore = options.minScore ?? settings.possible;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const rows = incoming.map((customer, idx) => ({
    idx,
    kind: customer.kind,
    displayName: customer.displayName,
    firstName: customer.firstName ?? null,
    lastName: customer.lastName ?? null,
    birthDate: customer.birthDate ? customer.birthDate.toISOString().slice(0, 10) : null,
    taxId: customer.taxId ?? null,
    emails: customer.emails,
    phones: customer.phones,
    addresses: customer.addresses.map((address) => ({
      street: address.street ?? null,
      postalCode: address.postalCode ?? null,
      city: address.city ?? null,
      country: address.country ?? null,
    })),
    externalIds: customer.externalIds,
    // A malformed id could only fail the statement: it cannot be anyone's organization anyway.
    organizationIds: customer.organizationIds.filter((id) => isUuid(id)),
  }));
  for (const pair of await comparePairs(scope, { kind: 'incoming', rows })) {
    const scored = scorePair(pair, settings.weights);
    if (scored.score >= minScore) found[Number(pair.left)]!.push({ customerId: pair.right, ...scored });
  }
  return found.map((matches) => matches.sort((a, b) => b.score - a.score || a.customerId.localeCompare(b.customerId)).slice(0, limit));
}

/**
 * The tenant's thresholds: from `likely` a pair is the same customer; from `possible` (below
 * `likely`) it is uncertain and worth a person's look (an import holds such a row for review).
 */
export async function matchThresholds(scope: MatchScope): Promise<{ likely: number; possible: number }> {
  const settings = await readMatchSettings(scope);
  return { likely: settings.likely, possible: settings.possible };
}
