// The normalized keys matching compares, as SQL expressions: computed by PostgreSQL when a match
// profile is written and when an incoming batch is looked up, so both sides go through the very
// same functions (unaccent, dmetaphone) and indexes find them.

/** Providers that deliver `name+tag@` to `name@`; Gmail also ignores dots in the local part. */
const TAG_PROVIDERS = ['outlook.com', 'outlook.es', 'hotmail.com', 'hotmail.es', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'protonmail.com', 'proton.me', 'fastmail.com', 'yandex.com'];
const GMAIL = ['gmail.com', 'googlemail.com'];

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** An e-mail as its provider reads it: lower case; Gmail without dots and +tags; +tags dropped where ignored. */
export function emailKeySql(email: string): string {
  const address = `lower(btrim(${email}))`;
  const local = `split_part(${address}, '@', 1)`;
  const domain = `split_part(${address}, '@', 2)`;
  return `(CASE WHEN ${domain} IN (${quoted(GMAIL)}) THEN replace(split_part(${local}, '+', 1), '.', '') || '@gmail.com'
                WHEN ${domain} IN (${quoted(TAG_PROVIDERS)}) THEN split_part(${local}, '+', 1) || '@' || ${domain}
                ELSE ${address} END)`;
}

/** Accents folded, lower case, anything but letters and digits a single space. */
export function textKeySql(text: string): string {
  return `NULLIF(btrim(regexp_replace(lower(unaccent(${text})), '[^[:alnum:]]+', ' ', 'g')), '')`;
}

/** Legal forms an organization's name is written with or without. */
const LEGAL_FORMS = ['s l', 's a', 'sl', 'sa', 'slu', 's l u', 'sau', 's coop', 'sociedad limitada', 'sociedad anonima', 'inc', 'ltd', 'llc', 'gmbh', 'sas', 'sarl', 'bv', 'nv', 'plc', 'srl', 'spa', 'lda'];

/** A name key: a text key, and for an organization without its legal form ("Acme, S.L." is "acme"). */
export function nameKeySql(name: string, kind: string): string {
  const key = textKeySql(name);
  const bare = `NULLIF(btrim(regexp_replace(${key}, '\\m(${LEGAL_FORMS.join('|')})\\M', ' ', 'g')), '')`;
  return `COALESCE(CASE WHEN ${kind} = 'ORGANIZATION' THEN regexp_replace(${bare}, ' +', ' ', 'g') END, ${key}, '')`;
}

/** The Double Metaphone code of the first word of a name key (`maria jose` sounds as `maria`). */
export function soundSql(key: string): string {
  return `NULLIF(dmetaphone(split_part(${key}, ' ', 1)), '')`;
}

/** Street words written in many ways, folded to one (Spanish and English). */
const STREET_WORDS: readonly [string, string][] = [
  ['c|cl|cll|calle', 'calle'],
  ['av|avd|avda|avenida', 'avenida'],
  ['pl|pza|plz|plaza', 'plaza'],
  ['p|po|pso|pg|paseo', 'paseo'],
  ['ctra|carretera', 'carretera'],
  ['rda|ronda', 'ronda'],
  ['trav|travesia', 'travesia'],
  ['st|street', 'street'],
  ['ave|avenue', 'avenue'],
  ['rd|road', 'road'],
];
// Words that come and go in the same address: "calle de Alcalá, nº 5" is "calle alcala 5".
const FILLER_WORDS = 'de|del|la|las|los|el|n|no|num|numero';

/**
 * A street as compared: accents folded, lower case, abbreviations folded, filler words dropped,
 * and cut after the house number (floor and door are written in too many ways).
 */
export function streetKeySql(street: string): string {
  // unaccent leaves the ordinal indicators of "Pº" and "nº".
  let key = `regexp_replace(translate(lower(unaccent(${street})), 'ºª', 'oa'), '\\mc/', 'calle ', 'g')`;
  key = `regexp_replace(${key}, '[^[:alnum:]]+', ' ', 'g')`;
  for (const [variants, word] of STREET_WORDS) key = `regexp_replace(${key}, '\\m(${variants})\\M', '${word}', 'g')`;
  key = `regexp_replace(${key}, '\\m(${FILLER_WORDS})\\M', ' ', 'g')`;
  key = `regexp_replace(btrim(COALESCE(substring(${key} from '^\\D*\\d+'), ${key})), ' +', ' ', 'g')`;
  return `NULLIF(${key}, '')`;
}

/** A postal code as compared: upper case, without spaces or dashes. */
export function postalKeySql(postalCode: string): string {
  return `NULLIF(upper(regexp_replace(${postalCode}, '[^[:alnum:]]+', '', 'g')), '')`;
}

const VAT_PREFIXES = 'ES|PT|FR|DE|IT|NL|BE|AT|IE|LU|PL|SE|DK|FI|EL|CZ|SK|SI|HU|RO|BG|HR|EE|LV|LT|CY|MT|GB';

/** A tax id as compared: letters and digits only, upper case, without an EU VAT country prefix. */
export function taxKeySql(taxId: string): string {
  const key = `upper(regexp_replace(${taxId}, '[^[:alnum:]]+', '', 'g'))`;
  return `NULLIF(regexp_replace(${key}, '^(${VAT_PREFIXES})(?=[A-Z0-9]{8,}$)', ''), '')`;
}

/**
 * The MatchProfile columns (after customerId) computed from a relation `a` with the columns of
 * profile's MatchAttributes.
 */
export function matchKeysSql(): string {
  const firstKey = textKeySql('a."firstName"');
  const lastKey = textKeySql('a."lastName"');
  const nameKey = nameKeySql('a."displayName"', 'a.kind');
  // An organization has no first and last name: the first two words of its name sound for them.
  const firstWord = `CASE WHEN a.kind = 'ORGANIZATION' THEN NULLIF(split_part(${nameKey}, ' ', 1), '') ELSE ${firstKey} END`;
  const secondWord = `CASE WHEN a.kind = 'ORGANIZATION' THEN NULLIF(split_part(${nameKey}, ' ', 2), '') ELSE ${lastKey} END`;
  const addresses = `jsonb_to_recordset(a.addresses) AS address(street text, "postalCode" text)`;
  return `a.kind,
          ${nameKey} AS "nameKey",
          CASE WHEN a.kind = 'PERSON' THEN ${firstKey} END AS "firstKey",
          CASE WHEN a.kind = 'PERSON' THEN ${lastKey} END AS "lastKey",
          ${soundSql(firstWord)} AS "firstSound",
          ${soundSql(secondWord)} AS "lastSound",
          a."birthDate",
          ARRAY(SELECT DISTINCT ${emailKeySql('email')} FROM unnest(a.emails) email WHERE email LIKE '%@%' ORDER BY 1) AS "emailKeys",
          ARRAY(SELECT DISTINCT phone FROM unnest(a.phones) phone WHERE phone <> '' ORDER BY 1) AS "phoneKeys",
          ${taxKeySql('a."taxId"')} AS "taxKey",
          ARRAY(SELECT DISTINCT btrim(ref) FROM unnest(a."externalIds") ref WHERE btrim(ref) <> '' ORDER BY 1) AS "refKeys",
          ARRAY(SELECT DISTINCT key FROM (SELECT ${postalKeySql('address."postalCode"')} || '|' || ${streetKeySql('address.street')} AS key FROM ${addresses}) keys
                WHERE key IS NOT NULL ORDER BY 1) AS "addressKeys",
          ARRAY(SELECT DISTINCT key FROM (SELECT ${postalKeySql('address."postalCode"')} AS key FROM ${addresses}) keys WHERE key IS NOT NULL ORDER BY 1) AS "postalCodes",
          ARRAY(SELECT DISTINCT organization FROM unnest(a."organizationIds") organization ORDER BY 1) AS "organizationIds"`;
}

/**
 * A LATERAL subquery of the blocking keys `(block, key)` of a relation `row` with MatchProfile's
 * columns: what "MatchKey" holds for a stored profile, and what an incoming row is looked up by.
 */
export function blockingKeysSql(row: string): string {
  return `LATERAL (
      SELECT 'EMAIL' AS block, unnest(${row}."emailKeys") AS key
      UNION ALL SELECT 'PHONE', unnest(${row}."phoneKeys")
      UNION ALL SELECT 'REF', unnest(${row}."refKeys")
      UNION ALL SELECT 'ADDRESS', unnest(${row}."addressKeys")
      UNION ALL SELECT 'TAX', ${row}."taxKey" WHERE ${row}."taxKey" IS NOT NULL
      UNION ALL SELECT 'BIRTH', ${row}."birthDate"::text WHERE ${row}."birthDate" IS NOT NULL
      -- Both names' sounds in a fixed order, so that swapped first and last names share the key.
      UNION ALL SELECT 'SOUND', least(${row}."firstSound", ${row}."lastSound") || ' ' || greatest(${row}."firstSound", ${row}."lastSound")
                WHERE ${row}."firstSound" IS NOT NULL AND ${row}."lastSound" IS NOT NULL
    )`;
}
