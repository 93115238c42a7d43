import { useMemo } from 'react';
import { useApi } from '../../app/hooks/useApi';
import { buildAgencyTree, type AgencyForest } from './agency-tree';
import { fetchAgencies } from './directory-api';

const EMPTY: AgencyForest = { roots: [], byCode: new Map() };

/** The whole directory tree (a few hundred agencies: fetched at once, built here). */
export function useAgencies() {
  const state = useApi((signal) => fetchAgencies(signal), []);
  const forest = useMemo(() => (state.data ? buildAgencyTree(state.data.agencies) : EMPTY), [state.data]);
  return { ...state, forest };
}
