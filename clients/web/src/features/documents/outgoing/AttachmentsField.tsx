import { useRef, useState } from 'react';
import { App, Button, Popconfirm, Progress, Typography } from 'antd';
import { DeleteOutlined, FileOutlined, FilePdfOutlined, FileImageOutlined, FileWordOutlined, PaperClipOutlined, CloseOutlined } from '@ant-design/icons';
import type { Attachment } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { userMessageOf } from '../../../app/api/api-error';
import { docApi, uploadAttachment } from '../api';
import { fileSize } from '../labels';

/** Mirrors MAX_ATTACHMENT_BYTES of the protocol (importing the value would pull zod into this chunk). */
export const MAX_ATTACHMENT_MB = 50;
const ACCEPT = '.pdf,.ofd,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

interface Pending {
  uid: string;
  name: string;
  size: number;
  percent: number;
  error?: string;
}

export function fileIcon(mediaType: string) {
  if (mediaType === 'application/pdf') return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (mediaType.startsWith('image/')) return <FileImageOutlined style={{ color: '#1677ff' }} />;
  if (mediaType.includes('wordprocessingml')) return <FileWordOutlined style={{ color: '#1677ff' }} />;
  return <FileOutlined />;
}

interface Props {
  documentId: string | null;
  attachments: Attachment[];
  onChange(attachments: Attachment[]): void;
  /** Saves a new draft first (attachments belong to a saved draft); the draft's id, or null. */
  ensureSaved(): Promise<string | null>;
  disabled?: boolean;
}

/** 附件: upload with progress (the server checks type and size and answers in Chinese), remove. */
export function AttachmentsField({ documentId, attachments, onChange, ensureSaved, disabled }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const latest = useRef(attachments);
  latest.current = attachments;

  const update = (uid: string, change: Partial<Pending>) => setPending((list) => list.map((p) => (p.uid === uid ? { ...p, ...change } : p)));

  const uploadAll = async (files: File[]) => {
    if (files.length === 0) return;
    const id = documentId ?? (await ensureSaved());
    if (!id) return;
    for (const file of files) {
      const uid = `${Date.now()}-${Math.random()}`;
      setPending((list) => [...list, { uid, name: file.name, size: file.size, percent: 0 }]);
      if (file.size > MAX_ATTACHMENT_MB * 1024 * 1024) {
        update(uid, { error: t('doc.attachments.tooLarge', { max: MAX_ATTACHMENT_MB }) });
        continue;
      }
      try {
        const att = await uploadAttachment(id, file, (f) => update(uid, { percent: Math.round(f * 100) })).done;
        setPending((list) => list.filter((p) => p.uid !== uid));
        latest.current = [...latest.current, att];
        onChange(latest.current);
      } catch (e) {
        update(uid, { error: userMessageOf(e, t) });
      }
    }
  };

  const remove = async (att: Attachment) => {
    if (!documentId) return;
    try {
      await docApi.removeAttachment(documentId, att.id);
      latest.current = latest.current.filter((a) => a.id !== att.id);
      onChange(latest.current);
      void message.success(t('doc.attachments.removed', { name: att.name }));
    } catch (e) {
      void message.error(userMessageOf(e, t));
    }
  };

  return (
    <div className="yz-attachments" data-testid="attachments">
      {attachments.map((a, i) => (
        <div key={a.id} className="yz-attachment" data-testid="attachment-row">
          <span className="yz-attachment-no">{i + 1}.</span>
          {fileIcon(a.mediaType)}
          <a className="yz-attachment-name" href={documentId ? docApi.attachmentUrl(documentId, a.id) : undefined} target="_blank" rel="noopener">
            {a.name}
          </a>
          <Typography.Text type="secondary" className="yz-nowrap">
            {fileSize(a.size)}
          </Typography.Text>
          {!disabled && (
            <Popconfirm
              title={t('doc.attachments.removeConfirm', { name: a.name })}
              okText={t('doc.attachments.remove')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(a)}
            >
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('doc.attachments.remove')} />
            </Popconfirm>
          )}
        </div>
      ))}
      {pending.map((p) => (
        <div key={p.uid} className={`yz-attachment${p.error ? ' yz-attachment-error' : ''}`} data-testid="attachment-pending">
          <PaperClipOutlined />
          <span className="yz-attachment-name">{p.name}</span>
          {p.error ? (
            <>
              <Typography.Text type="danger" className="yz-attachment-msg" data-testid="attachment-error">
                {p.error}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                icon={<CloseOutlined />}
                aria-label={t('common.close')}
                onClick={() => setPending((list) => list.filter((x) => x.uid !== p.uid))}
              />
            </>
          ) : (
            <Progress percent={p.percent} size="small" style={{ width: 160, margin: 0 }} />
          )}
        </div>
      ))}
      {!disabled && (
        <div className="yz-attachments-actions">
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            style={{ display: 'none' }}
            data-testid="attachment-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void uploadAll(files);
            }}
          />
          <Button icon={<PaperClipOutlined />} onClick={() => input.current?.click()} data-testid="attachment-add">
            {t('doc.attachments.add')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('doc.attachments.help', { max: MAX_ATTACHMENT_MB })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
