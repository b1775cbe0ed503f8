// Mints a development JWT signed with the server's HS256 secret.
// Usage: npm run token -- [--tenant demo] [--role admin]... [--subject dev-user] [--expires 12h]
// The explanation goes to stderr and the token is the last line on stdout, so
// `TOKEN=$(npm run --silent token -- --role sales)` captures only the token.
import { parseArgs } from 'node:util';
import { loadTokenKeys } from '../src/auth/keys.ts';
import { buildRoleTable } from '../src/auth/roles.ts';
import { signDevelopmentToken } from '../src/auth/sign.ts';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';

const usage = 'Usage: npm run token -- [--tenant <slug>] [--role <role>]... [--subject <id>] [--expires <span, e.g. 12h>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      role: { type: 'string', multiple: true, default: ['admin'] },
      subject: { type: 'string', default: 'dev-user' },
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

  const config = loadConfig();
  const roleTable = buildRoleTable(await discoverPlugins(config));
  const unknownRoles = values.role.filter((role) => !roleTable.roles.has(role));
  if (unknownRoles.length > 0) {
    console.error(`Unknown role${unknownRoles.length > 1 ? 's' : ''}: ${unknownRoles.join(', ')}`);
    console.error(`Known roles: ${[...roleTable.roles.keys()].sort().join(', ')}`);
    return 1;
  }

  const keys = await loadTokenKeys(config.auth, config.dataDir);
  const token = await signDevelopmentToken(keys, {
    subject: values.subject,
    tenant: values.tenant,
    roles: values.role,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    expiresIn: values.expires,
  });

  const permissionCount = roleTable.permissionsFor(values.role).size;
  console.error(
    `Token for "${values.subject}" in tenant "${values.tenant}", roles ${values.role.join(', ')} ` +
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
