import { useEffect } from 'react';
import { Form, Input, InputNumber, Select } from 'antd';
import type { FormInstance } from 'antd';
import { AgencyCodeSchema, type Agency, type AgencyKind } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { AGENCY_KIND_KEYS } from '../../directory/agency-labels';
import { schemaRule } from '../form-rules';

export interface AgencyEditValues {
  name: string;
  shortName: string;
  docPrefix: string;
  sortOrder: number;
}

export interface AgencyCreateValues {
  code: string;
  name: string;
  shortName: string;
  kind: Exclude<AgencyKind, 'city'>;
  docPrefix: string;
}

const CREATABLE_KINDS: Exclude<AgencyKind, 'city'>[] = ['body', 'military', 'department', 'county', 'county-department'];

/** What a new child usually is, given its parent. */
export function defaultChildKind(parent: AgencyKind): Exclude<AgencyKind, 'city'> {
  return parent === 'county' || parent === 'county-department' ? 'county-department' : 'department';
}

function useNameRules(docPrefixRequired = true) {
  const t = useT();
  return {
    name: [
      { required: true, whitespace: true, message: t('admin.agencies.nameRequired') },
      { max: 64, message: t('admin.agencies.tooLong', { max: 64 }) },
    ],
    shortName: [
      { required: true, whitespace: true, message: t('admin.agencies.shortNameRequired') },
      { max: 64, message: t('admin.agencies.tooLong', { max: 64 }) },
    ],
    docPrefix: [
      { required: docPrefixRequired, whitespace: true, message: t('admin.agencies.docPrefixRequired') },
      { max: 16, message: t('admin.agencies.tooLong', { max: 16 }) },
    ],
  };
}

export function AgencyEditForm({ form, agency, onFinish }: { form: FormInstance<AgencyEditValues>; agency: Agency; onFinish(v: AgencyEditValues): void }) {
  const t = useT();
  // The city itself issues no documents and may have no prefix; an agency that has one must keep one.
  const rules = useNameRules(agency.docPrefix !== '');
  useEffect(() => {
    form.setFieldsValue({ name: agency.name, shortName: agency.shortName, docPrefix: agency.docPrefix, sortOrder: agency.sortOrder });
  }, [agency, form]);
  return (
    <Form<AgencyEditValues> name="agency-edit" form={form} layout="vertical" onFinish={onFinish} requiredMark="optional" style={{ maxWidth: 560 }}>
      <Form.Item name="name" label={t('directory.agency.name')} rules={rules.name}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="shortName" label={t('directory.agency.shortName')} rules={rules.shortName}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="docPrefix" label={t('directory.agency.docPrefix')} rules={rules.docPrefix}>
        <Input maxLength={16} style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item name="sortOrder" label={t('admin.agencies.sortOrder')} extra={t('admin.agencies.sortOrderHelp')}>
        <InputNumber precision={0} style={{ width: 160 }} />
      </Form.Item>
    </Form>
  );
}

export function AgencyCreateForm({ form, parent }: { form: FormInstance<AgencyCreateValues>; parent: Agency }) {
  const t = useT();
  const rules = useNameRules();
  return (
    <Form<AgencyCreateValues>
      name="agency-create"
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={{ kind: defaultChildKind(parent.kind) }}
      preserve={false}
    >
      <Form.Item
        name="code"
        label={t('directory.agency.code')}
        extra={t('admin.agencies.codeHelp')}
        rules={[{ required: true, message: t('admin.agencies.codeRequired') }, schemaRule(AgencyCodeSchema, t('admin.agencies.codeInvalid'))]}
        normalize={(v: string) => v?.trim().toLowerCase()}
      >
        <Input maxLength={32} autoCapitalize="none" spellCheck={false} className="yz-mono" />
      </Form.Item>
      <Form.Item name="name" label={t('directory.agency.name')} rules={rules.name}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="shortName" label={t('directory.agency.shortName')} rules={rules.shortName}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="kind" label={t('directory.agency.kind')} rules={[{ required: true, message: t('admin.agencies.kindRequired') }]}>
        <Select options={CREATABLE_KINDS.map((k) => ({ value: k, label: t(AGENCY_KIND_KEYS[k]) }))} />
      </Form.Item>
      <Form.Item name="docPrefix" label={t('directory.agency.docPrefix')} rules={rules.docPrefix}>
        <Input maxLength={16} style={{ maxWidth: 240 }} />
      </Form.Item>
    </Form>
  );
}
