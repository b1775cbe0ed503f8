import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a real server (Redis), to take it away from one client mid-run:
 * `blackhole` keeps connections open but lets nothing through (a server that stopped answering),
 * `cut` closes every connection and refuses new ones (a server that went away), `restore` lets
 * new connections through again.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: 'open' | 'blackhole' | 'cut' = 'open';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'cut') return void client.destroy();
    const upstream = createConnection(target);
    track(upstream);
    client.on('data', (chunk) => void (mode === 'open' && upstream.write(chunk)));
    upstream.on('data', (chunk) => void (mode === 'open' && client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    blackhole(): void {
      mode = 'blackhole';
    },
    cut(): void {
      mode = 'cut';
      for (const socket of sockets) socket.destroy();
    },
    restore(): void {
      mode = 'open';
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A local port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
