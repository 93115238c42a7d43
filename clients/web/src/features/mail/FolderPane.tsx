import { useState } from 'react';
import { App, Button, Dropdown, Input, Modal, Progress, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, FileTextOutlined, FolderOutlined, InboxOutlined, MoreOutlined, PlusOutlined, SendOutlined, BankOutlined, ContainerOutlined } from '@ant-design/icons';
import type { Folder, FolderRole, Mailbox } from '@yizhan/protocol';
import { useReportError } from '../../app/hooks/useReportError';
import { mailApi } from './mail-api';
import { formatBytes } from './format';
import { useMailText, type MailText } from './mail-text';

const ROLE_ICONS: Record<FolderRole, React.ReactNode> = {
  inbox: <InboxOutlined />,
  sent: <SendOutlined />,
  drafts: <FileTextOutlined />,
  trash: <DeleteOutlined />,
  archive: <ContainerOutlined />,
};

export function folderLabel(f: Pick<Folder, 'role' | 'name'>, t: MailText): string {
  return f.role ? t(f.role) : f.name;
}

interface Props {
  mailboxes: Mailbox[];
  mailboxId: string | undefined;
  folderId: string | undefined;
  onSelect(mailboxId: string, folderId: string): void;
  onCompose(): void;
  onChanged(): void;
}

/** The folder column: 写邮件, each readable mailbox with its folders and unread counts, the quota. */
export function FolderPane({ mailboxes, mailboxId, folderId, onSelect, onCompose, onChanged }: Props) {
  const t = useMailText();
  const { modal } = App.useApp();
  const reportError = useReportError();
  const [naming, setNaming] = useState<{ mailboxId: string; folder?: Folder } | null>(null);
  const [name, setName] = useState('');
  const own = mailboxes.find((m) => m.kind === 'user') ?? mailboxes[0];

  const saveName = async () => {
    if (!naming || !name.trim()) return;
    try {
      if (naming.folder) await mailApi.renameFolder(naming.folder.id, name.trim());
      else {
        const created = await mailApi.createFolder(naming.mailboxId, name.trim());
        onSelect(naming.mailboxId, created.id);
      }
      setNaming(null);
      onChanged();
    } catch (e) {
      reportError(e);
    }
  };

  const removeFolder = (mb: Mailbox, f: Folder) =>
    modal.confirm({
      title: t('deleteFolderConfirm', { name: f.name }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await mailApi.deleteFolder(f.id);
          if (folderId === f.id) onSelect(mb.id, mb.folders.find((x) => x.role === 'inbox')!.id);
          onChanged();
        } catch (e) {
          reportError(e);
        }
      },
    });

  return (
    <div className="yz-mail-folders" data-testid="mail-folders">
      <Button type="primary" icon={<EditOutlined />} className="yz-mail-compose-btn" onClick={onCompose} data-testid="mail-compose">
        {t('compose')}
      </Button>
      <div className="yz-mail-folders-scroll">
        {mailboxes.map((mb) => (
          <div key={mb.id}>
            <div className="yz-mail-box-title" title={mb.address}>
              {mb.kind === 'shared' ? <BankOutlined /> : null}
              <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}>{`${mb.kind === 'shared' ? t('unitMailbox') : t('personalMailbox')} · ${mb.displayName}`}</span>
              <Tooltip title={t('newFolder')}>
                <Button
                  size="small"
                  type="text"
                  icon={<PlusOutlined />}
                  aria-label={t('newFolder')}
                  onClick={() => {
                    setName('');
                    setNaming({ mailboxId: mb.id });
                  }}
                />
              </Tooltip>
            </div>
            {mb.folders.map((f) => (
              <div key={f.id} style={{ display: 'flex', alignItems: 'center' }}>
                <button
                  type="button"
                  className={`yz-mail-folder${mb.id === mailboxId && f.id === folderId ? ' active' : ''}`}
                  onClick={() => onSelect(mb.id, f.id)}
                  data-testid={`folder-${mb.kind}-${f.role ?? f.name}`}
                >
                  {f.role ? ROLE_ICONS[f.role] : <FolderOutlined />}
                  <span className="yz-mail-folder-name">{folderLabel(f, t)}</span>
                  {f.role === 'drafts' ? f.total > 0 && <span className="yz-mail-folder-count" style={{ color: 'rgba(0,0,0,0.45)' }}>{f.total}</span> : f.unread > 0 && <span className="yz-mail-folder-count">{f.unread}</span>}
                </button>
                {!f.role && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'rename', label: t('renameFolder'), icon: <EditOutlined /> },
                        { key: 'delete', label: t('deleteFolder'), icon: <DeleteOutlined />, danger: true },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'rename') {
                          setName(f.name);
                          setNaming({ mailboxId: mb.id, folder: f });
                        } else removeFolder(mb, f);
                      },
                    }}
                  >
                    <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('renameFolder')} />
                  </Dropdown>
                )}
              </div>
            ))}
          </div>
        ))}
      </div>
      {own && (
        <div className="yz-mail-quota" data-testid="mail-quota">
          <Progress percent={Math.min(100, Math.round((own.quota.usedBytes / own.quota.limitBytes) * 1000) / 10)} size="small" showInfo={false} status={own.quota.usedBytes / own.quota.limitBytes > 0.9 ? 'exception' : 'normal'} />
          {t('quota', { used: formatBytes(own.quota.usedBytes), limit: formatBytes(own.quota.limitBytes) })}
        </div>
      )}
      <Modal
        open={!!naming}
        title={naming?.folder ? t('renameFolder') : t('newFolder')}
        onCancel={() => setNaming(null)}
        onOk={() => void saveName()}
        okButtonProps={{ disabled: !name.trim() }}
        destroyOnHidden
      >
        <Input autoFocus maxLength={40} placeholder={t('folderName')} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => void saveName()} />
      </Modal>
    </div>
  );
}
