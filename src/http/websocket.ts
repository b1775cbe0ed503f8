import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { TokenVerifier } from '../auth/verify.ts';
import { millisecondsUntilExpiry, type Viewer } from '../auth/viewer.ts';
import type { RequestContext } from '../context.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../logger.ts';

type SocketExtra = {
  viewer?: Viewer | null;
};

// 4403 is graphql-ws's Forbidden: the client must reconnect with a fresh token.
const TOKEN_EXPIRED = 4403;

/** A socket may not outlive the token it was opened with. */
function closeWhenExpired(socket: { close(code: number, reason: string): void; once(event: 'close', listener: () => void): unknown }, viewer: Viewer | null): void {
  if (!viewer) return;
  const timer = setTimeout(() => socket.close(TOKEN_EXPIRED, 'Token expired'), millisecondsUntilExpiry(viewer));
  socket.once('close', () => clearTimeout(timer));
}

type EnvelopedRoot = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/**
 * graphql-ws on the same path as HTTP. The token comes in `connection_init`
 * (`{ "authorization": "Bearer …" }`) and is checked exactly like an HTTP header; operations then
 * run through the same envelop plugins (limits, masking, tenant transaction, shared subscription
 * results) as HTTP requests: parse, validate, context, execute and subscribe are yoga's enveloped ones.
 */
export function attachGraphQLWebSocket(options: {
  server: Server;
  yoga: YogaServerInstance<{ viewer?: Viewer | null }, RequestContext>;
  verifyToken: TokenVerifier;
  logger: Logger;
  /** Largest message a client may send; a larger one closes the socket (1009, message too big). */
  maxMessageBytes: number;
}): { close(): Promise<void> } {
  const { yoga, verifyToken, logger } = options;
  const webSocketServer = new WebSocketServer({ server: options.server, path: yoga.graphqlEndpoint, maxPayload: options.maxMessageBytes });

  const disposable = useServer<Record<string, unknown>, SocketExtra>(
    {
      onConnect: async (context) => {
        const params = context.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        try {
          const viewer = await verifyToken(typeof header === 'string' ? header : null);
          context.extra.viewer = viewer;
          closeWhenExpired(context.extra.socket, viewer);
          return true;
        } catch (error) {
          // A bad token, or one whose tenant does not exist or is disabled: closes with 4403 Forbidden.
          if (error instanceof UnauthenticatedError || error instanceof ForbiddenError) return false;
          throw error;
        }
      },
      onSubscribe: async (context, _id, payload) => {
        const enveloped = yoga.getEnveloped({ viewer: context.extra.viewer ?? null, request: undefined as never, params: payload } as never);
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          operationName: payload.operationName ?? null,
          document: enveloped.parse(payload.query),
          variableValues: payload.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies EnvelopedRoot,
        };
        const errors = enveloped.validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
    },
    webSocketServer,
  );

  return {
    async close() {
      for (const client of webSocketServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      logger.debug('websocket server closed');
    },
  };
}
