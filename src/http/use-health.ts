import type { Plugin } from 'graphql-yoga';

export interface ReadinessChecks {
  /** Whether the database answers a query. */
  isDatabaseReachable(): Promise<boolean>;
  /** Whether events published now reach this instance's subscribers and the other instances. */
  isPubSubReachable(): boolean;
}

/**
 * `/healthz` answers while the process runs; `/readyz` only while the database and pub/sub answer,
 * so a load balancer stops sending traffic (and subscriptions) to an instance that cannot serve
 * them. A 503 names what is missing.
 */
export function useHealthChecks(checks: ReadinessChecks): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const path = new URL(request.url).pathname;
      if (path === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (path === '/readyz') {
        const missing: string[] = [];
        if (!(await checks.isDatabaseReachable().catch(() => false))) missing.push('database unreachable');
        if (!checks.isPubSubReachable()) missing.push('pub/sub unreachable');
        endResponse(fetchAPI.Response.json({ status: missing.length ? missing.join('; ') : 'ready' }, { status: missing.length ? 503 : 200 }));
      }
    },
  };
}
