// Generates what the code imports but git does not keep: the Prisma client, its Pothos types and
// the typed GraphQL documents of tests/documents. Runs after every `npm ci`/`npm install`.
//
// Prisma 7's CLI tries to download its schema-engine binary even though generation never uses it;
// pointing the variable at any existing file skips the download. (Never set it for migrate/db push:
// they would silently do nothing. Nexo applies migrations itself.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function run(command: string, args: string[], extraEnvironment: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...extraEnvironment }, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('prisma', ['generate'], { PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' });
run('graphql-codegen', ['--config', 'codegen.ts', '--silent']);
console.log('generated: Prisma client, Pothos types, typed test documents');
