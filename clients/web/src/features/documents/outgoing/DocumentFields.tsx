import { Descriptions, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import type { AgencyForest } from '../../directory/agency-tree';
import { recipientNames } from '../recipients';
import { docApi } from '../api';
import { fileSize } from '../labels';
import { RichTextView } from '../components/RichTextEditor';
import { UrgencyTag } from '../components/tags';
import { fileIcon } from './AttachmentsField';

/** 内容: the GB/T 9704 elements as drafted (read-only), then the 正文. */
export function DocumentFields({ doc, forest, nameOf }: { doc: DocumentDetail; forest: AgencyForest; nameOf(username: string | null): string }) {
  const t = useT();
  const f = doc.fields;
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const orDefault = (v: string | undefined, fallback: string) => v || <Typography.Text type="secondary">{fallback}</Typography.Text>;
  const names = (codes: string[]) => (codes.length ? recipientNames(codes, forest.byCode).join('、') : dash);

  return (
    <div data-testid="document-fields">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          {
            key: 'docNumber',
            label: t('doc.field.docNumber'),
            children: doc.docNumber ?? <Typography.Text type="secondary">{t('doc.field.docNumberLater')}</Typography.Text>,
          },
          { key: 'copyNumber', label: t('doc.field.copyNumber'), children: f.copyNumber || dash },
          { key: 'classification', label: t('doc.field.classification'), children: t(`classification.${f.classification}`) },
          { key: 'urgency', label: t('doc.field.urgency'), children: <UrgencyTag urgency={f.urgency} always /> },
          { key: 'agencyMark', label: t('doc.field.agencyMark'), children: orDefault(f.agencyMark, doc.agencyName) },
          { key: 'upward', label: t('doc.field.upward'), children: f.upward ? t('common.yes') : t('common.no') },
          {
            key: 'signer',
            label: t('doc.field.signer'),
            children:
              doc.signer ??
              (doc.approver ? <Typography.Text type="secondary">{t('doc.field.approverPending', { who: nameOf(doc.approver) })}</Typography.Text> : dash),
          },
          { key: 'reviewer', label: t('doc.field.reviewer'), children: doc.reviewer ? nameOf(doc.reviewer) : dash },
          { key: 'drafter', label: t('doc.field.drafter'), children: doc.drafterName },
          { key: 'title', label: t('doc.field.title'), span: 'filled', children: <Typography.Text strong>{f.title}</Typography.Text> },
          { key: 'main', label: t('doc.field.mainRecipients'), span: 'filled', children: names(f.mainRecipients) },
          { key: 'cc', label: t('doc.field.ccRecipients'), span: 'filled', children: names(f.ccRecipients) },
          { key: 'signatureName', label: t('doc.field.signatureName'), children: orDefault(f.signatureName, doc.agencyName) },
          {
            key: 'documentDate',
            label: t('doc.field.documentDate'),
            children: f.documentDate ? (
              dayjs(f.documentDate).format('YYYY年M月D日')
            ) : doc.issuedAt ? (
              dayjs(doc.issuedAt).format('YYYY年M月D日')
            ) : (
              <Typography.Text type="secondary">{t('doc.field.documentDateHelp')}</Typography.Text>
            ),
          },
          { key: 'printingAgency', label: t('doc.field.printingAgency'), children: orDefault(f.printingAgency, `${doc.agencyName}办公室`) },
          { key: 'note', label: t('doc.field.note'), span: 'filled', children: f.note || dash },
          {
            key: 'attachments',
            label: t('doc.field.attachments'),
            span: 'filled',
            children: doc.attachments.length ? (
              <ol className="yz-attachment-list">
                {doc.attachments.map((a) => (
                  <li key={a.id}>
                    {fileIcon(a.mediaType)}{' '}
                    <a href={docApi.attachmentUrl(doc.id, a.id)} target="_blank" rel="noopener">
                      {a.name}
                    </a>{' '}
                    <Tag bordered={false}>{fileSize(a.size)}</Tag>
                  </li>
                ))}
              </ol>
            ) : (
              dash
            ),
          },
        ]}
      />
      <div className="yz-paper">
        <div className="yz-paper-title">{f.title}</div>
        {f.mainRecipients.length > 0 && <div className="yz-paper-main">{recipientNames(f.mainRecipients, forest.byCode).join('、')}：</div>}
        <RichTextView value={f.body} />
      </div>
    </div>
  );
}
