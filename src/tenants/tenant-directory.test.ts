import { describe, expect, test } from 'vitest';
import type { TenantStatus } from '../generated/prisma/enums.ts';
import { createTenantDirectory } from './tenant-directory.ts';

/** A directory over an in-memory table, on a clock the test moves. */
function directoryOver(table: Map<string, TenantStatus>, ttlMs = 1_000) {
  let now = 0;
  const lookups: string[] = [];
  const directory = createTenantDirectory({
    lookup: async (tenantId) => {
      lookups.push(tenantId);
      return table.get(tenantId) ?? null;
    },
    ttlMs,
    monotonicNow: () => now,
  });
  return { directory, lookups, advance: (ms: number) => (now += ms) };
}

describe('tenant directory', () => {
  test('reads a status once per time-to-live, and a status changed elsewhere shows after it', async () => {
    const table = new Map<string, TenantStatus>([['acme', 'ACTIVE']]);
    const { directory, lookups, advance } = directoryOver(table);

    expect(await directory.statusOf('acme')).toBe('ACTIVE');
    table.set('acme', 'DISABLED');
    advance(999);
    expect(await directory.statusOf('acme')).toBe('ACTIVE');
    advance(1);
    expect(await directory.statusOf('acme')).toBe('DISABLED');
    expect(lookups).toEqual(['acme', 'acme']);
  });

  test('remembers that a tenant does not exist, for as long', async () => {
    const table = new Map<string, TenantStatus>();
    const { directory, lookups, advance } = directoryOver(table);
    expect(await directory.statusOf('nowhere')).toBeNull();
    table.set('nowhere', 'ACTIVE');
    expect(await directory.statusOf('nowhere')).toBeNull();
    advance(1_000);
    expect(await directory.statusOf('nowhere')).toBe('ACTIVE');
    expect(lookups).toEqual(['nowhere', 'nowhere']);
  });

  test('concurrent requests share one lookup', async () => {
    const { directory, lookups } = directoryOver(new Map([['acme', 'ACTIVE']]));
    const statuses = await Promise.all([directory.statusOf('acme'), directory.statusOf('acme'), directory.statusOf('acme')]);
    expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(lookups).toEqual(['acme']);
  });

  test('a change made through this instance takes effect at once, even over a lookup on its way', async () => {
    const { directory, lookups } = directoryOver(new Map([['acme', 'ACTIVE']]));
    expect(await directory.statusOf('acme')).toBe('ACTIVE');
    directory.remember('acme', 'DISABLED');
    expect(await directory.statusOf('acme')).toBe('DISABLED');

    const { directory: racing } = directoryOver(new Map([['acme', 'ACTIVE']]));
    const inFlight = racing.statusOf('acme');
    racing.remember('acme', 'DISABLED');
    expect(await inFlight).toBe('ACTIVE');
    expect(await racing.statusOf('acme')).toBe('DISABLED');
    expect(lookups).toEqual(['acme']);
  });

  test('a failed lookup is not remembered: the next request asks again', async () => {
    let failing = true;
    const directory = createTenantDirectory({
      lookup: async () => {
        if (failing) throw new Error('database unreachable');
        return 'ACTIVE';
      },
      ttlMs: 1_000,
      monotonicNow: () => 0,
    });
    await expect(directory.statusOf('acme')).rejects.toThrow('database unreachable');
    failing = false;
    expect(await directory.statusOf('acme')).toBe('ACTIVE');
  });

  test('with a time-to-live of 0 every request reads the database', async () => {
    const { directory, lookups } = directoryOver(new Map([['acme', 'ACTIVE']]), 0);
    await directory.statusOf('acme');
    await directory.statusOf('acme');
    expect(lookups).toEqual(['acme', 'acme']);
  });
});
