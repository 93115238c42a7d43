/** kysely types of the circulation tables (DDL in circulation-migrations.ts). */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface CirculationTable {
  id: Generated<string>;
  agency_code: string;
  source_kind: string;
  delivery_id: string | null;
  document_id: string;
  title: string;
  doc_number: string;
  urgency: string;
  from_agency_name: string;
  pdf_sha256: string;
  status: string;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  completed_at: Timestamp | null;
  outcome: string | null;
  outcome_agency_code: string | null;
  outcome_note: string | null;
  outcome_at: Timestamp | null;
  outcome_by: string | null;
  handled_at: Timestamp | null;
  handled_by: string | null;
  handled_note: string | null;
  annotated_sha256: string | null;
  annotated_size: ColumnType<string | number | null, number | null, number | null>;
  annotated_at: Timestamp | null;
}

export interface CirculationStepTable {
  id: Generated<string>;
  circulation_id: string;
  position: number;
  status: string;
  deadline_at: Timestamp | null;
  activated_at: Timestamp | null;
  completed_at: Timestamp | null;
  reminded_at: Timestamp | null;
  overdue_notified_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface CirculationTaskTable {
  id: Generated<string>;
  /** Insertion order: readers of a step in the order the clerk listed them. */
  seq: Generated<string>;
  circulation_id: string;
  step_id: string;
  user_id: string;
  status: string;
  kind: Generated<string>;
  transferred_from: string | null;
  transfer_note: string | null;
  opened_at: Timestamp | null;
  done_at: Timestamp | null;
  reminded_at: Timestamp | null;
  recalled_at: Timestamp | null;
  draft: Json<unknown> | null;
  draft_saved_at: Timestamp | null;
  annotations: Json<unknown> | null;
  instruction: string | null;
  circled: Generated<boolean>;
  submitted_at: Timestamp | null;
  signature_sha256: string | null;
  created_at: Generated<Date>;
}

export interface CirculationTables {
  circulations: CirculationTable;
  circulation_steps: CirculationStepTable;
  circulation_tasks: CirculationTaskTable;
}

export type CirculationRow = Selectable<CirculationTable>;
export type CirculationStepRow = Selectable<CirculationStepTable>;
export type CirculationTaskRow = Selectable<CirculationTaskTable>;
