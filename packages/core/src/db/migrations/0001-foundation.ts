import { sql, type Kysely } from 'kysely';

/**
 * One statement per execute: PGlite refuses several statements in one prepared query.
 * SQL kept to what PostgreSQL 15 accepts.
 */
const statements = [
  sql`CREATE TABLE agencies (
    code text PRIMARY KEY,
    name text NOT NULL,
    short_name text NOT NULL,
    parent_code text REFERENCES agencies(code),
    kind text NOT NULL,
    doc_prefix text NOT NULL,
    sort_order integer NOT NULL DEFAULT 0,
    mail_address text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX agencies_doc_prefix ON agencies (doc_prefix) WHERE doc_prefix <> ''`,
  sql`CREATE INDEX agencies_parent ON agencies (parent_code)`,
  sql`CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username text NOT NULL UNIQUE,
    name text NOT NULL,
    agency_code text NOT NULL REFERENCES agencies(code),
    roles jsonb NOT NULL DEFAULT '[]',
    title text NOT NULL DEFAULT '',
    mail_address text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX users_agency ON users (agency_code)`,
  sql`CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    ip text NOT NULL DEFAULT '',
    user_agent text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
  )`,
  sql`CREATE INDEX sessions_user ON sessions (user_id)`,
  sql`CREATE TABLE login_failures (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    ip text NOT NULL,
    at timestamptz NOT NULL
  )`,
  sql`CREATE INDEX login_failures_username ON login_failures (username, at)`,
  sql`CREATE INDEX login_failures_ip ON login_failures (ip, at)`,
  sql`CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    agency_code text,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    details jsonb NOT NULL,
    ip text,
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE
  )`,
  sql`CREATE INDEX audit_log_agency ON audit_log (agency_code, seq)`,
  sql`CREATE INDEX audit_log_target ON audit_log (target_type, target_id)`,
  sql`CREATE TABLE certificates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL,
    subject text NOT NULL,
    agency_code text REFERENCES agencies(code),
    user_id uuid REFERENCES users(id),
    serial_hex text NOT NULL UNIQUE,
    cert_pem text NOT NULL,
    key_enc text,
    issuer_id uuid REFERENCES certificates(id),
    not_before timestamptz NOT NULL,
    not_after timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'active',
    revoked_at timestamptz,
    revocation_reason text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX certificates_agency ON certificates (agency_code, status)`,
  sql`CREATE UNIQUE INDEX certificates_one_active_agency ON certificates (agency_code) WHERE kind = 'agency' AND status = 'active'`,
  sql`CREATE UNIQUE INDEX certificates_one_active_user ON certificates (user_id) WHERE kind = 'user' AND status = 'active'`,
  sql`CREATE INDEX certificates_user ON certificates (user_id, status)`,
  sql`CREATE TABLE venues (
    code text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    agency_code text NOT NULL REFERENCES agencies(code),
    operator_user_id uuid REFERENCES users(id),
    sort_order integer NOT NULL DEFAULT 0
  )`,
  sql`CREATE TABLE notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    link text,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
  )`,
  sql`CREATE INDEX notifications_user ON notifications (user_id, created_at)`,
  sql`CREATE TABLE settings (
    key text PRIMARY KEY,
    value jsonb NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
