import { useEffect, useState } from 'react';
import { Card, Input, Segmented, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useT } from '../../app/i18n';
import { useCurrentUser } from '../../app/auth/AuthProvider';
import { useApi } from '../../app/hooks/useApi';
import { useDebounced } from '../../app/hooks/useDebounced';
import { useViewportHeight } from '../../app/hooks/useViewportHeight';
import { LoadError } from '../../app/components/LoadError';
import { AgencyTree } from './AgencyTree';
import { AgencyDetails } from './AgencyDetails';
import { PeopleTable } from './PeopleTable';
import { fetchPeople } from './directory-api';
import { useAgencies } from './useAgencies';

type Scope = 'city' | 'agency';

/** 通讯录: the agency tree, an agency's details and people, and a people search across the city. */
export default function DirectoryPage() {
  const t = useT();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const agencies = useAgencies();
  const viewport = useViewportHeight();

  const selected = params.get('agency') ?? user.agencyCode;
  const scope: Scope = params.get('scope') === 'agency' ? 'agency' : 'city';
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const searching = q.length > 0;
  const agencyFilter = searching && scope === 'city' ? undefined : selected;

  useEffect(() => {
    setPage(1);
  }, [q, scope, selected]);
  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const people = useApi(
    (signal) => fetchPeople({ agency: agencyFilter, q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [agencyFilter, q, page, pageSize],
  );

  const update = (changes: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      return next;
    });

  const agency = agencies.forest.byCode.get(selected)?.agency;
  const parent = agency?.parentCode ? agencies.forest.byCode.get(agency.parentCode)?.agency : undefined;
  // Header 56 + page padding + card chrome + search box.
  const treeHeight = Math.max(240, viewport - 56 - 40 - 48 - 48 - 24);

  return (
    <div data-testid="directory" className="yz-split">
      <Card className="yz-split-side" size="small" title={t('directory.agencies')} styles={{ body: { padding: 12 } }}>
        {agencies.error && <LoadError error={agencies.error} onRetry={agencies.reload} />}
        <AgencyTree
          forest={agencies.forest}
          loading={agencies.loading}
          selected={selected}
          height={treeHeight}
          onSelect={(code) => update({ agency: code, scope: searching ? 'agency' : null })}
        />
      </Card>
      <div className="yz-split-main">
        {agency && <AgencyDetails agency={agency} parent={parent} />}
        <Card
          size="small"
          title={searching && scope === 'city' ? t('directory.searchResults', { q }) : `${t('directory.people')}${agency ? ` · ${agency.shortName}` : ''}`}
          extra={
            <Space wrap size={8} style={{ padding: '6px 0' }}>
              <Input
                allowClear
                prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
                placeholder={t('directory.searchPeople')}
                value={text}
                onChange={(e) => setText(e.target.value)}
                style={{ width: 240 }}
                aria-label={t('directory.searchPeople')}
              />
              {searching && (
                <Segmented<Scope>
                  value={scope}
                  onChange={(v) => update({ scope: v === 'agency' ? 'agency' : null })}
                  options={[
                    { label: t('directory.scopeCity'), value: 'city' },
                    { label: t('directory.scopeAgency'), value: 'agency' },
                  ]}
                />
              )}
            </Space>
          }
        >
          {people.error && <LoadError error={people.error} onRetry={people.reload} />}
          <PeopleTable
            people={people.data?.users ?? []}
            total={people.data?.total ?? 0}
            loading={people.loading}
            page={page}
            pageSize={pageSize}
            showAgency={searching && scope === 'city'}
            emptyText={searching ? t('directory.noPeopleMatch') : t('directory.noPeople')}
            onPageChange={(p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            }}
          />
        </Card>
      </div>
    </div>
  );
}
