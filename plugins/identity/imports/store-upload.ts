import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

/**
 * Streams an uploaded file to `<dataDir>/imports/<job id>.<format>`, hashing it on the way, so
 * that its import can run in the background and resume after a restart. The caller removes it
 * (`discardUpload`) if the job is not created after all.
 */
export async function storeUpload(file: File, dataDir: string, jobId: string, format: 'CSV' | 'NDJSON'): Promise<{ path: string; bytes: number; sha256: string }> {
  const folder = join(dataDir, 'imports');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${jobId}.${format.toLowerCase()}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(path, { flags: 'wx' });
  try {
    // The platform's File, or yoga's fetch ponyfill's: both streams are async iterables of bytes.
    for await (const chunk of file.stream() as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await discardUpload(path);
    throw error;
  }
  return { path, bytes, sha256: hash.digest('hex') };
}

export async function discardUpload(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}
