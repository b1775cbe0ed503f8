import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { readMigrations } from '../../src/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../src/db/prepare.ts';

/**
 * Lets another build's server start on the database this build migrated. One database has one
 * schema, so both builds run on this build's: migrations it has that the other build lacks are
 * copied into the other's checkout, whose server then finds them applied (and leaves them be). A
 * migration only the other build has, or one the two builds wrote differently, would change or
 * contradict that schema: the run stops before seeding. Returns the names of the copied migrations.
 */
export async function shareMigrations(checkout: string, label: string): Promise<string[]> {
  const otherDir = join(checkout, 'prisma/migrations');
  const [ours, theirs] = await Promise.all([readMigrations(MIGRATIONS_DIR), readMigrations(otherDir)]);
  const theirsByName = new Map(theirs.map((migration) => [migration.name, migration]));
  const oursByName = new Set(ours.map((migration) => migration.name));
  const onlyTheirs = theirs.filter((migration) => !oursByName.has(migration.name)).map((migration) => migration.name);
  const changed = ours.filter((migration) => theirsByName.has(migration.name) && theirsByName.get(migration.name)!.checksum !== migration.checksum).map((migration) => migration.name);
  if (onlyTheirs.length || changed.length) {
    throw new Error(
      `--against: ${label} and this build cannot share one database: ` +
        [onlyTheirs.length ? `migrations only ${label} has: ${onlyTheirs.join(', ')}` : '', changed.length ? `migrations that differ: ${changed.join(', ')}` : '']
          .filter(Boolean)
          .join('; '),
    );
  }
  const missing = ours.filter((migration) => !theirsByName.has(migration.name));
  for (const migration of missing) await cp(join(MIGRATIONS_DIR, migration.name), join(otherDir, migration.name), { recursive: true });
  return missing.map((migration) => migration.name);
}
