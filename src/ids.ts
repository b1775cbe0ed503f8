import { randomBytes } from 'node:crypto';

/**
 * A new row id, time-ordered like the `uuid(7)` ids Prisma gives rows it creates. For rows written
 * with SQL of our own: PostgreSQL's `uuidv7()` exists only from version 18, and Nexo also runs on
 * older servers (DATABASE_URL).
 */
export function newRowId(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
