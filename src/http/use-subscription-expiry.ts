import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { millisecondsUntilExpiry } from '../auth/viewer.ts';
import type { Context } from '../context.ts';
import { ErrorCode } from '../errors.ts';

/**
 * A subscription may not outlive the token it was opened with: when the token expires, the stream
 * sends a last result saying so and completes, and a server-sent events response ends. (Over
 * WebSocket the socket itself is closed then too, with 4403: see websocket.ts.)
 */
export function useSubscriptionExpiry(): Plugin<Context> {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ args, result, setResult }) {
          const viewer = (args.contextValue as Context).viewer;
          if (viewer && isAsyncIterable(result)) setResult(endingAfter(result, millisecondsUntilExpiry(viewer)));
        },
      };
    },
  };
}

function tokenExpired(): ExecutionResult {
  return {
    errors: [new GraphQLError('Token expired; subscribe again with a fresh token', { extensions: { code: ErrorCode.UNAUTHENTICATED } })],
  };
}

/**
 * The results until `delayMs` has passed, then the token-expired result, then the end. A plain
 * iterator around the source, one await per result: it runs once per subscriber and event.
 * Expiry ends the source, which also ends a `next` waiting for an event.
 */
function endingAfter(results: AsyncIterable<ExecutionResult>, delayMs: number): AsyncIterableIterator<ExecutionResult> {
  const iterator = results[Symbol.asyncIterator]();
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  let expired = false;
  let finished = false;
  const timer = setTimeout(() => {
    expired = true;
    void iterator.return?.();
  }, delayMs);
  const finish = () => {
    finished = true;
    clearTimeout(timer);
  };
  const ending: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return done;
      const next = expired ? done : await iterator.next();
      if (expired) {
        finish();
        return { value: tokenExpired(), done: false };
      }
      if (next.done) finish();
      return next.done ? done : next;
    },
    async return() {
      finish();
      await iterator.return?.();
      return done;
    },
    async throw(error: unknown) {
      finish();
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => ending,
  };
  return ending;
}
