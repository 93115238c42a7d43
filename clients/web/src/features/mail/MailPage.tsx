import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Spin } from 'antd';
import { useSearchParams } from 'react-router';
import type { Draft, MessageDetail } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { LoadError } from '../../app/components/LoadError';
import { useTodosChanged } from '../../app/realtime/RealtimeProvider';
import { mailApi } from './mail-api';
import { FolderPane } from './FolderPane';
import { ThreadList } from './ThreadList';
import { ReadingPane } from './ReadingPane';
import { DraftList } from './DraftList';
import { ComposeDrawer, type ComposeInit } from './ComposeDrawer';
import { displayName, forwardSubject, joinAddresses, quotedBody, replyRecipients, replySubject } from './format';
import { useMailText } from './mail-text';
import './mail.css';

/** 政务邮件: folders | conversations | reading pane, with compose in a drawer. State lives in the URL. */
export default function MailPage() {
  const t = useMailText();
  const [params, setParams] = useSearchParams();
  const [reloadKey, setReloadKey] = useState(0);
  const boxes = useApi((signal) => mailApi.mailboxes(signal), [reloadKey]);
  const [compose, setCompose] = useState<ComposeInit | null>(null);
  const composeKey = useRef(0);

  const mailboxes = useMemo(() => boxes.data?.mailboxes ?? [], [boxes.data]);
  const entryId = params.get('entry');
  const query = params.get('q') ?? '';
  const mailbox = mailboxes.find((m) => m.id === params.get('mb')) ?? mailboxes[0];
  const folder = mailbox?.folders.find((f) => f.id === params.get('f')) ?? mailbox?.folders.find((f) => f.role === 'inbox');

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: false },
      ),
    [setParams],
  );

  // A link to one message (from a notification or the workspace) opens its mailbox and folder.
  useEffect(() => {
    if (!entryId || params.get('f') || mailboxes.length === 0) return;
    const controller = new AbortController();
    mailApi
      .message(entryId, false, controller.signal)
      .then((m) => update({ mb: m.mailboxId, f: m.folderId }))
      .catch(() => {});
    return () => controller.abort();
  }, [entryId, mailboxes.length]);

  const changed = useCallback(() => setReloadKey((k) => k + 1), []);
  // New mail (pushed by the server) refreshes counts and the open list.
  useTodosChanged((source) => {
    if (source === 'mail') changed();
  });

  const open = (init: Omit<ComposeInit, 'key'>) => setCompose({ ...init, key: ++composeKey.current });
  const myAddresses = mailboxes.map((m) => m.address);
  const empty = { to: [], cc: [], bcc: [], subject: '', html: '', attachments: [] };

  const reply = (m: MessageDetail, all: boolean) => {
    const r = replyRecipients(m, myAddresses, all);
    const own = mailboxes.find((b) => b.id === m.mailboxId);
    open({
      ...empty,
      fromMailboxId: own?.canSend ? own.id : undefined,
      to: r.to,
      cc: r.cc,
      subject: replySubject(m.subject),
      html: quotedBody(m, t('wrote', { date: new Date(m.receivedAt).toLocaleString('zh-CN'), name: displayName(m.from) })),
      inReplyTo: m.id,
    });
  };
  const forward = (m: MessageDetail) => {
    const files = m.attachments.filter((a) => !a.inline);
    const header = `${t('forwarded')}\n${t('from')}：${joinAddresses([m.from])}\n${t('subject')}：${m.subject}`;
    open({
      ...empty,
      subject: forwardSubject(m.subject),
      html: quotedBody(m, header),
      forwardAttachmentsOf: files.length ? m.id : undefined,
      forwardedFiles: files.map((a) => ({ filename: a.filename, size: a.size })),
    });
  };
  const openDraft = (d: Draft) =>
    open({ draftId: d.id, fromMailboxId: d.fromMailboxId, to: d.to, cc: d.cc, bcc: d.bcc, subject: d.subject, html: d.html, attachments: d.attachmentInfo, inReplyTo: d.inReplyTo, forwardAttachmentsOf: d.forwardAttachmentsOf });

  if (boxes.error) return <LoadError error={boxes.error} onRetry={boxes.reload} />;
  if (!mailbox || !folder) return <Spin style={{ display: 'block', margin: 64 }} />;

  return (
    <div className="yz-mail" data-testid="mail-page">
      <FolderPane
        mailboxes={mailboxes}
        mailboxId={mailbox.id}
        folderId={folder.id}
        onSelect={(mb, f) => update({ mb, f, entry: null, q: null })}
        onCompose={() => open(empty)}
        onChanged={changed}
      />
      {folder.role === 'drafts' && !query ? (
        <DraftList mailbox={mailbox} reloadKey={reloadKey} onOpen={openDraft} onChanged={changed} />
      ) : (
        <ThreadList
          mailbox={mailbox}
          folder={folder}
          query={query}
          selectedId={entryId}
          reloadKey={reloadKey}
          onOpen={(id) => update({ entry: id })}
          onSearch={(q) => update({ q: q || null, entry: null })}
          onChanged={changed}
        />
      )}
      <ReadingPane
        entryId={entryId}
        mailbox={mailbox}
        reloadKey={reloadKey}
        onReply={reply}
        onForward={forward}
        onClosed={() => update({ entry: null })}
        onChanged={changed}
      />
      <ComposeDrawer
        init={compose}
        mailboxes={mailboxes}
        onClose={() => {
          setCompose(null);
          changed();
        }}
        onSent={() => {
          setCompose(null);
          changed();
        }}
      />
    </div>
  );
}
