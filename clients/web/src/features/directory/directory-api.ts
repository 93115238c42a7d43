import type { AgencyList, PersonList } from '@yizhan/protocol';
import { api } from '../../app/api/client';

export const fetchAgencies = (signal?: AbortSignal) => api.get<AgencyList>('/directory/agencies', { signal });

export interface PeopleQuery {
  agency?: string;
  q?: string;
  limit: number;
  offset: number;
}

export const fetchPeople = (query: PeopleQuery, signal?: AbortSignal) =>
  api.get<PersonList>('/directory/users', { query: { ...query }, signal });
