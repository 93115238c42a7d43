import { Alert } from 'antd';
import { useT } from '../../../app/i18n';
import type { AuditVerifyResult } from '../admin-api';

export function VerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose(): void }) {
  const t = useT();
  if (result.ok) {
    return <Alert type="success" showIcon title={t('admin.audit.verifyOk', { entries: result.entries })} closable={{ onClose }} style={{ marginBottom: 16 }} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      title={result.brokenAt !== undefined ? t('admin.audit.verifyBroken', { brokenAt: result.brokenAt }) : t('admin.audit.verifyBrokenNoSeq')}
      description={result.reason ? t('admin.audit.verifyReason', { reason: result.reason }) : undefined}
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
    />
  );
}
