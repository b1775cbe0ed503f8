import pg from 'pg';
import { MIGRATIONS_TABLE } from './migrate.ts';

// Any fixed number works as long as every instance uses the same one; distinct from the migration lock.
const APP_ROLE_LOCK_KEY = 7_311_843_002;

const DUPLICATE_OBJECT = '42710';

export interface EnsureAppRoleOptions {
  /** Connection of the table owner (or a superuser): it creates the role and grants to it. */
  connectionString: string;
  /** Name of the login role the application connects as, e.g. `nexo_app`. */
  role: string;
  password: string;
}

interface RoleAttributes {
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolcanlogin: boolean;
}

/**
 * Makes sure the application's login role exists with the least it needs: it logs in, reads and
 * writes every table of `public` (row-level security still applies, since it neither owns the
 * tables nor bypasses RLS), and cannot touch the migrations table. Safe to call on every start,
 * from several instances at once; grants are renewed each call so that new tables are covered.
 */
export async function ensureAppRole(options: EnsureAppRoleOptions): Promise<void> {
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    // Concurrent GRANTs on one object fail with "tuple concurrently updated", so callers take turns.
    await client.query('SELECT pg_advisory_lock($1)', [APP_ROLE_LOCK_KEY]);
    const role = client.escapeIdentifier(options.role);
    const password = client.escapeLiteral(options.password);

    const existing = await readRoleAttributes(client, options.role);
    if (existing) {
      await assertSafeToUse(client, options.role, existing);
      await client.query(`ALTER ROLE ${role} ${[...attributeFixes(existing), `PASSWORD ${password}`].join(' ')}`);
    } else {
      await createRole(client, role, password);
    }

    const { rows } = await client.query<{ database: string; hasMigrationsTable: boolean }>(
      `SELECT current_database() AS database, to_regclass($1) IS NOT NULL AS "hasMigrationsTable"`,
      [`public.${MIGRATIONS_TABLE}`],
    );
    const { database, hasMigrationsTable } = rows[0]!;
    await client.query('BEGIN');
    await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    // Functions a migration revokes from PUBLIC (e.g. a SECURITY DEFINER scan) are the app's alone.
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`);
    if (hasMigrationsTable) await client.query(`REVOKE ALL ON TABLE public.${MIGRATIONS_TABLE} FROM ${role}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    // Ending the session releases the advisory lock.
    await client.end();
  }
}

/**
 * The application's connection string: the owner's server, database and options, with the
 * application role's credentials.
 */
export function deriveAppDatabaseUrl(ownerUrl: string, role: string, password: string): string {
  let url: URL;
  try {
    url = new URL(ownerUrl);
  } catch {
    throw new Error('Cannot derive the application database URL: the owner connection string is not a postgresql:// URL. Set NEXO_APP_DATABASE_URL explicitly.');
  }
  // Encoded in full here: the URL setters leave `%` alone, which pg would then decode.
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

async function readRoleAttributes(client: pg.Client, role: string): Promise<RoleAttributes | undefined> {
  const { rows } = await client.query<RoleAttributes>(
    'SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolcanlogin FROM pg_roles WHERE rolname = $1',
    [role],
  );
  return rows[0];
}

/** Refuses roles that would defeat row-level security rather than silently demoting them. */
async function assertSafeToUse(client: pg.Client, role: string, attributes: RoleAttributes): Promise<void> {
  if (attributes.rolsuper) {
    throw new Error(`The application role "${role}" is a superuser, so row-level security would not apply to it. Configure a dedicated role name for the application.`);
  }
  const { rows } = await client.query<{ table: string }>(
    `SELECT c.oid::regclass::text AS table FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
     WHERE r.rolname = $1 AND c.relkind IN ('r', 'p') LIMIT 1`,
    [role],
  );
  if (rows[0]) {
    throw new Error(`The application role "${role}" owns table ${rows[0].table}; an owner can switch row-level security off. Give the table to the migrating role (ALTER TABLE ... OWNER TO) or configure another application role.`);
  }
}

/**
 * Only the attributes that differ: changing BYPASSRLS at all, even to turn it off, needs a
 * superuser, and the owner of a managed database usually is not one.
 */
function attributeFixes(attributes: RoleAttributes): string[] {
  const fixes: string[] = [];
  if (!attributes.rolcanlogin) fixes.push('LOGIN');
  if (attributes.rolbypassrls) fixes.push('NOBYPASSRLS');
  if (attributes.rolcreatedb) fixes.push('NOCREATEDB');
  if (attributes.rolcreaterole) fixes.push('NOCREATEROLE');
  return fixes;
}

async function createRole(client: pg.Client, role: string, password: string): Promise<void> {
  try {
    await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${password}`);
  } catch (error) {
    // Roles belong to the whole server while our lock is per database: an instance serving
    // another database may have created the role a moment ago.
    if ((error as { code?: string }).code !== DUPLICATE_OBJECT) throw error;
    await client.query(`ALTER ROLE ${role} PASSWORD ${password}`);
  }
}
