import type { Plugin } from '@envelop/core';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST } from 'graphql';
import { internPathsFor } from '../schema/stable-response-paths.ts';

/**
 * Queries and mutations run through graphql-jit: each document is compiled once (cached by the
 * parsed document, which yoga's parser cache keeps) into a function that walks that selection
 * only, instead of graphql-js interpreting it field by field on every request. A customer page
 * of 50 rows (about 450 fields) spent a third of the server's CPU in graphql-js's execution.
 *
 * Subscriptions stay with graphql-js: over WebSocket they bypass envelop's subscribe (shared
 * results, see use-shared-subscription-results.ts), and over SSE the shared subscribe must stay
 * the one that runs. graphql-jit gives every resolver a fresh response-path object, so each
 * compiled execution has its paths interned (schema/stable-response-paths.ts) for the resolvers
 * that find their ancestors' plans by path identity.
 */
export function useCompiledExecution(): Plugin {
  const jit = useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' });
  return {
    onExecute(payload) {
      const paths = internPathsFor(payload.args.contextValue as object);
      jit.onExecute!(payload);
      return { onExecuteDone: () => paths.release() };
    },
  };
}
