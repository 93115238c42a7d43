import type { Config } from '../config/config';
import type { BlobStore } from './blob-store';
import { createFsBlobStore } from './fs-blob-store';
import { createS3BlobStore } from './s3-blob-store';

export async function openBlobStore(config: Config['blobs']): Promise<BlobStore> {
  return config.kind === 's3' ? createS3BlobStore(config.s3) : createFsBlobStore(config.dir);
}
