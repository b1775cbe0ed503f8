import { createHash } from 'node:crypto';

// The same few hundred statements run again and again: each text is hashed once, not per
// execution. Bounded in count and in text length: batch inserts make long texts, one per size.
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 1_000;
const MAX_REMEMBERED_SQL_LENGTH = 8_192;

/**
 * A prepared-statement name per SQL text, so PostgreSQL parses and plans each text once per
 * connection. Prisma's adapter and Nexo's own SQL share connections and names.
 */
export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `nexo_${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    if (sql.length <= MAX_REMEMBERED_SQL_LENGTH) {
      if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
      statementNames.set(sql, name);
    }
  }
  return name;
}
