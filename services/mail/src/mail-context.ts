/**
 * What every mail use case gets: the platform, its database typed with the mail tables, the mail
 * settings, the group-commit writer, and the hooks the running service attaches (new-mail
 * notifications, waking the outbound queue and the indexer). The CLI gets a context too, with
 * quiet hooks.
 */
import type { Logger, Platform } from '@yizhan/core';
import { mailDb, type MailKysely } from './db/tables';
import type { MailSettings } from './mail-settings';
import { BatchWriter } from './delivery/batch-writer';
import { RecipientCache } from './delivery/recipient-cache';
import { storeMessages, type StoreJob, type StoreResult, type StoredEntry } from './delivery/store-message';

export interface DeliveredMail {
  entries: StoredEntry[];
  subject: string;
  fromName: string;
  fromAddress: string;
}

export interface MailHooks {
  delivered(mail: DeliveredMail): void;
  outboundQueued(): void;
  indexQueued(): void;
}

export interface MailContext {
  platform: Platform;
  db: MailKysely;
  settings: MailSettings;
  log: Logger;
  writer: BatchWriter<StoreJob, StoreResult>;
  /** RCPT resolution with a short memory, shared by both SMTP ports. */
  recipients: RecipientCache;
  hooks: MailHooks;
}

export const quietHooks: MailHooks = { delivered() {}, outboundQueued() {}, indexQueued() {} };

export function createMailContext(platform: Platform, settings: MailSettings): MailContext {
  const db = mailDb(platform.db);
  return {
    platform,
    db,
    settings,
    log: platform.log.child({ component: 'mail' }),
    writer: BatchWriter.create(db, storeMessages),
    recipients: new RecipientCache(db, settings),
    hooks: { ...quietHooks },
  };
}
