import { useRef } from 'react';

/**
 * Reloads caused by live events should not dim the table each time something happens elsewhere;
 * a reload the user asked for (another tab, another page) should. `key` names what is shown.
 */
export function useQuietReload(key: string, loading: boolean, reload: () => void) {
  const quietFor = useRef<string | null>(null);
  return {
    reloadQuietly: () => {
      quietFor.current = key;
      reload();
    },
    showLoading: loading && quietFor.current !== key,
  };
}
