import type { TenantStatus } from '../generated/prisma/enums.ts';

/**
 * Each instance's view of which tenants exist and are active, consulted for every request. A
 * status read from the database is kept `ttlMs`, so a change made elsewhere (another instance,
 * the CLI) takes effect here within that time, and a request costs no statement of its own.
 */
export interface TenantDirectory {
  /** The tenant's status, or null when there is no such tenant; at most `ttlMs` old. */
  statusOf(tenantId: string): TenantStatus | null | Promise<TenantStatus | null>;
  /** A change made through this instance: it takes effect here at once. */
  remember(tenantId: string, status: TenantStatus): void;
}

export interface TenantDirectoryOptions {
  /** Reads one tenant's status from the database (null: no such tenant). */
  lookup(tenantId: string): Promise<TenantStatus | null>;
  /** How long a status read is trusted; 0 reads the database for every request. */
  ttlMs: number;
  /** Milliseconds of a monotonic clock. Default: performance.now. */
  monotonicNow?: () => number;
}

// Tokens name few tenants; a flood of names (signed by a trusted issuer) only empties the cache.
const MAX_ENTRIES = 10_000;

type Entry = { status: TenantStatus | null; readAt: number } | { pending: Promise<TenantStatus | null> };

export function createTenantDirectory(options: TenantDirectoryOptions): TenantDirectory {
  const now = options.monotonicNow ?? (() => performance.now());
  const entries = new Map<string, Entry>();

  const store = (tenantId: string, entry: Entry) => {
    if (entries.size >= MAX_ENTRIES && !entries.has(tenantId)) entries.clear();
    entries.set(tenantId, entry);
  };

  return {
    statusOf(tenantId) {
      const entry = entries.get(tenantId);
      if (entry) {
        // Requests arriving while a lookup is on its way share it.
        if ('pending' in entry) return entry.pending;
        if (now() - entry.readAt < options.ttlMs) return entry.status;
      }
      // Timed from the start of the read: the status is at least that fresh.
      const readAt = now();
      const lookup: { pending: Promise<TenantStatus | null> } = {
        pending: options.lookup(tenantId).then(
          (status) => {
            // Unless a change made here replaced the lookup meanwhile: that change is newer.
            if (entries.get(tenantId) === lookup) store(tenantId, { status, readAt });
            return status;
          },
          (error: unknown) => {
            if (entries.get(tenantId) === lookup) entries.delete(tenantId);
            throw error;
          },
        ),
      };
      store(tenantId, lookup);
      return lookup.pending;
    },
    remember(tenantId, status) {
      store(tenantId, { status, readAt: now() });
    },
  };
}
