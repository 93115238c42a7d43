import { sql, type Kysely, type Migration } from 'kysely';

/**
 * One statement per execute (PGlite); valid on PostgreSQL 15. Venues and people are referenced by
 * their stable codes/usernames without foreign keys: a directory reseed replaces users and venues.
 */
const meetings = [
  sql`CREATE TABLE meetings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL,
    agenda text NOT NULL DEFAULT '',
    starts_at timestamptz NOT NULL,
    duration_minutes integer NOT NULL,
    mode text NOT NULL,
    status text NOT NULL DEFAULT 'scheduled',
    chair_venue text NOT NULL,
    live_broadcast boolean NOT NULL DEFAULT false,
    created_by text NOT NULL,
    created_by_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    ended_at timestamptz
  )`,
  sql`CREATE INDEX meetings_starts ON meetings (starts_at)`,
  sql`CREATE TABLE meeting_venues (
    meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    venue_code text NOT NULL,
    PRIMARY KEY (meeting_id, venue_code)
  )`,
  sql`CREATE INDEX meeting_venues_venue ON meeting_venues (venue_code)`,
  sql`CREATE TABLE meeting_participants (
    meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    username text NOT NULL,
    PRIMARY KEY (meeting_id, username)
  )`,
  sql`CREATE INDEX meeting_participants_user ON meeting_participants (username)`,
  sql`CREATE TABLE meeting_recordings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    blob_sha256 text NOT NULL,
    size bigint NOT NULL,
    mime_type text NOT NULL,
    duration_ms integer NOT NULL,
    source_name text NOT NULL,
    started_by text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL
  )`,
  sql`CREATE INDEX meeting_recordings_meeting ON meeting_recordings (meeting_id, started_at)`,
];

export const CONFERENCE_MIGRATIONS: Record<string, Migration> = {
  '0300-conference-meetings': {
    async up(db: Kysely<unknown>) {
      for (const s of meetings) await s.execute(db);
    },
  },
};
