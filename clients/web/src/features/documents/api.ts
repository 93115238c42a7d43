/** The docexchange REST calls (see services/docexchange/src/api/*-routes.ts). */
import type {
  Attachment,
  DocumentDetail,
  DocumentSummary,
  DraftFields,
  IncomingDetail,
  IncomingItem,
  PersonList,
  RegisterEntry,
  SessionInfo,
} from '@yizhan/protocol';
import type { DocumentBoxSchema, DocumentListSchema, DocumentSearchHitSchema, IncomingListSchema } from '@yizhan/protocol';
import { api } from '../../app/api/client';
import { errorFromResponse, networkError, type ApiError } from '../../app/api/api-error';
import { tCurrent } from '../../app/i18n/locale-store';

// The protocol has schemas but no exported types for these bodies; these mirror them.
export type DocumentBox = 'drafts' | 'to-review' | 'to-approve' | 'in-progress' | 'sent';
export interface DocumentList {
  items: DocumentSummary[];
  total: number;
}
export interface IncomingList {
  items: IncomingItem[];
  total: number;
}
export type IncomingStatusFilter = 'pending' | 'signed' | 'returned' | 'all';
/** DocumentSearchHitSchema */
export interface SearchHit {
  direction: 'sent' | 'received';
  documentId: string;
  deliveryId: string | null;
  docNumber: string | null;
  title: string;
  agencyName: string;
  date: string;
  status: string;
}
export type Direction = 'sent' | 'received' | 'all';

export interface SearchParams {
  q?: string;
  docNumber?: string;
  agency?: string;
  from?: string;
  to?: string;
  direction: Direction;
}

// The mirrors above must stay equal to the protocol's schemas (checked by the compiler, no runtime cost).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type Parsed<S extends { parse(v: unknown): unknown }> = ReturnType<S['parse']>;
export type ProtocolMirrors = [
  Assert<Same<DocumentBox, Parsed<typeof DocumentBoxSchema>>>,
  Assert<Same<DocumentList, Parsed<typeof DocumentListSchema>>>,
  Assert<Same<IncomingList, Parsed<typeof IncomingListSchema>>>,
  Assert<Same<SearchHit, Parsed<typeof DocumentSearchHitSchema>>>,
];

const enc = encodeURIComponent;

/** The session's CSRF token, for the requests the JSON client cannot make (raw uploads, DELETE). */
async function csrfToken(): Promise<string> {
  return (await api.get<SessionInfo>('/auth/me')).csrfToken;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface Upload {
  done: Promise<Attachment>;
  abort(): void;
}

/**
 * 附件 upload: the raw file as the body (the server sniffs the content), the name URI-encoded in
 * X-File-Name; progress from XMLHttpRequest's upload events (fetch has none).
 */
export function uploadAttachment(documentId: string, file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  const done = (async () => {
    const token = await csrfToken();
    if (aborted) throw new DOMException('aborted', 'AbortError');
    return new Promise<Attachment>((resolve, reject) => {
      xhr.open('POST', `/api/documents/${enc(documentId)}/attachments`);
      xhr.setRequestHeader('X-File-Name', enc(file.name));
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        const body = parseBody(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as Attachment);
        else reject(errorFromResponse(xhr.status, body, tCurrent));
      };
      xhr.onerror = () => reject(networkError(tCurrent));
      xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
      xhr.send(file);
    });
  })();
  return {
    done,
    abort() {
      aborted = true;
      xhr.abort();
    },
  };
}

/** DELETE, which the shared JSON client does not offer. */
async function del<T>(path: string): Promise<T> {
  const token = await csrfToken();
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: 'DELETE', headers: { Accept: 'application/json', 'X-CSRF-Token': token }, credentials: 'same-origin' });
  } catch (e) {
    throw networkError(tCurrent, e);
  }
  const body = parseBody(await res.text().catch(() => ''));
  if (!res.ok) throw errorFromResponse(res.status, body, tCurrent) as ApiError;
  return body as T;
}

export const docApi = {
  list: (box: DocumentBox, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<DocumentList>('/documents', { query: { box, ...page }, signal }),
  get: (id: string, signal?: AbortSignal) => api.get<DocumentDetail>(`/documents/${enc(id)}`, { signal }),
  create: (fields: DraftFields) => api.post<DocumentDetail>('/documents', fields),
  update: (id: string, fields: Partial<DraftFields>) => api.patch<DocumentDetail>(`/documents/${enc(id)}`, fields),
  removeAttachment: (id: string, attachmentId: string) => del<{ ok: true }>(`/documents/${enc(id)}/attachments/${enc(attachmentId)}`),
  attachmentUrl: (id: string, attachmentId: string) => `/api/documents/${enc(id)}/attachments/${enc(attachmentId)}`,
  pdfUrl: (id: string) => `/api/documents/${enc(id)}/pdf`,
  submit: (id: string, body: { reviewer?: string; approver: string }) => api.post<DocumentDetail>(`/documents/${enc(id)}/submit`, body),
  review: (id: string, body: { decision: 'approve' | 'reject'; comment: string }) => api.post<DocumentDetail>(`/documents/${enc(id)}/review`, body),
  approve: (id: string, body: { decision: 'approve' | 'reject'; comment: string }) => api.post<DocumentDetail>(`/documents/${enc(id)}/approve`, body),
  remind: (id: string) => api.post<{ ok: true; reminded: number }>(`/documents/${enc(id)}/remind`),
  search: (q: SearchParams, signal?: AbortSignal) => api.get<{ hits: SearchHit[] }>('/documents/search', { query: { ...q, limit: 100 }, signal }),
  /** People of an agency (for 核稿人 / 签发人). */
  people: (agency: string, signal?: AbortSignal) => api.get<PersonList>('/directory/users', { query: { agency, limit: 500 }, signal }),

  incoming: (status: IncomingStatusFilter, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<IncomingList>('/incoming', { query: { status, ...page }, signal }),
  incomingDetail: (deliveryId: string, signal?: AbortSignal) => api.get<IncomingDetail>(`/incoming/${enc(deliveryId)}`, { signal }),
  incomingFileUrl: (deliveryId: string, path: string) => `/api/incoming/${enc(deliveryId)}/files/${path.split('/').map(enc).join('/')}`,
  receiptUrl: (deliveryId: string) => `/api/incoming/${enc(deliveryId)}/receipt`,
  sign: (deliveryId: string) => api.post<IncomingItem>(`/incoming/${enc(deliveryId)}/sign`),
  returnDelivery: (deliveryId: string, reason: string) => api.post<IncomingItem>(`/incoming/${enc(deliveryId)}/return`, { reason }),
  register: (deliveryId: string, proposal: string) => api.post<RegisterEntry>(`/incoming/${enc(deliveryId)}/register`, { proposal }),
  forward: (deliveryId: string, body: { mainRecipients: string[]; ccRecipients: string[] }) =>
    api.post<DocumentDetail>(`/incoming/${enc(deliveryId)}/forward`, body),
  reply: (deliveryId: string) => api.post<DocumentDetail>(`/incoming/${enc(deliveryId)}/reply`),

  registerList: (q: { year?: number; q?: string }, signal?: AbortSignal) => api.get<{ entries: RegisterEntry[] }>('/register', { query: { ...q }, signal }),
  registerExportUrl: (format: 'csv' | 'xlsx', q: { year?: number; q?: string }) => {
    const params = new URLSearchParams({ format });
    if (q.year) params.set('year', String(q.year));
    if (q.q) params.set('q', q.q);
    return `/api/register?${params.toString()}`;
  },
};
