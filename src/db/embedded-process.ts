import { fork } from 'node:child_process';
import type { EmbeddedDatabase } from './embedded.ts';
import type { KeeperCommand, KeeperOptions, KeeperReport } from './embedded-keeper.ts';

const keeperScript = new URL('./embedded-keeper.ts', import.meta.url);

/**
 * Starts the embedded PostgreSQL in a process of its own process group (embedded-keeper.ts), for
 * `npm start`. Started as our own child, PostgreSQL would share the terminal's process group and
 * take Ctrl-C as an order for a fast shutdown, ending the server's connections while it is still
 * finishing its requests. In its own group it hears Ctrl-C from nobody but the server, which stops
 * it last. If the server dies without stopping it, the keeper sees its channel close and stops it.
 */
export function startEmbeddedPostgresProcess(options: KeeperOptions): Promise<EmbeddedDatabase> {
  const keeper = fork(keeperScript, [JSON.stringify(options)], { detached: true, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => keeper.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    keeper.once('exit', (code, signal) => reject(new Error(`The embedded PostgreSQL's keeper exited before it was ready (${signal ?? `code ${code}`})`)));
    keeper.once('message', (report: KeeperReport) => {
      if (report.kind === 'failed') {
        reject(new Error(report.message));
        return;
      }
      // The keeper must not hold a script that is done with the database open.
      keeper.unref();
      keeper.channel?.unref();
      resolve({
        url: report.url,
        adminUrl: report.adminUrl,
        async stop() {
          if (keeper.exitCode !== null || keeper.signalCode !== null) return;
          keeper.ref();
          if (keeper.connected) keeper.send({ kind: 'stop' } satisfies KeeperCommand);
          else keeper.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
