import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, YogaServerInstance } from 'graphql-yoga';
import type { RequestLifecycle } from '../use-request-log.ts';
import { fastPathMediaType, type JsonMediaType } from './eligibility.ts';
import { jsonAnswer } from './json-answer.ts';
import { plainGraphQLParams } from './plain-params.ts';
import { readBody } from './read-body.ts';

export interface FastPathOptions<TServerContext extends Record<string, any>, TUserContext extends Record<string, any>> {
  yoga: YogaServerInstance<TServerContext, TUserContext>;
  /** Told when a request it answers starts and is answered, as yoga's onRequest/onResponse hooks would be. */
  requestLog: RequestLifecycle;
  /** The masking yoga is configured with, for a failure outside execution (which yoga masks too). */
  maskError: (error: unknown, message: string) => Error;
  /** The body limit yoga is configured with (`maxRequestBodySize`): larger bodies are yoga's to refuse. */
  maxBodyBytes: number;
}

/**
 * The `node:http` request listener in front of yoga. The common request — a plain JSON POST to
 * the endpoint wanting one JSON answer (see eligibility.ts) — is answered here: the body is read
 * and parsed directly, the parameters go through yoga's own GraphQL pipeline
 * (`getResultForParams`: its parameter checks, then parse, validate, context and execute with every
 * envelop plugin, errors masked as configured), the result through yoga's own JSON result
 * processor, and the answer is written with one `writeHead` and one `end`. What it skips is the
 * fetch-API adaptation of node:http (Request and Response objects, Headers, AbortSignal, streams),
 * a fixed cost on every request. Everything else goes to yoga untouched; a body that turns out not
 * to be plain (invalid JSON, a batch, a possible subscription …) is handed to yoga already read.
 */
export function createFastPathListener<TServerContext extends Record<string, any>, TUserContext extends Record<string, any>>(
  options: FastPathOptions<TServerContext, TUserContext>,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { yoga, requestLog, maskError, maxBodyBytes } = options;

  const answer = async (nodeRequest: IncomingMessage, response: ServerResponse, params: GraphQLParams, mediaType: JsonMediaType, startedAt: number) => {
    // Plugins and the context read the request's headers and method (Authorization, the request
    // log's key): a Request without a body or signal, built lazily over node's header object.
    const request = new yoga.fetchAPI.Request(`http://${nodeRequest.headers.host ?? 'localhost'}${nodeRequest.url}`, {
      method: 'POST',
      headers: nodeRequest.headers as Record<string, string>,
    });
    requestLog.requestStarted(request, startedAt);
    let result: Parameters<typeof jsonAnswer>[0];
    try {
      // The server context yoga's node adapter would give: the node request and response.
      const serverContext = { req: nodeRequest, res: response, waitUntil: yoga.waitUntil } as unknown as TServerContext;
      result = (await yoga.getResultForParams({ params, request }, serverContext)) as typeof result;
    } catch (error) {
      const masked = maskError(error, 'Unexpected error.');
      result = { errors: [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })] };
    }
    const { status, headers, body } = jsonAnswer(result, mediaType);
    response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    response.end(body);
    requestLog.responded(request, status);
  };

  return (request, response) => {
    const mediaType = fastPathMediaType(request, yoga.graphqlEndpoint, maxBodyBytes);
    if (!mediaType) {
      void yoga(request, response);
      return;
    }
    const startedAt = performance.now();
    readBody(request)
      .then((body) => {
        const params = plainGraphQLParams(body);
        if (params && !mayBeSubscription(params.query)) return answer(request, response, params, mediaType, startedAt);
        handToYoga(request, response, body);
      })
      .catch(() => abandon(response));
  };

  /**
   * A body already read goes to yoga as `request.body`: @whatwg-node/server takes a body a
   * framework has read (a Buffer is used as it is) instead of the consumed stream.
   */
  function handToYoga(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    (request as IncomingMessage & { body?: Buffer }).body = body;
    void yoga(request, response);
  }
}

/** A client that left mid-body, or a failure past yoga's own error handling: no half answer. */
function abandon(response: ServerResponse) {
  if (response.headersSent) response.destroy();
  else response.writeHead(500, { 'content-length': 0 }).end();
}

/**
 * A subscription answers as a stream (SSE), or 406, which yoga decides; a subscription operation
 * cannot be written without the keyword, so a query without it never is one. A query that merely
 * mentions it (in a name or a string) goes to yoga too, which costs only speed.
 */
function mayBeSubscription(query: string): boolean {
  return query.includes('subscription');
}
