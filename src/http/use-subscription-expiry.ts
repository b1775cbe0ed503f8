import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, Repeater, type Plugin } from 'graphql-yoga';
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

/** The results until `delayMs` has passed, then the token-expired result, then the end. */
function endingAfter(results: AsyncIterable<ExecutionResult>, delayMs: number): AsyncIterableIterator<ExecutionResult> {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const iterator = results[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), delayMs)));
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), expired, stop]);
        if (next === 'expired') {
          await push(tokenExpired());
          break;
        }
        if (!next || next.done) break;
        await push(next.value);
      }
    } finally {
      clearTimeout(timer);
      // Ends the source at once, even while it waits for its next event.
      await iterator.return?.();
    }
    stop();
  });
}
