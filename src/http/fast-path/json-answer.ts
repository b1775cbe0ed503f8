import { processRegularResult, type FetchAPI } from 'graphql-yoga';
import type { JsonMediaType } from './eligibility.ts';

type ResultOfParams = Parameters<typeof processRegularResult>[0];

export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The status, headers and body yoga answers a result with, computed by yoga's own JSON result
 * processor (status from the errors' `http` extensions, 200 for GraphQL errors under
 * application/json, masked internals left out of the JSON): it is handed a Response constructor
 * that only records what it is given, so no fetch-API Response is built for the fast path.
 */
export function jsonAnswer(result: ResultOfParams, mediaType: JsonMediaType): JsonAnswer {
  return processRegularResult(result, recordingFetchAPI, mediaType) as unknown as RecordedResponse;
}

class RecordedResponse implements JsonAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;

  constructor(body: string | null, init: { status?: number; headers?: Record<string, string> }) {
    this.body = body ?? '';
    this.status = init.status ?? 200;
    this.headers = init.headers ?? {};
  }
}

// processRegularResult uses nothing of the fetch API but the Response constructor.
const recordingFetchAPI = { Response: RecordedResponse } as unknown as FetchAPI;
