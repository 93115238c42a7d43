/**
 * Circulation (传阅/轮阅) and leaders' annotation (批示, 圈阅): REST bodies and socket events.
 *
 * Annotation coordinates are PDF points measured from the top-left corner of the page as displayed
 * (pdf.js viewport at scale 1), so the same numbers draw on the reader's canvas and, flipped, into
 * the annotated copy made by pdf-lib. Annotations are vector data, never pixels.
 */
import { z } from 'zod';
import { AgencyCodeSchema, IsoDate, UsernameSchema } from './common';
import { UrgencySchema } from './docexchange';

/** Limits of one reader's layer: beyond them the server answers 413 with a Chinese message. */
export const MAX_INK_POINTS = 50_000;
export const MAX_ANNOTATIONS = 2_000;
/** Serialised JSON of annotations + text, in bytes. */
export const MAX_LAYER_BYTES = 1_000_000;
export const MAX_INSTRUCTION_CHARS = 2_000;
export const MAX_ROUTE_STEPS = 20;
export const MAX_STEP_READERS = 20;

const Coord = z.number().finite().min(-100).max(20_000);
const Page = z.number().int().min(1).max(10_000);
const ColorHex = z.string().regex(/^#[0-9a-fA-F]{6}$/, '颜色格式应为 #RRGGBB');
const AnnotationId = z.string().min(1).max(64);

/** [x, y, pressure 0..1] */
export const InkPointSchema = z.tuple([Coord, Coord, z.number().min(0).max(1)]);
export type InkPoint = z.infer<typeof InkPointSchema>;

export const InkAnnotationSchema = z.object({
  kind: z.literal('ink'),
  id: AnnotationId,
  page: Page,
  color: ColorHex,
  /** Nominal stroke width in points at pressure 0.5. */
  width: z.number().min(0.2).max(40),
  /** 1 for a pen, below 1 for a highlighter stroke. */
  opacity: z.number().min(0.05).max(1).default(1),
  // The per-stroke bound is the overall one: the total is checked separately with a clear message.
  points: z.array(InkPointSchema).min(1).max(MAX_INK_POINTS),
});
export const HighlightAnnotationSchema = z.object({
  kind: z.literal('highlight'),
  id: AnnotationId,
  page: Page,
  color: ColorHex,
  /** [x, y, width, height] */
  rect: z.tuple([Coord, Coord, z.number().min(0).max(20_000), z.number().min(0).max(20_000)]),
});
export const NoteAnnotationSchema = z.object({
  kind: z.literal('note'),
  id: AnnotationId,
  page: Page,
  color: ColorHex.default('#c41d1d'),
  at: z.tuple([Coord, Coord]),
  text: z.string().trim().min(1, '批注内容不能为空').max(500, '批注内容过长（最多500字）'),
});
/** 圈阅: the reader's name in a circle with the date. Name and date are filled in by the server. */
export const CircleAnnotationSchema = z.object({
  kind: z.literal('circle'),
  id: AnnotationId,
  page: Page,
  color: ColorHex.default('#c41d1d'),
  at: z.tuple([Coord, Coord]),
  name: z.string().max(40).default(''),
  date: z.string().max(20).default(''),
});
export const AnnotationSchema = z.discriminatedUnion('kind', [InkAnnotationSchema, HighlightAnnotationSchema, NoteAnnotationSchema, CircleAnnotationSchema]);
export type Annotation = z.infer<typeof AnnotationSchema>;
export type InkAnnotation = z.infer<typeof InkAnnotationSchema>;
export type HighlightAnnotation = z.infer<typeof HighlightAnnotationSchema>;
export type NoteAnnotation = z.infer<typeof NoteAnnotationSchema>;
export type CircleAnnotation = z.infer<typeof CircleAnnotationSchema>;

export const LayerInputSchema = z.object({
  annotations: z.array(AnnotationSchema).max(MAX_ANNOTATIONS, `批注过多（最多${MAX_ANNOTATIONS}处）`).default([]),
  /** The typed 批示. */
  instruction: z.string().trim().max(MAX_INSTRUCTION_CHARS, `批示过长（最多${MAX_INSTRUCTION_CHARS}字）`).default(''),
});
export type LayerInput = z.infer<typeof LayerInputSchema>;

/** POST /api/circulations/:id/draft — the reader's unfinished work, private to them. */
export const SaveLayerDraftSchema = LayerInputSchema;

/** POST /api/circulations/:id/submit — sign and hand on. `circled` adds the 圈阅 mark. */
export const SubmitLayerSchema = LayerInputSchema.extend({ circled: z.boolean().default(false) }).refine(
  (v) => v.circled || v.instruction.length > 0 || v.annotations.length > 0,
  { message: '请批注、填写批示或圈阅后再提交', path: ['instruction'] },
);

/** POST /api/circulations/:id/transfer — 转阅: pass my turn to someone else, with a note. */
export const TransferTaskSchema = z.object({
  to: UsernameSchema,
  note: z.string().trim().min(1, '请填写转阅说明').max(500, '转阅说明过长'),
});

export const RouteStepInputSchema = z.object({
  readers: z
    .array(UsernameSchema)
    .min(1, '每一步至少选择一位阅件人')
    .max(MAX_STEP_READERS, `每一步最多${MAX_STEP_READERS}位阅件人`)
    .refine((r) => new Set(r).size === r.length, '同一步骤中阅件人不能重复'),
  /** 阅办期限 of the step (optional). */
  deadline: IsoDate.optional(),
});
export type RouteStepInput = z.infer<typeof RouteStepInputSchema>;

export const CirculationSourceSchema = z.discriminatedUnion('kind', [
  /** A received document, signed for (签收) by the agency. */
  z.object({ kind: z.literal('delivery'), deliveryId: z.string().uuid('收文记录编号无效') }),
  /** An internal document: one the agency issued itself. */
  z.object({ kind: z.literal('document'), documentId: z.string().uuid('公文编号无效') }),
]);
export type CirculationSource = z.infer<typeof CirculationSourceSchema>;

/** POST /api/circulations — the clerk's route: steps in order, readers of a step in parallel. */
export const StartCirculationSchema = z.object({
  source: CirculationSourceSchema,
  steps: z.array(RouteStepInputSchema).min(1, '请至少设置一个传阅步骤').max(MAX_ROUTE_STEPS, `传阅步骤过多（最多${MAX_ROUTE_STEPS}步）`),
  /** 拟办意见 / note to the readers. */
  note: z.string().trim().max(500, '说明过长').default(''),
});
export type StartCirculation = z.infer<typeof StartCirculationSchema>;

/** POST /api/circulations/:id/steps — add a step while the route runs (after `after`, else at the end). */
export const AddRouteStepSchema = RouteStepInputSchema.extend({ after: z.string().uuid().optional() });

export const CloseCirculationSchema = z.discriminatedUnion('outcome', [
  /** 办结 */
  z.object({ outcome: z.literal('done'), note: z.string().trim().max(500).default('') }),
  /** 承办: a department handles it, with the leaders' instructions attached. */
  z.object({ outcome: z.literal('assign'), agencyCode: AgencyCodeSchema, note: z.string().trim().max(500).default('') }),
]);
export type CloseCirculation = z.infer<typeof CloseCirculationSchema>;

export const MarkHandledSchema = z.object({ note: z.string().trim().min(1, '请填写办理结果').max(1000, '办理结果过长') });

export const CirculationStatusSchema = z.enum(['running', 'paused', 'completed', 'closed', 'assigned', 'handled']);
export type CirculationStatus = z.infer<typeof CirculationStatusSchema>;
export const RouteStepStatusSchema = z.enum(['pending', 'active', 'done', 'skipped', 'recalled']);
export const ReadingTaskStatusSchema = z.enum(['waiting', 'pending', 'done', 'transferred', 'skipped', 'recalled']);
export type ReadingTaskStatus = z.infer<typeof ReadingTaskStatusSchema>;

export const ReadingTaskSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  title: z.string(),
  agencyCode: z.string(),
  status: ReadingTaskStatusSchema,
  kind: z.enum(['route', 'transfer']),
  /** 转阅: who passed it on to this reader, and their note. */
  transferredFromName: z.string().nullable(),
  transferNote: z.string().nullable(),
  openedAt: IsoDate.nullable(),
  doneAt: IsoDate.nullable(),
  remindedAt: IsoDate.nullable(),
  circled: z.boolean(),
  hasInstruction: z.boolean(),
  overdue: z.boolean(),
});
export type ReadingTask = z.infer<typeof ReadingTaskSchema>;

export const RouteStepSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  status: RouteStepStatusSchema,
  deadline: IsoDate.nullable(),
  activatedAt: IsoDate.nullable(),
  completedAt: IsoDate.nullable(),
  overdue: z.boolean(),
  tasks: z.array(ReadingTaskSchema),
});
export type RouteStep = z.infer<typeof RouteStepSchema>;

/** A reader's submitted layer, visible to everyone who may read the circulation. */
export const ReaderLayerSchema = z.object({
  taskId: z.string(),
  username: z.string(),
  name: z.string(),
  title: z.string(),
  stepPosition: z.number().int(),
  annotations: z.array(AnnotationSchema),
  instruction: z.string(),
  circled: z.boolean(),
  submittedAt: IsoDate,
  /** SHA-256 of the signed instruction (CMS SignedData), downloadable. */
  signatureSha256: z.string(),
});
export type ReaderLayer = z.infer<typeof ReaderLayerSchema>;

export const LayerDraftSchema = z.object({ annotations: z.array(AnnotationSchema), instruction: z.string(), savedAt: IsoDate });
export type LayerDraft = z.infer<typeof LayerDraftSchema>;

export const CirculationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  docNumber: z.string(),
  urgency: UrgencySchema,
  fromAgencyName: z.string(),
  sourceKind: z.enum(['delivery', 'document']),
  status: CirculationStatusSchema,
  createdAt: IsoDate,
  createdByName: z.string(),
  /** Who has it now (the active step's readers who have not finished). */
  currentReaders: z.array(z.string()),
  deadline: IsoDate.nullable(),
  overdue: z.boolean(),
  completedAt: IsoDate.nullable(),
  /** The caller's own task, when they are a reader. */
  myTaskStatus: ReadingTaskStatusSchema.nullable(),
});
export type CirculationSummary = z.infer<typeof CirculationSummarySchema>;

export const CirculationActionSchema = z.enum(['annotate', 'transfer', 'manage', 'close', 'produce-copy', 'handle']);
export type CirculationAction = z.infer<typeof CirculationActionSchema>;

export const CirculationHistoryEntrySchema = z.object({
  at: IsoDate,
  actor: z.string(),
  actorName: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type CirculationHistoryEntry = z.infer<typeof CirculationHistoryEntrySchema>;

export const CirculationDetailSchema = CirculationSummarySchema.extend({
  agencyCode: z.string(),
  documentId: z.string(),
  deliveryId: z.string().nullable(),
  /** SHA-256 of the sealed original PDF (what every signed instruction names). */
  documentSha256: z.string(),
  note: z.string(),
  steps: z.array(RouteStepSchema),
  layers: z.array(ReaderLayerSchema),
  /** The caller's task: its id, status and private draft. */
  myTask: z.object({ id: z.string(), status: ReadingTaskStatusSchema, draft: LayerDraftSchema.nullable() }).nullable(),
  outcome: z
    .object({
      kind: z.enum(['done', 'assign']),
      agencyCode: z.string().nullable(),
      agencyName: z.string().nullable(),
      note: z.string(),
      at: IsoDate,
      byName: z.string(),
      handledAt: IsoDate.nullable(),
      handledNote: z.string().nullable(),
    })
    .nullable(),
  annotatedCopy: z.object({ sha256: z.string(), size: z.number().int(), at: IsoDate }).nullable(),
  actions: z.array(CirculationActionSchema),
  history: z.array(CirculationHistoryEntrySchema),
});
export type CirculationDetail = z.infer<typeof CirculationDetailSchema>;

export const CirculationBoxSchema = z.enum(['to-read', 'read', 'managed', 'assigned']);
export type CirculationBox = z.infer<typeof CirculationBoxSchema>;
export const CirculationListQuerySchema = z.object({
  box: CirculationBoxSchema.default('to-read'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const CirculationListSchema = z.object({ items: z.array(CirculationSummarySchema), total: z.number().int() });
export type CirculationList = z.infer<typeof CirculationListSchema>;

export const SubmitLayerResultSchema = z.object({
  taskId: z.string(),
  signatureSha256: z.string(),
  signedAt: IsoDate,
  /** true when this layer had already been submitted: nothing changed. */
  alreadySubmitted: z.boolean(),
});
export type SubmitLayerResult = z.infer<typeof SubmitLayerResultSchema>;

/** Content type of the signed instruction's JSON (inside the CMS SignedData). */
export const INSTRUCTION_FORMAT = 'yizhan-instruction/1';

// ---- socket events (server → client) ----
export const CirculationChangeSchema = z.enum([
  'started',
  'opened',
  'layer',
  'transferred',
  'step',
  'recalled',
  'resumed',
  'reminded',
  'overdue',
  'completed',
  'closed',
  'copy',
  'handled',
]);
export const CirculationEventSchema = z.object({
  circulationId: z.string(),
  change: CirculationChangeSchema,
  /** The task concerned (a submitted layer, a recalled reader). */
  taskIds: z.array(z.string()).default([]),
});
export type CirculationEvent = z.infer<typeof CirculationEventSchema>;
