import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Faker } from '@faker-js/faker';
import { eventsAsHistory, type SeedContext, withSeededRowIds } from '../../../src/plugin-api.ts';
import { matchAttributesSql, type MatchAttributes } from '../../profile/plugin.ts';
import { findLikelyMatches, matchThresholds } from '../matching/find-likely-matches.ts';
import { typo } from '../matching/demo-variants.ts';
import { checkImportRequest, createImportJob } from './create-import-job.ts';
import { incomingOf } from './customer-batch.ts';
import { importOptionsSchema } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';
import { readCustomerRow } from './normalize/customer-row.ts';
import { fingerprint, runImportJob } from './run-import.ts';

/** Who the demo's import is recorded as started by. */
const DEMO_IMPORTER = 'demo-marketing';
const SOURCE = 'feria-2026';
/** The name the file had on the importer's machine (the temporary copy's path would differ every seed). */
const FILE_NAME = 'feria-2026-contactos.csv';
const DAY = 86_400_000;
/** The fair's list is imported three weeks before the demo's history ends, in the afternoon. */
const DAYS_BEFORE = 21;

const COLUMNS = { firstName: 'Nombre', lastName: 'Apellidos', email: 'Email', phone: 'Teléfono', city: 'Ciudad', consentEmail: 'Acepta emails' } as const;
type Line = Partial<Record<keyof typeof COLUMNS, string>>;
const REQUEST = { kind: 'CUSTOMERS', format: 'CSV', mapping: COLUMNS, options: { source: SOURCE, defaultCountry: 'ES' } } as const;

/** Lines of people the tenant does not know yet. */
const NEW_PEOPLE = 30;
/** A list of about forty people is a fair's for a tenant of this size or more; a smaller one (acme's 50) would be mostly the fair's. */
const MIN_CUSTOMERS = 800;
/** People of the tenant on the list again: e-mail as stored; the first ones bring a new mobile (updated), the rest nothing new (unchanged). */
const KNOWN = 5;
const KNOWN_WITH_NEW_PHONE = 3;
/** Lines that look like a customer without being surely one (between the possible and likely thresholds): held for review. */
const LOOK_ALIKES = 2;
/** People drawn to try look-alikes on: enough that two land between the thresholds. */
const LOOK_ALIKE_TRIES = 24;

type Person = MatchAttributes & { firstName: string; lastName: string };

/**
 * Identity's demo import: the contact list of a trade fair ("feria-2026"), a CSV of about forty
 * lines imported three weeks before the demo ends through the engine the command line and the API
 * run (a job, one batch, its checkpoint and counts, its events as history): mostly new people, a
 * few existing customers matched by e-mail (three updated with a new mobile, two unchanged), two
 * look-alikes held for review, and three bad lines refused (an e-mail without "@", a phone that is
 * not a number, a line without a first name). Runs after the match profiles are built; only on a
 * tenant of retail size (demo), which grows by the fair's new people.
 */
export async function seedDemoImport(context: SeedContext): Promise<void> {
  const { faker, tenantId } = context;
  if (context.customers < MIN_CUSTOMERS) return;
  let at = new Date(Math.floor(context.now.getTime() / DAY) * DAY - DAYS_BEFORE * DAY + 16 * 3_600_000 + faker.number.int({ min: 0, max: 3_599 }) * 1_000);
  // Each transaction of the run is a couple of seconds after the one before.
  const scopeAt = (): ImportScope => {
    at = new Date(at.getTime() + 2_000);
    return { sql: context.statements, tenantId, now: at, events: eventsAsHistory(context, 'demo import events', DEMO_IMPORTER, () => at) };
  };

  await withSeededRowIds(`${tenantId}:identity:demo-import`, () => at, async () => {
    const lines = await fairList(context, scopeAt());
    if (lines === null) return;
    // The file's lines, its header included, as the job counts them.
    context.progress.step('demo import', lines.length + 1);
    const directory = await mkdtemp(join(tmpdir(), 'nexo-demo-import-'));
    try {
      const path = join(directory, FILE_NAME);
      await writeFile(path, csvOf(lines));
      const file = await fingerprint(path);
      const job = await createImportJob(scopeAt(), checkImportRequest(REQUEST, []), { name: FILE_NAME, bytes: file.bytes, sha256: file.sha256, storedPath: null }, DEMO_IMPORTER);
      let done = 0;
      const result = await runImportJob(
        {
          transact: (work) => work(scopeAt()),
          onProgress: (current) => {
            context.progress.advance(current.checkpointLine - done);
            done = current.checkpointLine;
          },
        },
        job.id,
        path,
      );
      if (result.status !== 'COMPLETED' || result.job?.status !== 'COMPLETED') throw new Error(`The demo import ended ${result.job?.status ?? result.status}`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
}

/**
 * The fair's lines, shuffled as people signed up: new people no customer resembles, known people,
 * look-alikes that land between the thresholds (both checked with the matching the import runs),
 * and the bad lines. Null for a tenant with too few people to draw them from.
 */
async function fairList(context: SeedContext, scope: ImportScope): Promise<Line[] | null> {
  const { faker } = context;
  const people = (
    await context.statements.query<MatchAttributes>(`SELECT * FROM (${matchAttributesSql({ tenant: '$1', customers: null })}) a ORDER BY a."customerId"`, [context.tenantId])
  ).filter((person): person is Person => person.kind === 'PERSON' && person.firstName !== null && person.lastName !== null);
  const withEmail = people.filter((person) => person.emails.length > 0);
  if (withEmail.length < KNOWN + LOOK_ALIKE_TRIES) return null;
  const takenEmails = new Set(people.flatMap((person) => person.emails));
  const takenPhones = new Set(people.flatMap((person) => person.phones));
  const email = (firstName: string, lastName: string) => freshEmail(faker, firstName, lastName, takenEmails);
  const phone = () => freshMobile(faker, takenPhones);

  const drawn = faker.helpers.arrayElements(withEmail, KNOWN + LOOK_ALIKE_TRIES);
  const known = drawn.slice(0, KNOWN).map((person, index): Line => ({
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.emails[0]!,
    ...(index < KNOWN_WITH_NEW_PHONE ? { phone: phone() } : {}),
  }));
  // The same person met at the fair under a slip of the pen, with an address of their own: alike, not surely them.
  const lookAlikeTries = drawn.slice(KNOWN).map((person): Line => {
    const lastName = faker.datatype.boolean() ? typo(faker, person.lastName) : person.lastName;
    return { firstName: person.firstName, lastName, email: email(person.firstName, lastName), city: person.addresses[0]?.city ?? undefined };
  });
  const newTries = Array.from({ length: NEW_PEOPLE + 10 }, (): Line => {
    const firstName = faker.person.firstName();
    const lastName = `${faker.person.lastName()} ${faker.person.lastName()}`;
    return { firstName, lastName, email: email(firstName, lastName), phone: faker.datatype.boolean(0.7) ? phone() : undefined, city: faker.location.city(), consentEmail: faker.helpers.arrayElement(['sí', 'sí', 'no', '']) };
  });

  const tries = [...lookAlikeTries, ...newTries];
  const options = importOptionsSchema.parse(REQUEST.options);
  const incoming = tries.map((line) => {
    const reading = readCustomerRow(valuesOf(line), options, scope.now);
    if (!reading.ok) throw new Error(`A demo import line does not read: ${reading.problems.join('; ')}`);
    return incomingOf(reading.value);
  });
  const thresholds = await matchThresholds(scope);
  const matches = await findLikelyMatches(scope, incoming, { minScore: thresholds.possible, limit: 1 });
  const bestOf = (line: Line) => matches[tries.indexOf(line)]![0]?.score ?? null;
  const lookAlikes = lookAlikeTries.filter((line) => {
    const best = bestOf(line);
    return best !== null && best < thresholds.likely;
  });
  // The last three tries become the bad lines.
  const [invalidEmail, notANumber, nameless] = newTries.slice(-3);
  const newPeople = newTries.slice(0, -3).filter((line) => bestOf(line) === null).slice(0, NEW_PEOPLE);
  const bad: Line[] = [
    { ...invalidEmail, email: invalidEmail!.email!.replace('@', '.') },
    { ...notANumber, phone: 'llamar por la tarde' },
    { ...nameless, firstName: '' },
  ];
  return faker.helpers.shuffle([...newPeople, ...known, ...lookAlikes.slice(0, LOOK_ALIKES), ...bad]);
}

/** A line as the import reads it: mapped field → value, an empty cell as null. */
function valuesOf(line: Line): Record<string, string | null> {
  return Object.fromEntries(Object.keys(COLUMNS).map((field) => [field, line[field as keyof Line] || null]));
}

function csvOf(lines: readonly Line[]): string {
  const fields = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [fields.map((field) => COLUMNS[field]), ...lines.map((line) => fields.map((field) => line[field] ?? ''))].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** An e-mail address of the person that no one of the tenant has (nor an earlier line). */
function freshEmail(faker: Faker, firstName: string, lastName: string, taken: Set<string>): string {
  for (;;) {
    const address = faker.internet.email({ firstName, lastName: lastName.split(' ')[0], allowSpecialCharacters: false }).toLowerCase();
    if (taken.has(address)) continue;
    taken.add(address);
    return address;
  }
}

/** A Spanish mobile, written as people do (600 123 456), that no one of the tenant has. */
function freshMobile(faker: Faker, taken: Set<string>): string {
  for (;;) {
    const digits = `6${faker.string.numeric(8)}`;
    if (taken.has(`+34${digits}`)) continue;
    taken.add(`+34${digits}`);
    return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  }
}
