import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeOverSse } from '../../../tests/support/sse-client.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { rowsOf } from './support-imports.ts';

// Imports over the API: a real GraphQL multipart request (fetch + FormData) uploads the file, the
// server runs the import in the background, progress streams live, and held rows are decided.

let server: TestServer;

beforeAll(async () => {
  // Uploaded imports run as background work.
  server = await startTestServer({ plugins: ['profile', 'interactions', 'identity'], environment: { NEXO_BACKGROUND_JOBS: 'true' } });
});
afterAll(async () => {
  await server?.stop();
});

const IMPORT_CUSTOMERS = `mutation ($file: File!, $input: ImportCustomersInput!) {
  importCustomers(file: $file, input: $input) {
    __typename
    ... on ImportPayload { job { id status kind format fileName fileBytes } }
    ... on ValidationError { fieldErrors { path message } }
    ... on ForbiddenError { message }
    ... on ConflictError { message }
  }
}`;
const IMPORT_INTERACTIONS = IMPORT_CUSTOMERS.replace('importCustomers', 'importInteractions').replace('ImportCustomersInput', 'ImportInteractionsInput');
const JOB = `query ($id: ID!) { importJob(id: $id) {
  status failure linesDone progress created updated unchanged held rejected
  rejectedRows(first: 10) { totalCount edges { node { line reason } } }
  reviewItems(first: 10) { totalCount edges { node { id line status score candidates { id displayName } } } }
} }`;

/** POSTs a GraphQL multipart request: the operation with `file: null`, the map, and the file part. */
async function upload(query: string, input: object, content: string, name: string, roles = ['admin']) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { file: null, input } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([content], { type: 'text/csv' }), name);
  const response = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${await server.token({ roles })}` }, body: form });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] } };
}

async function finished(jobId: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { data } = await server.graphql(JOB, { id: jobId });
    if (data?.importJob.status !== 'RUNNING') return data!.importJob;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`import ${jobId} did not finish`);
}

const mapping = (pairs: Record<string, string>) => Object.entries(pairs).map(([field, column]) => ({ field, column }));

describe('importing over the API', () => {
  it('takes a CSV as a multipart upload, answers with the RUNNING import at once, and runs it in the background with live progress', async () => {
    const csv = ['id,nombre,apellidos,correo,telefono,cp,calle', 'api-1,Herminia,Castrillo Peña,herminia.castrillo@example.com,600 900 001,28004,Calle Fuencarral 45', 'api-2,Ildefonso,Ruano,ildefonso@,600 900 002,,'].join('\n');
    const { status, body } = await upload(
      IMPORT_CUSTOMERS,
      {
        format: 'CSV',
        mapping: mapping({ EXTERNAL_ID: 'id', FIRST_NAME: 'nombre', LAST_NAME: 'apellidos', EMAIL: 'correo', PHONE: 'telefono', POSTAL_CODE: 'cp', STREET: 'calle' }),
        options: { source: 'api-test', defaultCountry: 'ES' },
      },
      csv,
      'clientes.csv',
    );
    expect(status, JSON.stringify(body.errors)).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const started = body.data!.importCustomers;
    expect(started).toMatchObject({ __typename: 'ImportPayload', job: { kind: 'CUSTOMERS', format: 'CSV', fileName: 'clientes.csv', fileBytes: Buffer.byteLength(csv) } });

    // Every progress event of the job, on the activity stream from its start, up to the one that completes it.
    const stream = await subscribeOverSse(
      server.url,
      await server.token(),
      'subscription { activity(filter: { topics: ["import.progressed"] }, after: "0") { topic subjectId payload } }',
    );
    const ofJob = () => stream.results().map((result) => result.data.activity).filter((event) => event.payload.jobId === started.job.id);
    await stream.waitFor(() => ofJob().some((event) => event.payload.status === 'COMPLETED'), 'the import to complete', 30_000);
    stream.close();
    const job = await finished(started.job.id);
    expect(job).toMatchObject({ status: 'COMPLETED', linesDone: 3, progress: 1, created: 1, rejected: 1, rejectedRows: { totalCount: 1, edges: [{ node: { line: 3, reason: 'email "ildefonso@" is not a valid e-mail address' } }] } });
    expect(ofJob().at(-1)).toMatchObject({ topic: 'import.progressed', payload: { jobId: started.job.id, status: 'COMPLETED', linesDone: 3, created: 1, rejected: 1 } });
    // Listed with the tenant's imports, and reachable as a node.
    const listed = await server.graphql(`{ importJobs(first: 5, filter: { kind: CUSTOMERS }) { totalCount edges { node { id status } } } }`);
    // The demo's own import (the trade fair's list) is the other one.
    expect(listed.data!.importJobs.totalCount).toBe(2);
    expect(listed.data!.importJobs.edges).toContainEqual({ node: { id: started.job.id, status: 'COMPLETED' } });
    const node = await server.graphql(`query ($id: ID!) { node(id: $id) { ... on ImportJob { fileName created } } }`, { id: started.job.id });
    expect(node.data!.node).toEqual({ fileName: 'clientes.csv', created: 1 });

    const [customer] = await rowsOf<{ displayName: string; points: string[] }>(
      server.owner,
      `SELECT c."displayName", array_agg(p.value ORDER BY p.value) AS points FROM "ExternalRef" r JOIN "Customer" c ON c.id = r."customerId" JOIN "ContactPoint" p ON p."customerId" = c.id
       WHERE r.source = 'api-test' AND r."externalId" = 'api-1' GROUP BY c.id`,
    );
    expect(customer).toEqual({ displayName: 'Herminia Castrillo Peña', points: ['+34600900001', 'Calle Fuencarral 45, 28004, ES', 'herminia.castrillo@example.com'] });
  });

  it('holds a row that may be an existing customer, and imports it into the customer a person chooses', async () => {
    // The same name, nothing else to go on: a possible match, not a likely one.
    const { body } = await upload(
      IMPORT_CUSTOMERS,
      { format: 'CSV', mapping: mapping({ FIRST_NAME: 'first', LAST_NAME: 'last', CITY: 'city' }), options: { source: 'api-test-2' } },
      'first,last,city\nHerminia,Castrillo Peña,Madrid\n',
      'maybe.csv',
    );
    const job = await finished(body.data!.importCustomers.job.id);
    expect(job).toMatchObject({ status: 'COMPLETED', created: 0, held: 1 });
    const item = job.reviewItems.edges[0].node;
    expect(item).toMatchObject({ line: 2, status: 'PENDING', candidates: [{ displayName: 'Herminia Castrillo Peña' }] });
    expect(item.score).toBeGreaterThanOrEqual(8);
    expect(item.score).toBeLessThan(16);

    const resolve = `mutation ($input: ResolveImportReviewItemInput!) { resolveImportReviewItem(input: $input) {
      __typename ... on ResolveImportReviewItemPayload { item { status decidedBy } customer { id ... on Person { city } } } ... on ConflictError { message } ... on ValidationError { fieldErrors { path message } } } }`;
    const missing = await server.graphql(resolve, { input: { id: item.id, decision: 'MERGE_INTO' } });
    expect(missing.data!.resolveImportReviewItem).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'customerId'], message: 'is required to MERGE_INTO a customer' }] });
    const decided = await server.graphql(resolve, { input: { id: item.id, decision: 'MERGE_INTO', customerId: item.candidates[0].id } });
    // The city the customer lacked is filled.
    expect(decided.data!.resolveImportReviewItem).toEqual({ __typename: 'ResolveImportReviewItemPayload', item: { status: 'MERGED_INTO', decidedBy: 'test-user' }, customer: { id: item.candidates[0].id, city: 'Madrid' } });
    const again = await server.graphql(resolve, { input: { id: item.id, decision: 'DISMISS' } });
    expect(again.data!.resolveImportReviewItem).toEqual({ __typename: 'ConflictError', message: 'This row was already decided (MERGED_INTO)' });
  });

  it('imports interactions from NDJSON', async () => {
    const lines = [
      { ticket: 'w-1', customer: { ref: 'api-1' }, channel: 'web', kind: 'inquiry', at: '2026-03-01T10:00:00Z' },
      { ticket: 'w-2', customer: { ref: 'api-1' }, channel: 'web', kind: 'purchase', at: '2026-03-02T10:00:00Z', amount: '19.99', currency: 'EUR' },
    ];
    const { body } = await upload(
      IMPORT_INTERACTIONS,
      { format: 'NDJSON', mapping: mapping({ EXTERNAL_ID: 'ticket', CUSTOMER_EXTERNAL_ID: 'customer.ref', CHANNEL: 'channel', KIND: 'kind', OCCURRED_AT: 'at', AMOUNT: 'amount', CURRENCY: 'currency' }), options: { source: 'web-shop', customerSource: 'api-test' } },
      lines.map((line) => JSON.stringify(line)).join('\n'),
      'web.ndjson',
    );
    expect(await finished(body.data!.importInteractions.job.id)).toMatchObject({ status: 'COMPLETED', created: 2, rejected: 0 });
    const stored = await rowsOf<{ externalId: string; kind: string }>(server.owner, `SELECT "externalId", kind::text FROM "Interaction" WHERE source = 'web-shop' ORDER BY "externalId"`);
    expect(stored).toEqual([{ externalId: 'w-1', kind: 'INQUIRY' }, { externalId: 'w-2', kind: 'PURCHASE' }]);
  });

  it('refuses, as typed errors and with nothing started: a mapping that cannot work, and a viewer without identity:import', async () => {
    const before = await rowsOf(server.owner, `SELECT id FROM "ImportJob" WHERE "tenantId" = 'demo'`);
    const invalid = await upload(
      IMPORT_CUSTOMERS,
      { format: 'CSV', mapping: mapping({ EMAIL: 'a', PHONE: 'b' }).concat({ field: 'EMAIL', column: 'c' }), options: { source: 'Not A Source', defaultCountry: 'Atlantis' } },
      'a,b\n',
      'x.csv',
    );
    expect(invalid.body.data!.importCustomers).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'mapping', '2', 'field'], message: 'is mapped twice' }] });
    const unnamed = await upload(IMPORT_CUSTOMERS, { format: 'CSV', mapping: mapping({ EMAIL: 'a' }), options: { source: 'Not A Source', defaultCountry: 'Atlantis' } }, 'a\n', 'x.csv');
    expect(unnamed.body.data!.importCustomers.fieldErrors).toEqual([
      { path: ['input', 'mapping'], message: 'must map name, or firstName and lastName' },
      { path: ['input', 'options', 'source'], message: 'must be lower-case letters, digits, "_", "." or "-"' },
      { path: ['input', 'options', 'defaultCountry'], message: 'must be a country: an ISO 3166-1 alpha-2 code such as "ES"' },
    ]);
    const forbidden = await upload(IMPORT_CUSTOMERS, { format: 'CSV', mapping: mapping({ NAME: 'a' }), options: { source: 'x' } }, 'a\nAna\n', 'x.csv', ['sales']);
    expect(forbidden.body.data!.importCustomers.__typename).toBe('ForbiddenError');
    // A file given as a plain variable, not as a part of the request, is not a file.
    const notAFile = await server.graphql(IMPORT_CUSTOMERS, { file: 'a,b', input: { format: 'CSV', mapping: mapping({ NAME: 'a' }), options: { source: 'x' } } });
    expect(notAFile.errors?.[0]?.message).toMatch(/File must be sent as a file part of a multipart request/);
    expect(await rowsOf(server.owner, `SELECT id FROM "ImportJob" WHERE "tenantId" = 'demo'`)).toEqual(before);
  });
});

describe('an upload whose import a server left running', () => {
  it('is resumed by the next server that starts on the database, from its checkpoint', async () => {
    // As a server that stopped after two of its lines leaves it: the file stored, the job RUNNING.
    const csv = 'first,last\nUrbano,Peláez\nVenancia,Roldán\nWenceslao,Arroyo\nXimena,Laínez\n';
    const id = randomUUID();
    const path = join(server.config.dataDir, 'imports', `${id}.csv`);
    await mkdir(join(server.config.dataDir, 'imports'), { recursive: true });
    await writeFile(path, csv);
    const afterTwoLines = Buffer.byteLength('first,last\nUrbano,Peláez\nVenancia,Roldán\n');
    await rowsOf(
      server.owner,
      `INSERT INTO "ImportJob" (id, "tenantId", kind, format, "fileName", "fileSha256", "fileBytes", "storedPath", mapping, options, "checkpointLine", "checkpointByte", created, "createdBy", "startedAt", "updatedAt")
       VALUES ($1::uuid, 'demo', 'CUSTOMERS', 'CSV', 'left.csv', $2, $3, $4, '{"firstName":"first","lastName":"last"}', '{"source":"left-running"}', 3, $5, 2, 'test-user', now(), now())`,
      [id, createHash('sha256').update(csv).digest('hex'), Buffer.byteLength(csv), path, afterTwoLines],
    );
    const second = await startTestServer({ shareDatabaseWith: server, plugins: ['profile', 'interactions', 'identity'], environment: { NEXO_BACKGROUND_JOBS: 'true' } });
    try {
      const job = await finished(Buffer.from(`ImportJob:${id}`).toString('base64'));
      // The two lines before the checkpoint are not imported again: only the last two are.
      expect(job).toMatchObject({ status: 'COMPLETED', linesDone: 5, created: 4 });
      const names = await rowsOf<{ displayName: string }>(server.owner, `SELECT "displayName" FROM "Customer" WHERE "tenantId" = 'demo' AND "displayName" IN ('Urbano Peláez', 'Venancia Roldán', 'Wenceslao Arroyo', 'Ximena Laínez') ORDER BY 1`);
      expect(names.map((row) => row.displayName)).toEqual(['Wenceslao Arroyo', 'Ximena Laínez']);
    } finally {
      await second.stop();
    }
  });
});
