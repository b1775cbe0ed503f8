import type { Plugin } from '@envelop/core';
import { createSourceEventStream, execute, GraphQLError, locatedError, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context.ts';

/** What yoga tells a client in place of an internal error's message. */
const MASKED_MESSAGE = 'Unexpected error.';

export type MaskError = (error: unknown, message: string) => Error;

/**
 * A published event reaches every subscriber as the same object. Subscribers that sent the same
 * document and variables, with the same tenant and permissions, would compute the same result:
 * compute it once per event and share it, so a thousand dashboards cost one execution, not a
 * thousand. It is envelop's subscribe function, replaced through its documented hook, so every
 * other plugin's subscribe hooks still run for every subscriber, over WebSocket and HTTP alike.
 *
 * Results are keyed by tenant and permissions, so nothing computed for one set of rights is ever
 * shown to another. They are not keyed by the viewer's subject: every field under a subscription
 * reads the event only (tests/shared-subscription-results.test.ts proves it from the schema), so
 * two viewers with the same rights would compute the same result. Errors in a result are masked
 * as yoga masks them (`maskError` is idempotent, so yoga masking again changes nothing).
 */
export function useSharedSubscriptionResults(maskError: MaskError): Plugin {
  const resultsByEvent = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();
  const masked = (result: ExecutionResult): ExecutionResult =>
    result.errors?.length ? { ...result, errors: result.errors.map((error) => asGraphQLError(maskError(error, MASKED_MESSAGE))) } : result;
  const executeMasked = (args: ExecutionArgs, event: unknown): ExecutionResult | Promise<ExecutionResult> => {
    const result = execute({ ...args, rootValue: event });
    return result instanceof Promise ? result.then(masked) : masked(result as ExecutionResult);
  };

  const subscribe = async (args: ExecutionArgs) => {
    let source: Awaited<ReturnType<typeof createSourceEventStream>>;
    try {
      source = await createSourceEventStream(args);
    } catch (error) {
      throw maskError(error, MASKED_MESSAGE);
    }
    if (!isAsyncIterable(source)) return masked(source);
    const key = sharingKey(args);
    const ended = (error: unknown) => masked({ errors: [locatedError(error, undefined)] });
    return mapEvents(source, ended, (event) => {
      if (typeof event !== 'object' || event === null) return executeMasked(args, event);
      let results = resultsByEvent.get(event);
      if (!results) resultsByEvent.set(event, (results = new Map()));
      let result = results.get(key);
      if (!result) results.set(key, (result = executeMasked(args, event)));
      return result;
    });
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe);
    },
  };
}

/** As yoga treats a masking function's answer: a GraphQLError as it is, any other error as its message. */
function asGraphQLError(error: Error): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
}

const documentKeys = new WeakMap<object, string>();

function sharingKey(args: ExecutionArgs): string {
  let document = documentKeys.get(args.document);
  if (!document) documentKeys.set(args.document, (document = print(args.document)));
  const viewer = (args.contextValue as Context | undefined)?.viewer;
  const rights = viewer ? `${viewer.tenantId}|${[...viewer.permissions].sort().join(',')}` : 'anonymous';
  return `${rights}\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${document}`;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * The events mapped to results, as a plain iterator rather than an async generator: a generator
 * costs a few microtask hops per event and subscriber, and queues a `return` behind the `next` that
 * waits for an event, where this passes it on at once (the client left: stop now). A stream that
 * fails (live events interrupted …) ends with a last result carrying the error: graphql-js would
 * pass the failure on as it is, which graphql-ws reports as an internal error and server-sent
 * events as a cut connection, neither of which says what to do.
 */
function mapEvents<T>(source: AsyncIterable<unknown>, ended: (error: unknown) => T, map: (event: unknown) => T | Promise<T>): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let failed = false;
  const close = async (): Promise<IteratorReturnResult<undefined>> => {
    await iterator.return?.();
    return { value: undefined, done: true };
  };
  const mapped: AsyncIterableIterator<T> = {
    next: async () => {
      if (failed) return { value: undefined, done: true };
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        failed = true;
        return { value: ended(error), done: false };
      }
      return next.done ? { value: undefined, done: true } : { value: await map(next.value), done: false };
    },
    return: close,
    throw: async (error: unknown) => {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
