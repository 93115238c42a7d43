/** Document exchange (公文交换): REST bodies and socket events. */
import { z } from 'zod';
import { AgencyCodeSchema, IsoDate, UsernameSchema } from './common';

export const UrgencySchema = z.enum(['普通', '加急', '特急']);
export type Urgency = z.infer<typeof UrgencySchema>;
/** Only 非密 documents may travel over the network; the others are accepted by the schema so the refusal can be explained and audited. */
export const ClassificationSchema = z.enum(['非密', '秘密', '机密']);
export type Classification = z.infer<typeof ClassificationSchema>;

export const DocumentStatusSchema = z.enum(['draft', 'reviewing', 'approving', 'issuing', 'dispatched']);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

/** A tiptap/ProseMirror JSON document (the 正文 as edited). */
export const RichTextSchema = z.object({ type: z.literal('doc'), content: z.array(z.any()).optional() }).passthrough();
export type RichText = z.infer<typeof RichTextSchema>;

const Text = (max: number, label: string) => z.string().trim().max(max, `${label}过长`);

/** The GB/T 9704 elements a drafter fills in (发文字号 and 签发人 are assigned on issuance). */
export const DraftFieldsSchema = z.object({
  copyNumber: z.string().regex(/^\d{6}$/, '份号应为6位数字').optional().or(z.literal('').transform(() => undefined)),
  classification: ClassificationSchema.default('非密'),
  urgency: UrgencySchema.default('普通'),
  /** 发文机关标志 without 文件; defaults to the agency's full name. */
  agencyMark: Text(40, '发文机关标志').optional(),
  /** 上行文 (to a higher level): 签发人 printed beside the 发文字号. */
  upward: z.boolean().default(false),
  title: z.string().trim().min(1, '请填写标题').max(200, '标题过长'),
  mainRecipients: z.array(AgencyCodeSchema).max(300).default([]),
  ccRecipients: z.array(AgencyCodeSchema).max(300).default([]),
  body: RichTextSchema,
  /** 发文机关署名; defaults to the agency's full name. */
  signatureName: Text(60, '发文机关署名').optional(),
  /** 成文日期 YYYY-MM-DD; defaults to the day of issuance. */
  documentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '成文日期格式应为YYYY-MM-DD').optional(),
  note: Text(200, '附注').optional(),
  /** 印发机关; defaults to the agency's office (…办公室). */
  printingAgency: Text(60, '印发机关').optional(),
});
export type DraftFields = z.infer<typeof DraftFieldsSchema>;

export const CreateDraftSchema = DraftFieldsSchema.extend({
  replyToDocumentId: z.string().uuid().optional(),
});
export const UpdateDraftSchema = DraftFieldsSchema.partial().refine((v) => Object.keys(v).length > 0, '没有要修改的内容');

export const AttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const ApprovalEntrySchema = z.object({
  step: z.enum(['submit', 'review', 'approve']),
  decision: z.enum(['submitted', 'approved', 'rejected']),
  actor: z.string(),
  actorName: z.string(),
  comment: z.string(),
  at: IsoDate,
});

export const DeliveryStatusSchema = z.enum(['pending', 'delivered', 'signed', 'returned']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const DeliverySchema = z.object({
  id: z.string(),
  agencyCode: z.string(),
  agencyName: z.string(),
  kind: z.enum(['main', 'cc']),
  status: DeliveryStatusSchema,
  deliveredAt: IsoDate.nullable(),
  deadline: IsoDate.nullable(),
  overdue: z.boolean(),
  signedAt: IsoDate.nullable(),
  signedBy: z.string().nullable(),
  returnedAt: IsoDate.nullable(),
  returnReason: z.string().nullable(),
  remindedAt: IsoDate.nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DocumentSummarySchema = z.object({
  id: z.string(),
  status: DocumentStatusSchema,
  title: z.string(),
  docNumber: z.string().nullable(),
  urgency: UrgencySchema,
  agencyCode: z.string(),
  agencyName: z.string(),
  drafter: z.string(),
  drafterName: z.string(),
  /** Who must act now (reviewer while reviewing, leader while approving). */
  assignee: z.string().nullable(),
  updatedAt: IsoDate,
  issuedAt: IsoDate.nullable(),
  deliveryCounts: z.object({ total: z.number(), delivered: z.number(), signed: z.number(), returned: z.number(), overdue: z.number() }).nullable(),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

export const DocumentDetailSchema = DocumentSummarySchema.extend({
  fields: DraftFieldsSchema,
  signer: z.string().nullable(),
  reviewer: z.string().nullable(),
  approver: z.string().nullable(),
  attachments: z.array(AttachmentSchema),
  approvals: z.array(ApprovalEntrySchema),
  deliveries: z.array(DeliverySchema),
  replyToDocumentId: z.string().nullable(),
  /** What the caller may do now. */
  actions: z.array(z.enum(['edit', 'submit', 'review', 'approve', 'remind'])),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

export const DocumentBoxSchema = z.enum(['drafts', 'to-review', 'to-approve', 'in-progress', 'sent']);
export const DocumentListQuerySchema = z.object({
  box: DocumentBoxSchema.default('drafts'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const DocumentListSchema = z.object({ items: z.array(DocumentSummarySchema), total: z.number().int() });

export const SubmitDraftSchema = z.object({
  /** 核稿人 (optional); the draft then goes to the leader. */
  reviewer: UsernameSchema.optional(),
  /** 签发人: a leader of the agency. */
  approver: UsernameSchema,
});
export const DecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(500).default(''),
}).refine((v) => v.decision === 'approve' || v.comment.length > 0, { message: '退回修改时请填写意见', path: ['comment'] });

// ---- incoming (收文) ----

export const VerdictCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });
export const VerdictSchema = z.object({ ok: z.boolean(), checks: z.array(VerdictCheckSchema) });
export type Verdict = z.infer<typeof VerdictSchema>;

export const IncomingItemSchema = z.object({
  deliveryId: z.string(),
  documentId: z.string(),
  docNumber: z.string(),
  title: z.string(),
  urgency: UrgencySchema,
  fromAgencyCode: z.string(),
  fromAgencyName: z.string(),
  kind: z.enum(['main', 'cc']),
  status: DeliveryStatusSchema,
  deliveredAt: IsoDate.nullable(),
  deadline: IsoDate.nullable(),
  overdue: z.boolean(),
  signedAt: IsoDate.nullable(),
  registerNumber: z.string().nullable(),
});
export type IncomingItem = z.infer<typeof IncomingItemSchema>;
export const IncomingQuerySchema = z.object({
  status: z.enum(['pending', 'signed', 'returned', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const IncomingListSchema = z.object({ items: z.array(IncomingItemSchema), total: z.number().int() });

export const IncomingDetailSchema = IncomingItemSchema.extend({
  verdict: VerdictSchema,
  mainRecipients: z.array(z.string()),
  ccRecipients: z.array(z.string()),
  signer: z.string(),
  issuedAt: IsoDate,
  files: z.array(z.object({ path: z.string(), name: z.string(), mediaType: z.string(), size: z.number() })),
  returnReason: z.string().nullable(),
  register: z.lazy(() => RegisterEntrySchema).nullable(),
});
export type IncomingDetail = z.infer<typeof IncomingDetailSchema>;

export const ReturnDeliverySchema = z.object({ reason: z.string().trim().min(2, '请填写退回理由').max(500, '退回理由过长') });
export const RegisterIncomingSchema = z.object({
  /** 拟办意见 */
  proposal: z.string().trim().max(500).default(''),
});
export const ForwardSchema = z.object({
  mainRecipients: z.array(AgencyCodeSchema).min(1, '请选择转发单位'),
  ccRecipients: z.array(AgencyCodeSchema).default([]),
});

export const RegisterEntrySchema = z.object({
  id: z.string(),
  registerNumber: z.string(),
  deliveryId: z.string(),
  fromAgencyName: z.string(),
  docNumber: z.string(),
  title: z.string(),
  classification: ClassificationSchema,
  urgency: UrgencySchema,
  receivedAt: IsoDate,
  registeredAt: IsoDate,
  registeredBy: z.string(),
  proposal: z.string(),
});
export type RegisterEntry = z.infer<typeof RegisterEntrySchema>;
export const RegisterQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(100).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
export const RegisterListSchema = z.object({ entries: z.array(RegisterEntrySchema) });

// ---- search ----
export const DocumentSearchQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  docNumber: z.string().trim().max(50).optional(),
  agency: AgencyCodeSchema.optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  direction: z.enum(['sent', 'received', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const DocumentSearchHitSchema = z.object({
  direction: z.enum(['sent', 'received']),
  documentId: z.string(),
  deliveryId: z.string().nullable(),
  docNumber: z.string().nullable(),
  title: z.string(),
  agencyName: z.string(),
  date: IsoDate,
  status: z.string(),
});
export const DocumentSearchResultSchema = z.object({ hits: z.array(DocumentSearchHitSchema) });

// ---- socket events (server → client) ----
export const DocumentEventSchema = z.object({ documentId: z.string(), status: DocumentStatusSchema });
export const DeliveryEventSchema = z.object({ documentId: z.string(), deliveryId: z.string(), agencyCode: z.string(), status: DeliveryStatusSchema });
export const IncomingEventSchema = z.object({ deliveryId: z.string(), documentId: z.string(), title: z.string(), docNumber: z.string(), urgency: UrgencySchema, fromAgencyName: z.string() });

/** Max attachment size; bigger uploads get 413 with a Chinese message. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'application/ofd', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg'] as const;
