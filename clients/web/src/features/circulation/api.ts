/** REST calls of circulation; bodies and answers typed by the protocol package. */
import type {
  CirculationBox,
  CirculationDetail,
  CirculationList,
  CloseCirculation,
  DocumentSummary,
  IncomingItem,
  LayerInput,
  PersonList,
  AgencyList,
  StartCirculation,
  SubmitLayerResult,
} from '@yizhan/protocol';
import { api } from '../../app/api/client';

const enc = encodeURIComponent;
const base = (id: string) => `/circulations/${enc(id)}`;

export const circulationApi = {
  list: (box: CirculationBox, signal?: AbortSignal) => api.get<CirculationList>('/circulations', { query: { box, limit: 100 }, signal }),
  get: (id: string, signal?: AbortSignal) => api.get<CirculationDetail>(base(id), { signal }),
  start: (body: StartCirculation) => api.post<CirculationDetail>('/circulations', body),
  open: (id: string) => api.post<{ ok: true }>(`${base(id)}/open`),
  saveDraft: (id: string, body: LayerInput) => api.post<{ savedAt: string }>(`${base(id)}/draft`, body),
  submit: (id: string, body: LayerInput & { circled: boolean }) => api.post<SubmitLayerResult>(`${base(id)}/submit`, body),
  transfer: (id: string, to: string, note: string) => api.post<CirculationDetail>(`${base(id)}/transfer`, { to, note }),
  addStep: (id: string, body: { readers: string[]; deadline?: string; after?: string }) => api.post<CirculationDetail>(`${base(id)}/steps`, body),
  stepAction: (id: string, stepId: string, action: 'skip' | 'recall' | 'resume' | 'remind') =>
    api.post<CirculationDetail>(`${base(id)}/steps/${enc(stepId)}/${action}`),
  produceCopy: (id: string) => api.post<{ sha256: string; size: number; pages: number; at: string }>(`${base(id)}/annotated-copy`),
  close: (id: string, body: CloseCirculation) => api.post<CirculationDetail>(`${base(id)}/close`, body),
  handled: (id: string, note: string) => api.post<CirculationDetail>(`${base(id)}/handled`, { note }),
  documentUrl: (id: string) => `/api${base(id)}/document.pdf`,
  annotatedUrl: (id: string) => `/api${base(id)}/annotated.pdf`,
  instructionUrl: (id: string, taskId: string) => `/api${base(id)}/instructions/${enc(taskId)}`,

  // What the route builder needs from elsewhere: documents that may circulate, the agency's people.
  signedIncoming: (signal?: AbortSignal) => api.get<{ items: IncomingItem[]; total: number }>('/incoming', { query: { status: 'signed', limit: 200 }, signal }),
  sentDocuments: (signal?: AbortSignal) => api.get<{ items: DocumentSummary[]; total: number }>('/documents', { query: { box: 'sent', limit: 200 }, signal }),
  people: (agency: string, signal?: AbortSignal) => api.get<PersonList>('/directory/users', { query: { agency, limit: 500 }, signal }),
  agencies: (signal?: AbortSignal) => api.get<AgencyList>('/directory/agencies', { signal }),
};

/** The sealed original, as bytes for pdf.js (same-origin, the session cookie goes along). */
export async function fetchDocumentBytes(id: string, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(circulationApi.documentUrl(id), { credentials: 'same-origin', signal });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      // not JSON
    }
    throw new Error(message);
  }
  return new Uint8Array(await res.arrayBuffer());
}
