import { App, Button, Empty, Spin, Tooltip } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Draft, Mailbox } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { useReportError } from '../../app/hooks/useReportError';
import { LoadError } from '../../app/components/LoadError';
import { mailApi } from './mail-api';
import { useMailText } from './mail-text';

/** 草稿: saved compose forms; one click reopens it. */
export function DraftList({ mailbox, reloadKey, onOpen, onChanged }: { mailbox: Mailbox; reloadKey: number; onOpen(d: Draft): void; onChanged(): void }) {
  const t = useMailText();
  const { modal } = App.useApp();
  const reportError = useReportError();
  const drafts = useApi((signal) => mailApi.drafts(mailbox.id, signal), [mailbox.id, reloadKey]);
  return (
    <div className="yz-mail-list" data-testid="draft-list">
      <div className="yz-mail-list-head" style={{ fontWeight: 600 }}>
        {t('drafts')}
      </div>
      <div className="yz-mail-list-scroll">
        {drafts.error && <LoadError error={drafts.error} onRetry={drafts.reload} />}
        {drafts.loading && !drafts.data && <Spin style={{ display: 'block', margin: 32 }} />}
        {drafts.data?.drafts.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noMail')} style={{ marginTop: 48 }} />}
        {drafts.data?.drafts.map((d) => (
          <div key={d.id} className="yz-mail-row" onClick={() => onOpen(d)} role="button" data-testid="draft-row">
            <div className="yz-mail-row-main">
              <div className="yz-mail-row-line">
                <span className="yz-mail-row-from" style={{ color: '#cf1322' }}>
                  {t('drafts')}：{[...d.to, ...d.cc].join('、') || '—'}
                </span>
                <span className="yz-mail-row-time">{dayjs(d.updatedAt).format('MM-DD HH:mm')}</span>
              </div>
              <div className="yz-mail-row-subject">{d.subject || t('noSubject')}</div>
            </div>
            <Tooltip title={t('deleteDraft')}>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('deleteDraft')}
                onClick={(e) => {
                  e.stopPropagation();
                  modal.confirm({
                    title: t('deleteDraft'),
                    okButtonProps: { danger: true },
                    onOk: async () => {
                      try {
                        await mailApi.deleteDraft(d.id);
                        drafts.reload();
                        onChanged();
                      } catch (err) {
                        reportError(err);
                      }
                    },
                  });
                }}
              />
            </Tooltip>
          </div>
        ))}
      </div>
    </div>
  );
}
