import type { IncomingMessage } from 'node:http';

/** The whole body of a request whose length was declared (and bounded) beforehand. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', reject);
    // A client that goes away mid-body; after 'end' this settles nothing.
    request.once('close', () => reject(new Error('the request closed before its body ended')));
  });
}
