import { useCallback } from 'react';
import { App } from 'antd';
import { isApiError, userMessageOf } from '../api/api-error';
import { useT } from '../i18n';

/** Shows a failed action's message (the server's Chinese text, or the network message) as a toast. */
export function useReportError(): (e: unknown) => void {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (e: unknown) => {
      // A 401 already sends the user to the login page with its own notice.
      if (isApiError(e) && e.status === 401) return;
      void message.error(userMessageOf(e, t));
    },
    [message, t],
  );
}
