// Runs `prisma generate` offline. Prisma 7's CLI tries to download its schema-engine binary even
// though generation never uses it; pointing the variable at any existing file skips the download.
// (Never set it for migrate/db push: they would silently do nothing. Nexo applies migrations itself.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const result = spawnSync('prisma', ['generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
