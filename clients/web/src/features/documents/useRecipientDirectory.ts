import { useAgencies } from '../directory/useAgencies';
import type { RecipientDirectory } from './components/RecipientPicker';

/** The directory tree for the recipient pickers (fetched once per page). */
export function useRecipientDirectory(): RecipientDirectory & { error: ReturnType<typeof useAgencies>['error']; reload(): void } {
  const state = useAgencies();
  return { forest: state.forest, agencies: state.data?.agencies ?? [], loading: state.loading, error: state.error, reload: state.reload };
}
