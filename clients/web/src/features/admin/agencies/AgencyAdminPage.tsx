import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Modal, Space, Typography } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { Agency } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useReportError } from '../../../app/hooks/useReportError';
import { useViewportHeight } from '../../../app/hooks/useViewportHeight';
import { LoadError } from '../../../app/components/LoadError';
import { CopyableMail } from '../../../app/components/CopyableMail';
import { AgencyTree } from '../../directory/AgencyTree';
import { useAgencies } from '../../directory/useAgencies';
import { AGENCY_KIND_KEYS } from '../../directory/agency-labels';
import { adminApi } from '../admin-api';
import { AgencyCreateForm, AgencyEditForm, type AgencyCreateValues, type AgencyEditValues } from './AgencyForms';

/** Only the fields that changed; the server refuses an empty change. */
function changedFields(agency: Agency, v: AgencyEditValues): Partial<AgencyEditValues> {
  const out: Partial<AgencyEditValues> = {};
  if (v.name.trim() !== agency.name) out.name = v.name.trim();
  if (v.shortName.trim() !== agency.shortName) out.shortName = v.shortName.trim();
  if (v.docPrefix.trim() !== agency.docPrefix) out.docPrefix = v.docPrefix.trim();
  if (typeof v.sortOrder === 'number' && v.sortOrder !== agency.sortOrder) out.sortOrder = v.sortOrder;
  return out;
}

/** 单位管理: the tree on the left, the selected agency's form on the right, new agencies under it. */
export default function AgencyAdminPage() {
  const t = useT();
  const { message } = App.useApp();
  const reportError = useReportError();
  const agencies = useAgencies();
  const viewport = useViewportHeight();
  const [selected, setSelected] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  const [submittingCreate, setSubmittingCreate] = useState(false);
  const [editForm] = Form.useForm<AgencyEditValues>();
  const [createForm] = Form.useForm<AgencyCreateValues>();

  const current = selected ?? agencies.forest.roots[0]?.agency.code;
  const agency = current ? agencies.forest.byCode.get(current)?.agency : undefined;
  const parent = agency?.parentCode ? agencies.forest.byCode.get(agency.parentCode)?.agency : undefined;
  const treeHeight = Math.max(240, viewport - 56 - 40 - 48 - 48 - 24);

  const save = async (values: AgencyEditValues) => {
    if (!agency) return;
    const changes = changedFields(agency, values);
    if (Object.keys(changes).length === 0) {
      void message.info(t('common.saved'));
      return;
    }
    setSaving(true);
    try {
      const updated = await adminApi.updateAgency(agency.code, changes);
      void message.success(t('admin.agencies.updated', { name: updated.name }));
      agencies.reload();
    } catch (e) {
      reportError(e);
    } finally {
      setSaving(false);
    }
  };

  const create = async () => {
    if (!agency) return;
    const values = await createForm.validateFields().catch(() => null);
    if (!values) return;
    setSubmittingCreate(true);
    try {
      const created = await adminApi.createAgency({ ...values, name: values.name.trim(), shortName: values.shortName.trim(), docPrefix: values.docPrefix.trim(), parentCode: agency.code });
      void message.success(t('admin.agencies.created', { name: created.name }));
      setCreating(false);
      agencies.reload();
      setSelected(created.code);
    } catch (e) {
      reportError(e);
    } finally {
      setSubmittingCreate(false);
    }
  };

  return (
    <div className="yz-split">
      <Card className="yz-split-side" size="small" title={t('directory.agencies')} styles={{ body: { padding: 12 } }}>
        {agencies.error && <LoadError error={agencies.error} onRetry={agencies.reload} />}
        <AgencyTree forest={agencies.forest} loading={agencies.loading} selected={current} onSelect={setSelected} height={treeHeight} />
      </Card>
      <div className="yz-split-main">
        {!agency ? (
          <Card>
            <Empty description={t('admin.agencies.selectHint')} />
          </Card>
        ) : (
          <Card
            title={<span style={{ whiteSpace: 'normal' }}>{t('admin.agencies.editTitle', { name: agency.name })}</span>}
            extra={
              <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('admin.agencies.create')}
              </Button>
            }
          >
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 2 }}
              style={{ marginBottom: 20 }}
              items={[
                { key: 'code', label: t('directory.agency.code'), children: <span className="yz-mono">{agency.code}</span> },
                { key: 'kind', label: t('directory.agency.kind'), children: t(AGENCY_KIND_KEYS[agency.kind]) },
                { key: 'parent', label: t('directory.agency.parent'), children: parent?.name ?? '—' },
                { key: 'mail', label: t('directory.agency.mail'), children: <CopyableMail address={agency.mailAddress} /> },
              ]}
            />
            <AgencyEditForm form={editForm} agency={agency} onFinish={(v) => void save(v)} />
            <Space>
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => editForm.submit()}>
                {t('common.save')}
              </Button>
              <Button
                onClick={() => editForm.setFieldsValue({ name: agency.name, shortName: agency.shortName, docPrefix: agency.docPrefix, sortOrder: agency.sortOrder })}
                disabled={saving}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Card>
        )}
      </div>
      {agency && (
        <Modal
          open={creating}
          title={<Typography.Text ellipsis>{t('admin.agencies.createTitle', { parent: agency.name })}</Typography.Text>}
          okText={t('common.create')}
          onOk={() => void create()}
          confirmLoading={submittingCreate}
          onCancel={() => setCreating(false)}
          destroyOnHidden
          mask={{ closable: false }}
        >
          <AgencyCreateForm form={createForm} parent={agency} />
        </Modal>
      )}
    </div>
  );
}
