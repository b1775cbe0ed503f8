import type { Plugin } from 'graphql-yoga';

/**
 * `/healthz` answers while the process runs; `/readyz` only while the database answers, so a load
 * balancer stops sending traffic to an instance that cannot serve it.
 */
export function useHealthChecks(isDatabaseReachable: () => Promise<boolean>): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      const path = new URL(request.url).pathname;
      if (path === '/healthz') {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
      } else if (path === '/readyz') {
        const ready = await isDatabaseReachable().catch(() => false);
        endResponse(fetchAPI.Response.json({ status: ready ? 'ready' : 'database unreachable' }, { status: ready ? 200 : 503 }));
      }
    },
  };
}
