import { expect } from 'vitest';

// Helpers of the sales area's tests. Test servers are typed by what is used of them, so this file
// (not a test itself) needs nothing from tests/.

interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: unknown[];
}
interface TestServer {
  logs: Record<string, any>[];
  graphql(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
}

/** A relay global id as the API writes it: base64 of "Type:rowId". */
export function globalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/** The row id behind a global id. */
export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

/** Statement counts are read the same way in every area's tests. */
export { statementsOf } from '../../../tests/support/statements.ts';
