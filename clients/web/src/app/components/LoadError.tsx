import { Alert, Button } from 'antd';
import type { ApiError } from '../api/api-error';
import { useT } from '../i18n';

/** Inline failure of a page's data, with the server's message and a retry. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.loadFailed')}
      description={error.message}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}
