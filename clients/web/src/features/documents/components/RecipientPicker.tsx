import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Empty, Input, Modal, Space, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { ApartmentOutlined, CloseCircleOutlined, SearchOutlined } from '@ant-design/icons';
import type { Agency } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import type { MessageKey } from '../../../app/i18n/translate';
import { filterAgencyTree, type AgencyForest, type AgencyNode } from '../../directory/agency-tree';
import { isSelectable, presetCodes, presetsFor, presetState, togglePreset, type RecipientPreset } from '../recipients';
import { buttonTestId } from './test-id';

const PRESET_KEYS: Record<RecipientPreset, MessageKey> = {
  'city-departments': 'recipients.preset.city-departments',
  'county-governments': 'recipients.preset.county-governments',
  'county-departments': 'recipients.preset.county-departments',
  'own-county-departments': 'recipients.preset.own-county-departments',
};

export interface RecipientDirectory {
  forest: AgencyForest;
  agencies: Agency[];
  loading: boolean;
}

interface Props {
  value?: string[];
  onChange?(codes: string[]): void;
  directory: RecipientDirectory;
  ownCode: string;
  /** Codes already chosen in the other list (主送 vs 抄送): shown but not checkable. */
  blocked?: string[];
  blockedHint?: string;
  title: string;
  testId: string;
  id?: string;
}

function mark(text: string, query: string): ReactNode {
  const q = query.trim();
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark className="yz-mark">{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

/** The checkable directory tree with quick selections and search, in a dialog. */
function PickerDialog({
  open,
  initial,
  directory,
  ownCode,
  blocked,
  blockedHint,
  title,
  onCancel,
  onOk,
}: {
  open: boolean;
  initial: string[];
  directory: RecipientDirectory;
  ownCode: string;
  blocked: string[];
  blockedHint?: string;
  title: string;
  onCancel(): void;
  onOk(codes: string[]): void;
}) {
  const t = useT();
  const [picked, setPicked] = useState<string[]>(initial);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  useEffect(() => {
    if (open) {
      setPicked(initial);
      setQuery('');
    }
    // Reset each time the dialog opens, with what the field holds then.
  }, [open]);

  const { forest, agencies } = directory;
  const rootCodes = forest.roots.map((r) => r.agency.code).join(',');
  useEffect(() => {
    // The city and its four bodies open; counties stay closed until asked.
    const firstLevel = forest.roots.flatMap((r) => [r.agency.code, ...r.children.filter((c) => c.agency.kind === 'body').map((c) => c.agency.code)]);
    setExpanded(firstLevel);
  }, [rootCodes]);

  const filtered = useMemo(() => filterAgencyTree(forest.roots, query), [forest, query]);
  const blockedSet = useMemo(() => new Set(blocked), [blocked]);
  const toTree = (nodes: AgencyNode[]): TreeDataNode[] =>
    nodes.map((n) => {
      const selectable = isSelectable(n.agency, ownCode);
      const isBlocked = blockedSet.has(n.agency.code);
      return {
        key: n.agency.code,
        title: (
          <span title={n.agency.name}>
            {mark(n.agency.name, query)}
            {isBlocked && blockedHint && <span className="yz-tree-title-short">{blockedHint}</span>}
            {n.agency.code === ownCode && <span className="yz-tree-title-short">{t('recipients.own')}</span>}
          </span>
        ),
        disableCheckbox: !selectable || isBlocked,
        children: n.children.length ? toTree(n.children) : undefined,
      };
    });
  const treeData = useMemo(() => toTree(filtered.roots), [filtered, query, blockedSet, ownCode, t]);
  const presets = useMemo(
    () => presetsFor(agencies, ownCode).map((p) => ({ preset: p, codes: presetCodes(agencies, p, ownCode).filter((c) => !blockedSet.has(c)) })),
    [agencies, ownCode, blockedSet],
  );
  const searching = query.trim().length > 0;

  const toggle = (code: string) => {
    const agency = forest.byCode.get(code)?.agency;
    if (!agency || !isSelectable(agency, ownCode) || blockedSet.has(code)) return;
    setPicked((p) => (p.includes(code) ? p.filter((c) => c !== code) : [...p, code]));
  };

  return (
    <Modal
      open={open}
      title={title}
      width={880}
      onCancel={onCancel}
      onOk={() => onOk(picked)}
      okText={t('recipients.confirm', { n: picked.length })}
      okButtonProps={buttonTestId('recipients-ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      styles={{ body: { paddingTop: 4 } }}
    >
      <div className="yz-picker" data-testid="recipient-picker">
        <div className="yz-picker-presets">
          {presets.map(({ preset, codes }) => {
            const state = presetState(picked, codes);
            return (
              <Button
                key={preset}
                size="small"
                type={state === 'all' ? 'primary' : 'default'}
                disabled={codes.length === 0}
                onClick={() => setPicked((p) => togglePreset(p, codes, blocked))}
                data-testid={`preset-${preset}`}
              >
                {t(PRESET_KEYS[preset])}
                <span className="yz-picker-count">{state === 'some' ? `${codes.filter((c) => picked.includes(c)).length}/${codes.length}` : codes.length}</span>
              </Button>
            );
          })}
        </div>
        <div className="yz-picker-body">
          <div className="yz-picker-tree">
            <Input
              allowClear
              prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
              placeholder={t('recipients.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              style={{ marginBottom: 8 }}
              data-testid="recipient-search"
            />
            {searching && treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('directory.noAgencyMatch')} />
            ) : (
              <Tree
                checkable
                checkStrictly
                blockNode
                height={360}
                itemHeight={28}
                treeData={treeData}
                checkedKeys={{ checked: picked, halfChecked: [] }}
                selectedKeys={[]}
                expandedKeys={searching ? [...new Set([...filtered.expand, ...expanded])] : expanded}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onCheck={(_, info) => toggle(String(info.node.key))}
                onSelect={(_, info) => toggle(String(info.node.key))}
              />
            )}
          </div>
          <div className="yz-picker-chosen">
            <div className="yz-picker-chosen-head">
              <Typography.Text strong>{t('recipients.chosen', { n: picked.length })}</Typography.Text>
              <Button size="small" type="link" disabled={picked.length === 0} onClick={() => setPicked([])}>
                {t('recipients.clear')}
              </Button>
            </div>
            <div className="yz-picker-chosen-list" data-testid="recipients-chosen">
              {picked.length === 0 ? (
                <Typography.Text type="secondary">{t('recipients.none')}</Typography.Text>
              ) : (
                picked.map((code) => (
                  <Tag key={code} closable onClose={() => setPicked((p) => p.filter((c) => c !== code))} className="yz-picker-tag">
                    {forest.byCode.get(code)?.agency.name ?? code}
                  </Tag>
                ))
              )}
            </div>
          </div>
        </div>
      </div>
    </Modal>
  );
}

/** 主送机关 / 抄送机关 field: the chosen agencies as tags, and the tree dialog to choose them. */
export function RecipientPicker({ value = [], onChange, directory, ownCode, blocked = [], blockedHint, title, testId, id }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const SHOWN = 24;
  return (
    <div className="yz-recipients" data-testid={testId} id={id}>
      <div className="yz-recipients-tags">
        {value.length === 0 && <Typography.Text type="secondary">{t('recipients.none')}</Typography.Text>}
        {value.slice(0, SHOWN).map((code) => (
          <Tag key={code} closable onClose={() => onChange?.(value.filter((c) => c !== code))} className="yz-picker-tag">
            {directory.forest.byCode.get(code)?.agency.name ?? code}
          </Tag>
        ))}
        {value.length > SHOWN && <Tag>{t('recipients.more', { n: value.length - SHOWN })}</Tag>}
      </div>
      <Space size={4}>
        <Button
          size="small"
          icon={<ApartmentOutlined />}
          onClick={() => setOpen(true)}
          loading={directory.loading && directory.agencies.length === 0}
          data-testid={`${testId}-open`}
        >
          {t('recipients.choose')}
        </Button>
        {value.length > 0 && (
          <Button size="small" type="text" icon={<CloseCircleOutlined />} onClick={() => onChange?.([])}>
            {t('recipients.clear')}
          </Button>
        )}
      </Space>
      <PickerDialog
        open={open}
        initial={value}
        directory={directory}
        ownCode={ownCode}
        blocked={blocked}
        blockedHint={blockedHint}
        title={title}
        onCancel={() => setOpen(false)}
        onOk={(codes) => {
          onChange?.(codes);
          setOpen(false);
        }}
      />
    </div>
  );
}
