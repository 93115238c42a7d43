/** kysely types of the mail tables (DDL in migrations/). */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '@yizhan/core';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface MailboxTable {
  id: Generated<string>;
  kind: 'user' | 'shared';
  user_id: string | null;
  agency_code: string;
  address: string;
  display_name: string;
  quota_bytes: number;
  used_bytes: Generated<number>;
  created_at: CreatedAt;
}

export interface FolderTable {
  id: Generated<string>;
  mailbox_id: string;
  role: string | null;
  name: string;
  sort_order: number;
  created_at: CreatedAt;
}

export interface AddressJson {
  address: string;
  name: string;
}

export interface MessageTable {
  id: Generated<string>;
  raw_sha256: string;
  raw_size: number;
  message_id: string;
  in_reply_to: string | null;
  refs: Json<string[]>;
  subject: string;
  from_address: string;
  from_name: string;
  to_list: Json<AddressJson[]>;
  cc_list: Json<AddressJson[]>;
  reply_to_list: Json<AddressJson[]>;
  sent_at: Timestamp | null;
  received_at: Timestamp;
  envelope_from: string;
  source: string;
  auth_user: string | null;
  remote_ip: string | null;
  auth_results: string | null;
  snippet: string;
  text_body: string;
  html_body: string | null;
  has_attachments: boolean;
}

export interface AttachmentTable {
  message_id: string;
  idx: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content_id: string | null;
  inline: boolean;
  seal_verdict: Json<unknown> | null;
}

export interface EntryTable {
  id: Generated<string>;
  mailbox_id: string;
  folder_id: string;
  message_id: string;
  thread_id: string;
  seen: Generated<boolean>;
  flagged: Generated<boolean>;
  answered: Generated<boolean>;
  received_at: Timestamp;
  size: number;
}

export interface SearchTable {
  message_id: string;
  grams: number[];
  /** Normalised subject, people, attachment names and body: the exact check after the gram match. */
  search_text: string;
}

export interface IndexQueueTable {
  message_id: string;
  queued_at: CreatedAt;
}

export interface OutboundTable {
  id: Generated<string>;
  message_id: string;
  raw_sha256: string;
  envelope_from: string;
  /** The local mailbox that sent it: bounces go back there. */
  sender_mailbox_id: string | null;
  recipient: string;
  domain: string;
  status: 'queued' | 'sending' | 'sent' | 'bounced';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GrantTable {
  mailbox_id: string;
  user_id: string;
  can_send: boolean;
  created_at: CreatedAt;
}

export interface ListTable {
  id: Generated<string>;
  address: string;
  name: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface ListMemberTable {
  list_id: string;
  address: string;
}

export interface AliasTable {
  address: string;
  mailbox_id: string;
  created_at: CreatedAt;
}

export interface DraftTable {
  id: Generated<string>;
  mailbox_id: string;
  user_id: string;
  body: Json<Record<string, unknown>>;
  subject: string;
  updated_at: Timestamp;
}

export interface UploadTable {
  id: Generated<string>;
  user_id: string;
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: CreatedAt;
}

export type MailTables = {
  mail_mailboxes: MailboxTable;
  mail_folders: FolderTable;
  mail_messages: MessageTable;
  mail_attachments: AttachmentTable;
  mail_entries: EntryTable;
  mail_search: SearchTable;
  mail_index_queue: IndexQueueTable;
  mail_outbound: OutboundTable;
  mail_grants: GrantTable;
  mail_lists: ListTable;
  mail_list_members: ListMemberTable;
  mail_aliases: AliasTable;
  mail_drafts: DraftTable;
  mail_uploads: UploadTable;
};

export type MailDB = DB & MailTables;
export type MailKysely = Kysely<MailDB>;
export type MailTrx = Transaction<MailDB>;

export type MailboxRow = Selectable<MailboxTable>;
export type FolderRow = Selectable<FolderTable>;
export type MessageRow = Selectable<MessageTable>;
export type EntryRow = Selectable<EntryTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type OutboundRow = Selectable<OutboundTable>;

export function mailDb(db: Kysely<DB>): MailKysely {
  return db.withTables<MailTables>();
}

/** core's audit and notification helpers take the platform's table types; ours is a superset. */
export function asCoreDb(db: MailKysely): Kysely<DB> {
  return db as unknown as Kysely<DB>;
}

export function asCoreTrx(trx: MailTrx): Transaction<DB> {
  return trx as unknown as Transaction<DB>;
}
