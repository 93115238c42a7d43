import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertBlobId, BlobNotFound, streamToBuffer, type BlobInfo, type BlobStore } from './blob-store';
import { spoolToFile, tempFileIn } from './spool';

/** Blobs as files `<dir>/ab/cd/<sha256>`, written to a temp file and renamed, so a crash never leaves half a blob. */
export function createFsBlobStore(dir: string): BlobStore {
  const tmpDir = path.join(dir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const pathOf = (sha256: string) => {
    assertBlobId(sha256);
    return path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  /**
   * Bytes already in memory (an issued PDF, package, envelope): hashed at once, and not written at
   * all when the same content is stored already; else a temp file renamed into place, as for streams.
   */
  async function putBytes(bytes: Uint8Array): Promise<BlobInfo> {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = pathOf(sha256);
    const existing = await fsp.stat(target).catch(() => null);
    if (existing?.size === bytes.byteLength) return { sha256, size: bytes.byteLength };
    const tmp = tempFileIn(tmpDir);
    try {
      await fsp.writeFile(tmp, bytes, { flag: 'wx' });
      await moveIntoPlace(tmp, target);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    return { sha256, size: bytes.byteLength };
  }

  // The 65,536 fan-out directories, once made, are not made again by this process (a mkdir per
  // blob was a third of the file-system calls of issuing a 公文); one removed behind our back is
  // made again when the rename into it fails.
  const madeDirs = new Set<string>();
  async function moveIntoPlace(tmp: string, target: string): Promise<void> {
    const dirOf = path.dirname(target);
    if (!madeDirs.has(dirOf)) {
      await fsp.mkdir(dirOf, { recursive: true });
      madeDirs.add(dirOf);
    }
    try {
      await fsp.rename(tmp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !fs.existsSync(tmp)) throw e;
      await fsp.mkdir(dirOf, { recursive: true });
      await fsp.rename(tmp, target);
    }
  }

  const store: BlobStore = {
    kind: 'fs',
    async put(source) {
      if (source instanceof Uint8Array) return putBytes(source);
      const spooled = await spoolToFile(source, tmpDir);
      await moveIntoPlace(spooled.file, pathOf(spooled.sha256));
      return { sha256: spooled.sha256, size: spooled.size };
    },
    async get(sha256, range) {
      const file = pathOf(sha256);
      if (!fs.existsSync(file)) throw new BlobNotFound(sha256);
      return fs.createReadStream(file, range ? { start: range.start, end: range.end } : {}) as Readable;
    },
    async getBuffer(sha256) {
      return streamToBuffer(await store.get(sha256));
    },
    async stat(sha256): Promise<BlobInfo | null> {
      try {
        const st = await fsp.stat(pathOf(sha256));
        return { sha256, size: st.size };
      } catch {
        return null;
      }
    },
    async delete(sha256) {
      await fsp.rm(pathOf(sha256), { force: true });
    },
    async check() {
      const probe = path.join(tmpDir, `health-${process.pid}`);
      await fsp.writeFile(probe, 'ok');
      await fsp.rm(probe, { force: true });
    },
    async close() {},
  };
  return store;
}
