import type { Faker } from '@faker-js/faker';

// How one person's second record comes out different from the first, as people type at a till or
// a web form: the demo's duplicates and the tests' dirty dataset are made with these.

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One slip of the keyboard inside a word (never its first letter): a swap, a drop, a double or a wrong key. */
export function typo(faker: Faker, word: string): string {
  if (word.length < 4) return `${word}${word.at(-1)}`;
  const at = faker.number.int({ min: 1, max: word.length - 2 });
  switch (faker.number.int({ min: 0, max: 3 })) {
    case 0:
      return `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`;
    case 1:
      return `${word.slice(0, at)}${word.slice(at + 1)}`;
    case 2:
      return `${word.slice(0, at + 1)}${word[at]}${word.slice(at + 1)}`;
    default: {
      const replaced = word[at]!.toLowerCase();
      const other = LETTERS.replace(replaced, '')[faker.number.int({ min: 0, max: 24 })]!;
      return `${word.slice(0, at)}${word[at] === replaced ? other : other.toUpperCase()}${word.slice(at + 1)}`;
    }
  }
}

const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', n: 'ñ' };

/** Accents dropped where there are some, otherwise one added (the accent a form forgot or invented). */
export function accentVariant(faker: Faker, name: string): string {
  const plain = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (plain !== name) return plain;
  const vowels = [...name].flatMap((character, index) => (ACCENTED[character] ? [index] : []));
  if (vowels.length === 0) return name.toUpperCase();
  const at = faker.helpers.arrayElement(vowels);
  return `${name.slice(0, at)}${ACCENTED[name[at]!]}${name.slice(at + 1)}`;
}

/** The same mailbox written another way: Gmail without its dots or with them, a +tag elsewhere, another case. */
export function emailVariant(faker: Faker, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  if (domain === 'gmail.com' && local.includes('.')) return `${local.replaceAll('.', '')}@${domain}`;
  if (domain === 'gmail.com' && local.length > 3) return `${local.slice(0, 2)}.${local.slice(2)}@googlemail.com`;
  return `${local}+${faker.helpers.arrayElement(['shop', 'news', 'web', 'promo'])}@${domain}`.toUpperCase();
}

/** A street as another person types it: "Calle" as "C/", "Avenida" as "Avda.", commas and case. */
export function streetVariant(street: string): string {
  const replaced = street
    .replace(/^Calle de /i, 'C/ ')
    .replace(/^Calle /i, 'C/ ')
    .replace(/^Avenida de /i, 'Avda. ')
    .replace(/^Avenida /i, 'Avda. ')
    .replace(/^Plaza /i, 'Pza. ')
    .replace(/^Paseo /i, 'Pº ');
  return replaced === street ? street.toUpperCase().replace(/ (\d+)/, ', nº $1') : replaced;
}

/** "García López" as "García": the second surname left out. */
export function dropSecondSurname(lastName: string): string {
  return lastName.split(' ')[0]!;
}
