/** Table types for kysely. The DDL that creates them is in migrations/; keep the two in step. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** jsonb: objects in, objects out (both drivers parse it). */
type Json<T> = ColumnType<T, string, string>;

export interface AgencyTable {
  code: string;
  name: string;
  short_name: string;
  parent_code: string | null;
  kind: string;
  doc_prefix: string;
  sort_order: number;
  mail_address: string;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  username: string;
  name: string;
  agency_code: string;
  roles: Json<string[]>;
  title: string;
  mail_address: string;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string;
  user_agent: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: Timestamp;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor: string;
  agency_code: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: Json<Record<string, unknown>>;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** The one row holding the audit chain's newest entry (seq 0 and the genesis hash when empty). */
export interface AuditHeadTable {
  id: Generated<boolean>;
  seq: number;
  hash: string;
}

export interface CertificateTable {
  id: Generated<string>;
  kind: string;
  subject: string;
  agency_code: string | null;
  user_id: string | null;
  serial_hex: string;
  cert_pem: string;
  key_enc: string | null;
  issuer_id: string | null;
  not_before: Timestamp;
  not_after: Timestamp;
  status: Generated<string>;
  revoked_at: Timestamp | null;
  revocation_reason: string | null;
  created_at: CreatedAt;
}

export interface VenueTable {
  code: string;
  name: string;
  kind: string;
  agency_code: string;
  operator_user_id: string | null;
  sort_order: number;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export interface SettingTable {
  key: string;
  value: Json<unknown>;
}

export interface DB {
  agencies: AgencyTable;
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  certificates: CertificateTable;
  venues: VenueTable;
  notifications: NotificationTable;
  settings: SettingTable;
}

export type AgencyRow = Selectable<AgencyTable>;
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type CertificateRow = Selectable<CertificateTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type VenueRow = Selectable<VenueTable>;
export type NotificationRow = Selectable<NotificationTable>;
