import type { Meeting, MeetingList, MeetingLiveState, RecordingList, ScheduleMeeting, VenueListSchema } from '@yizhan/protocol';
import type { z } from 'zod';
import { api } from '../../app/api/client';

type VenueList = z.infer<typeof VenueListSchema>;

export const meetingsApi = {
  list: (signal?: AbortSignal) => api.get<MeetingList>('/meetings', { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Meeting>(`/meetings/${encodeURIComponent(id)}`, { signal }),
  live: (id: string, signal?: AbortSignal) => api.get<{ live: MeetingLiveState | null }>(`/meetings/${encodeURIComponent(id)}/live`, { signal }),
  schedule: (body: ScheduleMeeting) => api.post<Meeting>('/meetings', body),
  recordings: (id: string, signal?: AbortSignal) => api.get<RecordingList>(`/meetings/${encodeURIComponent(id)}/recordings`, { signal }),
  venues: (signal?: AbortSignal) => api.get<VenueList>('/directory/venues', { signal }),
};
