import type { Builder } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError } from '../../src/plugin-api.ts';
import { customerGlobalId, requireCustomer } from './customer-ids.ts';
import { membershipLinked, membershipUnlinked } from './events.ts';
import { linkMembershipSchema } from './profile-inputs.ts';
import { lockCustomer } from './profile-writes.ts';

const WRITE = { permission: 'profile:write' } as const;
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** People belonging to organizations (B2B accounts): role, title, and one primary organization. */
export function registerMembershipMutations(builder: Builder): void {
  const LinkMembershipInput = builder.inputType('LinkMembershipInput', {
    description: 'A person belonging to an organization; given fields replace those of an existing link.',
    fields: (t) => ({
      personId: t.id({ required: true, description: 'The person (global id of a Person).' }),
      organizationId: t.id({ required: true, description: 'The organization (global id of an Organization).' }),
      role: t.string({ description: 'Their part in the relationship, e.g. "Purchasing", "Decision maker".' }),
      title: t.string({ description: 'Job title.' }),
      isPrimary: t.boolean({ description: "Make this the person's main organization (the previous one stops being primary)." }),
      startedAt: t.field({ type: 'Date', description: 'When they joined the organization (a calendar date).' }),
    }),
  });
  const MembershipPayload = builder.objectRef<{ membership: object }>('MembershipPayload').implement({
    description: 'The membership created or updated.',
    fields: (t) => ({
      membership: t.field({ type: 'Membership', description: 'The link as stored.', resolve: (payload) => payload.membership }),
    }),
  });
  const UnlinkPayload = builder.objectRef<{ person: object; organization: object }>('UnlinkMembershipPayload').implement({
    description: 'The person and organization that are no longer linked.',
    fields: (t) => ({
      person: t.field({ type: 'Person', description: 'The person, without that membership.', resolve: (payload) => payload.person }),
      organization: t.field({ type: 'Organization', description: 'The organization, without that member.', resolve: (payload) => payload.organization }),
    }),
  });

  builder.mutationFields((t) => ({
    linkMembership: t.field({
      type: MembershipPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Links a person to an organization, or updates the link when it exists.',
      args: { input: t.arg({ type: LinkMembershipInput, required: true, description: 'The person, the organization and the link details.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(linkMembershipSchema, args.input);
        return context.mutate(async (db) => {
          const person = await requireCustomer(context, input.personId, ['input', 'personId'], ['PERSON']);
          const organization = await requireCustomer(context, input.organizationId, ['input', 'organizationId'], ['ORGANIZATION']);
          await lockCustomer(db, person.id);
          if (input.isPrimary) {
            await db.membership.updateMany({ where: { personId: person.id, isPrimary: true, organizationId: { not: organization.id } }, data: { isPrimary: false } });
          }
          // On an existing link only the fields given change; an omitted role or title is kept.
          const given = <Key extends 'role' | 'title' | 'startedAt' | 'isPrimary'>(key: Key) =>
            input[key] === undefined ? {} : { [key]: input[key] ?? (key === 'isPrimary' ? false : null) };
          const membership = await db.membership.upsert({
            where: { personId_organizationId: { personId: person.id, organizationId: organization.id } },
            create: {
              tenantId: person.tenantId,
              personId: person.id,
              organizationId: organization.id,
              role: input.role ?? null,
              title: input.title ?? null,
              startedAt: input.startedAt ?? null,
              isPrimary: input.isPrimary ?? false,
            },
            update: { ...given('role'), ...given('title'), ...given('startedAt'), ...given('isPrimary') },
          });
          await context.events.emit(membershipLinked, {
            subjectId: customerGlobalId(person),
            customer: { id: person.id, nodeId: customerGlobalId(person) },
            payload: { personId: customerGlobalId(person), organizationId: customerGlobalId(organization), role: membership.role },
          });
          return { membership };
        });
      },
    }),
    unlinkMembership: t.field({
      type: UnlinkPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Ends a membership; NotFoundError when the person does not belong to the organization.',
      args: {
        personId: t.arg.id({ required: true, description: 'The person (global id of a Person).' }),
        organizationId: t.arg.id({ required: true, description: 'The organization (global id of an Organization).' }),
      },
      resolve: async (_root, args, context) =>
        context.mutate(async (db) => {
          const person = await requireCustomer(context, String(args.personId), ['personId'], ['PERSON']);
          const organization = await requireCustomer(context, String(args.organizationId), ['organizationId'], ['ORGANIZATION']);
          const { count } = await db.membership.deleteMany({ where: { personId: person.id, organizationId: organization.id } });
          if (count === 0) throw new NotFoundError('Membership', `${args.personId} in ${args.organizationId}`);
          await context.events.emit(membershipUnlinked, {
            subjectId: customerGlobalId(person),
            customer: { id: person.id, nodeId: customerGlobalId(person) },
            payload: { personId: customerGlobalId(person), organizationId: customerGlobalId(organization) },
          });
          return { person, organization };
        }),
    }),
  }));
}
