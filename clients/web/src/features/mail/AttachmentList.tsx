import { Button, Tag, Tooltip } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, ExclamationCircleFilled, FileOutlined, FilePdfOutlined, MinusCircleFilled } from '@ant-design/icons';
import type { MailAttachment, SealVerdict } from '@yizhan/protocol';
import { attachmentUrl } from './mail-api';
import { formatBytes } from './format';
import { useMailText } from './mail-text';

const SEAL_LOOK: Record<SealVerdict['status'], { color: string; icon: React.ReactNode }> = {
  valid: { color: 'success', icon: <CheckCircleFilled /> },
  invalid: { color: 'error', icon: <CloseCircleFilled /> },
  untrusted: { color: 'warning', icon: <ExclamationCircleFilled /> },
  unsigned: { color: 'default', icon: <MinusCircleFilled /> },
  unavailable: { color: 'default', icon: <ExclamationCircleFilled /> },
};

/** The message's files, each with a download; a PDF also shows its 验证 verdict (the sealed-公文 check). */
export function AttachmentList({ entryId, attachments }: { entryId: string; attachments: MailAttachment[] }) {
  const t = useMailText();
  const files = attachments.filter((a) => !a.inline);
  if (files.length === 0) return null;
  return (
    <div>
      <div style={{ color: 'rgba(0,0,0,0.55)', marginTop: 16, fontSize: 13 }}>{t('attachments', { n: files.length })}</div>
      <div className="yz-mail-attachments" data-testid="mail-attachments">
        {files.map((a) => {
          const pdf = a.contentType === 'application/pdf' || a.filename.toLowerCase().endsWith('.pdf');
          return (
            <div key={a.index} className="yz-mail-attachment" data-testid="mail-attachment">
              {pdf ? <FilePdfOutlined style={{ fontSize: 24, color: '#cf1322' }} /> : <FileOutlined style={{ fontSize: 24, color: '#1a4b8c' }} />}
              <div style={{ minWidth: 0 }}>
                <a className="yz-mail-attachment-name" href={attachmentUrl(entryId, a.index)} target="_blank" rel="noreferrer">
                  {a.filename}
                </a>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                  {formatBytes(a.size)}
                  {a.seal && (
                    <Tooltip title={a.seal.summary}>
                      <Tag color={SEAL_LOOK[a.seal.status].color} icon={SEAL_LOOK[a.seal.status].icon} style={{ marginLeft: 8 }} data-testid="seal-verdict">
                        {t('sealCheck')}：{a.seal.status === 'valid' ? a.seal.summary : t(`seal_${a.seal.status}`)}
                      </Tag>
                    </Tooltip>
                  )}
                </div>
              </div>
              <Tooltip title={t('download')}>
                <Button type="text" size="small" icon={<DownloadOutlined />} href={attachmentUrl(entryId, a.index, true)} aria-label={t('download')} data-testid="attachment-download" />
              </Tooltip>
            </div>
          );
        })}
      </div>
    </div>
  );
}
