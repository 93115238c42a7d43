import { useEffect, useRef, useState } from 'react';
import { App, Button, Drawer, Input, Progress, Select, Space, Tag, Typography } from 'antd';
import { CloseOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Compose, Mailbox, Upload } from '@yizhan/protocol';
import { useReportError } from '../../app/hooks/useReportError';
import { mailApi, uploadFile, type UploadTask } from './mail-api';
import { formatBytes } from './format';
import { AddressInput } from './AddressInput';
import { RichEditor } from './RichEditor';
import { useMailText } from './mail-text';

/** What the compose form opens with: empty, a reply, a forward, or a saved draft. */
export interface ComposeInit {
  key: number;
  draftId?: string;
  fromMailboxId?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  attachments: Upload[];
  inReplyTo?: string;
  forwardAttachmentsOf?: string;
  forwardedFiles?: Array<{ filename: string; size: number }>;
}

interface FileItem {
  key: string;
  name: string;
  size: number;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  upload?: Upload;
  task?: UploadTask;
}

const AUTOSAVE_MS = 4_000;

interface Props {
  init: ComposeInit | null;
  mailboxes: Mailbox[];
  onClose(): void;
  onSent(): void;
}

/** 写邮件: recipients with directory autocomplete, tiptap body, attachments with upload progress, autosaved drafts. */
export function ComposeDrawer({ init, mailboxes, onClose, onSent }: Props) {
  const t = useMailText();
  const { message, modal } = App.useApp();
  const reportError = useReportError();
  const sendable = mailboxes.filter((m) => m.canSend);
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [bcc, setBcc] = useState<string[]>([]);
  const [showCc, setShowCc] = useState(false);
  const [subject, setSubject] = useState('');
  const [files, setFiles] = useState<FileItem[]>([]);
  const [sending, setSending] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const html = useRef('');
  const draftId = useRef<string | undefined>(undefined);
  const dirty = useRef(false);
  const saving = useRef<Promise<void> | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!init) return;
    setFrom(init.fromMailboxId ?? sendable[0]?.id);
    setTo(init.to);
    setCc(init.cc);
    setBcc(init.bcc);
    setShowCc(init.cc.length + init.bcc.length > 0);
    setSubject(init.subject);
    setFiles(init.attachments.map((u) => ({ key: u.id, name: u.filename, size: u.size, progress: 1, status: 'done', upload: u })));
    setSavedAt(null);
    html.current = init.html;
    draftId.current = init.draftId;
    dirty.current = false;
    // The sendable list only matters on open.
  }, [init?.key]);

  const body = (): Omit<Compose, 'draftId'> => ({
    fromMailboxId: from,
    to,
    cc,
    bcc,
    subject,
    html: html.current,
    attachments: files.filter((f) => f.status === 'done' && f.upload).map((f) => f.upload!.id),
    inReplyTo: init?.inReplyTo,
    forwardAttachmentsOf: init?.forwardAttachmentsOf,
  });

  const saveDraft = async (quiet: boolean) => {
    if (saving.current) await saving.current;
    const run = (async () => {
      try {
        const b = body();
        const d = draftId.current ? await mailApi.updateDraft(draftId.current, b) : await mailApi.createDraft(b);
        draftId.current = d.id;
        dirty.current = false;
        setSavedAt(dayjs().format('HH:mm:ss'));
      } catch (e) {
        if (!quiet) reportError(e);
      }
    })();
    saving.current = run;
    await run;
    saving.current = null;
  };

  // Autosave while the form is open and has changed.
  useEffect(() => {
    if (!init) return;
    const timer = window.setInterval(() => {
      if (dirty.current && !sending) void saveDraft(true);
    }, AUTOSAVE_MS);
    return () => window.clearInterval(timer);
  });
  const touch = () => {
    dirty.current = true;
  };

  const addFiles = (list: File[]) => {
    for (const file of list) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const task = uploadFile(file, (p) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, progress: p } : f))));
      setFiles((fs) => [...fs, { key, name: file.name, size: file.size, progress: 0, status: 'uploading', task }]);
      task.done.then(
        (upload) => {
          setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, progress: 1, status: 'done', upload } : f)));
          touch();
        },
        (e) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, status: 'error' } : f)));
          reportError(e);
        },
      );
    }
  };

  const doSend = async () => {
    setSending(true);
    try {
      if (saving.current) await saving.current;
      const r = await mailApi.send({ ...body(), draftId: draftId.current });
      void message.success(r.queued > 0 ? t('sent_queued', { n: r.queued }) : t('sent_ok'));
      onSent();
    } catch (e) {
      reportError(e);
    } finally {
      setSending(false);
    }
  };

  const send = () => {
    if (to.length + cc.length + bcc.length === 0) {
      void message.warning(t('needRecipient'));
      return;
    }
    if (files.some((f) => f.status === 'uploading')) {
      void message.warning(t('uploading'));
      return;
    }
    if (!subject.trim()) modal.confirm({ title: t('emptySubjectConfirm'), onOk: doSend });
    else void doSend();
  };

  const close = async () => {
    if (dirty.current) await saveDraft(true);
    onClose();
  };

  const discard = () =>
    modal.confirm({
      title: t('discardConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        files.forEach((f) => f.task?.abort());
        if (draftId.current) await mailApi.deleteDraft(draftId.current).catch(() => {});
        dirty.current = false;
        onSent();
      },
    });

  return (
    <Drawer
      open={!!init}
      onClose={() => void close()}
      size={900}
      title={subject.trim() || t('compose')}
      destroyOnHidden
      mask={{ closable: false }}
      extra={
        <Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="draft-status">
            {savedAt ? t('draftSaved', { time: savedAt }) : ''}
          </Typography.Text>
          <Button onClick={() => void saveDraft(false)} data-testid="compose-save-draft">
            {t('saveDraft')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={discard}>
            {t('discard')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} loading={sending} onClick={send} data-testid="compose-send">
            {t('send')}
          </Button>
        </Space>
      }
    >
      {init && (
        <div data-testid="compose">
          {sendable.length > 1 && (
            <div className="yz-compose-row">
              <span className="yz-compose-label">{t('sendAs')}</span>
              <Select
                value={from}
                onChange={(v) => {
                  setFrom(v);
                  touch();
                }}
                options={sendable.map((m) => ({ value: m.id, label: `${m.displayName} <${m.address}>` }))}
              />
            </div>
          )}
          <div className="yz-compose-row">
            <span className="yz-compose-label">{t('to')}</span>
            <div style={{ display: 'flex', gap: 8 }}>
              <AddressInput
                value={to}
                onChange={(v) => {
                  setTo(v);
                  touch();
                }}
                testId="compose-to"
              />
              {!showCc && (
                <Button type="link" onClick={() => setShowCc(true)}>
                  {t('cc')}/{t('bcc')}
                </Button>
              )}
            </div>
          </div>
          {showCc && (
            <>
              <div className="yz-compose-row">
                <span className="yz-compose-label">{t('cc')}</span>
                <AddressInput
                  value={cc}
                  onChange={(v) => {
                    setCc(v);
                    touch();
                  }}
                  testId="compose-cc"
                />
              </div>
              <div className="yz-compose-row">
                <span className="yz-compose-label">{t('bcc')}</span>
                <AddressInput
                  value={bcc}
                  onChange={(v) => {
                    setBcc(v);
                    touch();
                  }}
                  testId="compose-bcc"
                />
              </div>
            </>
          )}
          <div className="yz-compose-row">
            <span className="yz-compose-label">{t('subject')}</span>
            <Input
              value={subject}
              maxLength={500}
              onChange={(e) => {
                setSubject(e.target.value.replace(/[\r\n]/g, ' '));
                touch();
              }}
              data-testid="compose-subject"
            />
          </div>
          <div className="yz-compose-row" style={{ alignItems: 'flex-start' }}>
            <span className="yz-compose-label" style={{ paddingTop: 4 }}>
              {t('attachLabel')}
            </span>
            <div>
              <Button size="small" icon={<PaperClipOutlined />} onClick={() => fileInput.current?.click()} data-testid="compose-attach">
                {t('attach')}
              </Button>
              <input
                ref={fileInput}
                type="file"
                multiple
                hidden
                data-testid="compose-file-input"
                onChange={(e) => {
                  const list = [...(e.target.files ?? [])];
                  e.target.value = '';
                  addFiles(list);
                }}
              />
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: files.length || init.forwardedFiles?.length ? 8 : 0 }}>
                {init.forwardedFiles?.map((f) => (
                  <Tag key={f.filename} icon={<PaperClipOutlined />}>
                    {f.filename}（{formatBytes(f.size)}）
                  </Tag>
                ))}
                {files.map((f) => (
                  <div key={f.key} className="yz-mail-attachment" style={{ padding: '4px 8px', width: 240 }} data-testid="compose-file">
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div style={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', fontSize: 13 }} title={f.name}>
                        {f.name} <span style={{ color: 'rgba(0,0,0,0.45)' }}>{formatBytes(f.size)}</span>
                      </div>
                      {f.status !== 'done' && <Progress percent={Math.round(f.progress * 100)} size="small" status={f.status === 'error' ? 'exception' : 'active'} />}
                    </div>
                    <Button
                      size="small"
                      type="text"
                      icon={<CloseOutlined />}
                      aria-label={t('delete')}
                      onClick={() => {
                        f.task?.abort();
                        setFiles((fs) => fs.filter((x) => x.key !== f.key));
                        touch();
                      }}
                    />
                  </div>
                ))}
              </div>
            </div>
          </div>
          <RichEditor
            key={init.key}
            initialHtml={init.html}
            onChange={(h) => {
              html.current = h;
              touch();
            }}
          />
        </div>
      )}
    </Drawer>
  );
}
