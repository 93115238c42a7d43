import type {
  Agency,
  AuditEntryDto,
  Certificate,
  CreateAgencyRequest,
  CreateUserRequest,
  IssueCertificateRequest,
  Person,
  PersonList,
  RevokeCertificateRequest,
  UpdateAgencyRequest,
  UpdateUserRequest,
} from '@yizhan/protocol';
import { api } from '../../app/api/client';

export type CertificateKind = Certificate['kind'];
export type CertificateStatus = Certificate['status'];
export type RevocationReason = RevokeCertificateRequest['reason'];

/** GET /api/admin/audit/verify — not (yet) a schema in @yizhan/protocol. */
export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  reason?: string;
}

const enc = encodeURIComponent;

export const adminApi = {
  createAgency: (body: CreateAgencyRequest) => api.post<Agency>('/admin/agencies', body),
  updateAgency: (code: string, body: UpdateAgencyRequest) => api.patch<Agency>(`/admin/agencies/${enc(code)}`, body),

  listUsers: (query: { agency?: string; q?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<PersonList>('/admin/users', { query, signal }),
  createUser: (body: CreateUserRequest) => api.post<Person>('/admin/users', body),
  updateUser: (username: string, body: UpdateUserRequest) => api.patch<Person>(`/admin/users/${enc(username)}`, body),
  resetPassword: (username: string, password: string) => api.post<{ ok: true }>(`/admin/users/${enc(username)}/reset-password`, { password }),

  listCertificates: (
    query: { kind?: CertificateKind; agency?: string; status?: CertificateStatus; limit: number; offset: number },
    signal?: AbortSignal,
  ) => api.get<{ certificates: Certificate[]; total: number }>('/admin/certificates', { query, signal }),
  issueCertificate: (body: IssueCertificateRequest) => api.post<Certificate>('/admin/certificates', body),
  revokeCertificate: (id: string, reason: RevocationReason) => api.post<Certificate>(`/admin/certificates/${enc(id)}/revoke`, { reason }),

  listAudit: (query: { before?: number; limit: number }, signal?: AbortSignal) =>
    api.get<{ entries: AuditEntryDto[] }>('/admin/audit', { query, signal }),
  verifyAudit: () => api.get<AuditVerifyResult>('/admin/audit/verify'),
};

export const CA_BUNDLE_URL = '/api/pki/ca.pem';
export const CRL_URL = '/api/pki/crl.pem';
