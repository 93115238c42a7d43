/**
 * Content-addressed blob storage: a blob's id is the SHA-256 of its bytes (hex). Two backends —
 * the filesystem under the data dir (embedded default) and S3/MinIO — chosen once at start-up.
 */
import type { Readable } from 'node:stream';

export interface BlobInfo {
  sha256: string;
  size: number;
}

export interface BlobStore {
  readonly kind: 'fs' | 's3';
  /** Streams the bytes in, hashing on the way; storing the same bytes twice stores them once. */
  put(source: Readable | Buffer | Uint8Array): Promise<BlobInfo>;
  /** The whole blob, or bytes [start, end] inclusive (HTTP range semantics). Throws BlobNotFound. */
  get(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  getBuffer(sha256: string): Promise<Buffer>;
  stat(sha256: string): Promise<BlobInfo | null>;
  delete(sha256: string): Promise<void>;
  /** Health check: the backend is reachable and writable. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export class BlobNotFound extends Error {
  constructor(readonly sha256: string) {
    super(`blob not found: ${sha256}`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertBlobId(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`invalid blob id: ${sha256}`);
}

export async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
