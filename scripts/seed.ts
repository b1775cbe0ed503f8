// Writes the demo tenants into DATABASE_URL, as `npm start` does on first start.
// Usage: npm run seed -- [--customers <n>]   (e.g. --customers 50000 for a benchmark tenant)
// Only seeds a database without demo tenants; drop the database to seed again.
import { parseArgs } from 'node:util';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { MIGRATIONS_DIR } from '../src/db/prepare.ts';
import { DEMO_TENANTS, seedDemoData, type DemoTenant } from '../src/db/seed.ts';

const usage = 'Usage: npm run seed -- [--customers <n>]  (customers of the "demo" tenant; default 2300)';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const customers = values.customers === undefined ? undefined : Number(values.customers);
  if (customers !== undefined && (!Number.isInteger(customers) || customers < 1)) {
    console.error(`--customers must be a positive whole number, got "${values.customers}"\n${usage}`);
    return 1;
  }

  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error(
      'DATABASE_URL is not set. `npm start` starts the embedded database and seeds the demo data on first start;\n' +
        'to seed another database, set DATABASE_URL to its owner connection and run this again.',
    );
    return 1;
  }

  const log = (line: string) => console.error(line);
  await applyMigrations({ connectionString: config.databaseUrl, migrationsDir: MIGRATIONS_DIR, log });
  const tenants: DemoTenant[] = DEMO_TENANTS.map((tenant) => (tenant.id === 'demo' && customers !== undefined ? { ...tenant, customers } : tenant));
  const plugins = await discoverPlugins(config);
  await seedDemoData({ connectionString: config.databaseUrl, plugins, tenants, progress: true, log });
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 1;
});
