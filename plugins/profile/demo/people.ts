import type { Faker } from '@faker-js/faker';
import { pickLocation, postalAddress } from './addresses.ts';
import { contactPointRows, consentRows, externalRefRows, type NewContactPoint } from './child-rows.ts';
import { COUNTRIES, surname } from './countries.ts';
import type { ExternalKey } from './external-refs.ts';
import type { DemoKit } from './kit.ts';
import { lifecycleOf, personAudiences, timelineOf } from './lifecycle.ts';
import type { MembershipPlanner } from './memberships.ts';
import { chance, isoDay, pickWeighted, uuidV7 } from './random.ts';
import type { CustomerRow, DemoCustomer, MembershipRow } from './rows.ts';

export interface DemoPerson extends DemoCustomer {
  memberships: MembershipRow[];
}

export function buildPerson(kit: DemoKit, memberships: MembershipPlanner): DemoPerson {
  const { faker, now } = kit;
  const location = pickLocation(faker, COUNTRIES, (country) => country.peopleWeight);
  const { country, city } = location;
  const local = kit.local(country);
  const sex = faker.helpers.arrayElement(['female', 'male'] as const);
  const firstName = local.person.firstName(sex);
  const lastName = chance(faker, country.twoSurnames) ? `${surname(local)} ${surname(local)}` : surname(local);
  const audiences = personAudiences(faker);
  const lifecycle = lifecycleOf(faker, audiences);
  const timeline = timelineOf(faker, now, lifecycle);
  const keys = kit.keys.forPerson(audiences);
  // Walk-in customers often leave no address at the till.
  const knowsWhere = chance(faker, 0.95);

  const customer: CustomerRow = {
    id: uuidV7(faker, timeline.createdAt),
    tenantId: kit.tenantId,
    kind: 'PERSON',
    displayName: `${firstName} ${lastName}`,
    audiences,
    lifecycle,
    lifecycleChangedAt: timeline.lifecycleChangedAt.toISOString(),
    ownerId: kit.owner(audiences.includes('KEY_ACCOUNT') ? 1 : audiences.includes('PROSPECT') ? 0.5 : 0.7),
    language: chance(faker, 0.97) ? pickWeighted(faker, city.languages ?? country.languages) : null,
    country: knowsWhere ? country.code : null,
    region: knowsWhere ? city.region : null,
    city: knowsWhere ? city.name : null,
    firstName,
    lastName,
    birthDate: chance(faker, 0.85) ? isoDay(faker.date.birthdate({ mode: 'age', min: 18, max: 85, refDate: now })) : null,
    legalName: null,
    taxId: null,
    industry: null,
    size: null,
    traits: personTraits(faker, city.stores, keys),
    createdAt: timeline.createdAt.toISOString(),
    updatedAt: timeline.updatedAt.toISOString(),
  };

  const work = memberships.plan(faker, kit.tenantId, now, customer, country, sex);
  const workEmail = work.primary && chance(faker, 0.55) ? kit.emails.work(firstName, lastName, work.primary.domain) : undefined;
  const personalEmail = !workEmail || chance(faker, 0.85) ? kit.emails.personal(firstName, lastName, pickWeighted(faker, country.emailProviders)) : undefined;
  const emails: NewContactPoint[] = [];
  if (personalEmail) emails.push({ kind: 'EMAIL', value: personalEmail, label: 'personal' });
  if (workEmail) {
    // The first e-mail becomes the primary; some people want the shop to write to their work address.
    const point: NewContactPoint = { kind: 'EMAIL', value: workEmail, label: 'work' };
    if (chance(faker, 0.4)) emails.unshift(point);
    else emails.push(point);
  }

  const phones: NewContactPoint[] = [];
  const phoneCount = pickWeighted(faker, [[0, 20], [1, 60], [2, 20]]);
  if (phoneCount >= 1) phones.push({ kind: 'PHONE', value: kit.phones.mobile(country), label: 'mobile' });
  if (phoneCount >= 2) phones.push({ kind: 'PHONE', value: kit.phones.landline(country, city), label: chance(faker, 0.7) ? 'home' : 'work' });

  const addresses: NewContactPoint[] = knowsWhere && chance(faker, 0.6) ? [{ kind: 'ADDRESS', label: 'home', address: postalAddress(faker, local, location) }] : [];

  const contactPoints = contactPointRows(kit, customer, [...emails, ...phones, ...addresses]);
  return {
    customer,
    contactPoints,
    consents: consentRows(kit, customer, contactPoints, 0.75),
    externalRefs: externalRefRows(kit, customer, keys),
    memberships: work.rows,
  };
}

const INTERESTS = ['running', 'cooking', 'travel', 'fashion', 'technology', 'gardening', 'cycling', 'reading', 'music', 'photography', 'home decor', 'wine'];

/** A few untyped facts, as different systems left them: none is on every record. */
function personTraits(faker: Faker, stores: readonly string[] | undefined, keys: readonly ExternalKey[]): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  if (keys.some((key) => key.source === 'loyalty')) {
    traits.loyaltyTier = pickWeighted(faker, [['bronze', 50], ['silver', 30], ['gold', 15], ['platinum', 5]]);
    traits.loyaltyPoints = faker.number.int({ min: 0, max: 12_000 });
  }
  if (stores && keys.some((key) => key.source === 'pos')) traits.preferredStore = faker.helpers.arrayElement(stores);
  if (chance(faker, 0.4)) traits.preferredChannel = pickWeighted(faker, [['email', 45], ['whatsapp', 30], ['phone', 15], ['sms', 10]]);
  if (chance(faker, 0.35)) traits.interests = faker.helpers.arrayElements(INTERESTS, { min: 1, max: 3 });
  if (chance(faker, 0.25)) traits.acquisitionChannel = pickWeighted(faker, [['store', 35], ['web', 30], ['instagram', 15], ['referral', 12], ['event', 8]]);
  if (chance(faker, 0.15)) traits.householdSize = faker.number.int({ min: 1, max: 6 });
  return traits;
}
