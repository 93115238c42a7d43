/** The web mail's REST calls (/api/mail/*), typed by the protocol. */
import type {
  AddressSuggestion,
  Compose,
  Draft,
  MailboxList,
  MessageDetail,
  SearchResult,
  SendResult,
  SessionInfo,
  Thread,
  ThreadList,
  Upload,
} from '@yizhan/protocol';
import { api } from '../../app/api/client';
import { errorFromResponse, networkError } from '../../app/api/api-error';
import { tCurrent } from '../../app/i18n';

const enc = encodeURIComponent;

export const mailApi = {
  mailboxes: (signal?: AbortSignal) => api.get<MailboxList>('/mail/mailboxes', { signal }),
  threads: (mailboxId: string, folderId: string, offset: number, limit: number, signal?: AbortSignal) =>
    api.get<ThreadList>(`/mail/mailboxes/${enc(mailboxId)}/folders/${enc(folderId)}/threads`, { query: { offset, limit }, signal }),
  search: (mailboxId: string, q: string, signal?: AbortSignal) => api.get<SearchResult>(`/mail/mailboxes/${enc(mailboxId)}/search`, { query: { q, limit: 100 }, signal }),
  message: (entryId: string, images: boolean, signal?: AbortSignal) => api.get<MessageDetail>(`/mail/entries/${enc(entryId)}`, { query: { images: images ? '1' : '0' }, signal }),
  thread: (entryId: string, signal?: AbortSignal) => api.get<Thread>(`/mail/entries/${enc(entryId)}/thread`, { signal }),
  setFlags: (ids: string[], flags: { seen?: boolean; flagged?: boolean }) => api.post<{ changed: number }>('/mail/entries/flags', { ids, ...flags }),
  move: (ids: string[], folderId: string) => api.post<{ changed: number }>('/mail/entries/move', { ids, folderId }),
  remove: (ids: string[]) => api.post<{ changed: number }>('/mail/entries/delete', { ids }),
  createFolder: (mailboxId: string, name: string) => api.post<{ id: string; name: string }>(`/mail/mailboxes/${enc(mailboxId)}/folders`, { name }),
  renameFolder: (folderId: string, name: string) => api.patch<{ ok: true }>(`/mail/folders/${enc(folderId)}`, { name }),
  deleteFolder: (folderId: string) => send<{ ok: true }>('DELETE', `/mail/folders/${enc(folderId)}`),
  send: (compose: Compose) => api.post<SendResult>('/mail/send', compose),
  drafts: (mailboxId: string, signal?: AbortSignal) => api.get<{ drafts: Draft[] }>(`/mail/mailboxes/${enc(mailboxId)}/drafts`, { signal }),
  createDraft: (body: Omit<Compose, 'draftId'>) => api.post<Draft>('/mail/drafts', body),
  updateDraft: (id: string, body: Omit<Compose, 'draftId'>) => send<Draft>('PUT', `/mail/drafts/${enc(id)}`, body),
  deleteDraft: (id: string) => send<{ ok: true }>('DELETE', `/mail/drafts/${enc(id)}`),
  addresses: (q: string, signal?: AbortSignal) => api.get<{ suggestions: AddressSuggestion[] }>('/mail/addresses', { query: { q, limit: 20 }, signal }),
};

export const attachmentUrl = (entryId: string, index: number, download = false) => `/api/mail/entries/${enc(entryId)}/attachments/${index}${download ? '?download=1' : ''}`;
export const rawUrl = (entryId: string) => `/api/mail/entries/${enc(entryId)}/raw`;
export const uploadUrl = (uploadId: string) => `/api/mail/uploads/${enc(uploadId)}`;

/** The session's CSRF token, for the requests the JSON client cannot make (PUT, DELETE, raw uploads). */
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

async function send<T>(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = await csrfToken();
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: { Accept: 'application/json', 'X-CSRF-Token': token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw networkError(tCurrent, e);
  }
  const parsed = parseBody(await res.text().catch(() => ''));
  if (!res.ok) throw errorFromResponse(res.status, parsed, tCurrent);
  return parsed as T;
}

export interface UploadTask {
  done: Promise<Upload>;
  abort(): void;
}

/** An attachment or inline image: the file as the raw body, progress from XMLHttpRequest (fetch has none). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadTask {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  const done = (async () => {
    const token = await csrfToken();
    if (aborted) throw new DOMException('aborted', 'AbortError');
    return new Promise<Upload>((resolve, reject) => {
      xhr.open('POST', '/api/mail/uploads');
      xhr.setRequestHeader('X-File-Name', enc(file.name));
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        const body = parseBody(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as Upload);
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
