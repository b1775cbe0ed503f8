// The hand-written baseline as an HTTP endpoint: node:http and pg, the SQL of each workload, no
// framework. The benchmark runs it in a child process beside Nexo and calls both the same way, so
// the ratio measures what Nexo's layers (GraphQL, Pothos, Prisma) cost over the same SQL, not the
// cost of HTTP, which any API pays. It authenticates nothing: every microsecond Nexo spends on
// tokens counts against Nexo.
//   node bench/baseline/server.ts   (BASELINE_DATABASE_URL, BASELINE_TENANT, BASELINE_POOL_SIZE)
import { createServer } from 'node:http';
import { TenantSql } from '../lib/tenant-sql.ts';
import { baselineHandlers } from './handlers.ts';

const sql = new TenantSql(required('BASELINE_DATABASE_URL'), { tenantId: required('BASELINE_TENANT'), poolSize: Number(process.env.BASELINE_POOL_SIZE ?? 10) });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const handler = baselineHandlers[(request.url ?? '').slice(1)];
    if (request.method !== 'POST' || !handler) {
      response.writeHead(404).end();
      return;
    }
    Promise.resolve()
      .then(() => handler(sql, JSON.parse(Buffer.concat(chunks).toString('utf8')) as never))
      .then(
        (answer) => send(200, answer),
        (error: unknown) => send(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    function send(status: number, body: unknown) {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});

const stop = () => server.close(() => void sql.close().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
