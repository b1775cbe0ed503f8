import type { Builder, TenantDb } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { ConsentChannel, ConsentStatus, ContactPointKind } from './store/enums.ts';
import { emailSchema, renderAddress } from './contact-normalization.ts';
import { customerGlobalId, parseNodeId, requireCustomer } from './customer-ids.ts';
import { consentChanged, contactPointAdded, contactPointRemoved } from './events.ts';
import { addContactPointSchema, setConsentSchema } from './profile-inputs.ts';
import { assertEmailFree, isUniqueViolation, lockCustomer, phoneOrThrow } from './profile-writes.ts';

const WRITE = { permission: 'profile:write' } as const;
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** Contact points (with one primary per kind) and consent per channel. */
export function registerContactMutations(builder: Builder): void {
  const AddContactPointInput = builder.inputType('AddContactPointInput', {
    description: 'A new e-mail, phone or postal address for a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The customer it belongs to (global id).' }),
      kind: t.field({ type: ContactPointKind, required: true, description: 'E-mail, phone or address; decides which other fields are read.' }),
      value: t.string({ description: 'The e-mail or phone. For addresses use the address fields.' }),
      label: t.string({ description: 'What it is for, e.g. "work", "home".' }),
      isPrimary: t.boolean({ description: 'Make it the primary of its kind. The first of a kind is always primary.' }),
      street: t.string({ description: 'Addresses: street and number.' }),
      postalCode: t.string({ description: 'Addresses: postal code.' }),
      city: t.string({ description: 'Addresses: city.' }),
      region: t.string({ description: 'Addresses: province, state or region.' }),
      country: t.string({ description: 'For addresses, and to read national phone numbers.' }),
    }),
  });
  const SetConsentInput = builder.inputType('SetConsentInput', {
    description: "A customer's consent for one channel, as of now.",
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The customer (global id).' }),
      channel: t.field({ type: ConsentChannel, required: true, description: 'The channel it is about.' }),
      status: t.field({ type: ConsentStatus, required: true, description: 'Granted or withdrawn.' }),
      source: t.string({ description: 'Where it was captured, e.g. "web-form", "call-center".' }),
    }),
  });

  const ContactPointPayload = builder.objectRef<{ contactPoint: object; customer: object }>('ContactPointPayload').implement({
    description: 'The contact point added, and its customer.',
    fields: (t) => ({
      contactPoint: t.field({ type: 'ContactPoint', description: 'The contact point as stored (normalized).', resolve: (payload) => payload.contactPoint }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });
  const RemoveContactPointPayload = builder.objectRef<{ removedId: string; customer: object }>('RemoveContactPointPayload').implement({
    description: 'The contact point removed, and its customer as it is now.',
    fields: (t) => ({
      removedId: t.id({ description: 'Global id of the contact point that no longer exists.', resolve: (payload) => payload.removedId }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });
  const ConsentPayload = builder.objectRef<{ consent: object; customer: object }>('ConsentPayload').implement({
    description: 'The consent recorded, and its customer.',
    fields: (t) => ({
      consent: t.field({ type: 'Consent', description: 'The consent as stored, with when it changed.', resolve: (payload) => payload.consent }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });

  builder.mutationFields((t) => ({
    addContactPoint: t.field({
      type: ContactPointPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Adds an e-mail, phone or address to a customer. An e-mail of another active customer, or one the customer already has, is a ConflictError.',
      args: { input: t.arg({ type: AddContactPointInput, required: true, description: 'The contact point to add.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(addContactPointSchema, args.input);
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
      },
    }),
    removeContactPoint: t.field({
      type: RemoveContactPointPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Removes a contact point; when it was the primary, the oldest remaining one of its kind becomes primary.',
      args: { id: t.arg.id({ required: true, description: 'The contact point (global id).' }) },
      resolve: async (_root, args, context) =>
        context.mutate(async (db) => {
          const point = await db.contactPoint.findFirst({
            where: { id: parseNodeId(String(args.id), 'ContactPoint', ['id']), tenantId: viewerOf(context).tenantId, customer: { archivedAt: null } },
            include: { customer: true },
          });
          if (!point) throw new NotFoundError('ContactPoint', String(args.id));
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
          return { removedId: String(args.id), customer };
        }),
    }),
    setConsent: t.field({
      type: ConsentPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Records that consent for a channel was given or withdrawn, now.',
      args: { input: t.arg({ type: SetConsentInput, required: true, description: 'The customer, channel and status.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(setConsentSchema, args.input);
        return context.mutate(async (db) => {
          const customer = await requireCustomer(context, input.customerId, ['input', 'customerId']);
          const changedAt = context.clock.now();
          const consent = await db.consent.upsert({
            where: { customerId_channel: { customerId: customer.id, channel: input.channel } },
            create: { tenantId: customer.tenantId, customerId: customer.id, channel: input.channel, status: input.status, changedAt, source: input.source ?? null },
            update: { status: input.status, changedAt, source: input.source ?? null },
          });
          await context.events.emit(consentChanged, {
            subjectId: customerGlobalId(customer),
            customer: { id: customer.id, nodeId: customerGlobalId(customer) },
            payload: { channel: input.channel, status: input.status },
          });
          return { consent, customer };
        });
      },
    }),
  }));
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

