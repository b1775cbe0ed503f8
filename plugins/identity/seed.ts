import type { Faker } from '@faker-js/faker';
import type { SeedContext } from '../../src/plugin-api.ts';
import { matchAttributesSql, seedDuplicateRecords, type MatchAttributes, type SeedDuplicateRecord } from '../profile/plugin.ts';
import { accentVariant, dropSecondSurname, emailVariant, streetVariant, typo } from './matching/demo-variants.ts';
import { seedDemoImport } from './imports/seed-import.ts';
import { rebuildTenantMatches } from './matching/maintain-pairs.ts';
import { seedDemoMerge } from './merging/seed-merge.ts';
import { customersWithoutHistory } from './store/match-seed-targets.ts';

/** Second records of people, about one in two hundred customers (at least a handful). */
const PEOPLE_SHARE = 1 / 200;
const MIN_PEOPLE = 6;
/** Second records of organizations, about one in a thousand customers (at least one). */
const ORGANIZATION_SHARE = 1 / 1000;
const DAY = 86_400_000;

type Person = MatchAttributes & { firstName: string; lastName: string };
type PersonRecord = Omit<Extract<SeedDuplicateRecord, { kind: 'PERSON' }>, 'id' | 'createdAt'>;

/**
 * How a second record of a person differs from the first: each changes the name somehow and keeps
 * one or two of the keys a person gives again (an e-mail written another way, the phone, the
 * address, the birth date), as the same customer signing up at a till and on the web shop would.
 */
const PERSON_VARIANTS: readonly ((faker: Faker, person: Person, taken: Set<string>) => PersonRecord)[] = [
  (faker, person, taken) => ({ ...named(person.firstName, typo(faker, person.lastName)), emails: freshEmail(faker, person, taken), phones: [], addresses: [] }),
  (_faker, person) => ({ ...named(person.lastName, person.firstName), emails: [], phones: person.phones.slice(0, 1), addresses: [] }),
  (faker, person) => ({ ...named(accentVariant(faker, person.firstName), accentVariant(faker, person.lastName)), emails: [], phones: [], addresses: sameAddress(person) }),
  (_faker, person) => ({ ...named(person.firstName, dropSecondSurname(person.lastName)), emails: [], phones: person.phones.slice(0, 1), addresses: [], birthDate: iso(person.birthDate) }),
  (faker, person, taken) => ({ ...named(typo(faker, person.firstName), person.lastName), emails: freshEmail(faker, person, taken), phones: [], addresses: sameAddress(person) }),
  (faker, person) => ({ ...named(accentVariant(faker, person.firstName), typo(faker, person.lastName)), emails: [], phones: [], addresses: [], birthDate: iso(person.birthDate) }),
];

const iso = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const named = (firstName: string, lastName: string) => ({ kind: 'PERSON' as const, firstName, lastName, birthDate: null as string | null });
const sameAddress = (customer: MatchAttributes) =>
  customer.addresses.slice(0, 1).flatMap((address) => (address.street && address.country ? [{ ...address, street: streetVariant(address.street), country: address.country }] : []));

/** The person's first e-mail written another way, unless that spelling is already someone's. */
function freshEmail(faker: Faker, person: Person, taken: Set<string>): string[] {
  const [email] = person.emails;
  if (!email) return [];
  const variant = emailVariant(faker, email).toLowerCase();
  if (taken.has(variant)) return [];
  taken.add(variant);
  return [variant];
}

/** An organization entered again: its name with its legal form, its tax id with a dash, its phone. */
function organizationRecord(organization: MatchAttributes): Omit<Extract<SeedDuplicateRecord, { kind: 'ORGANIZATION' }>, 'id' | 'createdAt'> {
  const taxId = organization.taxId ? `${organization.taxId.slice(0, 1)}-${organization.taxId.slice(1)}` : null;
  return { kind: 'ORGANIZATION', name: `${organization.displayName}, S.L.`, taxId, emails: [], phones: organization.phones.slice(0, 1), addresses: sameAddress(organization) };
}

/** `count` pairs of (source, target): targets drawn among those without history, sources among the others. */
function draw<Customer extends MatchAttributes>(faker: Faker, customers: readonly Customer[], blank: ReadonlySet<string>, wanted: number): [Customer, Customer][] {
  const replaceable = customers.filter((customer) => blank.has(customer.customerId));
  const established = customers.filter((customer) => !blank.has(customer.customerId));
  const count = Math.min(wanted, replaceable.length, established.length);
  const targets = faker.helpers.arrayElements(replaceable, count);
  return faker.helpers.arrayElements(established, count).map((source, index) => [source, targets[index]!]);
}

/**
 * Identity's demo for one tenant: a handful of people entered twice (a typo, swapped names, lost
 * accents, a dropped second surname; sharing an e-mail spelled another way, a phone, an address or
 * a birth date) and an organization or two (its name with a legal form, its tax id written with a
 * dash), written through the profile's seed path over customers without history yet (so the
 * tenant keeps its size and no earlier event contradicts them), then every match profile and
 * duplicate pair of the tenant computed as the API keeps them.
 */
export async function seedIdentity(context: SeedContext): Promise<void> {
  const { faker } = context;
  // The earlier seeds bulk-loaded this transaction's tables: without statistics the planner would
  // scan every contact point once per customer to read their attributes.
  await context.statements.query('ANALYZE');
  const customers = await context.statements.query<MatchAttributes>(
    `SELECT * FROM (${matchAttributesSql({ tenant: '$1', customers: null })}) a ORDER BY a."customerId"`,
    [context.tenantId],
  );
  const blank = await customersWithoutHistory(context.statements, context.tenantId, customers.map((customer) => customer.customerId));
  const people = customers.filter((customer): customer is Person => customer.kind === 'PERSON' && customer.firstName !== null && customer.lastName !== null);
  const organizations = customers.filter((customer) => customer.kind === 'ORGANIZATION' && customer.taxId !== null);
  const taken = new Set(customers.flatMap((customer) => customer.emails));
  const createdAt = () => new Date(context.now.getTime() - faker.number.int({ min: 1, max: 120 }) * DAY);

  const records: SeedDuplicateRecord[] = [
    ...draw(faker, people, blank, Math.max(MIN_PEOPLE, Math.round(context.customers * PEOPLE_SHARE))).map(([source, target], index) => ({
      id: target.customerId,
      createdAt: createdAt(),
      ...PERSON_VARIANTS[index % PERSON_VARIANTS.length]!(faker, source, taken),
    })),
    ...draw(faker, organizations, blank, Math.max(1, Math.round(context.customers * ORGANIZATION_SHARE))).map(([source, target]) => ({
      id: target.customerId,
      createdAt: createdAt(),
      ...organizationRecord(source),
    })),
  ];
  await seedDuplicateRecords(context, records);

  context.progress.step('match profiles and duplicate pairs', 1);
  await rebuildTenantMatches({ sql: context.statements, tenantId: context.tenantId, now: context.now }, { analyze: true });
  context.progress.advance(1);

  // The demo's merge takes the likeliest pair found above; the import comes after it, as it came later.
  await seedDemoMerge(context);
  await seedDemoImport(context);
}
