import { sql, type Kysely, type Migration } from 'kysely';

/** Default quotas (bytes) of a new mailbox; admins change them per mailbox. */
export const DEFAULT_USER_QUOTA = 2 * 1024 ** 3;
export const DEFAULT_SHARED_QUOTA = 10 * 1024 ** 3;

/**
 * Mailboxes follow the directory: a statement trigger on users and agencies gives every new user a
 * personal mailbox and every agency its unit mailbox (单位邮箱, office@…), with the standard folders,
 * in the same transaction that adds them. The agency's clerks (收发员) get the unit mailbox granted.
 * One set-based function does it, so the migration also uses it to catch up an existing directory.
 */
const syncFunction = sql`CREATE FUNCTION mail_sync_directory() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO mail_mailboxes (kind, user_id, agency_code, address, display_name, quota_bytes)
    SELECT 'user', u.id, u.agency_code, lower(u.mail_address), u.name, ${sql.lit(DEFAULT_USER_QUOTA)}
    FROM users u WHERE NOT EXISTS (SELECT 1 FROM mail_mailboxes m WHERE m.user_id = u.id)
    ON CONFLICT DO NOTHING;
  INSERT INTO mail_mailboxes (kind, user_id, agency_code, address, display_name, quota_bytes)
    SELECT 'shared', NULL, a.code, lower(a.mail_address), a.name, ${sql.lit(DEFAULT_SHARED_QUOTA)}
    FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM mail_mailboxes m WHERE m.kind = 'shared' AND m.agency_code = a.code)
    ON CONFLICT DO NOTHING;
  INSERT INTO mail_folders (mailbox_id, role, name, sort_order)
    SELECT m.id, f.role, f.name, f.sort FROM mail_mailboxes m
    CROSS JOIN (VALUES ('inbox', '收件箱', 0), ('sent', '已发送', 1), ('drafts', '草稿', 2), ('trash', '已删除', 3), ('archive', '归档', 4)) AS f(role, name, sort)
    WHERE NOT EXISTS (SELECT 1 FROM mail_folders x WHERE x.mailbox_id = m.id AND x.role = f.role)
    ON CONFLICT DO NOTHING;
  INSERT INTO mail_grants (mailbox_id, user_id, can_send)
    SELECT m.id, u.id, true FROM users u JOIN mail_mailboxes m ON m.kind = 'shared' AND m.agency_code = u.agency_code
    WHERE u.roles @> '["clerk"]'::jsonb AND NOT EXISTS (SELECT 1 FROM mail_grants g WHERE g.user_id = u.id AND g.mailbox_id = m.id)
    ON CONFLICT DO NOTHING;
END $$`;

const syncTrigger = sql`CREATE FUNCTION mail_sync_mailboxes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mail_sync_directory();
  RETURN NULL;
END $$`;

const statements = [
  sql`CREATE TABLE mail_mailboxes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('user', 'shared')),
    user_id uuid UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    agency_code text NOT NULL REFERENCES agencies(code) ON DELETE CASCADE,
    address text NOT NULL UNIQUE,
    display_name text NOT NULL,
    quota_bytes bigint NOT NULL,
    used_bytes bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX mail_mailboxes_one_shared ON mail_mailboxes (agency_code) WHERE kind = 'shared'`,
  sql`CREATE TABLE mail_folders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mailbox_id uuid NOT NULL REFERENCES mail_mailboxes(id) ON DELETE CASCADE,
    role text CHECK (role IN ('inbox', 'sent', 'drafts', 'trash', 'archive')),
    name text NOT NULL,
    sort_order integer NOT NULL DEFAULT 100,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE UNIQUE INDEX mail_folders_role ON mail_folders (mailbox_id, role) WHERE role IS NOT NULL`,
  sql`CREATE UNIQUE INDEX mail_folders_name ON mail_folders (mailbox_id, name)`,
  sql`CREATE TABLE mail_grants (
    mailbox_id uuid NOT NULL REFERENCES mail_mailboxes(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    can_send boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, user_id)
  )`,
  sql`CREATE INDEX mail_grants_user ON mail_grants (user_id)`,
  sql`CREATE TABLE mail_aliases (
    address text PRIMARY KEY,
    mailbox_id uuid NOT NULL REFERENCES mail_mailboxes(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE TABLE mail_lists (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    address text NOT NULL UNIQUE,
    name text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE TABLE mail_list_members (
    list_id uuid NOT NULL REFERENCES mail_lists(id) ON DELETE CASCADE,
    address text NOT NULL,
    PRIMARY KEY (list_id, address)
  )`,
  sql`CREATE TABLE mail_messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    raw_sha256 text NOT NULL,
    raw_size integer NOT NULL,
    message_id text NOT NULL,
    in_reply_to text,
    refs jsonb NOT NULL DEFAULT '[]',
    subject text NOT NULL DEFAULT '',
    from_address text NOT NULL DEFAULT '',
    from_name text NOT NULL DEFAULT '',
    to_list jsonb NOT NULL DEFAULT '[]',
    cc_list jsonb NOT NULL DEFAULT '[]',
    reply_to_list jsonb NOT NULL DEFAULT '[]',
    sent_at timestamptz,
    received_at timestamptz NOT NULL DEFAULT now(),
    envelope_from text NOT NULL DEFAULT '',
    source text NOT NULL,
    auth_user text,
    remote_ip text,
    auth_results text,
    snippet text NOT NULL DEFAULT '',
    text_body text NOT NULL DEFAULT '',
    html_body text,
    has_attachments boolean NOT NULL DEFAULT false,
    search_text text NOT NULL DEFAULT ''
  )`,
  // Chinese text hardly compresses with pglz; trying costs more than it saves on every insert.
  sql`ALTER TABLE mail_messages ALTER COLUMN text_body SET STORAGE EXTERNAL`,
  sql`ALTER TABLE mail_messages ALTER COLUMN html_body SET STORAGE EXTERNAL`,
  sql`ALTER TABLE mail_messages ALTER COLUMN search_text SET STORAGE EXTERNAL`,
  sql`CREATE INDEX mail_messages_message_id ON mail_messages (message_id)`,
  sql`CREATE INDEX mail_messages_raw ON mail_messages (raw_sha256)`,
  sql`CREATE TABLE mail_attachments (
    message_id uuid NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
    idx integer NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    content_id text,
    inline boolean NOT NULL DEFAULT false,
    seal_verdict jsonb,
    PRIMARY KEY (message_id, idx)
  )`,
  sql`CREATE INDEX mail_attachments_sha256 ON mail_attachments (sha256)`,
  sql`CREATE TABLE mail_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mailbox_id uuid NOT NULL REFERENCES mail_mailboxes(id) ON DELETE CASCADE,
    folder_id uuid NOT NULL REFERENCES mail_folders(id) ON DELETE CASCADE,
    message_id uuid NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
    thread_id uuid NOT NULL,
    seen boolean NOT NULL DEFAULT false,
    flagged boolean NOT NULL DEFAULT false,
    answered boolean NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL,
    size integer NOT NULL
  )`,
  sql`CREATE INDEX mail_entries_folder ON mail_entries (folder_id, received_at DESC)`,
  sql`CREATE INDEX mail_entries_mailbox ON mail_entries (mailbox_id, received_at DESC)`,
  sql`CREATE INDEX mail_entries_thread ON mail_entries (mailbox_id, thread_id)`,
  sql`CREATE INDEX mail_entries_message ON mail_entries (message_id)`,
  // Full text: every message's bigrams (and single characters and short Latin n-grams) as 32-bit
  // hashes in a GIN index — Chinese needs no word segmentation this way, and both PGlite and
  // PostgreSQL have it without extensions. Filled behind ingest by the indexer (see search/).
  sql`CREATE TABLE mail_search (
    message_id uuid PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
    grams integer[] NOT NULL
  )`,
  sql`CREATE INDEX mail_search_grams ON mail_search USING gin (grams)`,
  sql`CREATE TABLE mail_index_queue (
    message_id uuid PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
    queued_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE TABLE mail_outbound (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    message_id uuid NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
    raw_sha256 text NOT NULL,
    envelope_from text NOT NULL,
    sender_mailbox_id uuid REFERENCES mail_mailboxes(id) ON DELETE SET NULL,
    recipient text NOT NULL,
    domain text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'bounced')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX mail_outbound_due ON mail_outbound (next_attempt_at) WHERE status IN ('queued', 'sending')`,
  sql`CREATE INDEX mail_outbound_message ON mail_outbound (message_id)`,
  sql`CREATE TABLE mail_drafts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mailbox_id uuid NOT NULL REFERENCES mail_mailboxes(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body jsonb NOT NULL,
    subject text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX mail_drafts_mailbox ON mail_drafts (mailbox_id, updated_at DESC)`,
  sql`CREATE TABLE mail_uploads (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sha256 text NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX mail_uploads_user ON mail_uploads (user_id, created_at)`,
  syncFunction,
  syncTrigger,
  sql`CREATE TRIGGER mail_users_mailboxes AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION mail_sync_mailboxes()`,
  sql`CREATE TRIGGER mail_agencies_mailboxes AFTER INSERT ON agencies FOR EACH STATEMENT EXECUTE FUNCTION mail_sync_mailboxes()`,
  // A directory that existed before mail gets its mailboxes now.
  sql`SELECT mail_sync_directory()`,
];

/**
 * The normalised search text moves from the message (written before every 250, ~15 KB of WAL for a
 * 20 KB message on top of the body it repeats) to the index row, which the indexer writes behind
 * ingest and derives from the stored body, subject, people and attachment names.
 */
const searchTextToIndex = [
  sql`ALTER TABLE mail_search ADD COLUMN search_text text NOT NULL DEFAULT ''`,
  sql`ALTER TABLE mail_search ALTER COLUMN search_text SET STORAGE EXTERNAL`,
  sql`UPDATE mail_search s SET search_text = m.search_text FROM mail_messages m WHERE m.id = s.message_id`,
  sql`ALTER TABLE mail_messages DROP COLUMN search_text`,
];

export const MAIL_MIGRATIONS: Record<string, Migration> = {
  '0200-mail-schema': {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await statement.execute(db);
    },
  },
  '0201-mail-search-text-in-index': {
    async up(db: Kysely<unknown>) {
      for (const statement of searchTextToIndex) await statement.execute(db);
    },
  },
};
