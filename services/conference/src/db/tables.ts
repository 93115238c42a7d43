/** kysely types of the conference tables (DDL in migrations.ts). */
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { DB } from '@yizhan/core';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MeetingTable {
  id: Generated<string>;
  title: string;
  agenda: Generated<string>;
  starts_at: Timestamp;
  duration_minutes: number;
  mode: string;
  status: Generated<string>;
  chair_venue: string;
  live_broadcast: Generated<boolean>;
  created_by: string;
  created_by_name: string;
  created_at: Generated<Date>;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
}

export interface MeetingVenueTable {
  meeting_id: string;
  venue_code: string;
}

export interface MeetingParticipantTable {
  meeting_id: string;
  username: string;
}

export interface MeetingRecordingTable {
  id: Generated<string>;
  meeting_id: string;
  blob_sha256: string;
  size: ColumnType<string | number, number, number>;
  mime_type: string;
  duration_ms: number;
  source_name: string;
  started_by: string;
  started_at: Timestamp;
  ended_at: Timestamp;
}

export interface ConferenceTables {
  meetings: MeetingTable;
  meeting_venues: MeetingVenueTable;
  meeting_participants: MeetingParticipantTable;
  meeting_recordings: MeetingRecordingTable;
}

export type ConfDb = DB & ConferenceTables;
export type ConfKysely = Kysely<ConfDb>;
export type MeetingRow = Selectable<MeetingTable>;
export type RecordingRow = Selectable<MeetingRecordingTable>;

export function confDb(db: Kysely<DB>): ConfKysely {
  return db as unknown as ConfKysely;
}
