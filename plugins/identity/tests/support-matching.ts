import type { TestServer, TokenRequest } from '../../../tests/support/server.ts';
import type pg from 'pg';
import type { Sql } from '../../../src/plugin-api.ts';
import { customerGlobalId, decodeCustomerId } from '../../profile/plugin.ts';
import type { DirtyRecord } from './support-dirty-dataset.ts';

/** Mutations sent per request, as aliases of one document. */
const PER_REQUEST = 30;

/** Runs `build(i)` for each item as aliased fields of one mutation per PER_REQUEST items; the answers in order. */
async function aliased<Item>(
  server: TestServer,
  as: TokenRequest,
  items: readonly Item[],
  inputType: string,
  field: string,
  selection: string,
  input: (item: Item) => Record<string, unknown>,
): Promise<Record<string, any>[]> {
  const answers: Record<string, any>[] = [];
  for (let start = 0; start < items.length; start += PER_REQUEST) {
    const chunk = items.slice(start, start + PER_REQUEST);
    const variables = Object.fromEntries(chunk.map((item, index) => [`i${index}`, input(item)]));
    const query = `mutation (${chunk.map((_, index) => `$i${index}: ${inputType}!`).join(', ')}) {
      ${chunk.map((_, index) => `a${index}: ${field}(input: $i${index}) { __typename ${selection} ... on ConflictError { message } ... on ValidationError { message } }`).join('\n')}
    }`;
    const response = await server.graphql(query, variables, { as });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    chunk.forEach((_, index) => answers.push(response.data![`a${index}`]));
  }
  return answers;
}

/** The records created over HTTP (createPerson, then addContactPoint for addresses): the row id of each. */
export async function loadDirtyRecords(server: TestServer, as: TokenRequest, records: readonly DirtyRecord[]): Promise<string[]> {
  const created = await aliased(server, as, records, 'CreatePersonInput', 'createPerson', '... on PersonPayload { person { id } }', (record) => ({
    firstName: record.firstName,
    lastName: record.lastName,
    birthDate: record.birthDate,
    email: record.email,
    phone: record.phone,
    country: 'ES',
  }));
  const ids = created.map((answer, index) => {
    if (answer.__typename !== 'PersonPayload') throw new Error(`record ${index} was refused: ${JSON.stringify(answer)} ${JSON.stringify(records[index])}`);
    return answer.person.id as string;
  });
  const withAddress = records.flatMap((record, index) => (record.address ? [{ id: ids[index]!, address: record.address }] : []));
  const added = await aliased(server, as, withAddress, 'AddContactPointInput', 'addContactPoint', '... on ContactPointPayload { contactPoint { id } }', ({ id, address }) => ({
    customerId: id,
    kind: 'ADDRESS',
    ...address,
    country: 'ES',
  }));
  const refused = added.find((answer) => answer.__typename !== 'ContactPointPayload');
  if (refused) throw new Error(`an address was refused: ${JSON.stringify(refused)}`);
  return ids.map((id) => decodeCustomerId(id)!.id);
}

export interface Quality {
  threshold: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
}

/** Precision and recall of the pairs scoring at least `threshold`, against the true pairs. */
export function qualityAt(threshold: number, scored: readonly { key: string; score: number }[], truth: ReadonlySet<string>): Quality {
  const found = scored.filter((pair) => pair.score >= threshold);
  const truePositives = found.filter((pair) => truth.has(pair.key)).length;
  return { threshold, found: found.length, truePositives, precision: found.length === 0 ? 1 : truePositives / found.length, recall: truePositives / truth.size };
}

/** Inserts a tenant (the tests' own, empty) through the owner connection. */
export async function createTenant(server: TestServer, id: string): Promise<void> {
  await server.owner.query(`INSERT INTO "Tenant" (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [id]);
}

/** The global id of a customer row. */
export function customerGlobalIdOf(kind: string, rowId: string): string {
  return customerGlobalId({ id: rowId, kind: kind as 'PERSON' | 'ORGANIZATION' });
}

export { tenantRows } from '../../../tests/support/tenant-rows.ts';

/** The store's SQL interface on the owner's connection (inside a transaction the test opened). */
export function ownerSql(client: pg.Client): Sql {
  const query = async <Row extends object>(text: string, values: readonly unknown[] = []) => (await client.query(text, [...values])).rows as Row[];
  return Object.assign(<Row extends object>(strings: TemplateStringsArray, ...values: unknown[]) => query<Row>(strings.reduce((text, part, index) => `${text}$${index}${part}`), values), { query });
}
