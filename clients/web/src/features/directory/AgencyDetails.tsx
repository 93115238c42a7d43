import { Card, Descriptions, Tag, Typography } from 'antd';
import type { Agency } from '@yizhan/protocol';
import { useT } from '../../app/i18n';
import { CopyableMail } from '../../app/components/CopyableMail';
import { AGENCY_KIND_KEYS } from './agency-labels';

export function AgencyDetails({ agency, parent }: { agency: Agency; parent?: Agency }) {
  const t = useT();
  return (
    <Card
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {agency.name}
          <Tag color="blue" style={{ marginInlineStart: 8, verticalAlign: 'middle' }}>
            {t(AGENCY_KIND_KEYS[agency.kind])}
          </Tag>
        </span>
      }
      size="small"
      style={{ marginBottom: 16 }}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 3 }}
        items={[
          { key: 'name', label: t('directory.agency.name'), children: agency.name },
          { key: 'short', label: t('directory.agency.shortName'), children: agency.shortName },
          {
            key: 'prefix',
            label: t('directory.agency.docPrefix'),
            children: agency.docPrefix ? (
              <span>
                {agency.docPrefix}
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  {t('directory.agency.docPrefixExample', { example: `${agency.docPrefix}〔${new Date().getFullYear()}〕1号` })}
                </Typography.Text>
              </span>
            ) : (
              '—'
            ),
          },
          { key: 'mail', label: t('directory.agency.mail'), children: <CopyableMail address={agency.mailAddress} /> },
          { key: 'parent', label: t('directory.agency.parent'), children: parent?.name ?? '—' },
          { key: 'code', label: t('directory.agency.code'), children: <span className="yz-mono">{agency.code}</span> },
        ]}
      />
    </Card>
  );
}
