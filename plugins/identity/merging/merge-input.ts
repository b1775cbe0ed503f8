import type { FieldError } from '../../../src/plugin-api.ts';
import { NotFoundError, ValidationError } from '../../../src/plugin-api.ts';
import { customerGlobalId, decodeCustomerId, fieldAppliesTo, isMergeableField, type CustomerKind, type MergeCandidate } from '../../profile/plugin.ts';

/** Customers merged into one survivor at once, at most. */
export const MAX_MERGED = 10;

export interface MergeCustomersInput {
  survivorId: string;
  otherIds: readonly string[];
  fieldChoices?: readonly { field: string; customerId: string }[] | null;
  dryRun?: boolean | null;
}

/** A merge request with its ids decoded: row ids, the survivor's kind, choices by field. */
export interface MergeRequest {
  survivorId: string;
  mergedIds: string[];
  kind: CustomerKind;
  fieldChoices: Record<string, string>;
  /** Row id → the global id the request named it by, for errors. */
  globalIds: Map<string, string>;
}

/**
 * Checks what can be checked without the database, every problem at once: ids that are not
 * customers', of another kind than the survivor, listed twice or naming the survivor; too few or
 * too many; field choices that repeat a field, do not apply to the kind, or name a customer that
 * is not part of the merge.
 */
export function parseMergeInput(input: MergeCustomersInput): MergeRequest {
  const problems: FieldError[] = [];
  const survivor = decodeCustomerId(input.survivorId);
  if (!survivor) problems.push({ path: ['input', 'survivorId'], message: 'is not a customer id' });
  const kindName = survivor?.kind === 'ORGANIZATION' ? 'an Organization' : 'a Person';

  if (input.otherIds.length < 1 || input.otherIds.length > MAX_MERGED) problems.push({ path: ['input', 'otherIds'], message: `must name 1 to ${MAX_MERGED} customers` });
  const globalIds = new Map<string, string>();
  if (survivor) globalIds.set(survivor.id, input.survivorId);
  const mergedIds: string[] = [];
  input.otherIds.forEach((globalId, index) => {
    const path = ['input', 'otherIds', String(index)];
    const other = decodeCustomerId(globalId);
    if (!other) return problems.push({ path, message: 'is not a customer id' });
    if (survivor && other.kind !== survivor.kind) return problems.push({ path, message: `must be ${kindName}, as the survivor is` });
    if (survivor && other.id === survivor.id) return problems.push({ path, message: 'is the survivor itself' });
    if (mergedIds.includes(other.id)) return problems.push({ path, message: 'is listed twice' });
    mergedIds.push(other.id);
    globalIds.set(other.id, globalId);
  });

  const fieldChoices: Record<string, string> = {};
  (input.fieldChoices ?? []).forEach((choice, index) => {
    const path = ['input', 'fieldChoices', String(index)];
    if (!isMergeableField(choice.field)) return problems.push({ path: [...path, 'field'], message: 'is not a field a merge settles' });
    if (choice.field in fieldChoices) return problems.push({ path: [...path, 'field'], message: 'is chosen twice' });
    if (survivor && !fieldAppliesTo(choice.field, survivor.kind)) return problems.push({ path: [...path, 'field'], message: `does not apply to ${kindName}` });
    const customer = decodeCustomerId(choice.customerId);
    if (!customer || !globalIds.has(customer.id)) return problems.push({ path: [...path, 'customerId'], message: 'must be the survivor or one of the customers merged' });
    fieldChoices[choice.field] = customer.id;
  });

  if (problems.length > 0 || !survivor) throw new ValidationError(problems);
  return { survivorId: survivor.id, mergedIds, kind: survivor.kind, fieldChoices, globalIds };
}

/**
 * Checks the customers as the locked rows show them: each one of the tenant (another tenant's id
 * is NOT_FOUND, as an unknown one), then, every problem at once, none archived or already merged.
 */
export function checkMergeCandidates(request: MergeRequest, candidates: readonly MergeCandidate[]): void {
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  for (const id of [request.survivorId, ...request.mergedIds]) {
    const found = byId.get(id);
    if (!found || found.kind !== request.kind) throw new NotFoundError(request.kind === 'PERSON' ? 'Person' : 'Organization', request.globalIds.get(id)!);
  }
  const problems: FieldError[] = [];
  const stateOf = (candidate: MergeCandidate) =>
    candidate.mergedIntoId ? `was already merged into ${customerGlobalId({ id: candidate.mergedIntoId, kind: candidate.kind })}` : candidate.archivedAt ? 'is archived' : null;
  const survivorState = stateOf(byId.get(request.survivorId)!);
  if (survivorState) problems.push({ path: ['input', 'survivorId'], message: survivorState });
  // Valid input lists the merged ids as given, so the index is the input's.
  request.mergedIds.forEach((id, index) => {
    const state = stateOf(byId.get(id)!);
    if (state) problems.push({ path: ['input', 'otherIds', String(index)], message: state });
  });
  if (problems.length > 0) throw new ValidationError(problems);
}
