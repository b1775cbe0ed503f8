import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';

/** Where ids come from inside `withSeededRowIds`: a seed that runs real code writes the same ids every time. */
interface RowIdSource {
  seed: string;
  count: number;
  at: () => Date;
}
const seededSource = new AsyncLocalStorage<RowIdSource>();

/**
 * A new row id, time-ordered like the `uuid(7)` ids Prisma gives rows it creates. For rows written
 * with SQL of our own: PostgreSQL's `uuidv7()` exists only from version 18, and Nexo also runs on
 * older servers (DATABASE_URL).
 */
export function newRowId(): string {
  const source = seededSource.getStore();
  const bytes = source ? createHash('sha256').update(`${source.seed}:${(source.count += 1)}`).digest().subarray(0, 16) : randomBytes(16);
  bytes.writeUIntBE(source ? source.at().getTime() : Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Runs `work` with the ids `newRowId` gives derived from `seed` and dated by `at` (the demo's
 * time), so that a demo seed running an area's real code writes identical rows on every seed.
 */
export function withSeededRowIds<T>(seed: string, at: () => Date, work: () => Promise<T>): Promise<T> {
  return seededSource.run({ seed, count: 0, at }, work);
}
