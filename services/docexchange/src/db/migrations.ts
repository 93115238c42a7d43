import { sql, type Kysely, type Migration } from 'kysely';
import { CIRCULATION_MIGRATIONS } from './circulation-migrations';

/** One statement per execute (PGlite); SQL valid on PostgreSQL 15. */
const documents = [
  sql`CREATE TABLE doc_sequences (
    agency_code text NOT NULL REFERENCES agencies(code),
    year integer NOT NULL,
    kind text NOT NULL,
    last_number integer NOT NULL,
    PRIMARY KEY (agency_code, year, kind)
  )`,
  sql`CREATE TABLE documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_code text NOT NULL REFERENCES agencies(code),
    status text NOT NULL,
    title text NOT NULL,
    urgency text NOT NULL,
    classification text NOT NULL,
    fields jsonb NOT NULL,
    main_recipients jsonb NOT NULL,
    cc_recipients jsonb NOT NULL,
    drafter_id uuid NOT NULL REFERENCES users(id),
    reviewer_id uuid REFERENCES users(id),
    approver_id uuid REFERENCES users(id),
    signer_name text,
    doc_year integer,
    doc_seq integer,
    doc_number text UNIQUE,
    issued_at timestamptz,
    sealed_pdf_sha256 text,
    package_sha256 text,
    envelope_sha256 text,
    reply_to_document_id uuid REFERENCES documents(id),
    search_text text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX documents_number ON documents (agency_code, doc_year, doc_seq) WHERE doc_seq IS NOT NULL`,
  sql`CREATE INDEX documents_agency_status ON documents (agency_code, status, updated_at)`,
  sql`CREATE INDEX documents_reviewer ON documents (reviewer_id, status)`,
  sql`CREATE INDEX documents_approver ON documents (approver_id, status)`,
  sql`CREATE TABLE document_attachments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    media_type text NOT NULL,
    size bigint NOT NULL,
    sha256 text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX document_attachments_doc ON document_attachments (document_id, position)`,
  sql`CREATE TABLE document_approvals (
    id bigserial PRIMARY KEY,
    document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    step text NOT NULL,
    decision text NOT NULL,
    actor_id uuid NOT NULL REFERENCES users(id),
    comment text NOT NULL DEFAULT '',
    at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX document_approvals_doc ON document_approvals (document_id, id)`,
  sql`CREATE TABLE deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id uuid NOT NULL REFERENCES documents(id),
    recipient_code text NOT NULL REFERENCES agencies(code),
    kind text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    delivered_at timestamptz,
    deadline_at timestamptz,
    signed_at timestamptz,
    signed_by uuid REFERENCES users(id),
    receipt_sha256 text,
    returned_at timestamptz,
    return_reason text,
    reminded_at timestamptz,
    overdue_notified_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, recipient_code)
  )`,
  sql`CREATE INDEX deliveries_recipient ON deliveries (recipient_code, status, delivered_at)`,
  sql`CREATE INDEX deliveries_deadline ON deliveries (status, deadline_at) WHERE status = 'delivered'`,
  sql`CREATE TABLE doc_outbox (
    id bigserial PRIMARY KEY,
    delivery_id uuid NOT NULL UNIQUE REFERENCES deliveries(id),
    available_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    done_at timestamptz
  )`,
  sql`CREATE INDEX doc_outbox_pending ON doc_outbox (available_at) WHERE done_at IS NULL`,
  sql`CREATE TABLE incoming_register (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_code text NOT NULL REFERENCES agencies(code),
    delivery_id uuid NOT NULL UNIQUE REFERENCES deliveries(id),
    year integer NOT NULL,
    seq integer NOT NULL,
    register_number text NOT NULL,
    from_agency_name text NOT NULL,
    doc_number text NOT NULL,
    title text NOT NULL,
    classification text NOT NULL,
    urgency text NOT NULL,
    received_at timestamptz NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    registered_by uuid NOT NULL REFERENCES users(id),
    proposal text NOT NULL DEFAULT '',
    UNIQUE (agency_code, year, seq)
  )`,
];

export const DOCEXCHANGE_MIGRATIONS: Record<string, Migration> = {
  '0100-docexchange': {
    async up(db: Kysely<unknown>) {
      for (const s of documents) await s.execute(db);
    },
  },
  ...CIRCULATION_MIGRATIONS,
};
