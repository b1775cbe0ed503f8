import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { keepAliveRequest } from './keep-alive-request.ts';

const SERVER = resolve(import.meta.dirname, '../baseline/server.ts');

/** The baseline endpoint (bench/baseline/server.ts) running in a child process, and a client for it. */
export interface BaselineEndpoint {
  pid: number;
  /** POSTs `input` to the handler and returns its JSON answer, or throws with the endpoint's error. */
  call<Answer>(handler: string, input: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

export async function launchBaselineEndpoint(options: { databaseUrl: string; tenantId: string; poolSize: number; connections: number }): Promise<BaselineEndpoint> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, BASELINE_DATABASE_URL: options.databaseUrl, BASELINE_TENANT: options.tenantId, BASELINE_POOL_SIZE: String(options.poolSize) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`the baseline endpoint exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolvePort(Number(/^listening (\d+)$/.exec(line)?.[1])));
  });
  // The same kind of client Nexo gets: node:http over keep-alive sockets, one per request in flight.
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  return {
    pid: child.pid!,
    call<Answer>(handler: string, input: unknown) {
      const body = JSON.stringify(input);
      return keepAliveRequest(
        `http://127.0.0.1:${port}/${handler}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        body,
      ).then(({ status, text }) => {
        const answer = JSON.parse(text) as Answer & { error?: string };
        if (status !== 200) throw new Error(`baseline ${handler}: HTTP ${status}: ${answer.error ?? ''}`);
        return answer;
      });
    },
    async stop() {
      agent.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
