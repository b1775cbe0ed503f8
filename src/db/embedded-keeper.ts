/**
 * The process that keeps `npm start`'s embedded PostgreSQL (see embedded-process.ts): it starts
 * the cluster, reports its connection strings to the parent, and stops it when told to, when the
 * parent goes away, or on SIGTERM/SIGINT, so the cluster never outlives the server it serves.
 */
import { startEmbeddedPostgres, type EmbeddedOptions } from './embedded.ts';

/** What the keeper tells its parent once the cluster is up, or could not be started. */
export type KeeperReport = { kind: 'ready'; url: string; adminUrl: string } | { kind: 'failed'; message: string };

/** What the parent tells the keeper. */
export type KeeperCommand = { kind: 'stop' };

export type KeeperOptions = Pick<EmbeddedOptions, 'dataDir' | 'port'>;

function keep(options: KeeperOptions): void {
  const started = startEmbeddedPostgres(options);
  let stopping = false;
  // A stop asked for while the cluster is starting waits for it, or a half-started one would be left behind.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const database = await started.catch(() => undefined);
    await database?.stop();
    process.exit(0);
  };
  process.on('message', (command: KeeperCommand) => {
    if (command.kind === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  started.then(
    (database) => report({ kind: 'ready', url: database.url, adminUrl: database.adminUrl }),
    (error: unknown) => {
      report({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
}

function report(message: KeeperReport): void {
  process.send?.(message);
}

keep(JSON.parse(process.argv[2] ?? '{}') as KeeperOptions);
