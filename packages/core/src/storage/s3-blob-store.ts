import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { Client } from 'minio';
import type { S3Config } from '../config/config';
import { assertBlobId, BlobNotFound, streamToBuffer, type BlobStore } from './blob-store';
import { spoolToFile } from './spool';

/**
 * Blobs as objects `sha256/<hex>` in one bucket (MinIO in production, s3rver in tests). The bytes
 * are spooled to a temp file first: the key is their hash, and the upload then has a known size
 * (single PUT, no multipart — which s3rver also lacks).
 */
export async function createS3BlobStore(s3: S3Config, tmpDir = path.join(os.tmpdir(), 'yizhan-s3-spool')): Promise<BlobStore> {
  const client = new Client({
    endPoint: s3.endPoint,
    port: s3.port,
    useSSL: s3.useSSL,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
    pathStyle: true,
  });
  if (!(await client.bucketExists(s3.bucket))) {
    try {
      await client.makeBucket(s3.bucket, s3.region);
    } catch (e) {
      // another server sharing the store made it meanwhile
      if (!(await client.bucketExists(s3.bucket))) throw e;
    }
  }
  const keyOf = (sha256: string) => {
    assertBlobId(sha256);
    return `sha256/${sha256}`;
  };
  const isNotFound = (e: unknown) => {
    const code = (e as { code?: string }).code;
    return code === 'NoSuchKey' || code === 'NotFound';
  };

  const store: BlobStore = {
    kind: 's3',
    async put(source) {
      const spooled = await spoolToFile(source, tmpDir);
      try {
        if (!(await store.stat(spooled.sha256))) {
          await client.putObject(s3.bucket, keyOf(spooled.sha256), fs.createReadStream(spooled.file), spooled.size);
        }
      } finally {
        fs.rmSync(spooled.file, { force: true });
      }
      return { sha256: spooled.sha256, size: spooled.size };
    },
    async get(sha256, range): Promise<Readable> {
      try {
        if (range) return await client.getPartialObject(s3.bucket, keyOf(sha256), range.start, range.end - range.start + 1);
        return await client.getObject(s3.bucket, keyOf(sha256));
      } catch (e) {
        if (isNotFound(e)) throw new BlobNotFound(sha256);
        throw e;
      }
    },
    async getBuffer(sha256) {
      return streamToBuffer(await store.get(sha256));
    },
    async stat(sha256) {
      try {
        const st = await client.statObject(s3.bucket, keyOf(sha256));
        return { sha256, size: st.size };
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
    async delete(sha256) {
      await client.removeObject(s3.bucket, keyOf(sha256));
    },
    async check() {
      if (!(await client.bucketExists(s3.bucket))) throw new Error(`bucket ${s3.bucket} missing`);
    },
    async close() {},
  };
  return store;
}
