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
      const entry = facts.get(request);
      if (!entry || new URL(request.url).pathname !== '/graphql' || request.method === 'OPTIONS') return;
      logger.info(
        {
          requestId: entry.context?.requestId,
          tenant: entry.context?.viewer?.tenantId,
          operation: entry.operationName ?? null,
          type: entry.operationType ?? null,
          status: response.status,
          errors: entry.errors ?? 0,
          statements: entry.context?.statements.count ?? 0,
          durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
        },
        'graphql request',
      );
    },
  };
}
