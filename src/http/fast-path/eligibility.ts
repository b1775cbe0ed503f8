import type { IncomingMessage } from 'node:http';

/** The answers yoga's own JSON result processor writes, which the fast path reuses. */
export type JsonMediaType = 'application/json' | 'application/graphql-response+json';

/**
 * Bodies above this, or above the server's body limit if that is lower, go through yoga, whose
 * limit (and 413) applies to them; GraphQL requests are a few kilobytes, and a bound here keeps
 * the fast path from buffering whatever a client declares.
 */
export const FAST_PATH_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Whether a request is the common case the fast path answers itself — a plain JSON POST to the
 * endpoint that wants a single JSON answer — and which media type it wants. Anything else (GET,
 * GraphiQL, health checks, other content types, streams, CORS, chunked or large bodies) returns
 * null and is yoga's, so every case yoga answers differently keeps being answered by yoga.
 */
export function fastPathMediaType(request: IncomingMessage, endpoint: string, maxBodyBytes = FAST_PATH_MAX_BODY_BYTES): JsonMediaType | null {
  if (request.method !== 'POST' || request.url !== endpoint) return null;
  const headers = request.headers;
  if (!isJsonContentType(headers['content-type'])) return null;
  // A declared length is what lets the body be read whole without a streaming limit; chunked
  // bodies go to yoga, which streams them against its own.
  const length = headers['content-length'];
  if (length === undefined || !/^\d+$/.test(length) || Number(length) === 0 || Number(length) > Math.min(FAST_PATH_MAX_BODY_BYTES, maxBodyBytes)) return null;
  // Browsers send Origin on cross-origin (and most same-origin) POSTs: CORS headers are yoga's to add.
  if (headers.origin !== undefined) return null;
  return acceptedMediaType(headers.accept);
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const normalized = withoutSpaces(contentType);
  return normalized === 'application/json' || normalized === 'application/json;charset=utf-8';
}

/**
 * The media type yoga would answer with, for the accept headers that have exactly one reading:
 * none or `*\/*` (yoga picks application/json), application/json, or
 * application/graphql-response+json. Lists, wildcards of a kind, q-values, event streams and
 * multipart are left to yoga's negotiation.
 */
function acceptedMediaType(accept: string | undefined): JsonMediaType | null {
  if (accept === undefined) return 'application/json';
  switch (withoutSpaces(accept)) {
    case '*/*':
    case 'application/json':
    case 'application/json;charset=utf-8':
      return 'application/json';
    case 'application/graphql-response+json':
    case 'application/graphql-response+json;charset=utf-8':
      return 'application/graphql-response+json';
    default:
      return null;
  }
}

function withoutSpaces(value: string): string {
  return value.replace(/\s/g, '').toLowerCase();
}
