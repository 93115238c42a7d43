import { useEffect, useState } from 'react';
import { App, Avatar, Button, Dropdown, Empty, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, FlagFilled, FlagOutlined, FolderOpenOutlined, RollbackOutlined, ShareAltOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Mailbox, MessageDetail, MessageSummary } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { useReportError } from '../../app/hooks/useReportError';
import { LoadError } from '../../app/components/LoadError';
import { mailApi, rawUrl } from './mail-api';
import { displayName, joinAddresses } from './format';
import { MessageBody } from './MessageBody';
import { AttachmentList } from './AttachmentList';
import { folderLabel } from './FolderPane';
import { useMailText } from './mail-text';

interface Props {
  entryId: string | null;
  mailbox: Mailbox | undefined;
  reloadKey: number;
  onReply(m: MessageDetail, all: boolean): void;
  onForward(m: MessageDetail): void;
  onClosed(): void;
  onChanged(): void;
}

function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}

/** One message of a conversation: collapsed to a line, or open with its body and attachments. */
function ThreadMessage({ summary, open, onToggle, actions }: { summary: MessageSummary; open: boolean; onToggle(): void; actions: Props & { markSeen(id: string): void } }) {
  const t = useMailText();
  const [images, setImages] = useState(false);
  const detail = useApi((signal) => (open ? mailApi.message(summary.id, images, signal) : Promise.resolve(undefined)), [summary.id, open, images]);
  const m = detail.data;
  useEffect(() => {
    if (open && !summary.seen) actions.markSeen(summary.id);
  }, [open, summary.id, summary.seen]);

  return (
    <div className="yz-mail-message" data-testid="mail-message">
      <div className="yz-mail-message-head" onClick={onToggle}>
        <Avatar style={{ background: '#1a4b8c', flex: 'none' }}>{initial(displayName(summary.from))}</Avatar>
        <div className="yz-mail-message-meta">
          <div>
            <b>{displayName(summary.from)}</b> <span>&lt;{summary.from.address}&gt;</span>
          </div>
          {open && m ? (
            <>
              <div>
                {t('to')}：{joinAddresses(m.to) || '—'}
              </div>
              {m.cc.length > 0 && (
                <div>
                  {t('cc')}：{joinAddresses(m.cc)}
                </div>
              )}
            </>
          ) : (
            !open && <div style={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{summary.snippet}</div>
          )}
        </div>
        <div style={{ flex: 'none', fontSize: 12, color: 'rgba(0,0,0,0.45)', textAlign: 'right' }}>
          {dayjs(summary.receivedAt).format('YYYY-MM-DD HH:mm')}
          {summary.answered && (
            <div>
              <Tag style={{ marginTop: 4, marginInlineEnd: 0 }}>{t('answered')}</Tag>
            </div>
          )}
        </div>
      </div>
      {open && (
        <div className="yz-mail-message-body">
          {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
          {!m && !detail.error && <Spin />}
          {m && (
            <>
              <Space wrap style={{ marginBottom: 12 }}>
                <Button size="small" icon={<RollbackOutlined />} onClick={() => actions.onReply(m, false)} data-testid="mail-reply">
                  {t('reply')}
                </Button>
                <Button size="small" icon={<TeamOutlined />} onClick={() => actions.onReply(m, true)}>
                  {t('replyAll')}
                </Button>
                <Button size="small" icon={<ShareAltOutlined />} onClick={() => actions.onForward(m)} data-testid="mail-forward">
                  {t('forward')}
                </Button>
                <Tooltip title={t('downloadRaw')}>
                  <Button size="small" type="text" icon={<DownloadOutlined />} href={rawUrl(m.id)} aria-label={t('downloadRaw')} />
                </Tooltip>
              </Space>
              <MessageBody message={m} onShowImages={() => setImages(true)} />
              <AttachmentList entryId={m.id} attachments={m.attachments} />
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** The reading column: the selected message's conversation, newest open, with the actions on it. */
export function ReadingPane(props: Props) {
  const { entryId, mailbox, reloadKey, onClosed, onChanged } = props;
  const t = useMailText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const thread = useApi((signal) => (entryId ? mailApi.thread(entryId, signal) : Promise.resolve(undefined)), [entryId, reloadKey]);
  const [openIds, setOpenIds] = useState<Set<string>>(new Set());
  useEffect(() => setOpenIds(new Set(entryId ? [entryId] : [])), [entryId]);

  if (!entryId) {
    return (
      <div className="yz-mail-read">
        <div className="yz-mail-empty">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noSelection')} />
        </div>
      </div>
    );
  }
  const messages = thread.data?.messages ?? [];
  const current = messages.find((m) => m.id === entryId);
  const act = async (fn: () => Promise<unknown>, after?: () => void) => {
    try {
      await fn();
      thread.reload();
      onChanged();
      after?.();
    } catch (e) {
      reportError(e);
    }
  };
  const markSeen = (id: string) => void mailApi.setFlags([id], { seen: true }).then(onChanged, () => {});
  const targets = mailbox?.folders.filter((f) => f.role !== 'drafts' && f.id !== current?.folderId) ?? [];

  return (
    <div className="yz-mail-read" data-testid="mail-reader">
      <div className="yz-mail-read-inner">
        {thread.error && <LoadError error={thread.error} onRetry={thread.reload} />}
        {!thread.data && !thread.error && <Spin />}
        {current && (
          <>
            <div style={{ display: 'flex', alignItems: 'flex-start', gap: 12 }}>
              <Typography.Title level={3} className="yz-mail-subject" style={{ flex: 1 }} data-testid="mail-subject">
                {current.subject || t('noSubject')}
              </Typography.Title>
              <Space size={0}>
                <Tooltip title={current.flagged ? t('unflag') : t('flag')}>
                  <Button type="text" icon={current.flagged ? <FlagFilled style={{ color: '#d4380d' }} /> : <FlagOutlined />} onClick={() => void act(() => mailApi.setFlags([current.id], { flagged: !current.flagged }))} aria-label={t('flag')} />
                </Tooltip>
                <Tooltip title={t('markUnread')}>
                  <Button type="text" icon={<RollbackOutlined rotate={90} />} onClick={() => void act(() => mailApi.setFlags([current.id], { seen: false }), onClosed)} aria-label={t('markUnread')} />
                </Tooltip>
                <Dropdown trigger={['click']} menu={{ items: targets.map((f) => ({ key: f.id, label: folderLabel(f, t) })), onClick: ({ key }) => void act(() => mailApi.move([current.id], key), onClosed) }}>
                  <Button type="text" icon={<FolderOpenOutlined />} aria-label={t('moveTo')} />
                </Dropdown>
                <Tooltip title={t('delete')}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('delete')}
                    onClick={() =>
                      void act(
                        () => mailApi.remove([current.id]),
                        () => {
                          void message.success(t('deleted', { n: 1 }));
                          onClosed();
                        },
                      )
                    }
                  />
                </Tooltip>
              </Space>
            </div>
            {messages.map((s) => (
              <ThreadMessage
                key={s.id}
                summary={s}
                open={openIds.has(s.id)}
                onToggle={() =>
                  setOpenIds((ids) => {
                    const next = new Set(ids);
                    if (next.has(s.id)) next.delete(s.id);
                    else next.add(s.id);
                    return next;
                  })
                }
                actions={{ ...props, markSeen }}
              />
            ))}
          </>
        )}
      </div>
    </div>
  );
}
