import type { CustomerRow } from '../store/customer-rows.ts';
import type { CustomerKind } from '../store/enums.ts';

/**
 * The profile fields a merge settles, with the kind of customer each applies to. For each one the
 * survivor keeps its own value unless a field choice names another customer of the merge; a value
 * the survivor lacks (null) is taken from the first merged record that has one.
 */
export const MERGEABLE_FIELDS = {
  displayName: null,
  firstName: 'PERSON',
  lastName: 'PERSON',
  birthDate: 'PERSON',
  legalName: 'ORGANIZATION',
  taxId: 'ORGANIZATION',
  industry: 'ORGANIZATION',
  size: 'ORGANIZATION',
  ownerId: null,
  language: null,
  country: null,
  region: null,
  city: null,
  lifecycle: null,
  traits: null,
} as const satisfies Record<string, CustomerKind | null>;

export type MergeableField = keyof typeof MERGEABLE_FIELDS;

/** Columns a merge writes on the survivor: the mergeable fields, and what follows them. */
export type SurvivorColumn = MergeableField | 'audiences' | 'lifecycleChangedAt';

export function isMergeableField(field: string): field is MergeableField {
  return Object.prototype.hasOwnProperty.call(MERGEABLE_FIELDS, field);
}

/** Whether a field applies to customers of this kind. */
export function fieldAppliesTo(field: MergeableField, kind: CustomerKind): boolean {
  const only = MERGEABLE_FIELDS[field];
  return only === null || only === kind;
}

export interface MergedProfile {
  kind: CustomerKind;
  /** The survivor's columns after the merge (every settled column, changed or not). */
  values: Record<SurvivorColumn, unknown>;
  /** For each field of the kind, the row id of the customer whose value the survivor has. */
  sources: Partial<Record<MergeableField, string>>;
}

type Row = Pick<CustomerRow, 'id' | 'kind'> & Partial<Record<SurvivorColumn, unknown>>;

/**
 * What the survivor's profile becomes when `merged` (in the order given) are merged into it with
 * these choices (field → row id of a customer of the merge). Pure: the same rows give the same
 * profile, which is how unmerge tells what the merge wrote from what was written since.
 */
export function resolveMergedProfile(survivor: Row, merged: readonly Row[], choices: Readonly<Record<string, string>>): MergedProfile {
  const everyone = [survivor, ...merged];
  const byId = new Map(everyone.map((customer) => [customer.id, customer]));
  const values = {} as Record<SurvivorColumn, unknown>;
  const sources: Partial<Record<MergeableField, string>> = {};

  for (const field of Object.keys(MERGEABLE_FIELDS) as MergeableField[]) {
    if (field === 'displayName' || field === 'traits' || !fieldAppliesTo(field, survivor.kind)) continue;
    const chosen = choices[field] ? byId.get(choices[field]) : undefined;
    const source = chosen ?? everyone.find((customer) => customer[field] !== null && customer[field] !== undefined) ?? survivor;
    values[field] = source[field] ?? null;
    sources[field] = source.id;
    if (field === 'lifecycle') values.lifecycleChangedAt = source.lifecycleChangedAt ?? null;
  }

  // Traits are free facts: without a choice every key is kept, the survivor's value winning a clash.
  const traitsChoice = choices.traits ? byId.get(choices.traits) : undefined;
  values.traits = traitsChoice ? (traitsChoice.traits ?? {}) : Object.assign({}, ...[...everyone].reverse().map((customer) => asObject(customer.traits)));
  sources.traits = (traitsChoice ?? survivor).id;

  // A person's display name follows the name it ends with, unless it is chosen itself.
  const nameChoice = choices.displayName ? byId.get(choices.displayName) : undefined;
  const firstChanged = survivor.kind === 'PERSON' && !sameValue(values.firstName, survivor.firstName);
  const lastChanged = survivor.kind === 'PERSON' && !sameValue(values.lastName, survivor.lastName);
  if (nameChoice) {
    values.displayName = nameChoice.displayName;
    sources.displayName = nameChoice.id;
  } else if (firstChanged || lastChanged) {
    values.displayName = `${values.firstName ?? ''} ${values.lastName ?? ''}`.trim() || survivor.displayName;
    sources.displayName = (firstChanged ? sources.firstName : sources.lastName) ?? survivor.id;
  } else {
    values.displayName = survivor.displayName;
    sources.displayName = survivor.id;
  }

  // Audiences are who the customer is to the company: each record's count.
  const audiences = new Set<string>();
  for (const customer of everyone) for (const audience of (customer.audiences as string[] | undefined) ?? []) audiences.add(audience);
  values.audiences = [...audiences].sort();

  return { kind: survivor.kind, values, sources };
}

/** The survivor's columns the merge changes, with their new values. */
export function changedColumns(survivor: Row, profile: MergedProfile): Partial<Record<SurvivorColumn, unknown>> {
  const changes: Partial<Record<SurvivorColumn, unknown>> = {};
  for (const [column, value] of Object.entries(profile.values) as [SurvivorColumn, unknown][]) {
    const current = column === 'audiences' ? [...((survivor.audiences as string[] | undefined) ?? [])].sort() : survivor[column];
    if (!sameValue(current, value)) changes[column] = value;
  }
  // The date of a lifecycle change only moves with the lifecycle it dates.
  if (!('lifecycle' in changes)) delete changes.lifecycleChangedAt;
  return changes;
}

/** Equality of column values as JSON stores them (a Date and its ISO text are the same value). */
export function sameValue(left: unknown, right: unknown): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
