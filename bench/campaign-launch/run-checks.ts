import { DEFAULT_BATCH_SIZE } from '../../plugins/campaigns/launch/run-batch.ts';
import { batchesFor, type BatchFigures } from './batch-figures.ts';
import type { RunCounts } from './run-counts.ts';
import type { RunState } from './run-follow.ts';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

const n = (value: number) => value.toLocaleString('en');

/**
 * Every check a run must pass: what the issue asks (everyone decided once, every contact written
 * once), what the counters say, and that the API shows the audience the database holds.
 */
export function runChecks(counts: RunCounts, state: RunState): Check[] {
  const customers = counts.contactedCustomers + counts.controlCustomers + counts.excludedCustomers;
  const checks: Check[] = [
    { name: 'audience = snapshot members', passed: counts.audience === counts.snapshotMembers, detail: `${n(counts.audience)} = ${n(counts.snapshotMembers)}` },
    {
      name: 'every member decided, no one else',
      passed: counts.undecidedMembers === 0 && counts.decidedOutsideSnapshot === 0 && counts.decidedCustomers === counts.audience,
      detail: `${n(counts.decidedCustomers)} decided, ${n(counts.undecidedMembers)} undecided, ${n(counts.decidedOutsideSnapshot)} outside`,
    },
    {
      name: 'contacted + control + excluded customers = audience',
      passed: customers === counts.audience,
      detail: `${n(counts.contactedCustomers)} + ${n(counts.controlCustomers)} + ${n(counts.excludedCustomers)} = ${n(customers)}`,
    },
    {
      name: 'once per channel (control: once)',
      passed: counts.duplicateRows === 0 && counts.customersWithWrongRows === 0,
      detail: `${n(counts.duplicateRows)} duplicate rows, ${n(counts.customersWithWrongRows)} customers with a wrong number of rows`,
    },
    {
      name: 'run counters = rows',
      passed: counts.runContacted === counts.contactedRows && counts.runControl === counts.controlRows && counts.runExcluded === counts.excludedRows,
      detail: `${n(counts.runContacted)}/${n(counts.runControl)}/${n(counts.runExcluded)} counted, ${n(counts.contactedRows)}/${n(counts.controlRows)}/${n(counts.excludedRows)} rows`,
    },
    {
      name: 'contact interactions = CONTACTED rows',
      passed: counts.contactInteractions === counts.contactedRows && counts.duplicateContactInteractions === 0 && counts.linkedContacts === counts.contactedRows,
      detail: `${n(counts.contactInteractions)} interactions (${n(counts.duplicateContactInteractions)} twice), ${n(counts.contactedRows)} rows, ${n(counts.linkedContacts)} linked`,
    },
    { name: 'campaign.contactSent events = contacts', passed: counts.contactEvents === counts.contactedRows, detail: `${n(counts.contactEvents)} events` },
  ];
  // Listed only when it fails: in a passing run the first check already shows the audience.
  if (state.audience !== counts.audience) checks.push({ name: 'API audience = database', passed: false, detail: `${state.audience} ≠ ${counts.audience}` });
  return checks;
}

export function constantStatementsCheck(figures: BatchFigures): Check {
  const { min, max } = figures.statements.fullBatches;
  return { name: 'statements constant per full batch', passed: figures.statements.constant, detail: `${min}–${max} over ${figures.batches - 1} full batches` };
}

/** A resumed run: the kill left whole batches (each commits its customers at once), and the batches before and after it add up to one run. */
export function resumeChecks(atKill: { decided: number; status: string }, batchesBefore: number, batchesAfter: number, audience: number): Check[] {
  return [
    {
      name: 'the kill left whole batches only',
      passed: atKill.status === 'RUNNING' && atKill.decided % DEFAULT_BATCH_SIZE === 0,
      detail: `${n(atKill.decided)} decided at the kill, the run ${atKill.status}`,
    },
    {
      name: 'batches before + after = one run',
      passed: batchesBefore + batchesAfter === batchesFor(audience),
      detail: `${batchesBefore} + ${batchesAfter} = ${batchesBefore + batchesAfter} of ${batchesFor(audience)}`,
    },
  ];
}
