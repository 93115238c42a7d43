/** Circulation (传阅) tables: the route (steps), each reader's task with their layer, and the outcome. */
import { sql, type Kysely, type Migration } from 'kysely';

/** One statement per execute (PGlite); SQL valid on PostgreSQL 15. */
const statements = [
  sql`CREATE TABLE circulations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agency_code text NOT NULL REFERENCES agencies(code),
    source_kind text NOT NULL,
    delivery_id uuid REFERENCES deliveries(id),
    document_id uuid NOT NULL REFERENCES documents(id),
    title text NOT NULL,
    doc_number text NOT NULL,
    urgency text NOT NULL,
    from_agency_name text NOT NULL,
    pdf_sha256 text NOT NULL,
    status text NOT NULL,
    note text NOT NULL DEFAULT '',
    created_by uuid NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome text,
    outcome_agency_code text REFERENCES agencies(code),
    outcome_note text,
    outcome_at timestamptz,
    outcome_by uuid REFERENCES users(id),
    handled_at timestamptz,
    handled_by uuid REFERENCES users(id),
    handled_note text,
    annotated_sha256 text,
    annotated_size bigint,
    annotated_at timestamptz
  )`,
  sql`CREATE INDEX circulations_agency ON circulations (agency_code, status, updated_at)`,
  sql`CREATE INDEX circulations_outcome_agency ON circulations (outcome_agency_code, status) WHERE outcome_agency_code IS NOT NULL`,
  // A document circulates once at a time in an agency; a closed circulation may be followed by another.
  sql`CREATE UNIQUE INDEX circulations_one_open ON circulations (agency_code, document_id) WHERE status IN ('running', 'paused', 'completed')`,
  sql`CREATE TABLE circulation_steps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    circulation_id uuid NOT NULL REFERENCES circulations(id) ON DELETE CASCADE,
    position integer NOT NULL,
    status text NOT NULL,
    deadline_at timestamptz,
    activated_at timestamptz,
    completed_at timestamptz,
    reminded_at timestamptz,
    overdue_notified_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  sql`CREATE INDEX circulation_steps_route ON circulation_steps (circulation_id, position)`,
  sql`CREATE INDEX circulation_steps_deadline ON circulation_steps (deadline_at) WHERE status = 'active' AND overdue_notified_at IS NULL`,
  sql`CREATE TABLE circulation_tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigserial NOT NULL,
    circulation_id uuid NOT NULL REFERENCES circulations(id) ON DELETE CASCADE,
    step_id uuid NOT NULL REFERENCES circulation_steps(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id),
    status text NOT NULL,
    kind text NOT NULL DEFAULT 'route',
    transferred_from uuid REFERENCES circulation_tasks(id),
    transfer_note text,
    opened_at timestamptz,
    done_at timestamptz,
    reminded_at timestamptz,
    recalled_at timestamptz,
    draft jsonb,
    draft_saved_at timestamptz,
    annotations jsonb,
    instruction text,
    circled boolean NOT NULL DEFAULT false,
    submitted_at timestamptz,
    signature_sha256 text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (step_id, user_id)
  )`,
  sql`CREATE INDEX circulation_tasks_reader ON circulation_tasks (user_id, status)`,
  sql`CREATE INDEX circulation_tasks_circulation ON circulation_tasks (circulation_id)`,
];

export const CIRCULATION_MIGRATIONS: Record<string, Migration> = {
  '0110-circulation': {
    async up(db: Kysely<unknown>) {
      for (const s of statements) await s.execute(db);
    },
  },
};
