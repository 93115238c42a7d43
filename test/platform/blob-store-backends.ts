export { BlobNotFound, openBlobStore, streamToBuffer, type BlobStore } from '@yizhan/core';
export { createFsBlobStore as createFsBlobStoreForTest } from '../../packages/core/src/storage/fs-blob-store';
