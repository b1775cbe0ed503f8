import { request as httpRequest, type RequestOptions } from 'node:http';

/**
 * One HTTP request over a keep-alive agent, answered with its status and body. A request sent on a
 * reused socket that the server closed as idle at the same moment fails with ECONNRESET before the
 * server read it; it is sent once more on a fresh socket, as Node's documentation advises
 * (`request.reusedSocket`). Any other failure is the caller's.
 */
export function keepAliveRequest(url: URL | string, options: RequestOptions, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = (retried: boolean) => {
      const request = httpRequest(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') send(true);
        else reject(error);
      });
      request.end(body);
    };
    send(false);
  });
}
