import { useEffect, useRef, useState } from 'react';
import { Select, Tag } from 'antd';
import { BankOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { AddressSuggestion } from '@yizhan/protocol';
import { mailApi } from './mail-api';
import { useMailText } from './mail-text';

const VALID = /^[^\s@<>()",;:\\[\]]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const KIND_ICON = { person: <UserOutlined />, unit: <BankOutlined />, list: <TeamOutlined /> };

/** Recipients as tags; typing searches the directory (people, unit mailboxes, distribution lists). */
export function AddressInput({ value, onChange, testId }: { value: string[]; onChange(v: string[]): void; testId?: string }) {
  const t = useMailText();
  const [options, setOptions] = useState<AddressSuggestion[]>([]);
  const [known, setKnown] = useState<Map<string, AddressSuggestion>>(new Map());
  const timer = useRef<number | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      controller.current?.abort();
      const c = (controller.current = new AbortController());
      mailApi
        .addresses(q, c.signal)
        .then((r) => {
          setOptions(r.suggestions);
          setKnown((m) => new Map([...m, ...r.suggestions.map((s) => [s.address, s] as const)]));
        })
        .catch(() => {});
    }, 200);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <Select
      mode="tags"
      value={value}
      onChange={(v: string[]) => onChange([...new Set(v.map((x) => x.trim().replace(/^.*<([^>]+)>.*$/, '$1').toLowerCase()).filter(Boolean))])}
      onSearch={search}
      onFocus={() => options.length === 0 && search('')}
      filterOption={false}
      tokenSeparators={[',', '，', ';', '；', ' ']}
      placeholder={t('addressPlaceholder')}
      notFoundContent={null}
      data-testid={testId}
      style={{ width: '100%' }}
      options={options.map((s) => ({
        value: s.address,
        label: (
          <span>
            {KIND_ICON[s.kind]} <b>{s.name}</b> <span style={{ color: 'rgba(0,0,0,0.45)' }}>{s.address}</span>
            <span style={{ color: 'rgba(0,0,0,0.35)', marginLeft: 6, fontSize: 12 }}>{s.detail}</span>
          </span>
        ),
      }))}
      tagRender={({ value: v, closable, onClose }) => {
        const s = known.get(String(v));
        const ok = VALID.test(String(v));
        return (
          <Tag color={ok ? (s?.kind === 'list' ? 'purple' : 'blue') : 'red'} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }} title={String(v)}>
            {s ? `${s.name}` : String(v)}
          </Tag>
        );
      }}
    />
  );
}
