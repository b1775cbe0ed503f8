import type { GraphQLParams } from 'graphql-yoga';

/**
 * The GraphQL parameters of a body when they are plainly well-formed: a JSON object whose `query`
 * is a string, `variables` and `extensions` objects, `operationName` a string (each may be absent
 * or null), and nothing else. Anything else returns null: yoga then judges the body and answers
 * with its own error (400 for invalid JSON, a missing query, an unexpected parameter …), so the
 * fast path never has to reproduce those answers. The parsed object is returned as it is, as
 * yoga's JSON parser would hand it on.
 */
export function plainGraphQLParams(body: Buffer): (GraphQLParams & { query: string }) | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(parsed) || typeof parsed.query !== 'string') return null;
  for (const key in parsed) {
    const value = parsed[key];
    if (value === null || key === 'query') continue;
    if (key === 'operationName' ? typeof value !== 'string' : !(PARAMETERS_OF_OBJECTS.has(key) && isObject(value))) return null;
  }
  return parsed as GraphQLParams & { query: string; [parameter: string]: unknown };
}

const PARAMETERS_OF_OBJECTS = new Set(['variables', 'extensions']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
