/**
 * Government mail (政务邮件): REST bodies and answers of /api/mail/*. New mail reaches open clients
 * through the platform's existing events — 'notification:new' (the bell) and 'todos:changed' with
 * source 'mail' (the workspace 待办 and the mail page refresh) — so mail adds no socket event of its own.
 */
import { z } from 'zod';
import { IsoDate } from './common';

/** No CR or LF: a value that ends up in a mail header must not be able to start a new header. */
const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\r\n\0]/.test(s), '不能包含换行符');

export const MailAddressSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@<>()",;:\\[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, '邮件地址格式不正确');

export const MailboxAddressSchema = z.object({ address: z.string(), name: z.string() });
export type MailboxAddress = z.infer<typeof MailboxAddressSchema>;

export const FolderRoleSchema = z.enum(['inbox', 'sent', 'drafts', 'trash', 'archive']);
export type FolderRole = z.infer<typeof FolderRoleSchema>;

export const FolderSchema = z.object({
  id: z.string(),
  /** null for a custom folder. */
  role: FolderRoleSchema.nullable(),
  name: z.string(),
  total: z.number().int(),
  unread: z.number().int(),
});
export type Folder = z.infer<typeof FolderSchema>;

export const QuotaSchema = z.object({ usedBytes: z.number(), limitBytes: z.number() });
export type Quota = z.infer<typeof QuotaSchema>;

export const MailboxSchema = z.object({
  id: z.string(),
  kind: z.enum(['user', 'shared']),
  address: z.string(),
  displayName: z.string(),
  /** For a shared (unit) mailbox: whether this user may send as it. */
  canSend: z.boolean(),
  quota: QuotaSchema,
  folders: z.array(FolderSchema),
});
export type Mailbox = z.infer<typeof MailboxSchema>;
export const MailboxListSchema = z.object({ mailboxes: z.array(MailboxSchema) });
export type MailboxList = z.infer<typeof MailboxListSchema>;

export const CreateFolderSchema = z.object({ name: oneLine(40).pipe(z.string().trim().min(1, '请输入文件夹名称')) });
export const RenameFolderSchema = CreateFolderSchema;

/** One message in one mailbox (an entry); the same message delivered to two people is two entries. */
export const MessageSummarySchema = z.object({
  id: z.string(),
  mailboxId: z.string(),
  folderId: z.string(),
  threadId: z.string(),
  from: MailboxAddressSchema,
  to: z.array(MailboxAddressSchema),
  subject: z.string(),
  snippet: z.string(),
  receivedAt: IsoDate,
  size: z.number().int(),
  seen: z.boolean(),
  flagged: z.boolean(),
  answered: z.boolean(),
  hasAttachments: z.boolean(),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

/** A conversation in a folder: its newest message and how many there are. */
export const ThreadSummarySchema = MessageSummarySchema.extend({
  count: z.number().int(),
  unreadCount: z.number().int(),
  participants: z.array(z.string()),
});
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;

export const ThreadListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ThreadListSchema = z.object({ threads: z.array(ThreadSummarySchema), total: z.number().int() });
export type ThreadList = z.infer<typeof ThreadListSchema>;

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, '请输入搜索内容').max(100),
  folderId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const SearchResultSchema = z.object({
  messages: z.array(MessageSummarySchema),
  /** Messages received in the last moments that the full-text index has not reached yet are searched directly. */
  pendingIndex: z.number().int(),
  tookMs: z.number(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** 验证 verdict of a sealed 公文 PDF attachment, from the document-exchange verifier. */
export const SealVerdictSchema = z.object({
  status: z.enum(['valid', 'invalid', 'unsigned', 'untrusted', 'unavailable']),
  /** Chinese, for the user: e.g. 印章有效：示范市发展和改革委员会. */
  summary: z.string(),
  signers: z.array(z.string()),
});
export type SealVerdict = z.infer<typeof SealVerdictSchema>;

export const MailAttachmentSchema = z.object({
  index: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  inline: z.boolean(),
  contentId: z.string().nullable(),
  /** For a PDF: the 验证 verdict of its electronic seal (null for other files). */
  seal: SealVerdictSchema.nullable(),
});
export type MailAttachment = z.infer<typeof MailAttachmentSchema>;

export const MessageDetailSchema = MessageSummarySchema.extend({
  cc: z.array(MailboxAddressSchema),
  replyTo: z.array(MailboxAddressSchema),
  sentAt: IsoDate.nullable(),
  messageId: z.string(),
  /** Sanitised HTML (scripts, handlers and styles that reach outside removed), or null for a text-only message. */
  html: z.string().nullable(),
  text: z.string(),
  /** How many remote images were blocked (0 when shown or none). */
  blockedImages: z.number().int(),
  attachments: z.array(MailAttachmentSchema),
  authResults: z.string().nullable(),
});
export type MessageDetail = z.infer<typeof MessageDetailSchema>;

export const MessageQuerySchema = z.object({
  /** 1 to load remote images (the user clicked 显示外部图片). */
  images: z.enum(['0', '1']).default('0'),
});

export const ThreadSchema = z.object({ messages: z.array(MessageSummarySchema) });
export type Thread = z.infer<typeof ThreadSchema>;

const EntryIds = z.array(z.string().uuid()).min(1).max(500);
export const SetFlagsSchema = z.object({ ids: EntryIds, seen: z.boolean().optional(), flagged: z.boolean().optional() });
export const MoveEntriesSchema = z.object({ ids: EntryIds, folderId: z.string().uuid() });
/** Moves to 已删除; entries already there are deleted for good. */
export const DeleteEntriesSchema = z.object({ ids: EntryIds });
export const EntriesChangedSchema = z.object({ changed: z.number().int() });

export const UploadSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int() });
export type Upload = z.infer<typeof UploadSchema>;
/** Headers of POST /api/mail/uploads (the body is the file's bytes). */
export const UPLOAD_FILENAME_HEADER = 'x-file-name';

const Recipients = z.array(MailAddressSchema).max(500);
export const ComposeSchema = z.object({
  /** Send as: the user's own address (default) or a unit mailbox they may send as. */
  fromMailboxId: z.string().uuid().optional(),
  to: Recipients,
  cc: Recipients.default([]),
  bcc: Recipients.default([]),
  subject: oneLine(500).default(''),
  /** tiptap's HTML; inline images point at /api/mail/uploads/<id> and become cid: parts. */
  html: z.string().max(5_000_000).default(''),
  attachments: z.array(z.string().uuid()).max(50).default([]),
  /** Keep the attachments of this entry (forwarding). */
  forwardAttachmentsOf: z.string().uuid().optional(),
  inReplyTo: z.string().uuid().optional(),
  draftId: z.string().uuid().optional(),
});
export type Compose = z.infer<typeof ComposeSchema>;
export const SendRequestSchema = ComposeSchema.refine((c) => c.to.length + c.cc.length + c.bcc.length > 0, { message: '请至少填写一个收件人', path: ['to'] });
export const SendResultSchema = z.object({
  entryId: z.string(),
  messageId: z.string(),
  delivered: z.number().int(),
  queued: z.number().int(),
});
export type SendResult = z.infer<typeof SendResultSchema>;

export const DraftSchema = ComposeSchema.omit({ draftId: true }).extend({ id: z.string(), updatedAt: IsoDate, attachmentInfo: z.array(UploadSchema) });
export type Draft = z.infer<typeof DraftSchema>;
export const SaveDraftSchema = ComposeSchema.omit({ draftId: true });
export const DraftListSchema = z.object({ drafts: z.array(DraftSchema) });

export const AddressSuggestionSchema = z.object({
  address: z.string(),
  name: z.string(),
  kind: z.enum(['person', 'unit', 'list']),
  /** Agency name, or the list's membership described in Chinese. */
  detail: z.string(),
});
export type AddressSuggestion = z.infer<typeof AddressSuggestionSchema>;
export const AddressQuerySchema = z.object({ q: z.string().trim().max(100).default(''), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const AddressSuggestionListSchema = z.object({ suggestions: z.array(AddressSuggestionSchema) });

export const MailServerInfoSchema = z.object({
  domain: z.string(),
  hostname: z.string(),
  submissionPort: z.number().int(),
  mxPort: z.number().int(),
  maxMessageBytes: z.number().int(),
  dkim: z.object({ selector: z.string(), domain: z.string() }),
});
export type MailServerInfo = z.infer<typeof MailServerInfoSchema>;

export const DkimRecordSchema = z.object({ selector: z.string(), domain: z.string(), name: z.string(), txt: z.string() });
export type DkimRecord = z.infer<typeof DkimRecordSchema>;

/** Admin: a user's or a unit mailbox's quota, in MiB. */
export const SetQuotaSchema = z.object({ quotaMb: z.number().int().min(1).max(1_048_576) });
export const GrantSchema = z.object({ username: z.string().trim().toLowerCase().min(1), canSend: z.boolean().default(true) });
export const GrantListSchema = z.object({ grants: z.array(z.object({ username: z.string(), name: z.string(), canSend: z.boolean() })) });

export const MailListSchema = z.object({
  address: z.string(),
  name: z.string(),
  /** 'custom' lists have members; the others follow the directory. */
  kind: z.enum(['custom', 'agency-staff', 'agency-kind']),
  members: z.array(z.string()),
});
export type MailList = z.infer<typeof MailListSchema>;
export const CreateMailListSchema = z.object({
  address: MailAddressSchema,
  name: oneLine(80).pipe(z.string().trim().min(1)),
  members: z.array(MailAddressSchema).min(1).max(5000),
});
export const MailListsSchema = z.object({ lists: z.array(MailListSchema) });

export const OutboundStatusSchema = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  bounced: z.number().int(),
});
