import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL whose connections can be dropped silently: `dropAll` closes
 * the server's side of every open connection, while the client hears nothing until it next sends
 * something, and then sees its connection reset (as after a failover behind a NAT that forgot the
 * connection). Connections made afterwards go through as usual.
 */
export async function startSilentDropProxy(connectionString: string) {
  const target = new URL(connectionString);
  const links = new Set<{ client: Socket; server: Socket; dropped: boolean }>();
  const proxy = createServer((client) => {
    const server = createConnection({ host: target.hostname, port: Number(target.port) });
    const link = { client, server, dropped: false };
    links.add(link);
    client.on('data', (chunk) => (link.dropped ? client.destroy() : server.write(chunk)));
    server.on('data', (chunk) => client.write(chunk));
    client.on('close', () => {
      server.destroy();
      links.delete(link);
    });
    server.on('close', () => {
      if (!link.dropped) client.destroy();
    });
    client.on('error', () => client.destroy());
    server.on('error', () => server.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = new URL(connectionString);
  url.hostname = '127.0.0.1';
  url.port = String((proxy.address() as AddressInfo).port);
  return {
    /** `connectionString`, through the proxy. */
    url: url.toString(),
    dropAll(): void {
      for (const link of links) {
        link.dropped = true;
        link.server.destroy();
      }
    },
    async close(): Promise<void> {
      for (const link of links) link.client.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
