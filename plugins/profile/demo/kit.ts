import type { Faker } from '@faker-js/faker';
import type { SeedContext } from '../../../src/plugin-api.ts';
import { createLocalFakers, type Country } from './countries.ts';
import { EmailDirectory } from './emails.ts';
import { ExternalKeys } from './external-refs.ts';
import { PhoneDirectory } from './phones.ts';
import { chance, pickWeighted, type Weighted } from './random.ts';

/** What every builder of demo profiles shares for one tenant. */
export interface DemoKit {
  tenantId: string;
  now: Date;
  /** Draws every random choice. */
  faker: Faker;
  /** Names and streets in the country's own style. */
  local(country: Country): Faker;
  emails: EmailDirectory;
  phones: PhoneDirectory;
  keys: ExternalKeys;
  /** A sales rep, or null for an unassigned record. */
  owner(assignedShare: number): string | null;
}

// The tenant's sales team; the ids are the `sub` of their tokens.
const SALES_REPS: Weighted<string> = [
  ['user-ana', 25],
  ['user-marc', 20],
  ['user-lucia', 18],
  ['user-jordi', 15],
  ['user-sofia', 12],
  ['user-david', 10],
];

export function createDemoKit(context: SeedContext): DemoKit {
  const { faker, now, tenantId } = context;
  const localFakers = createLocalFakers(faker, now);
  return {
    tenantId,
    now,
    faker,
    local: (country) => localFakers.get(country.code)!,
    emails: new EmailDirectory(faker),
    phones: new PhoneDirectory(faker),
    keys: new ExternalKeys(faker),
    owner: (assignedShare) => (chance(faker, assignedShare) ? pickWeighted(faker, SALES_REPS) : null),
  };
}
