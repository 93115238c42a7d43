import { z } from 'zod';
import { AgencyCodeSchema, AgencyKindSchema, IsoDate, RoleSchema, UsernameSchema } from './common';

const ChineseName = z.string().trim().min(1, '名称不能为空').max(64, '名称过长');
const Password = z.string().min(8, '密码至少8位').max(128, '密码不能超过128位');

export const CreateAgencyRequestSchema = z.object({
  code: AgencyCodeSchema,
  name: ChineseName,
  shortName: ChineseName,
  parentCode: AgencyCodeSchema,
  kind: AgencyKindSchema.exclude(['city']),
  docPrefix: z.string().trim().min(1, '请填写发文字号前缀').max(16),
});
export type CreateAgencyRequest = z.infer<typeof CreateAgencyRequestSchema>;

export const UpdateAgencyRequestSchema = z
  .object({ name: ChineseName, shortName: ChineseName, docPrefix: z.string().trim().min(1).max(16), sortOrder: z.number().int() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
export type UpdateAgencyRequest = z.infer<typeof UpdateAgencyRequestSchema>;

export const CreateUserRequestSchema = z.object({
  username: UsernameSchema,
  name: z.string().trim().min(1, '请填写姓名').max(32),
  agencyCode: AgencyCodeSchema,
  roles: z.array(RoleSchema).min(1, '至少选择一个角色'),
  title: z.string().trim().max(32).default(''),
  password: Password,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(32),
    title: z.string().trim().max(32),
    roles: z.array(RoleSchema).min(1, '至少选择一个角色'),
    disabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ResetPasswordRequestSchema = z.object({ password: Password });

export const CertificateKindSchema = z.enum(['root', 'intermediate', 'agency', 'user', 'server']);
export const CertificateSchema = z.object({
  id: z.string(),
  kind: CertificateKindSchema,
  subject: z.string(),
  agencyCode: z.string().nullable(),
  username: z.string().nullable(),
  serialHex: z.string(),
  notBefore: IsoDate,
  notAfter: IsoDate,
  status: z.enum(['active', 'revoked']),
  revokedAt: IsoDate.nullable(),
  revocationReason: z.string().nullable(),
});
export type Certificate = z.infer<typeof CertificateSchema>;
export const CertificateListSchema = z.object({ certificates: z.array(CertificateSchema), total: z.number().int() });

export const CertificateQuerySchema = z.object({
  kind: CertificateKindSchema.optional(),
  agency: AgencyCodeSchema.optional(),
  status: z.enum(['active', 'revoked']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const IssueCertificateRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agency'), agencyCode: AgencyCodeSchema }),
  z.object({ kind: z.literal('user'), username: UsernameSchema }),
]);
export type IssueCertificateRequest = z.infer<typeof IssueCertificateRequestSchema>;

export const RevocationReasonSchema = z.enum(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']);
export const RevokeCertificateRequestSchema = z.object({ reason: RevocationReasonSchema });
export type RevokeCertificateRequest = z.infer<typeof RevokeCertificateRequestSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: IsoDate,
  actor: z.string(),
  agencyCode: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema) });
export const AuditQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
