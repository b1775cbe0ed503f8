import type { Plugin } from 'graphql-yoga';
import { getOperationAST } from 'graphql';
import type { RequestContext } from '../context.ts';
import type { Logger } from '../logger.ts';

interface RequestFacts {
  started: number;
  operationName?: string | undefined;
  operationType?: string | undefined;
  context?: RequestContext;
  errors?: number;
}

/** One JSON line per GraphQL request: operation, duration, SQL statements, outcome. */
export function useRequestLog(logger: Logger): Plugin {
  const facts = new WeakMap<Request, RequestFacts>();
  const responded = (request: Request, status: number) => {
    const entry = facts.get(request);
    if (!entry) return;
    // Deleted, not left to the WeakMap: V8's young-generation collector keeps a WeakMap's values
    // alive while their key may be, so the entry (and the whole request context it holds) would
    // survive into the old generation and wait for a full collection.
    facts.delete(request);
    logger.info(
      {
        requestId: entry.context?.requestId,
        tenant: entry.context?.viewer?.tenantId,
        operation: entry.operationName ?? null,
        type: entry.operationType ?? null,
        status,
        errors: entry.errors ?? 0,
        statements: entry.context?.statements.count ?? 0,
        durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
      },
      'graphql request',
    );
  };
  return {
    onRequest({ request }) {
      facts.set(request, { started: performance.now() });
    },
    onExecute({ args }) {
      const context = args.contextValue as unknown as RequestContext & { request?: Request };
      const request = context.request;
      const entry = request ? facts.get(request) : undefined;
      if (!entry) return;
      const operation = getOperationAST(args.document, args.operationName);
      entry.operationName = operation?.name?.value ?? args.operationName ?? undefined;
      entry.operationType = operation?.operation;
      entry.context = context;
      return {
        onExecuteDone({ result }) {
          if ('errors' in result && result.errors) entry.errors = result.errors.length;
        },
      };
    },
    onResponse({ request, response }) {
      // Yoga also answers health checks, GraphiQL and CORS preflights: only GraphQL requests are logged.
      if (new URL(request.url).pathname !== '/graphql' || request.method === 'OPTIONS') return;
      responded(request, response.status);
    },
  };
}
