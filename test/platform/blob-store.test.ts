// Both blob backends behave the same: content addressing, streaming, ranges, de-duplication.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFound, createFsBlobStoreForTest, openBlobStore, streamToBuffer, type BlobStore } from './blob-store-backends';
import { startS3rver } from '../support/s3rver';

let s3: Awaited<ReturnType<typeof startS3rver>>;
const fsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-blobs-'));

beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(fsDir, { recursive: true, force: true });
});

const backends: Array<[string, () => Promise<BlobStore>]> = [
  ['filesystem', async () => createFsBlobStoreForTest(fsDir)],
  [
    's3rver',
    () => {
      const url = new URL(s3.endpoint);
      return openBlobStore({ kind: 's3', s3: { endPoint: url.hostname, port: Number(url.port), useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: 'yizhan-test', region: 'us-east-1' } });
    },
  ],
];

describe.each(backends)('blob store on %s', (_name, open) => {
  let store: BlobStore;
  beforeAll(async () => {
    store = await open();
  });

  it('stores a stream under its SHA-256 and streams it back', async () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const expected = crypto.createHash('sha256').update(bytes).digest('hex');
    // a stream of small chunks, as an upload arrives
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const info = await store.put(Readable.from(chunks));
    expect(info).toEqual({ sha256: expected, size: bytes.length });
    expect(await store.stat(expected)).toEqual({ sha256: expected, size: bytes.length });
    expect((await store.getBuffer(expected)).equals(bytes)).toBe(true);
    const range = await streamToBuffer(await store.get(expected, { start: 1000, end: 1999 }));
    expect(range.equals(bytes.subarray(1000, 2000))).toBe(true);
  });

  it('stores identical bytes once and keeps Chinese text intact', async () => {
    const text = Buffer.from('示范市人民政府关于印发《2026年工作要点》的通知', 'utf8');
    const a = await store.put(text);
    const b = await store.put(Buffer.from(text));
    expect(a.sha256).toBe(b.sha256);
    expect((await store.getBuffer(a.sha256)).toString('utf8')).toBe(text.toString('utf8'));
  });

  it('reports missing blobs and refuses malformed ids', async () => {
    const missing = 'f'.repeat(64);
    expect(await store.stat(missing)).toBeNull();
    await expect(store.get(missing).then(streamToBuffer)).rejects.toBeInstanceOf(BlobNotFound);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/invalid blob id/);
  });

  it('deletes', async () => {
    const info = await store.put(Buffer.from('to be deleted'));
    await store.delete(info.sha256);
    expect(await store.stat(info.sha256)).toBeNull();
    await store.check();
  });
});

describe('filesystem blob store', () => {
  it('stores again after its fan-out directory was removed behind its back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-blobs-rm-'));
    try {
      const store = createFsBlobStoreForTest(dir);
      const first = await store.put(Buffer.from('公文甲'));
      // a second blob in the same directory, after an operator removed that directory
      let other = Buffer.from('');
      for (let i = 0; ; i++) {
        other = Buffer.from(`公文乙${i}`);
        if (crypto.createHash('sha256').update(other).digest('hex').slice(0, 4) === first.sha256.slice(0, 4)) break; // same ab/cd directory
      }
      fs.rmSync(path.join(dir, first.sha256.slice(0, 2)), { recursive: true });
      const second = await store.put(other);
      expect((await store.getBuffer(second.sha256)).equals(other)).toBe(true);
      expect(await store.stat(first.sha256)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
