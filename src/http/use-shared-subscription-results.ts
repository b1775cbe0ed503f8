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

async function* mapEvents<T>(source: AsyncIterable<unknown>, map: (event: unknown) => T | Promise<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield await map(next.value);
    }
  } finally {
    await iterator.return?.();
  }
}
