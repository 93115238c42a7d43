import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { AgencyForest, AgencyNode } from '../directory/agency-tree';

interface Option {
  value: string;
  title: string;
  children?: Option[];
}

function toOptions(nodes: AgencyNode[]): Option[] {
  return nodes.map((n) => ({
    value: n.agency.code,
    title: n.agency.name,
    children: n.children.length ? toOptions(n.children) : undefined,
  }));
}

interface Props {
  forest: AgencyForest;
  value?: string;
  onChange?(value: string | undefined): void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

/** Pick one agency from the tree, searchable by name. */
export function AgencySelect({ forest, value, onChange, placeholder, allowClear, style, id }: Props) {
  const treeData = useMemo(() => toOptions(forest.roots), [forest]);
  const rootCodes = useMemo(() => forest.roots.map((r) => r.agency.code), [forest]);
  return (
    <TreeSelect<string>
      id={id}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      treeDefaultExpandedKeys={rootCodes}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 280 } } }}
      style={style}
      listHeight={360}
    />
  );
}
