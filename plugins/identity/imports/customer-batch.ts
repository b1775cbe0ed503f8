import { findImportKeyHolders, importCustomers, type CustomerImport, type ImportedCustomer, type KeyHolder } from '../../profile/plugin.ts';
import { findLikelyMatches, matchThresholds, type IncomingCustomer, type LikelyMatch } from '../matching/find-likely-matches.ts';
import { refreshCustomerMatches } from '../matching/maintain-pairs.ts';
import type { HeldRow, ImportCounts, RejectedRow } from '../store/import-jobs.ts';
import { groupRows, type RowGroup, type RowOfBatch } from './fold-rows.ts';
import type { ImportOptions } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';
import { readCustomerRow } from './normalize/customer-row.ts';
import type { MappedRow } from './read/import-records.ts';

/** What a batch did, to be committed with its checkpoint. */
export interface BatchOutcome {
  counts: ImportCounts;
  rejected: RejectedRow[];
  held: HeldRow[];
}

/** A review item's row: the customer as it would be written, and the line it came from. */
export interface HeldCustomerRow {
  customer: ImportedCustomer;
}

type Decision = { action: 'UPDATE'; customerId: string } | { action: 'CREATE' } | { action: 'HOLD'; matches: LikelyMatch[] } | { action: 'REFUSE'; reason: string };

/**
 * One batch of a customers file: each row read and normalized; rows of one customer folded; each
 * customer matched, exactly (the same id in the source system, the same e-mail, a phone only one
 * customer has) or by the likelihood that it is an existing customer (matching's scores against
 * the tenant's thresholds); then written set-based by the profile: created, updated (or found
 * unchanged), or held for a person to decide when the match is uncertain.
 */
export async function importCustomerBatch(scope: ImportScope, rows: readonly MappedRow[], options: ImportOptions): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { counts: { created: 0, updated: 0, unchanged: 0, held: 0, rejected: 0 }, rejected: [], held: [] };
  const reject = (row: { line: number; content: string }, reason: string) => {
    outcome.rejected.push({ line: row.line, reason, content: row.content });
    outcome.counts.rejected += 1;
  };
  const valid: RowOfBatch[] = [];
  for (const row of rows) {
    const reading = readCustomerRow(row.values, options, scope.now);
    if (reading.ok) valid.push({ line: row.line, content: row.content, customer: reading.value });
    else reject(row, reading.problems.join('; '));
  }
  const overwrite = options.fieldPolicy === 'OVERWRITE';
  const groups = groupRows(valid, overwrite);
  const decisions = await decide(scope, groups, options);

  const writes: { group: RowGroup; item: CustomerImport }[] = [];
  groups.forEach((group, index) => {
    const decision = decisions[index]!;
    if (decision.action === 'REFUSE') for (const row of group.rows) reject(row, decision.reason);
    else if (decision.action === 'HOLD') {
      outcome.counts.held += group.rows.length;
      outcome.held.push({
        line: group.rows[0]!.line,
        row: { customer: group.customer } satisfies HeldCustomerRow,
        candidateIds: decision.matches.map((match) => match.customerId),
        score: decision.matches[0]!.score,
      });
    } else {
      const item: CustomerImport = decision.action === 'UPDATE' ? { action: 'UPDATE', customerId: decision.customerId, customer: group.customer } : { action: 'CREATE', customer: group.customer };
      writes.push({ group, item });
    }
  });

  const results = await importCustomers(scope, writes.map((write) => write.item), {
    overwrite,
    ownerId: options.ownerId,
    consentSource: options.source,
  });
  const touched: string[] = [];
  results.forEach((result, index) => {
    const { group } = writes[index]!;
    if (result.outcome === 'REFUSED') {
      for (const row of group.rows) reject(row, result.reason);
      return;
    }
    if (result.outcome !== 'UNCHANGED') touched.push(result.customerId);
    const first = result.outcome === 'CREATED' ? 'created' : result.outcome === 'UPDATED' ? 'updated' : 'unchanged';
    outcome.counts[first] += 1;
    // Later rows of the customer: an update when they added to the rows before them.
    for (const contributed of group.contributed) outcome.counts[contributed && result.outcome !== 'UNCHANGED' ? 'updated' : 'unchanged'] += 1;
  });
  // Profiles and pairs now, in the batch's transaction: later batches of the file find these
  // customers by likelihood, and matching's reaction to their events finds nothing left to do.
  if (touched.length > 0) await refreshCustomerMatches(scope, touched);
  return outcome;
}

async function decide(scope: ImportScope, groups: readonly RowGroup[], options: ImportOptions): Promise<Decision[]> {
  const holders = await findImportKeyHolders(scope, {
    refs: groups.flatMap((group) => group.customer.externalRefs),
    emails: groups.flatMap((group) => group.customer.emails),
    phones: groups.flatMap((group) => group.customer.phones),
  });
  const decisions: (Decision | null)[] = groups.map(({ customer }) => {
    const byRef = customer.externalRefs.map((ref) => holders.byRef.get(`${ref.source}\u0000${ref.externalId}`)).filter((holder): holder is KeyHolder => holder !== undefined);
    const archived = byRef.find((holder) => holder.archived);
    if (archived) return { action: 'REFUSE', reason: `${customer.externalRefs[0]!.source} id ${customer.externalRefs[0]!.externalId} belongs to an archived customer` };
    const byEmail = customer.emails.map((email) => holders.byEmail.get(email)).filter((holder): holder is KeyHolder => holder !== undefined && holder.kind === customer.kind);
    const exact = new Set([...byRef, ...byEmail].map((holder) => holder.id));
    if (exact.size > 1) return { action: 'REFUSE', reason: `matches ${exact.size} existing customers exactly (by id and e-mail): merge them first` };
    if (exact.size === 1) return { action: 'UPDATE', customerId: [...exact][0]! };
    // A phone settles it only when one customer of that kind has it (a switchboard or a family line does not).
    const byPhone = new Set(
      customer.phones.flatMap((phone) => {
        const owners = (holders.byPhone.get(phone) ?? []).filter((holder) => holder.kind === customer.kind);
        return owners.length === 1 ? [owners[0]!.id] : [];
      }),
    );
    if (byPhone.size === 1) return { action: 'UPDATE', customerId: [...byPhone][0]! };
    return null;
  });

  const open = groups.flatMap((group, index) => (decisions[index] === null ? [{ index, incoming: incomingOf(group.customer) }] : []));
  if (open.length > 0) {
    const thresholds = await matchThresholds(scope);
    const matches = await findLikelyMatches(scope, open.map((entry) => entry.incoming), { minScore: thresholds.possible, limit: 5 });
    open.forEach(({ index }, position) => {
      const found = matches[position] ?? [];
      const best = found[0];
      if (!best) decisions[index] = { action: 'CREATE' };
      else if (best.score >= thresholds.likely) decisions[index] = { action: 'UPDATE', customerId: best.customerId };
      else decisions[index] = options.onUncertainMatch === 'HOLD' ? { action: 'HOLD', matches: found } : { action: 'CREATE' };
    });
  }
  return decisions as Decision[];
}

export function incomingOf(customer: ImportedCustomer): IncomingCustomer {
  return {
    kind: customer.kind,
    displayName: customer.displayName,
    firstName: customer.firstName,
    lastName: customer.lastName,
    birthDate: customer.birthDate ? new Date(`${customer.birthDate}T00:00:00Z`) : null,
    taxId: customer.taxId,
    emails: customer.emails,
    phones: customer.phones,
    addresses: customer.addresses,
    externalIds: customer.externalRefs.map((ref) => ref.externalId),
    organizationIds: [],
  };
}
