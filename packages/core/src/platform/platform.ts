/**
 * The platform: config, logger, database, blob store and master key, opened once at start-up in the
 * order they depend on each other and closed in reverse. Services receive it; nothing else opens
 * these backends.
 */
import fs from 'node:fs';
import type { Migration } from 'kysely';
import type { Config } from '../config/config';
import { openDatabase, type Database } from '../db/database';
import type { Logger } from '../log/logger';
import type { BlobStore } from '../storage/blob-store';
import { openBlobStore } from '../storage/open-blob-store';
import { noRealtime, type Realtime } from '../notifications/realtime';
import { loadMasterKey } from './master-key';

export interface Platform {
  readonly config: Config;
  readonly log: Logger;
  readonly database: Database;
  readonly db: Database['db'];
  readonly blobs: BlobStore;
  readonly masterKey: Buffer;
  /** Replaced by the server once socket.io is up. */
  realtime: Realtime;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, log: Logger, opts: { migrations?: Record<string, Migration> } = {}): Promise<Platform> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const masterKey = loadMasterKey(config.masterKeyHex, config.dataDir);
  const database = await openDatabase(config.database, log, opts.migrations);
  let blobs: BlobStore;
  try {
    await database.migrate();
    blobs = await openBlobStore(config.blobs);
  } catch (e) {
    await database.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    config,
    log,
    database,
    db: database.db,
    blobs,
    masterKey,
    realtime: noRealtime,
    close() {
      closing ??= (async () => {
        await blobs.close();
        await database.close();
      })();
      return closing;
    },
  };
}
