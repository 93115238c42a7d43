import { Table, Typography, type TableColumnsType } from 'antd';
import type { Person } from '@yizhan/protocol';
import { useT } from '../../app/i18n';
import { RoleTags } from '../../app/components/RoleTags';
import { CopyableMail } from '../../app/components/CopyableMail';

interface Props {
  people: Person[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  showAgency: boolean;
  emptyText: string;
  onPageChange(page: number, pageSize: number): void;
}

export function PeopleTable({ people, total, loading, page, pageSize, showAgency, emptyText, onPageChange }: Props) {
  const t = useT();
  const columns: TableColumnsType<Person> = [
    {
      key: 'name',
      title: t('directory.col.name'),
      width: 130,
      render: (_, p) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong>{p.name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" className="yz-mono">
              {p.username}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { key: 'title', dataIndex: 'title', title: t('directory.col.title'), width: 140, render: (v: string) => v || '—' },
    ...(showAgency ? [{ key: 'agency', dataIndex: 'agencyName', title: t('directory.col.agency'), width: 180 }] : []),
    { key: 'roles', title: t('directory.col.roles'), width: 180, render: (_, p) => <RoleTags roles={p.roles} /> },
    { key: 'mail', title: t('directory.col.mail'), render: (_, p) => <CopyableMail address={p.mailAddress} /> },
  ];
  return (
    <Table<Person>
      data-testid="people-table"
      rowKey="username"
      size="middle"
      columns={columns}
      dataSource={people}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (n) => t('common.total', { total: n }),
        onChange: onPageChange,
        hideOnSinglePage: false,
      }}
    />
  );
}
