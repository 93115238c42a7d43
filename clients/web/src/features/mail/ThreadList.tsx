import { useEffect, useMemo, useState } from 'react';
import { App, Alert, Button, Checkbox, Dropdown, Empty, Input, Spin, Tooltip } from 'antd';
import { DeleteOutlined, FlagFilled, FlagOutlined, FolderOpenOutlined, MailOutlined, PaperClipOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Folder, Mailbox, MessageSummary, ThreadSummary } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { useReportError } from '../../app/hooks/useReportError';
import { LoadError } from '../../app/components/LoadError';
import { mailApi } from './mail-api';
import { displayName } from './format';
import { folderLabel } from './FolderPane';
import { useMailText } from './mail-text';

const PAGE = 50;

type Row = (ThreadSummary | MessageSummary) & { count?: number; unreadCount?: number; participants?: string[] };

interface Props {
  mailbox: Mailbox;
  folder: Folder;
  query: string;
  selectedId: string | null;
  reloadKey: number;
  onOpen(entryId: string): void;
  onSearch(q: string): void;
  onChanged(): void;
}

function shortTime(iso: string): string {
  const d = dayjs(iso);
  if (d.isSame(dayjs(), 'day')) return d.format('HH:mm');
  if (d.isSame(dayjs(), 'year')) return d.format('M月D日');
  return d.format('YYYY-MM-DD');
}

/** The middle column: search box, bulk actions, and the folder's conversations (or the search hits). */
export function ThreadList({ mailbox, folder, query, selectedId, reloadKey, onOpen, onSearch, onChanged }: Props) {
  const t = useMailText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [limit, setLimit] = useState(PAGE);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    setLimit(PAGE);
    setChecked(new Set());
  }, [mailbox.id, folder.id, query]);

  const list = useApi(
    async (signal) => {
      if (query) {
        const r = await mailApi.search(mailbox.id, query, signal);
        return { rows: r.messages as Row[], total: r.messages.length, search: r };
      }
      const r = await mailApi.threads(mailbox.id, folder.id, 0, limit, signal);
      return { rows: r.threads as Row[], total: r.total, search: null };
    },
    [mailbox.id, folder.id, query, limit, reloadKey],
  );
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const ids = [...checked].filter((id) => rows.some((r) => r.id === id));
  const inTrash = folder.role === 'trash' && !query;

  const act = async (fn: () => Promise<{ changed: number }>, done?: (n: number) => string) => {
    try {
      const r = await fn();
      if (done) void message.success(done(r.changed));
      setChecked(new Set());
      list.reload();
      onChanged();
    } catch (e) {
      reportError(e);
    }
  };
  const moveTargets = mailbox.folders.filter((f) => f.role !== 'drafts' && f.id !== folder.id);

  return (
    <div className="yz-mail-list" data-testid="mail-list">
      <div className="yz-mail-list-head">
        <Input.Search
          allowClear
          placeholder={t('searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) onSearch('');
          }}
          onSearch={(v) => onSearch(v.trim())}
          data-testid="mail-search"
        />
        <div className="yz-mail-toolbar">
          <Checkbox
            aria-label={t('selectAll')}
            checked={rows.length > 0 && ids.length === rows.length}
            indeterminate={ids.length > 0 && ids.length < rows.length}
            onChange={(e) => setChecked(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
          />
          <Tooltip title={t('markRead')}>
            <Button size="small" type="text" icon={<MailOutlined />} disabled={!ids.length} onClick={() => void act(() => mailApi.setFlags(ids, { seen: true }))} aria-label={t('markRead')} />
          </Tooltip>
          <Tooltip title={t('markUnread')}>
            <Button size="small" type="text" icon={<RollbackOutlined />} disabled={!ids.length} onClick={() => void act(() => mailApi.setFlags(ids, { seen: false }))} aria-label={t('markUnread')} />
          </Tooltip>
          <Tooltip title={t('flag')}>
            <Button size="small" type="text" icon={<FlagOutlined />} disabled={!ids.length} onClick={() => void act(() => mailApi.setFlags(ids, { flagged: true }))} aria-label={t('flag')} />
          </Tooltip>
          <Dropdown
            disabled={!ids.length}
            trigger={['click']}
            menu={{ items: moveTargets.map((f) => ({ key: f.id, label: folderLabel(f, t) })), onClick: ({ key }) => void act(() => mailApi.move(ids, key), (n) => t('moved', { n })) }}
          >
            <Button size="small" type="text" icon={<FolderOpenOutlined />} disabled={!ids.length}>
              {t('moveTo')}
            </Button>
          </Dropdown>
          <Tooltip title={inTrash ? t('deleteForever') : t('delete')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={!ids.length} onClick={() => void act(() => mailApi.remove(ids), (n) => t('deleted', { n }))} aria-label={t('delete')} data-testid="mail-delete" />
          </Tooltip>
          <div style={{ flex: 1 }} />
          <Tooltip title={t('refresh')}>
            <Button size="small" type="text" icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('refresh')} loading={list.loading && !!list.data} />
          </Tooltip>
        </div>
      </div>
      <div className="yz-mail-list-scroll" data-testid="thread-list">
        {list.error && <LoadError error={list.error} onRetry={list.reload} />}
        {list.data?.search && (
          <Alert
            type="info"
            style={{ margin: 8 }}
            title={t('searchResults', { q: query, n: list.data.search.messages.length, ms: list.data.search.tookMs })}
            description={list.data.search.pendingIndex > 0 ? t('searchPending', { n: list.data.search.pendingIndex }) : undefined}
            action={
              <Button size="small" onClick={() => onSearch('')}>
                {t('clearSearch')}
              </Button>
            }
          />
        )}
        {list.loading && !list.data && <Spin style={{ display: 'block', margin: 32 }} />}
        {list.data && rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noMail')} style={{ marginTop: 48 }} />}
        {rows.map((r) => {
          const unread = r.unreadCount !== undefined ? r.unreadCount > 0 : !r.seen;
          const who = folder.role === 'sent' && !query ? r.to.map(displayName).join('、') : (r.participants?.join('、') ?? displayName(r.from));
          return (
            <div
              key={r.id}
              className={`yz-mail-row${unread ? ' unread' : ''}${r.id === selectedId ? ' selected' : ''}`}
              onClick={() => onOpen(r.id)}
              data-testid="mail-row"
              role="button"
            >
              <Checkbox
                checked={checked.has(r.id)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) =>
                  setChecked((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(r.id);
                    else next.delete(r.id);
                    return next;
                  })
                }
              />
              <span className="yz-mail-dot" />
              <div className="yz-mail-row-main">
                <div className="yz-mail-row-line">
                  <span className="yz-mail-row-from">{who || '—'}</span>
                  {(r.count ?? 1) > 1 && <span className="yz-mail-row-time">{t('threadCount', { n: r.count! })}</span>}
                  {r.hasAttachments && <PaperClipOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />}
                  {r.flagged && <FlagFilled style={{ color: '#d4380d' }} />}
                  <span className="yz-mail-row-time">{shortTime(r.receivedAt)}</span>
                </div>
                <div className="yz-mail-row-subject">{r.subject || t('noSubject')}</div>
                <div className="yz-mail-row-snippet">{r.snippet}</div>
              </div>
            </div>
          );
        })}
        {!query && list.data && list.data.total > rows.length && (
          <div style={{ textAlign: 'center', padding: 12 }}>
            <Button onClick={() => setLimit((l) => l + PAGE)} loading={list.loading}>
              {t('loadMore')}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
