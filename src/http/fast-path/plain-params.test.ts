import { describe, expect, it } from 'vitest';
import { plainGraphQLParams } from './plain-params.ts';

const params = (body: unknown) => plainGraphQLParams(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

describe('the bodies the fast path runs itself', () => {
  it.each([
    [{ query: '{ __typename }' }],
    [{ query: 'query Q($n: Int) { a(n: $n) }', variables: { n: 1 }, operationName: 'Q', extensions: { trace: true } }],
    [{ query: '{ a }', variables: null, operationName: null, extensions: null, somethingNull: null }],
  ])('%j as it is', (body) => {
    expect(params(body)).toEqual(body);
  });

  it.each([
    ['invalid JSON', '{"query": '],
    ['a batch', [{ query: '{ a }' }]],
    ['a string', '"{ a }"'],
    ['null', 'null'],
    ['no query', { variables: {} }],
    ['a query that is not a string', { query: 1 }],
    ['variables that are not an object', { query: '{ a }', variables: '{"n":1}' }],
    ['variables that are a list', { query: '{ a }', variables: [1] }],
    ['extensions that are not an object', { query: '{ a }', extensions: 1 }],
    ['an operation name that is not a string', { query: '{ a }', operationName: 1 }],
    ['an unexpected parameter', { query: '{ a }', extra: 1 }],
  ])('not %s: yoga answers it', (_, body) => {
    expect(params(body)).toBeNull();
  });
});
