/** Writes a stream to a temporary file while hashing it, so the final location can be chosen by hash. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobInfo } from './blob-store';

/** A fresh name for a file being written in `tmpDir` (unique across processes sharing the dir). */
export function tempFileIn(tmpDir: string): string {
  return path.join(tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}.part`);
}

export async function spoolToFile(source: Readable | Buffer | Uint8Array, tmpDir: string): Promise<BlobInfo & { file: string }> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const file = tempFileIn(tmpDir);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const input = Buffer.isBuffer(source) || source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
  try {
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      fs.createWriteStream(file, { flags: 'wx' }),
    );
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  return { sha256: hash.digest('hex'), size, file };
}
