import { base, en, es, Faker } from '@faker-js/faker';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { accentVariant, dropSecondSurname, emailVariant, streetVariant, typo } from '../matching/demo-variants.ts';

// A dirty customer base with KNOWN TRUTH: people entered once, some of them entered again with the
// slips real data has (typos, swapped or accented names, a dropped surname, upper case, another
// phone format, an e-mail spelled another way, an abbreviated street, a move), and look-alikes that
// are different people (namesakes, family members at one address who may share the home phone,
// the same name born on another day in the same postal code). Every record knows which person
// it is, so precision and recall are counted against the truth, not against the matcher.

export interface DirtyAddress {
  street: string;
  postalCode: string;
  city: string;
}

export interface DirtyRecord {
  /** The real person behind the record: records of one person are duplicates of each other. */
  person: number;
  role: 'original' | 'duplicate' | 'lookalike';
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  /** As typed: in some national or international format (country ES). */
  phone: string | null;
  address: DirtyAddress | null;
  /** What was changed, to read a miss or a false match. */
  changes: string[];
}

const PROVIDERS: [string, number][] = [
  ['gmail.com', 45],
  ['hotmail.es', 15],
  ['outlook.es', 10],
  ['yahoo.es', 10],
  ['icloud.com', 8],
  ['telefonica.net', 6],
];
const STREET_TYPES = ['Calle', 'Calle de', 'Avenida', 'Avenida de', 'Plaza', 'Paseo'];

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

class Generator {
  readonly faker: Faker;
  readonly #emails = new Set<string>();
  readonly #phones = new Set<string>();

  constructor(seed: number) {
    this.faker = new Faker({ locale: [es, en, base], seed });
  }

  chance(probability: number): boolean {
    return this.faker.number.float({ min: 0, max: 1 }) < probability;
  }

  email(firstName: string, lastName: string): string {
    const provider = this.faker.helpers.weightedArrayElement(PROVIDERS.map(([value, weight]) => ({ value, weight })));
    const local = `${slug(firstName)}.${slug(lastName.split(' ')[0]!)}`;
    let email = `${local}@${provider}`;
    for (let n = 2; this.#emails.has(email) || this.#emails.has(email.replaceAll('.', '')); n++) email = `${local}${n}@${provider}`;
    this.#emails.add(email);
    return email;
  }

  /** Takes a spelling of an e-mail for a record; false when another record stored it already. */
  claim(email: string): boolean {
    if (this.#emails.has(email)) return false;
    this.#emails.add(email);
    return true;
  }

  /** A Spanish mobile (or landline) as digits, unique in the dataset. */
  phoneDigits(landline = false): string {
    let digits: string;
    do digits = `${landline ? '91' : '6'}${this.faker.string.numeric(landline ? 7 : 8)}`;
    while (this.#phones.has(digits) || !isValidPhoneNumber(digits, 'ES'));
    this.#phones.add(digits);
    return digits;
  }

  /** The number typed in one of the ways people type it. */
  typed(digits: string): string {
    const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
    return this.faker.helpers.arrayElement([`+34${digits}`, `+34 ${spaced}`, digits, `0034 ${digits}`, `(+34) ${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`]);
  }

  address(near?: DirtyAddress): DirtyAddress {
    const street = `${this.faker.helpers.arrayElement(STREET_TYPES)} ${this.faker.person.lastName().split(' ')[0]} ${this.faker.number.int({ min: 1, max: 180 })}`;
    return near ? { ...near, street } : { street, postalCode: this.faker.location.zipCode('#####'), city: this.faker.location.city() };
  }

  birthDate(): string {
    return this.faker.date.birthdate({ mode: 'age', min: 18, max: 85, refDate: new Date('2026-12-01T00:00:00Z') }).toISOString().slice(0, 10);
  }
}

function original(generator: Generator, person: number): DirtyRecord {
  const { faker } = generator;
  const sex = faker.helpers.arrayElement(['female', 'male'] as const);
  const firstName = faker.person.firstName(sex);
  const lastName = generator.chance(0.6) ? `${faker.person.lastName().split(' ')[0]} ${faker.person.lastName().split(' ')[0]}` : faker.person.lastName().split(' ')[0]!;
  return {
    person,
    role: 'original',
    firstName,
    lastName,
    birthDate: generator.chance(0.75) ? generator.birthDate() : null,
    email: generator.chance(0.85) ? generator.email(firstName, lastName) : null,
    phone: generator.chance(0.8) ? generator.typed(generator.phoneDigits(generator.chance(0.15))) : null,
    address: generator.chance(0.8) ? generator.address() : null,
    changes: [],
  };
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '').replace(/^(0034|34)(?=\d{9}$)/, '');

/** The same person entered again: the name changed somehow, at least one identifier given again. */
function duplicate(generator: Generator, of: DirtyRecord): DirtyRecord {
  const { faker } = generator;
  const changes: string[] = [];
  let { firstName, lastName } = of;
  const nameChange = faker.helpers.weightedArrayElement([
    { value: 'same name', weight: 15 },
    { value: 'typo in first name', weight: 15 },
    { value: 'typo in last name', weight: 20 },
    { value: 'swapped names', weight: 10 },
    { value: 'accents', weight: 15 },
    { value: 'second surname dropped', weight: 10 },
    { value: 'upper case', weight: 15 },
  ]);
  changes.push(nameChange);
  if (nameChange === 'typo in first name') firstName = typo(faker, firstName);
  if (nameChange === 'typo in last name') lastName = typo(faker, lastName);
  if (nameChange === 'swapped names') [firstName, lastName] = [lastName, firstName];
  if (nameChange === 'accents') [firstName, lastName] = [accentVariant(faker, firstName), accentVariant(faker, lastName)];
  if (nameChange === 'second surname dropped') lastName = lastName.includes(' ') ? dropSecondSurname(lastName) : typo(faker, lastName);
  if (nameChange === 'upper case') [firstName, lastName] = [firstName.toUpperCase(), lastName.toUpperCase()];

  // One or two identifiers the person gives again; the rest given differently or not at all. A
  // mailbox its provider reads one way only (yahoo.es, telefonica.net) cannot be given again: the
  // profile refuses an e-mail another active customer holds, so that person gave something else.
  const respellable = (email: string | null) => email !== null && /@(gmail|hotmail|outlook|icloud)\./.test(email);
  const held = (['email', 'phone', 'address', 'birthDate'] as const).filter((key) => of[key] !== null && (key !== 'email' || respellable(of.email)));
  const kept = new Set(faker.helpers.arrayElements(held, { min: Math.min(1, held.length), max: Math.min(2, held.length) }));
  const other = (key: string) => faker.helpers.weightedArrayElement([{ value: 'missing', weight: 6 }, { value: `another ${key}`, weight: 4 }]);

  let email: string | null = null;
  if (kept.has('email')) {
    const variant = emailVariant(faker, of.email!).toLowerCase();
    // A mailbox its provider reads one way only (yahoo.es, telefonica.net) cannot be spelled again: the profile
    // refuses an e-mail another active customer holds. The person then gave the phone, or nothing.
    if (!generator.claim(variant)) changes.push('e-mail not given again');
    else {
      email = variant;
      changes.push('e-mail spelled another way');
    }
  } else if (of.email && other('e-mail') !== 'missing') {
    email = generator.email(firstName, lastName);
    changes.push('another e-mail');
  }

  let phone: string | null = null;
  if (kept.has('phone')) {
    phone = generator.typed(digitsOf(of.phone!));
    changes.push('phone in another format');
  } else if (of.phone && other('phone') !== 'missing') {
    phone = generator.typed(generator.phoneDigits());
    changes.push('another phone');
  }

  let address: DirtyAddress | null = null;
  if (kept.has('address')) {
    address = { ...of.address!, street: streetVariant(of.address!.street) };
    changes.push('street written another way');
  } else if (of.address && other('address') !== 'missing') {
    address = generator.address(generator.chance(0.5) ? of.address : undefined);
    changes.push('moved');
  }

  const birthDate = kept.has('birthDate') ? of.birthDate : null;
  if (birthDate) changes.push('same birth date');
  return { person: of.person, role: 'duplicate', firstName, lastName, birthDate, email, phone, address, changes };
}

/** A different person who looks like `of`. */
function lookalike(generator: Generator, of: DirtyRecord, person: number): DirtyRecord {
  const { faker } = generator;
  const kind = faker.helpers.weightedArrayElement([
    { value: 'namesake', weight: 4 },
    { value: 'family member', weight: 5 },
    { value: 'same name, another birth date, same postal code', weight: 3 },
  ]);
  const own = original(generator, person);
  if (kind === 'namesake') return { ...own, firstName: of.firstName, lastName: of.lastName, role: 'lookalike', changes: [kind] };
  if (kind === 'family member') {
    const sharesPhone = of.phone !== null && generator.chance(0.3);
    return {
      ...own,
      lastName: of.lastName,
      address: of.address ?? own.address,
      phone: sharesPhone ? generator.typed(digitsOf(of.phone!)) : own.phone,
      role: 'lookalike',
      changes: [kind, ...(sharesPhone ? ['shares the home phone'] : [])],
    };
  }
  let birthDate = generator.birthDate();
  while (birthDate === of.birthDate) birthDate = generator.birthDate();
  return { ...own, firstName: of.firstName, lastName: of.lastName, birthDate, address: of.address ? generator.address(of.address) : own.address, role: 'lookalike', changes: [kind] };
}

/**
 * `people` originals; about a third of them entered again (a few twice), and about one in six
 * with a look-alike. Records come shuffled, as they would arrive.
 */
export function dirtyDataset(seed: number, people: number): DirtyRecord[] {
  const generator = new Generator(seed);
  const records: DirtyRecord[] = [];
  let nextPerson = people;
  for (let person = 0; person < people; person++) {
    const first = original(generator, person);
    records.push(first);
    if (generator.chance(0.33)) {
      records.push(duplicate(generator, first));
      if (generator.chance(0.1)) records.push(duplicate(generator, first));
    }
    if (generator.chance(0.17)) records.push(lookalike(generator, first, nextPerson++));
  }
  return generator.faker.helpers.shuffle(records);
}

/** Every pair of records (by index, smaller first) that are the same person. */
export function truePairs(records: readonly DirtyRecord[]): Set<string> {
  const byPerson = new Map<number, number[]>();
  records.forEach((record, index) => byPerson.set(record.person, [...(byPerson.get(record.person) ?? []), index]));
  const pairs = new Set<string>();
  for (const indexes of byPerson.values()) {
    for (let i = 0; i < indexes.length; i++) for (let j = i + 1; j < indexes.length; j++) pairs.add(pairKey(indexes[i]!, indexes[j]!));
  }
  return pairs;
}

export const pairKey = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
