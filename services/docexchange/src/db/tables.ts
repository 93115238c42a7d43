/** kysely types of the docexchange tables (DDL in migrations.ts). */
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { DB } from '@yizhan/core';
import type { CirculationTables } from './circulation-tables';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface DocSequenceTable {
  agency_code: string;
  year: number;
  kind: string;
  last_number: number;
}

export interface DocumentTable {
  id: Generated<string>;
  agency_code: string;
  status: string;
  title: string;
  urgency: string;
  classification: string;
  fields: Json<Record<string, unknown>>;
  main_recipients: Json<string[]>;
  cc_recipients: Json<string[]>;
  drafter_id: string;
  reviewer_id: string | null;
  approver_id: string | null;
  signer_name: string | null;
  doc_year: number | null;
  doc_seq: number | null;
  doc_number: string | null;
  issued_at: Timestamp | null;
  sealed_pdf_sha256: string | null;
  package_sha256: string | null;
  envelope_sha256: string | null;
  reply_to_document_id: string | null;
  search_text: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AttachmentTable {
  id: Generated<string>;
  document_id: string;
  position: number;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: Generated<Date>;
}

export interface ApprovalTable {
  id: Generated<number>;
  document_id: string;
  step: string;
  decision: string;
  actor_id: string;
  comment: string;
  at: Generated<Date>;
}

export interface DeliveryTable {
  id: Generated<string>;
  document_id: string;
  recipient_code: string;
  kind: string;
  status: Generated<string>;
  delivered_at: Timestamp | null;
  deadline_at: Timestamp | null;
  signed_at: Timestamp | null;
  signed_by: string | null;
  receipt_sha256: string | null;
  returned_at: Timestamp | null;
  return_reason: string | null;
  reminded_at: Timestamp | null;
  overdue_notified_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface OutboxTable {
  id: Generated<number>;
  delivery_id: string;
  available_at: Generated<Date>;
  attempts: Generated<number>;
  last_error: string | null;
  done_at: Timestamp | null;
}

export interface RegisterTable {
  id: Generated<string>;
  agency_code: string;
  delivery_id: string;
  year: number;
  seq: number;
  register_number: string;
  from_agency_name: string;
  doc_number: string;
  title: string;
  classification: string;
  urgency: string;
  received_at: Timestamp;
  registered_at: Generated<Date>;
  registered_by: string;
  proposal: string;
}

export interface DocTables extends CirculationTables {
  doc_sequences: DocSequenceTable;
  documents: DocumentTable;
  document_attachments: AttachmentTable;
  document_approvals: ApprovalTable;
  deliveries: DeliveryTable;
  doc_outbox: OutboxTable;
  incoming_register: RegisterTable;
}

export type DocDB = DB & DocTables;
export type DocKysely = Kysely<DocDB>;
export type DocumentRow = Selectable<DocumentTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type AttachmentRow = Selectable<AttachmentTable>;

/** The platform's handle, typed with the docexchange tables too. */
export function docDb(db: Kysely<DB>): DocKysely {
  return db as unknown as DocKysely;
}
