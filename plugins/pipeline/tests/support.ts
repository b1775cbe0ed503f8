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

/** Runs the operation and returns its data with the SQL statements its request log line counts. */
export async function statementsOf(server: TestServer, query: string, operation: string, variables: Record<string, unknown>) {
  const before = server.logs.length;
  const result = await server.graphql(query, variables);
  expect(result.errors).toBeUndefined();
  const line = server.logs.slice(before).find((entry) => entry.msg === 'graphql request' && entry.operation === operation);
  expect(line, `a request log line for ${operation}`).toBeDefined();
  expect(line!.statements).toEqual(expect.any(Number));
  return { statements: line!.statements as number, data: result.data as any };
}
