import type { Context, Prisma, TenantDb } from '../../src/plugin-api.ts';
import type { CustomerKind } from './store/enums.ts';
import { ConflictError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { normalizePhone } from './contact-normalization.ts';
import { customerGlobalId } from './customer-ids.ts';
import { customerCreated } from './events.ts';
import { lockEmail } from './store/locks.ts';

export { lockCustomer } from './store/locks.ts';

/**
 * Conflict that names the customer already holding the e-mail: the first guard against duplicates.
 * The lock (held until commit) makes a concurrent request for the same e-mail wait and then see
 * the holder, so the race ends in a ConflictError rather than a unique-index failure.
 */
export async function assertEmailFree(db: TenantDb, tenantId: string, email: string, exceptCustomerId?: string): Promise<void> {
  await lockEmail(db, tenantId, email);
  const holder = await db.contactPoint.findFirst({
    where: { tenantId, kind: 'EMAIL', value: email, isActive: true, ...(exceptCustomerId ? { customerId: { not: exceptCustomerId } } : {}) },
    select: { customer: { select: { id: true, kind: true, displayName: true } } },
  });
  if (holder) throw emailConflict(email, holder.customer);
}

export function emailConflict(email: string, holder: { id: string; kind: CustomerKind; displayName: string }): ConflictError {
  return new ConflictError(`The e-mail ${email} already belongs to ${holder.displayName}`, customerGlobalId(holder));
}

export function phoneOrThrow(raw: string, country: string | null | undefined, path: string[]): string {
  const phone = normalizePhone(raw, country);
  if (!phone.ok) throw ValidationError.at(path, phone.message);
  return phone.e164;
}

/** PostgreSQL's unique violation on an index, as Prisma reports it through the pg adapter. */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta, message } = error as { code?: string; meta?: Record<string, unknown>; message?: string };
  if (code !== 'P2002') return false;
  if (!index) return true;
  return JSON.stringify(meta ?? {}).includes(index) || (message ?? '').includes(index);
}

interface NewCustomer {
  kind: CustomerKind;
  displayName: string;
  fields: Omit<Prisma.CustomerUncheckedCreateInput, 'tenantId' | 'kind' | 'displayName'>;
  email?: string | null;
  phone?: string | null;
  externalRefs?: { source: string; externalId: string }[] | null;
}

/**
 * Inserts a person or organization with its first contact points and source references, and
 * emits `customer.created`, all inside the caller's savepoint.
 */
export async function insertCustomer(context: Context, db: TenantDb, input: NewCustomer) {
  const tenantId = viewerOf(context).tenantId;
  if (input.email) await assertEmailFree(db, tenantId, input.email);
  for (const [index, ref] of (input.externalRefs ?? []).entries()) {
    const taken = await db.externalRef.findUnique({
      where: { tenantId_source_externalId: { tenantId, ...ref } },
      select: { customer: { select: { id: true, kind: true, displayName: true } } },
    });
    if (taken) {
      throw new ConflictError(`${ref.source} id ${ref.externalId} already belongs to ${taken.customer.displayName}`, customerGlobalId(taken.customer));
    }
    if ((input.externalRefs ?? []).findIndex((other) => other.source === ref.source && other.externalId === ref.externalId) !== index) {
      throw ValidationError.at(['input', 'externalRefs', String(index)], 'is listed twice');
    }
  }

  // Nested rows take tenantId and customerId from the parent through the composite foreign key.
  const contactPoints: Prisma.ContactPointCreateWithoutCustomerInput[] = [];
  if (input.email) contactPoints.push({ kind: 'EMAIL', value: input.email, isPrimary: true });
  if (input.phone) contactPoints.push({ kind: 'PHONE', value: input.phone, isPrimary: true });

  const customer = await db.customer.create({
    data: {
      ...input.fields,
      tenantId,
      kind: input.kind,
      displayName: input.displayName,
      contactPoints: { create: contactPoints },
      externalRefs: { create: (input.externalRefs ?? []).map((ref) => ({ source: ref.source, externalId: ref.externalId })) },
    },
  });
  await context.events.emit(customerCreated, {
    subjectId: customerGlobalId(customer),
    customer: { id: customer.id, nodeId: customerGlobalId(customer) },
    payload: { kind: customer.kind, displayName: customer.displayName },
  });
  return customer;
}
