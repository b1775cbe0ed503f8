import type { Builder } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { OrganizationSize } from './store/enums.ts';
import { Audience, Lifecycle } from './store/enums.ts';
import { customerGlobalId, requireCustomer } from './customer-ids.ts';
import { customerArchived, customerUpdated, lifecycleChanged } from './events.ts';
import { createOrganizationSchema, createPersonSchema, MAX_EXTERNAL_REFS, updateCustomerSchema } from './profile-inputs.ts';
import { insertCustomer } from './profile-writes.ts';

const WRITE = { permission: 'profile:write' } as const;
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** Creating, editing, moving through the lifecycle and archiving customers. */
export function registerCustomerMutations(builder: Builder): void {
  const ExternalRefInput = builder.inputType('ExternalRefInput', {
    description: "The customer's id in another system; one id per source and tenant.",
    fields: (t) => ({
      source: t.string({ required: true, description: 'The other system, as your integrations name it (e.g. "pos", "shop").' }),
      externalId: t.string({ required: true, description: "The customer's id in that system." }),
    }),
  });

  const sharedInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
    email: t.string({ description: 'Becomes the primary e-mail; must not belong to another active customer.' }),
    phone: t.string({ description: 'International format, or national with `country` set; stored as E.164.' }),
    audiences: t.field({ type: [Audience], description: 'Who the customer is to the company; none when absent.' }),
    lifecycle: t.field({ type: Lifecycle, description: 'Default ACTIVE.' }),
    ownerId: t.string({ description: 'User id (token subject) of the account owner; none when absent.' }),
    language: t.string({ description: 'BCP 47 language tag, e.g. "es".' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
    region: t.string({ description: 'Province, state or region.' }),
    city: t.string({ description: 'City or town, as it is written in addresses.' }),
    traits: t.field({ type: 'JSONObject', description: 'Free facts that have no typed field yet (a JSON object).' }),
    externalRefs: t.field({ type: [ExternalRefInput], description: 'Ids of this customer in other systems.', extensions: { maxItems: MAX_EXTERNAL_REFS } }),
  });

  const CreatePersonInput = builder.inputType('CreatePersonInput', {
    description: 'A new person; the display name is first and last name.',
    fields: (t) => ({
      firstName: t.string({ required: true, description: 'Given name.' }),
      lastName: t.string({ required: true, description: 'Family name(s).' }),
      birthDate: t.field({ type: 'Date', description: 'Date of birth (YYYY-MM-DD), not in the future.' }),
      ...sharedInputFields(t),
    }),
  });

  const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
    description: 'A new organization.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Trading name, shown as the display name.' }),
      legalName: t.string({ description: 'Registered legal name, when it differs from `name`.' }),
      taxId: t.string({ description: 'Tax identification number, as the authority writes it.' }),
      industry: t.string({ description: 'Line of business, e.g. "Retail".' }),
      size: t.field({ type: OrganizationSize, description: 'Head-count band.' }),
      ...sharedInputFields(t),
    }),
  });

  const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
    description: 'Only the fields given change; a field set to null is cleared.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The customer to change (global id of a Person or Organization).' }),
      displayName: t.string({ description: 'The name shown everywhere; for a person, changing first or last name does not change it.' }),
      firstName: t.string({ description: 'People only.' }),
      lastName: t.string({ description: 'People only.' }),
      birthDate: t.field({ type: 'Date', description: 'People only.' }),
      legalName: t.string({ description: 'Organizations only.' }),
      taxId: t.string({ description: 'Organizations only.' }),
      industry: t.string({ description: 'Organizations only.' }),
      size: t.field({ type: OrganizationSize, description: 'Organizations only.' }),
      audiences: t.field({ type: [Audience], description: 'Replaces all audiences.' }),
      ownerId: t.string({ description: 'User id (token subject) of the account owner.' }),
      language: t.string({ description: 'BCP 47 language tag, e.g. "es".' }),
      country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
      region: t.string({ description: 'Province, state or region.' }),
      city: t.string({ description: 'City or town, as it is written in addresses.' }),
      traits: t.field({ type: 'JSONObject', description: 'Replaces all traits.' }),
    }),
  });

  const PersonPayload = builder.objectRef<{ person: object }>('PersonPayload').implement({
    description: 'The person a mutation created or changed.',
    fields: (t) => ({
      person: t.field({ type: 'Person', description: 'The person as stored.', resolve: (payload) => payload.person }),
    }),
  });
  const OrganizationPayload = builder.objectRef<{ organization: object }>('OrganizationPayload').implement({
    description: 'The organization a mutation created or changed.',
    fields: (t) => ({
      organization: t.field({ type: 'Organization', description: 'The organization as stored.', resolve: (payload) => payload.organization }),
    }),
  });
  const CustomerPayload = builder.objectRef<{ customer: object }>('CustomerPayload').implement({
    description: 'The customer a mutation changed.',
    fields: (t) => ({
      customer: t.field({ type: 'Customer', description: 'The customer as stored after the change.', resolve: (payload) => payload.customer }),
    }),
  });

  builder.mutationFields((t) => ({
    createPerson: t.field({
      type: PersonPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Creates a person. An e-mail already used by another active customer is a ConflictError naming that customer (`existingId`).',
      args: { input: t.arg({ type: CreatePersonInput, required: true, description: 'The person to create.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createPersonSchema, args.input);
        const person = await context.mutate((db) =>
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
        return { person };
      },
    }),
    createOrganization: t.field({
      type: OrganizationPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Creates an organization. An e-mail already used by another active customer is a ConflictError naming that customer (`existingId`).',
      args: { input: t.arg({ type: CreateOrganizationInput, required: true, description: 'The organization to create.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createOrganizationSchema, args.input);
        const organization = await context.mutate((db) =>
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
        return { organization };
      },
    }),
    updateCustomer: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Changes a person's or organization's own fields; contact points, consents and memberships have their own mutations.",
      args: { input: t.arg({ type: UpdateCustomerInput, required: true, description: 'The customer and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateCustomerSchema, args.input);
        const customer = await context.mutate(async (db) => {
          const current = await requireCustomer(context, input.id, ['input', 'id']);
          const changes = customerChanges(input, current, args.input as Record<string, unknown>);
          if (Object.keys(changes).length === 0) return current;
          const updated = await db.customer.update({ where: { id: current.id }, data: changes });
          await context.events.emit(customerUpdated, {
            subjectId: customerGlobalId(updated),
            customer: { id: updated.id, nodeId: customerGlobalId(updated) },
            payload: { changed: Object.keys(changes).sort() },
          });
          return updated;
        });
        return { customer };
      },
    }),
    setLifecycle: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a customer between ACTIVE, INACTIVE and LOST, recording when.',
      args: {
        id: t.arg.id({ required: true, description: 'The customer (global id of a Person or Organization).' }),
        lifecycle: t.arg({ type: Lifecycle, required: true, description: 'The new lifecycle state.' }),
      },
      resolve: async (_root, args, context) => {
        const customer = await context.mutate(async (db) => {
          const current = await requireCustomer(context, String(args.id), ['id']);
          if (current.lifecycle === args.lifecycle) return current;
          const updated = await db.customer.update({
            where: { id: current.id },
            data: { lifecycle: args.lifecycle, lifecycleChangedAt: context.clock.now() },
          });
          await context.events.emit(lifecycleChanged, {
            subjectId: customerGlobalId(updated),
            customer: { id: updated.id, nodeId: customerGlobalId(updated) },
            payload: { from: current.lifecycle, to: updated.lifecycle },
          });
          return updated;
        });
        return { customer };
      },
    }),
    archiveCustomer: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Hides a customer from lists and searches and frees its e-mails; history is kept.',
      args: { id: t.arg.id({ required: true, description: 'The customer to archive (global id of a Person or Organization).' }) },
      resolve: async (_root, args, context) => {
        const customer = await context.mutate(async (db) => {
          const current = await requireCustomer(context, String(args.id), ['id']);
          await db.contactPoint.updateMany({ where: { customerId: current.id }, data: { isActive: false } });
          const archived = await db.customer.update({ where: { id: current.id }, data: { archivedAt: context.clock.now() } });
          await context.events.emit(customerArchived, {
            subjectId: customerGlobalId(archived),
            customer: { id: archived.id, nodeId: customerGlobalId(archived) },
            payload: { displayName: archived.displayName },
          });
          return archived;
        });
        return { customer };
      },
    }),
  }));
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
