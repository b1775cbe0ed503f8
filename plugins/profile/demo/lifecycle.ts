import type { Faker } from '@faker-js/faker';
import { between, chance, latest, pickWeighted, yearsBefore, type Weighted } from './random.ts';

export type Audience = 'PROSPECT' | 'CUSTOMER' | 'FORMER_CUSTOMER' | 'EMPLOYEE' | 'PRESCRIBER' | 'KEY_ACCOUNT' | 'SUPPLIER';
export type Lifecycle = 'ACTIVE' | 'INACTIVE' | 'LOST';
export type OrganizationSize = 'MICRO' | 'SMALL' | 'MEDIUM' | 'LARGE' | 'ENTERPRISE';

const AUDIENCE_ORDER: readonly Audience[] = ['PROSPECT', 'CUSTOMER', 'FORMER_CUSTOMER', 'EMPLOYEE', 'PRESCRIBER', 'KEY_ACCOUNT', 'SUPPLIER'];

/** A retailer's people: mostly buyers and would-be buyers, a few staff, referrers and big spenders. */
export function personAudiences(faker: Faker): Audience[] {
  const main = pickWeighted<Audience>(faker, [['CUSTOMER', 55], ['PROSPECT', 27], ['FORMER_CUSTOMER', 12], ['EMPLOYEE', 3], ['PRESCRIBER', 3]]);
  const audiences = new Set<Audience>([main]);
  if (main === 'CUSTOMER') {
    if (chance(faker, 0.05)) audiences.add('PRESCRIBER');
    if (chance(faker, 0.02)) audiences.add('KEY_ACCOUNT');
    if (chance(faker, 0.02)) audiences.add('EMPLOYEE');
  }
  if (main === 'EMPLOYEE' && chance(faker, 0.5)) audiences.add('CUSTOMER');
  if (main === 'PRESCRIBER' && chance(faker, 0.4)) audiences.add('CUSTOMER');
  // Freelancers who sell to the company as well.
  if (main !== 'EMPLOYEE' && main !== 'PROSPECT' && chance(faker, 0.005)) audiences.add('SUPPLIER');
  return ordered(audiences);
}

// The bigger the company, the likelier it is managed as a key account.
const KEY_ACCOUNT_CHANCE: Record<OrganizationSize, number> = { MICRO: 0.02, SMALL: 0.05, MEDIUM: 0.15, LARGE: 0.35, ENTERPRISE: 0.6 };

export function organizationAudiences(faker: Faker, size: OrganizationSize): Audience[] {
  const main = pickWeighted<Audience>(faker, [['CUSTOMER', 55], ['PROSPECT', 25], ['FORMER_CUSTOMER', 8], ['SUPPLIER', 9], ['PRESCRIBER', 3]]);
  const audiences = new Set<Audience>([main]);
  if (main === 'CUSTOMER') {
    if (chance(faker, KEY_ACCOUNT_CHANCE[size])) audiences.add('KEY_ACCOUNT');
    if (chance(faker, 0.05)) audiences.add('SUPPLIER');
  }
  if (main === 'SUPPLIER' && chance(faker, 0.2)) audiences.add('CUSTOMER');
  return ordered(audiences);
}

/** The lifecycle a customer with these audiences plausibly is in: a former customer is mostly lost. */
export function lifecycleOf(faker: Faker, audiences: readonly Audience[]): Lifecycle {
  const has = (audience: Audience) => audiences.includes(audience);
  let mix: Weighted<Lifecycle>;
  if (has('FORMER_CUSTOMER')) mix = [['LOST', 85], ['INACTIVE', 15]];
  else if (has('KEY_ACCOUNT')) mix = [['ACTIVE', 95], ['INACTIVE', 5]];
  else if (has('CUSTOMER')) mix = [['ACTIVE', 75], ['INACTIVE', 25]];
  else if (has('PROSPECT')) mix = [['ACTIVE', 75], ['INACTIVE', 20], ['LOST', 5]];
  else mix = [['ACTIVE', 90], ['INACTIVE', 10]];
  return pickWeighted(faker, mix);
}

export interface Timeline {
  createdAt: Date;
  lifecycleChangedAt: Date;
  updatedAt: Date;
}

/** Created in the last three years, lifecycle last changed in the last two, edited since. */
export function timelineOf(faker: Faker, now: Date, lifecycle: Lifecycle): Timeline {
  const createdAt = between(faker, yearsBefore(now, 3), now);
  const twoYearsAgo = yearsBefore(now, 2);
  // An active customer who never lapsed has been in that state since it was created.
  const neverChanged = lifecycle === 'ACTIVE' && createdAt >= twoYearsAgo && chance(faker, 0.6);
  const lifecycleChangedAt = neverChanged ? createdAt : between(faker, latest(createdAt, twoYearsAgo), now);
  const updatedAt = between(faker, lifecycleChangedAt, now);
  return { createdAt, lifecycleChangedAt, updatedAt };
}

function ordered(audiences: ReadonlySet<Audience>): Audience[] {
  return AUDIENCE_ORDER.filter((audience) => audiences.has(audience));
}
