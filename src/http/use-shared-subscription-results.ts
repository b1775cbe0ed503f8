import type { Plugin } from '@envelop/core';
import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../context.ts';

/**
 * A published event reaches every subscriber as the same object. Subscribers that sent the same
 * document and variables, with the same tenant and permissions, would compute the same result:
 * compute it once per event and share it, so a thousand dashboards cost one execution, not a
 * thousand. Results are keyed by the viewer's permissions, so nothing computed for one set of
 * rights is ever shown to another.
 */
export function useSharedSubscriptionResults(): Plugin {
  const resultsByEvent = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!isAsyncIterable(source)) return source;
        const key = sharingKey(args);
        return mapEvents(source, (event) => {
          if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
          let results = resultsByEvent.get(event);
          if (!results) resultsByEvent.set(event, (results = new Map()));
          let result = results.get(key);
          if (!result) results.set(key, (result = execute({ ...args, rootValue: event })));
          return result;
        });
      });
    },
  };
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
 * waits for an event, where this passes it on at once (the client left: stop now).
 */
function mapEvents<T>(source: AsyncIterable<unknown>, map: (event: unknown) => T | Promise<T>): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async (): Promise<IteratorReturnResult<undefined>> => {
    await iterator.return?.();
    return { value: undefined, done: true };
  };
  const mapped: AsyncIterableIterator<T> = {
    next: async () => {
      const next = await iterator.next();
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
