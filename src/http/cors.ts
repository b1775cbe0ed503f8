import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<object, object>['cors']>;

/**
 * yoga's `cors` option for the origins in NEXO_CORS_ORIGINS. A request from one of them gets
 * `Access-Control-Allow-Origin` with its own origin (preflight and actual request alike); any
 * other origin gets no CORS header at all, and with no origin configured yoga's CORS plugin is
 * off. No `Access-Control-Allow-Credentials`: Nexo authenticates with a bearer token, never a
 * cookie, so a browser has no reason to send credentials along.
 */
export function corsFor(allowedOrigins: readonly string[]): CorsOption {
  if (allowedOrigins.length === 0) return false;
  const allowed = new Set(allowedOrigins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? { origin, credentials: false } : false;
  };
}
