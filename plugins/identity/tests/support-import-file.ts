import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../../../tests/support/seeded-random.ts';

// A generated customers file of any size, the same every time: distinct people whose names are
// random letters (so no two rows are alike), each with an id in the source system, an e-mail, a
// phone and a consent.

export const GENERATED_MAPPING = 'externalId=id,firstName=first,lastName=last,email=email,phone=phone,city=city,consentEmail=newsletter';


const CITIES = ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao', 'Zaragoza', 'Málaga', 'Murcia'];

export function generatedRow(index: number, random: () => number, seed: number): string {
  const word = (length: number) => {
    let text = '';
    for (let i = 0; i < length; i += 1) text += String.fromCharCode(97 + Math.floor(random() * 26));
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const first = word(5 + Math.floor(random() * 4));
  const last = word(6 + Math.floor(random() * 5));
  // Mobile numbers (6xx xxx xxx) unique per row and per seed.
  const phone = `6${String((seed * 1_000_003 + index) % 100_000_000).padStart(8, '0')}`;
  return `gen-${index},${first},${last},${first.toLowerCase()}.${last.toLowerCase()}.${seed}.${index}@example.test,${phone},${CITIES[index % CITIES.length]},${index % 3 === 0 ? 'no' : 'yes'}`;
}

/** Writes `rows` customers to `path` (CSV with a header), streaming. */
export async function writeGeneratedCustomers(path: string, rows: number, seed = 19): Promise<void> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('id,first,last,email,phone,city,newsletter');
  for (let index = 1; index <= rows; index += 1) await write(generatedRow(index, random, seed));
  out.end();
  await once(out, 'finish');
}

export const GENERATED_INTERACTIONS_MAPPING = 'externalId=id,customerExternalId=customer,channel=channel,kind=kind,occurredAt=at,amount=amount,currency=currency,summary=summary';

const CHANNELS = ['POINT_OF_SALE', 'WEB', 'EMAIL', 'CALL_CENTER_INBOUND', 'MOBILE_APP'];

/**
 * Writes `rows` interactions to `path` (CSV with a header), streaming: purchases and inquiries of
 * the customers given (ids in the source system `customerIds` belong to), a day apart, in 2025.
 */
export async function writeGeneratedInteractions(path: string, rows: number, customerIds: readonly string[], prefix = 'int'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('id,customer,channel,kind,at,amount,currency,summary');
  const start = Date.UTC(2025, 0, 1);
  for (let index = 1; index <= rows; index += 1) {
    const purchase = index % 2 === 0;
    const at = new Date(start + (index % 360) * 86_400_000 + (index % 86_400) * 1_000).toISOString();
    await write(`${prefix}-${index},${customerIds[index % customerIds.length]},${CHANNELS[index % CHANNELS.length]},${purchase ? 'PURCHASE' : 'INQUIRY'},${at},${purchase ? `${(index % 200) + 1}.50` : ''},${purchase ? 'EUR' : ''},"Generated, #${index}"`);
  }
  out.end();
  await once(out, 'finish');
}
