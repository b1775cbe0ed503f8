import type { Context } from '../../src/plugin-api.ts';
import { parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { customerGlobalId, requireCustomer } from './customer-ids.ts';
import { customerArchived, customerUpdated, lifecycleChanged } from './events.ts';
import { createOrganizationSchema, createPersonSchema, updateCustomerSchema } from './profile-inputs.ts';
import { insertCustomer } from './profile-writes.ts';
import type { Audience, Lifecycle } from './store/enums.ts';

// What the customer mutations do: create a person or an organization, change a customer's own
// fields, move it through the lifecycle, archive it.

export async function createPerson(context: Context, given: unknown) {
  const input = parseInput(createPersonSchema, given);
  return context.mutate((db) =>
    insertCustomer(context, db, {
      kind: 'PERSON',
      displayName: `${input.firstName} ${input.lastName}`,
      email: input.email,
      phone: input.phone,
      externalRefs: input.externalRefs,
      fields: {
        firstName: input.firstName,
        lastName: input.lastName,
        birthDate: input.birthDate ?? null,
        ...profileFields(input, viewerOf(context).subject),
      },
    }),
  );
}

export async function createOrganization(context: Context, given: unknown) {
  const input = parseInput(createOrganizationSchema, given);
  return context.mutate((db) =>
    insertCustomer(context, db, {
      kind: 'ORGANIZATION',
      displayName: input.name,
      email: input.email,
      phone: input.phone,
      externalRefs: input.externalRefs,
      fields: {
        legalName: input.legalName ?? null,
        taxId: input.taxId ?? null,
        industry: input.industry ?? null,
        size: input.size ?? null,
        ...profileFields(input, viewerOf(context).subject),
      },
    }),
  );
}

/** Writes only the fields the request gives; a request that changes nothing writes nothing. */
export async function updateCustomer(context: Context, given: Record<string, unknown>) {
  const input = parseInput(updateCustomerSchema, given);
  return context.mutate(async (db) => {
    const current = await requireCustomer(context, input.id, ['input', 'id']);
    const changes = customerChanges(input, current, given);
    if (Object.keys(changes).length === 0) return current;
    const updated = await db.customer.update({ where: { id: current.id }, data: changes });
    await context.events.emit(customerUpdated, {
      subjectId: customerGlobalId(updated),
      customer: { id: updated.id, nodeId: customerGlobalId(updated) },
      payload: { changed: Object.keys(changes).sort() },
    });
    return updated;
  });
}

export async function setLifecycle(context: Context, globalId: string, lifecycle: Lifecycle) {
  return context.mutate(async (db) => {
    const current = await requireCustomer(context, globalId, ['id']);
    if (current.lifecycle === lifecycle) return current;
    const updated = await db.customer.update({
      where: { id: current.id },
      data: { lifecycle, lifecycleChangedAt: context.clock.now() },
    });
    await context.events.emit(lifecycleChanged, {
      subjectId: customerGlobalId(updated),
      customer: { id: updated.id, nodeId: customerGlobalId(updated) },
      payload: { from: current.lifecycle, to: updated.lifecycle },
    });
    return updated;
  });
}

/** Archiving frees the customer's e-mails for other customers; its rows and history stay. */
export async function archiveCustomer(context: Context, globalId: string) {
  return context.mutate(async (db) => {
    const current = await requireCustomer(context, globalId, ['id']);
    await db.contactPoint.updateMany({ where: { customerId: current.id }, data: { isActive: false } });
    const archived = await db.customer.update({ where: { id: current.id }, data: { archivedAt: context.clock.now() } });
    await context.events.emit(customerArchived, {
      subjectId: customerGlobalId(archived),
      customer: { id: archived.id, nodeId: customerGlobalId(archived) },
      payload: { displayName: archived.displayName },
    });
    return archived;
  });
}

function profileFields(
  input: { audiences?: Audience[] | null; lifecycle?: Lifecycle | null; ownerId?: string | null; language?: string | null; country?: string | null; region?: string | null; city?: string | null; traits?: Record<string, unknown> | null },
  creator: string,
) {
  return {
    audiences: [...new Set<Audience>(input.audiences ?? ['PROSPECT'])],
    lifecycle: input.lifecycle ?? 'ACTIVE',
    ownerId: input.ownerId ?? creator,
    language: input.language ?? null,
    country: input.country ?? null,
    region: input.region ?? null,
    city: input.city ?? null,
    traits: (input.traits ?? {}) as object,
  };
}

const PERSON_ONLY = ['firstName', 'lastName', 'birthDate'] as const;
const ORGANIZATION_ONLY = ['legalName', 'taxId', 'industry', 'size'] as const;
const CLEARABLE = ['ownerId', 'language', 'country', 'region', 'city', 'birthDate', 'legalName', 'taxId', 'industry', 'size'] as const;

/** The columns to write: only fields present in the request, checked against the customer's kind. */
function customerChanges(
  input: Record<string, unknown>,
  current: { kind: 'PERSON' | 'ORGANIZATION'; firstName: string | null; lastName: string | null },
  raw: Record<string, unknown>,
) {
  const kind = current.kind;
  const given = (field: string) => Object.prototype.hasOwnProperty.call(raw, field) && raw[field] !== undefined;
  const wrongKind = kind === 'PERSON' ? ORGANIZATION_ONLY : PERSON_ONLY;
  const misplaced = wrongKind.filter(given);
  if (misplaced.length > 0) {
    throw new ValidationError(
      misplaced.map((field) => ({ path: ['input', field], message: `does not apply to ${kind === 'PERSON' ? 'a person' : 'an organization'}` })),
    );
  }
  const changes: Record<string, unknown> = {};
  for (const field of Object.keys(raw)) {
    if (field === 'id' || !given(field)) continue;
    const value = input[field];
    if (value === null && !(CLEARABLE as readonly string[]).includes(field)) {
      throw ValidationError.at(['input', field], 'cannot be cleared');
    }
    changes[field] = field === 'audiences' ? [...new Set(value as string[])] : value;
  }
  if (kind === 'PERSON' && (given('firstName') || given('lastName')) && !given('displayName')) {
    // Keep the display name in step with the name unless the caller sets it explicitly.
    changes.displayName = `${changes.firstName ?? current.firstName ?? ''} ${changes.lastName ?? current.lastName ?? ''}`.trim();
  }
  return changes;
}
