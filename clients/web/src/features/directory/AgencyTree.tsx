import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Empty, Input, Spin, Tree, type GetRef, type TreeDataNode } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useT } from '../../app/i18n';
import { ancestorCodes, filterAgencyTree, type AgencyForest, type AgencyNode } from './agency-tree';

interface Props {
  forest: AgencyForest;
  loading?: boolean;
  selected?: string;
  onSelect(code: string): void;
  /** Pixel height of the scrolling tree (the list is virtualised). */
  height: number;
}

function Highlight({ text, query }: { text: string; query: string }): ReactNode {
  const q = query.trim();
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark style={{ padding: 0, background: '#ffe58f' }}>{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

function toTreeData(nodes: AgencyNode[], query: string): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.agency.code,
    title: (
      <span title={n.agency.name}>
        <Highlight text={n.agency.name} query={query} />
      </span>
    ),
    children: n.children.length ? toTreeData(n.children, query) : undefined,
  }));
}

/** The city's agencies as a tree, with a search box that narrows it to the matches. */
export function AgencyTree({ forest, loading, selected, onSelect, height }: Props) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<string[]>([]);
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const scrolledTo = useRef<string | null>(null);

  // Open the root and the way down to the selected agency once the tree is there.
  // Keyed on the root codes (not the forest object) so a reload does not collapse what the user opened;
  // `selectedKnown` re-runs it when a just-created agency arrives with the reloaded list.
  const rootCodes = forest.roots.map((r) => r.agency.code).join(',');
  const selectedKnown = !!selected && forest.byCode.has(selected);
  useEffect(() => {
    if (!rootCodes) return;
    const path = selected ? ancestorCodes(forest, selected) : [];
    setExpanded((prev) => [...new Set([...prev, ...rootCodes.split(','), ...path])]);
  }, [rootCodes, selected, selectedKnown]);

  // Bring the initially selected agency into view once (not on every click: the user is looking there).
  useEffect(() => {
    if (!rootCodes || !selected || scrolledTo.current !== null) return;
    scrolledTo.current = selected;
    const timer = setTimeout(() => treeRef.current?.scrollTo({ key: selected, align: 'top', offset: 64 }), 50);
    return () => clearTimeout(timer);
  }, [rootCodes, selected]);

  const filtered = useMemo(() => filterAgencyTree(forest.roots, query), [forest, query]);
  const treeData = useMemo(() => toTreeData(filtered.roots, query), [filtered, query]);
  const searching = query.trim().length > 0;

  return (
    <div data-testid="agency-tree">
      <Input
        allowClear
        prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
        placeholder={t('directory.searchAgency')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <Spin spinning={!!loading && forest.roots.length === 0}>
        {searching && treeData.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('directory.noAgencyMatch')} />
        ) : (
          <Tree
            ref={treeRef}
            treeData={treeData}
            height={height}
            itemHeight={32}
            blockNode
            showLine={{ showLeafIcon: false }}
            selectedKeys={selected ? [selected] : []}
            expandedKeys={searching ? [...new Set([...filtered.expand, ...expanded])] : expanded}
            onExpand={(keys) => setExpanded(keys.map(String))}
            onSelect={(keys, info) => {
              const code = String(info.node.key);
              if (keys.length === 0 && code === selected) return; // clicking the selected node again keeps it
              onSelect(code);
            }}
            style={{ minHeight: 120 }}
          />
        )}
      </Spin>
    </div>
  );
}
