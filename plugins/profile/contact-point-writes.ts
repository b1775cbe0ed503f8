import type { Context, TenantDb } from '../../src/plugin-api.ts';
import { ConflictError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { emailSchema, renderAddress } from './contact-normalization.ts';
import { customerGlobalId, parseNodeId, requireCustomer } from './customer-ids.ts';
import { contactPointAdded, contactPointRemoved } from './events.ts';
import { addContactPointSchema } from './profile-inputs.ts';
import { assertEmailFree, isUniqueViolation, lockCustomer, phoneOrThrow } from './profile-writes.ts';

/** `addContactPoint`: the normalized value, made the primary of its kind when asked or when it is the first. */
export async function addContactPoint(context: Context, given: unknown) {
  const input = parseInput(addContactPointSchema, given);
  return context.mutate(async (db) => {
    const customer = await requireCustomer(context, input.customerId, ['input', 'customerId']);
    await lockCustomer(db, customer.id);
    const value = normalizedValue(input, customer.country);
    if (input.kind === 'EMAIL') await assertEmailFree(db, customer.tenantId, value);
    const duplicate = await db.contactPoint.findFirst({ where: { customerId: customer.id, kind: input.kind, value } });
    if (duplicate) throw new ConflictError(`${customer.displayName} already has ${value}`, null);
    const hasPrimary = (await db.contactPoint.count({ where: { customerId: customer.id, kind: input.kind, isPrimary: true } })) > 0;
    const makePrimary = input.isPrimary === true || !hasPrimary;
    if (makePrimary && hasPrimary) {
      await db.contactPoint.updateMany({ where: { customerId: customer.id, kind: input.kind, isPrimary: true }, data: { isPrimary: false } });
    }
    const contactPoint = await createContactPoint(db, customer, input, value, makePrimary);
    await db.customer.update({ where: { id: customer.id }, data: { updatedAt: context.clock.now() } });
    await context.events.emit(contactPointAdded, {
      subjectId: customerGlobalId(customer),
      customer: { id: customer.id, nodeId: customerGlobalId(customer) },
      payload: { kind: input.kind, value, isPrimary: makePrimary },
    });
    return { contactPoint, customer };
  });
}

/** `removeContactPoint`: when it was the primary, the oldest remaining one of its kind takes over. */
export async function removeContactPoint(context: Context, globalId: string) {
  return context.mutate(async (db) => {
    const point = await db.contactPoint.findFirst({
      where: { id: parseNodeId(globalId, 'ContactPoint', ['id']), tenantId: viewerOf(context).tenantId, customer: { archivedAt: null } },
      include: { customer: true },
    });
    if (!point) throw new NotFoundError('ContactPoint', globalId);
    const customer = point.customer;
    await lockCustomer(db, customer.id);
    await db.contactPoint.delete({ where: { id: point.id } });
    if (point.isPrimary) {
      const successor = await db.contactPoint.findFirst({ where: { customerId: customer.id, kind: point.kind }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      if (successor) await db.contactPoint.update({ where: { id: successor.id }, data: { isPrimary: true } });
    }
    await db.customer.update({ where: { id: customer.id }, data: { updatedAt: context.clock.now() } });
    await context.events.emit(contactPointRemoved, {
      subjectId: customerGlobalId(customer),
      customer: { id: customer.id, nodeId: customerGlobalId(customer) },
      payload: { kind: point.kind, value: point.value },
    });
    return { removedId: globalId, customer };
  });
}

type ContactInput = ReturnType<typeof addContactPointSchema.parse>;

function normalizedValue(input: ContactInput, customerCountry: string | null): string {
  if (input.kind === 'EMAIL') {
    const email = emailSchema.safeParse(input.value);
    if (!email.success) throw ValidationError.at(['input', 'value'], email.error.issues[0]?.message ?? 'must be a valid e-mail address');
    return email.data;
  }
  if (input.kind === 'PHONE') return phoneOrThrow(input.value!, input.country ?? customerCountry, ['input', 'value']);
  return renderAddress({ street: input.street!, postalCode: input.postalCode, city: input.city, region: input.region, country: input.country! });
}

async function createContactPoint(db: TenantDb, customer: { id: string; tenantId: string }, input: ContactInput, value: string, isPrimary: boolean) {
  try {
    return await db.contactPoint.create({
      data: {
        tenantId: customer.tenantId,
        customerId: customer.id,
        kind: input.kind,
        value,
        isPrimary,
        label: input.label ?? null,
        ...(input.kind === 'ADDRESS'
          ? { street: input.street ?? null, postalCode: input.postalCode ?? null, city: input.city ?? null, region: input.region ?? null, country: input.country ?? null }
          : {}),
      },
    });
  } catch (error) {
    // Another request took the e-mail between our check and this insert: the index has the last word.
    // (The transaction is aborted here, so the holder cannot be looked up.)
    if (input.kind === 'EMAIL' && isUniqueViolation(error)) throw new ConflictError(`The e-mail ${value} already belongs to another customer`);
    throw error;
  }
}
