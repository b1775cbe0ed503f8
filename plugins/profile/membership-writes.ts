import type { Context } from '../../src/plugin-api.ts';
import { NotFoundError, parseInput } from '../../src/plugin-api.ts';
import { customerGlobalId, requireCustomer } from './customer-ids.ts';
import { membershipLinked, membershipUnlinked } from './events.ts';
import { linkMembershipSchema } from './profile-inputs.ts';
import { lockCustomer } from './profile-writes.ts';

/** `linkMembership`: creates the link or changes the given fields of the existing one; one primary organization per person. */
export async function linkMembership(context: Context, given: unknown) {
  const input = parseInput(linkMembershipSchema, given);
  return context.mutate(async (db) => {
    const person = await requireCustomer(context, input.personId, ['input', 'personId'], ['PERSON']);
    const organization = await requireCustomer(context, input.organizationId, ['input', 'organizationId'], ['ORGANIZATION']);
    await lockCustomer(db, person.id);
    if (input.isPrimary) {
      await db.membership.updateMany({ where: { personId: person.id, isPrimary: true, organizationId: { not: organization.id } }, data: { isPrimary: false } });
    }
    // On an existing link only the fields given change; an omitted role or title is kept.
    const givenField = <Key extends 'role' | 'title' | 'startedAt' | 'isPrimary'>(key: Key) =>
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
      update: { ...givenField('role'), ...givenField('title'), ...givenField('startedAt'), ...givenField('isPrimary') },
    });
    await context.events.emit(membershipLinked, {
      subjectId: customerGlobalId(person),
      customer: { id: person.id, nodeId: customerGlobalId(person) },
      payload: { personId: customerGlobalId(person), organizationId: customerGlobalId(organization), role: membership.role },
    });
    return { membership };
  });
}

/** `unlinkMembership`: NotFoundError when the person does not belong to the organization. */
export async function unlinkMembership(context: Context, personId: string, organizationId: string) {
  return context.mutate(async (db) => {
    const person = await requireCustomer(context, personId, ['personId'], ['PERSON']);
    const organization = await requireCustomer(context, organizationId, ['organizationId'], ['ORGANIZATION']);
    const { count } = await db.membership.deleteMany({ where: { personId: person.id, organizationId: organization.id } });
    if (count === 0) throw new NotFoundError('Membership', `${personId} in ${organizationId}`);
    await context.events.emit(membershipUnlinked, {
      subjectId: customerGlobalId(person),
      customer: { id: person.id, nodeId: customerGlobalId(person) },
      payload: { personId: customerGlobalId(person), organizationId: customerGlobalId(organization) },
    });
    return { person, organization };
  });
}
