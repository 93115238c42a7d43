import { useState } from 'react';
import { Alert, Button, List } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { Verdict } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { verdictLines, verdictPassed } from '../labels';

/** 验证通过 (green) or 验证未通过 (red) with the failed checks named; every check on request. */
export function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const ok = verdictPassed(verdict);
  const lines = verdictLines(verdict, t);
  const failed = lines.filter((l) => !l.ok);
  const shown = all ? lines : failed;

  return (
    <Alert
      type={ok ? 'success' : 'error'}
      showIcon
      data-testid="verdict"
      data-ok={ok}
      title={<span className="yz-verdict-title">{ok ? t('verdict.ok') : t('verdict.failed')}</span>}
      description={
        <div>
          <div>{ok ? t('verdict.okDetail') : t('verdict.failedDetail')}</div>
          {shown.length > 0 && (
            <List
              size="small"
              split={false}
              dataSource={shown}
              className="yz-verdict-list"
              renderItem={(l) => (
                <List.Item key={l.name} style={{ padding: '2px 0' }} data-testid={l.ok ? 'check-ok' : 'check-failed'}>
                  <span>
                    {l.ok ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />} {l.label}
                    {!l.ok && l.detail && <span className="yz-verdict-detail">（{l.detail}）</span>}
                  </span>
                </List.Item>
              )}
            />
          )}
        </div>
      }
      action={
        <Button size="small" type="link" onClick={() => setAll((v) => !v)}>
          {all ? t('verdict.hideChecks') : t('verdict.showChecks', { n: lines.length })}
        </Button>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
