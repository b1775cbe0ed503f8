import { expect } from 'vitest';
import type { TestServer } from './server.ts';

/** Runs the operation and returns its data with the SQL statements its request log line counts. */
export async function statementsOf(
  server: TestServer,
  query: string,
  operation: string,
  variables: Record<string, unknown> = {},
  options?: Parameters<TestServer['graphql']>[2],
): Promise<{ statements: number; data: any }> {
  const before = server.logs.length;
  const result = await server.graphql(query, variables, options);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const line = server.logs.slice(before).find((entry) => entry.msg === 'graphql request' && entry.operation === operation);
  expect(line, `a request log line for ${operation}`).toBeDefined();
  expect(line!.statements).toEqual(expect.any(Number));
  return { statements: line!.statements as number, data: result.data };
}
