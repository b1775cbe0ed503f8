import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { GENERATED_INTERACTIONS_MAPPING, writeGeneratedInteractions } from './support-import-file.ts';
import { businessSnapshot, counts, jobState, rowsOf, runImport, spawnImport, writeImportFile } from './support-imports.ts';

// Imports through the command line (npm run import), as a child process on the demo tenant:
// customers and interactions from CSV and NDJSON, re-runs that change nothing, and the report of
// refused lines.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'interactions', 'identity'] });
});
afterAll(async () => {
  await server?.stop();
});

const CUSTOMER_MAP = 'externalId=Id,kind=Tipo,name=Nombre,firstName=Nombre de pila,lastName=Apellidos,email=Correo,phone=Teléfono,phone2=Móvil,street=Calle,postalCode=CP,city=Ciudad,country=País,consentEmail=Acepta email,consentSms=Acepta SMS';
const CUSTOMERS_CSV = [
  'Id;Tipo;Nombre;Nombre de pila;Apellidos;Correo;Teléfono;Móvil;Calle;CP;Ciudad;País;Acepta email;Acepta SMS',
  'imp-1;persona;;Zoraida;Quintanilla Ybarra;Zoraida.Quintanilla@Example.COM;915 550 101;;Calle Mayor 1;28013;Madrid;España;sí;no',
  'imp-2;persona;;Eustaquio;Villalobos;eustaquio.villalobos@example.com;;666 101 202;;;;ES;no;',
  'imp-3;empresa;Talleres Quintanilla SL;;;info@talleres-quintanilla.example;+34 934 000 111;;"Carrer de Mallorca, 200";08036;Barcelona;ES;;',
  'imp-4;persona;;Rigoberta;Menéndez;rigoberta@;;;;;;ES;;',
  'imp-5;persona;;Eustaquio;Villalobos Sanz;EUSTAQUIO.VILLALOBOS@example.com;;677 303 404;;;;ES;;sí',
  'imp-6;persona;;Sin;Teléfono;sin.telefono@example.com;12;;;;;ES;;',
].join('\r\n');

async function importCustomers(file: string, extra: string[] = []) {
  return runImport(server, ['--tenant', 'demo', '--kind', 'customers', '--delimiter', ';', '--map', CUSTOMER_MAP, '--source', 'crm-test', '--default-country', 'ES', ...extra, file]);
}

describe('importing customers from the command line', () => {
  it('creates customers with their contact points, consents and ids, folds rows of one customer, and reports refused lines', async () => {
    const file = await writeImportFile('customers.csv', CUSTOMERS_CSV);
    const result = await importCustomers(file);
    expect(result.code, result.output).toBe(0);
    // imp-5 shares imp-2's e-mail: it is the same customer, written as one (a second phone, an SMS consent).
    expect(counts(await jobState(server.owner, result.jobId))).toEqual({ created: 3, updated: 1, unchanged: 0, held: 0, rejected: 2 });
    expect(result.output).toMatch(/line 5: email "rigoberta@" is not a valid e-mail address/);
    expect(result.output).toMatch(/line 7: phone: "12" is not a/);

    const refs = await rowsOf<{ externalId: string; customerId: string }>(server.owner, `SELECT "externalId", "customerId"::text FROM "ExternalRef" WHERE source = 'crm-test' ORDER BY "externalId"`);
    expect(refs.map((ref) => ref.externalId)).toEqual(['imp-1', 'imp-2', 'imp-3', 'imp-5']);
    const customerOf = new Map(refs.map((ref) => [ref.externalId, ref.customerId]));
    expect(customerOf.get('imp-2')).toBe(customerOf.get('imp-5'));

    const [zoraida] = await rowsOf<Record<string, unknown>>(server.owner, `SELECT kind::text, "displayName", "firstName", "lastName", country, city FROM "Customer" WHERE id = $1::uuid`, [customerOf.get('imp-1')]);
    expect(zoraida).toEqual({ kind: 'PERSON', displayName: 'Zoraida Quintanilla Ybarra', firstName: 'Zoraida', lastName: 'Quintanilla Ybarra', country: 'ES', city: 'Madrid' });
    const points = await rowsOf<{ customerId: string; kind: string; value: string; isPrimary: boolean }>(
      server.owner,
      `SELECT "customerId"::text, kind::text, value, "isPrimary" FROM "ContactPoint" WHERE "customerId" = ANY($1::uuid[]) ORDER BY "customerId", kind, value`,
      [[...customerOf.values()]],
    );
    const pointsOf = (id: string) => points.filter((point) => point.customerId === customerOf.get(id)).map(({ kind, value, isPrimary }) => `${kind} ${value}${isPrimary ? ' *' : ''}`);
    expect(pointsOf('imp-1')).toEqual(['ADDRESS Calle Mayor 1, 28013 Madrid, ES *', 'EMAIL zoraida.quintanilla@example.com *', 'PHONE +34915550101 *']);
    expect(pointsOf('imp-2')).toEqual(['EMAIL eustaquio.villalobos@example.com *', 'PHONE +34666101202 *', 'PHONE +34677303404']);
    expect(pointsOf('imp-3')).toEqual(['ADDRESS Carrer de Mallorca, 200, 08036 Barcelona, ES *', 'EMAIL info@talleres-quintanilla.example *', 'PHONE +34934000111 *']);

    const consents = await rowsOf<{ customerId: string; channel: string; status: string; source: string }>(
      server.owner,
      `SELECT "customerId"::text, channel::text, status::text, source FROM "Consent" WHERE "customerId" = ANY($1::uuid[]) ORDER BY "customerId", channel`,
      [[...customerOf.values()]],
    );
    const consentsOf = (id: string) => consents.filter((consent) => consent.customerId === customerOf.get(id)).map(({ channel, status }) => `${channel} ${status}`);
    expect(consentsOf('imp-1')).toEqual(['EMAIL GRANTED', 'SMS WITHDRAWN']);
    expect(consentsOf('imp-2')).toEqual(['EMAIL WITHDRAWN', 'SMS GRANTED']);
    expect(consents.every((consent) => consent.source === 'crm-test')).toBe(true);

    // Other areas see them as any new customer: one customer.created each, with its global id.
    const created = await rowsOf<{ customerId: string }>(server.owner, `SELECT "customerId"::text FROM "OutboxEvent" WHERE topic = 'customer.created' AND "customerId" = ANY($1::uuid[])`, [[...customerOf.values()]]);
    expect(created.map((event) => event.customerId).sort()).toEqual([...new Set(customerOf.values())].sort());
  });

  it('changes nothing when the same file is imported again: every row is found unchanged', async () => {
    const file = await writeImportFile('customers-again.csv', CUSTOMERS_CSV);
    const before = await businessSnapshot(server.owner);
    const result = await importCustomers(file);
    expect(result.code, result.output).toBe(0);
    expect(counts(await jobState(server.owner, result.jobId))).toEqual({ created: 0, updated: 0, unchanged: 4, held: 0, rejected: 2 });
    expect(await businessSnapshot(server.owner)).toEqual(before);
  });

  it('imports NDJSON, adding to the customer an id already names (blanks filled, values kept)', async () => {
    const lines = [
      { id: 'imp-1', who: { first: 'Zoraida', last: 'Quintanilla-Ybarra' }, contact: { email: 'zq@example.net', phone: '+34 915 550 101' }, birth: '21/03/1984', lang: 'es' },
      { id: 'imp-7', who: { first: 'Anselmo', last: 'Torrijos' }, contact: { email: 'anselmo.torrijos@example.com' }, birth: '1990-12-01' },
    ];
    const file = await writeImportFile('customers.ndjson', lines.map((line) => JSON.stringify(line)).join('\n'));
    const result = await runImport(server, ['--kind', 'customers', '--format', 'ndjson', '--map', 'externalId=id,firstName=who.first,lastName=who.last,email=contact.email,phone=contact.phone,birthDate=birth,language=lang', '--source', 'crm-test', file]);
    expect(result.code, result.output).toBe(0);
    expect(counts(await jobState(server.owner, result.jobId))).toEqual({ created: 1, updated: 1, unchanged: 0, held: 0, rejected: 0 });
    const [zoraida] = await rowsOf<Record<string, unknown>>(
      server.owner,
      `SELECT c."lastName", to_char(c."birthDate", 'YYYY-MM-DD') AS "birthDate", c.language, array_agg(p.value ORDER BY p.value) AS emails
       FROM "Customer" c JOIN "ExternalRef" r ON r."customerId" = c.id JOIN "ContactPoint" p ON p."customerId" = c.id AND p.kind = 'EMAIL'
       WHERE r.source = 'crm-test' AND r."externalId" = 'imp-1' GROUP BY c.id`,
    );
    // FILL_BLANKS: the last name it had stays; the birth date and language it lacked are filled; the new e-mail is added.
    expect(zoraida).toEqual({ lastName: 'Quintanilla Ybarra', birthDate: '1984-03-21', language: 'es', emails: ['zoraida.quintanilla@example.com', 'zq@example.net'] });
  });
});

describe('importing interactions from the command line', () => {
  it('records interactions on the customers their ids or e-mails name, and recognises them when imported again', async () => {
    const csv = [
      'Ticket,Cliente,Correo,Canal,Tipo,Fecha,Importe,Moneda,Resumen',
      'T-1,imp-1,,point of sale,purchase,2026-01-15T10:00:00Z,"49,90",EUR,Compra en tienda',
      'T-2,,eustaquio.villalobos@example.com,EMAIL,INQUIRY,2026-01-16,,,Pregunta por un pedido',
      'T-3,imp-404,,WEB,INQUIRY,2026-01-17,,,Nadie',
      'T-4,imp-3,,WEB,TELEPATHY,2026-01-18,,,Tipo desconocido',
    ].join('\n');
    const map = 'externalId=Ticket,customerExternalId=Cliente,customerEmail=Correo,channel=Canal,kind=Tipo,occurredAt=Fecha,amount=Importe,currency=Moneda,summary=Resumen';
    const file = await writeImportFile('interactions.csv', csv);
    const args = ['--kind', 'interactions', '--map', map, '--source', 'crm-test', file];
    const first = await runImport(server, args);
    expect(first.code, first.output).toBe(0);
    expect(counts(await jobState(server.owner, first.jobId))).toEqual({ created: 2, updated: 0, unchanged: 0, held: 0, rejected: 2 });
    expect(first.output).toMatch(/line 4: no customer has crm-test id imp-404/);
    expect(first.output).toMatch(/line 5: kind "TELEPATHY" is not one of PURCHASE/);
    const stored = await rowsOf<Record<string, unknown>>(
      server.owner,
      `SELECT i."externalId", i.channel::text, i.kind::text, i.amount::text,
              (SELECT min(r."externalId") FROM "ExternalRef" r WHERE r."customerId" = i."customerId" AND r.source = 'crm-test') AS customer
       FROM "Interaction" i WHERE i.source = 'crm-test' ORDER BY i."externalId"`,
    );
    expect(stored).toEqual([
      { externalId: 'T-1', channel: 'POINT_OF_SALE', kind: 'PURCHASE', amount: '49.90', customer: 'imp-1' },
      { externalId: 'T-2', channel: 'EMAIL', kind: 'INQUIRY', amount: null, customer: 'imp-2' },
    ]);
    const recorded = await rowsOf(server.owner, `SELECT 1 FROM "OutboxEvent" WHERE topic = 'interaction.recorded' AND payload->>'source' = 'crm-test'`);
    expect(recorded).toHaveLength(2);

    const before = await businessSnapshot(server.owner);
    const again = await runImport(server, args);
    expect(counts(await jobState(server.owner, again.jobId))).toEqual({ created: 0, updated: 0, unchanged: 2, held: 0, rejected: 2 });
    expect(await businessSnapshot(server.owner)).toEqual(before);

    const ndjson = await writeImportFile('interactions.ndjson', [
      JSON.stringify({ id: 'T-1', customer: 'imp-1', channel: 'POINT_OF_SALE', kind: 'PURCHASE', at: '2026-01-15T10:00:00Z', amount: 49.9, currency: 'EUR' }),
      JSON.stringify({ id: 'T-5', customer: 'imp-7', channel: 'CHAT', kind: 'SERVICE', at: '2026-02-01T09:30:00+01:00' }),
    ].join('\n'));
    const fromJson = await runImport(server, ['--kind', 'interactions', '--format', 'ndjson', '--map', 'externalId=id,customerExternalId=customer,channel=channel,kind=kind,occurredAt=at,amount=amount,currency=currency', '--source', 'crm-test', ndjson]);
    expect(counts(await jobState(server.owner, fromJson.jobId))).toEqual({ created: 1, updated: 0, unchanged: 1, held: 0, rejected: 0 });
  });
});

describe('bad files', () => {
  it('refuses the lines that are not UTF-8 and imports the others, writing no mojibake', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('Id;Tipo;Nombre;Nombre de pila;Apellidos;Correo;Teléfono;Móvil;Calle;CP;Ciudad;País;Acepta email;Acepta SMS\n'.replace('é', 'e').replace('ó', 'o').replace('í', 'i')),
      Buffer.from('lat-1;persona;;Jos', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(';Ib\xe1\xf1ez;jose.ibanez@example.com;;;;;;ES;;\n', 'latin1'),
      Buffer.from('lat-2;persona;;Clara;Sotomayor;clara.sotomayor@example.com;;;;;;ES;;\n'),
    ]);
    const file = await writeImportFile('latin1.csv', latin1);
    const result = await runImport(server, ['--kind', 'customers', '--delimiter', ';', '--map', CUSTOMER_MAP.replace('Teléfono', 'Telefono').replace('Móvil', 'Movil').replace('País', 'Pais'), '--source', 'crm-latin', file]);
    expect(result.code, result.output).toBe(0);
    expect(counts(await jobState(server.owner, result.jobId))).toEqual({ created: 1, updated: 0, unchanged: 0, held: 0, rejected: 1 });
    expect(result.output).toMatch(/line 2: is not UTF-8 text \(byte 0xE9 at column 19\)/);
    const names = await rowsOf<{ displayName: string }>(server.owner, `SELECT c."displayName" FROM "Customer" c JOIN "ExternalRef" r ON r."customerId" = c.id WHERE r.source = 'crm-latin'`);
    expect(names).toEqual([{ displayName: 'Clara Sotomayor' }]);
  });

  it('fails a file whose header lacks a mapped column, or that is empty, writing nothing', async () => {
    const before = await businessSnapshot(server.owner);
    const missing = await runImport(server, ['--kind', 'customers', '--map', 'firstName=Nombre,lastName=Apellidos,email=Email', '--source', 'crm-bad', await writeImportFile('missing.csv', 'Nombre,Apellidos,Correo\nAna,Ruiz,ana.ruiz@example.com\n')]);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/failed: The file has no column "Email" \(mapped to email\); its columns are: "Nombre", "Apellidos", "Correo"/);
    expect((await jobState(server.owner, missing.jobId)).status).toBe('FAILED');
    const empty = await runImport(server, ['--kind', 'customers', '--map', 'firstName=Nombre,lastName=Apellidos', '--source', 'crm-bad', await writeImportFile('empty.csv', '')]);
    expect(empty.output).toMatch(/failed: The file is empty/);
    expect(await businessSnapshot(server.owner)).toEqual(before);
  });

  it('refuses a line with a broken quote and an invalid JSON line alone', async () => {
    const csv = await runImport(server, ['--kind', 'customers', '--map', 'firstName=Nombre,lastName=Apellidos', '--source', 'crm-quote', await writeImportFile('quote.csv', 'Nombre,Apellidos\nAurelio,"Bastida\nCasilda,Orduña\n')]);
    expect(counts(await jobState(server.owner, csv.jobId))).toEqual({ created: 1, updated: 0, unchanged: 0, held: 0, rejected: 1 });
    expect(csv.output).toMatch(/line 2: has a quoted field that is never closed/);
    const json = await runImport(server, ['--kind', 'customers', '--format', 'ndjson', '--map', 'firstName=first,lastName=last', '--source', 'crm-json', await writeImportFile('bad.ndjson', '{"first":"Leocadia","last":"Fonseca"}\n{"first":"Broken"\n')]);
    expect(counts(await jobState(server.owner, json.jobId))).toEqual({ created: 1, updated: 0, unchanged: 0, held: 0, rejected: 1 });
    expect(json.output).toMatch(/line 2: is not valid JSON/);
  });

  it('refuses a mapping that names no name, or a field that does not exist, before creating a job', async () => {
    const result = await runImport(server, ['--kind', 'customers', '--map', 'email=Correo,shoeSize=Talla', '--source', 'crm-bad', await writeImportFile('x.csv', 'Correo\n')]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/mapping: must map name, or firstName and lastName/);
    expect(result.output).toMatch(/mapping\.shoeSize: is not a field of a customers import/);
  });
});

describe('an import killed halfway', () => {
  it('resumes from its checkpoint: nothing lost, nothing imported twice', { timeout: 60_000 }, async () => {
    const refs = await rowsOf<{ externalId: string; customerId: string }>(server.owner, `SELECT r."externalId", r."customerId"::text FROM "ExternalRef" r JOIN "Customer" c ON c.id = r."customerId" AND c."archivedAt" IS NULL WHERE r."tenantId" = 'demo' AND r.source = 'erp' ORDER BY r."externalId" LIMIT 500`);
    const rows = 20_000;
    const file = await writeImportFile('interactions-20k.csv', '');
    await writeGeneratedInteractions(file, rows, refs.map((ref) => ref.externalId), 'kill');
    const args = ['--kind', 'interactions', '--map', GENERATED_INTERACTIONS_MAPPING, '--source', 'kill-test', '--customer-source', 'erp', '--batch-size', '200'];

    const child = spawnImport(server, [...args, file]);
    let output = '';
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    let jobId = '';
    let killedAfter = 0;
    for (;;) {
      jobId ||= /Import ([0-9a-f-]{36})/.exec(output)?.[1] ?? '';
      if (jobId) {
        const { checkpointLine } = await jobState(server.owner, jobId);
        if (checkpointLine > rows / 2) {
          child.kill('SIGKILL');
          killedAfter = checkpointLine;
          break;
        }
      }
      await new Promise((done) => setTimeout(done, 5));
    }
    expect(await exited).toBe('SIGKILL');
    const halfway = await jobState(server.owner, jobId);
    expect(halfway.status).toBe('RUNNING');
    expect(halfway.checkpointLine).toBeGreaterThanOrEqual(killedAfter);
    expect(halfway.checkpointLine).toBeLessThan(rows);

    const resumed = await runImport(server, ['--resume', jobId, '--batch-size', '200', file]);
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toMatch(new RegExp(`Resuming import ${jobId} after line ${halfway.checkpointLine.toLocaleString('en-US')}`));
    const done = await jobState(server.owner, jobId);
    // Every line once: created exactly once each, none found "already imported", none refused.
    expect(done).toMatchObject({ status: 'COMPLETED', checkpointLine: rows + 1, created: rows, updated: 0, unchanged: 0, held: 0, rejected: 0 });
    const stored = await rowsOf<{ externalId: string; customerId: string }>(server.owner, `SELECT "externalId", "customerId"::text FROM "Interaction" WHERE source = 'kill-test'`);
    expect(stored).toHaveLength(rows);
    const owners = new Map(refs.map((ref) => [ref.externalId, ref.customerId]));
    const expected = new Map(Array.from({ length: rows }, (_, index) => [`kill-${index + 1}`, owners.get(refs[(index + 1) % refs.length]!.externalId)]));
    expect(new Map(stored.map((row) => [row.externalId, row.customerId]))).toEqual(expected);
    // One event per interaction, and one progress event per committed batch: no batch committed twice.
    const [events] = await rowsOf<{ recorded: number; progressed: number }>(
      server.owner,
      `SELECT count(*) FILTER (WHERE topic = 'interaction.recorded' AND payload->>'source' = 'kill-test')::int AS recorded,
              count(*) FILTER (WHERE topic = 'import.progressed' AND "subjectId" = $1)::int AS progressed FROM "OutboxEvent"`,
      [Buffer.from(`ImportJob:${jobId}`).toString('base64')],
    );
    expect(events).toEqual({ recorded: rows, progressed: Math.ceil(rows / 200) + 1 });
  });
});
