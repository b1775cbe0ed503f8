import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FAST_PATH_MAX_BODY_BYTES, fastPathMediaType } from './eligibility.ts';

const PLAIN = { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'content-length': '27' } };

function mediaType(changes: { method?: string; url?: string; headers?: Record<string, string | undefined> } = {}) {
  const headers = { ...PLAIN.headers, ...changes.headers };
  for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name as keyof typeof headers];
  return fastPathMediaType({ ...PLAIN, ...changes, headers } as unknown as IncomingMessage, '/graphql');
}

describe('which requests the fast path answers', () => {
  it.each([
    ['no accept header', undefined, 'application/json'],
    ['*/*', '*/*', 'application/json'],
    ['application/json', 'application/json', 'application/json'],
    ['application/json with charset', 'application/json; charset=utf-8', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json with charset', 'Application/GraphQL-Response+JSON; charset=UTF-8', 'application/graphql-response+json'],
  ])('a JSON POST to the endpoint with %s', (_, accept, expected) => {
    expect(mediaType({ headers: { accept } })).toBe(expected);
  });

  it('a JSON content type with the utf-8 charset', () => {
    expect(mediaType({ headers: { 'content-type': 'application/json; charset=utf-8' } })).toBe('application/json');
  });

  it.each([
    ['GET', { method: 'GET' }],
    ['another path (health checks, GraphiQL assets)', { url: '/readyz' }],
    ['a query string on the endpoint', { url: '/graphql?query={__typename}' }],
    ['another content type', { headers: { 'content-type': 'application/graphql' } }],
    ['another charset', { headers: { 'content-type': 'application/json; charset=latin1' } }],
    ['no content type', { headers: { 'content-type': undefined } }],
    ['a chunked body (no length)', { headers: { 'content-length': undefined, 'transfer-encoding': 'chunked' } }],
    ['an empty body', { headers: { 'content-length': '0' } }],
    ['a body above the limit', { headers: { 'content-length': String(FAST_PATH_MAX_BODY_BYTES + 1) } }],
    ['an Origin (CORS)', { headers: { origin: 'https://app.example.com' } }],
    ['an event stream', { headers: { accept: 'text/event-stream' } }],
    ['multipart', { headers: { accept: 'multipart/mixed' } }],
    ['a list of media types', { headers: { accept: 'application/graphql-response+json, application/json' } }],
    ['q-values', { headers: { accept: 'application/json;q=0.9' } }],
    ['another charset of answer', { headers: { accept: 'application/json; charset=latin1' } }],
  ])('not %s', (_, changes) => {
    expect(mediaType(changes)).toBeNull();
  });
});
