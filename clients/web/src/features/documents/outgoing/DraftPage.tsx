import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { ArrowLeftOutlined, SaveOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import type { Attachment, DocumentDetail } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { userMessageOf, isApiError } from '../../../app/api/api-error';
import { LoadError } from '../../../app/components/LoadError';
import type { ApiError } from '../../../app/api/api-error';
import { docApi } from '../api';
import { fromDraftFields, isBodyEmpty, isClassified, newDraftValues, toDraftFields, type DraftFormValues } from '../draft-form';
import { RecipientPicker } from '../components/RecipientPicker';
import { RichTextEditor } from '../components/RichTextEditor';
import { DocStatusTag } from '../components/tags';
import { useRecipientDirectory } from '../useRecipientDirectory';
import { AttachmentsField } from './AttachmentsField';
import { SubmitDialog } from './SubmitDialog';
import '../documents.css';

const CLASSIFICATIONS = ['非密', '秘密', '机密'] as const;
const URGENCIES = ['普通', '加急', '特急'] as const;

/**
 * 拟稿 (/documents/new) and 编辑草稿 (/documents/:id/edit): every GB/T 9704 element of the draft.
 * The first save creates the draft (POST), later ones replace its fields (PATCH).
 */
export default function DraftPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id: routeId } = useParams();
  const directory = useRecipientDirectory();
  const [form] = Form.useForm<DraftFormValues>();

  const [docId, setDocId] = useState<string | null>(routeId ?? null);
  const docIdRef = useRef(docId);
  docIdRef.current = docId;
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!!routeId);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [loadGeneration, setLoadGeneration] = useState(0);
  const errorRef = useRef<HTMLDivElement>(null);

  // A refusal (e.g. 秘密 may not be sent) is shown at the top of the form: bring it into view.
  useEffect(() => {
    if (serverError) errorRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [serverError]);

  /** The draft this page created (its route then changes to /edit, with nothing to load). */
  const createdHere = useRef<string | null>(null);

  // The route's draft, on arrival or when another draft (or a new one) is opened in place.
  useEffect(() => {
    if (!routeId) {
      createdHere.current = null;
      docIdRef.current = null;
      setDocId(null);
      setDetail(null);
      setAttachments([]);
      setServerError(null);
      setLoadError(null);
      setLoading(false);
      form.resetFields();
      form.setFieldsValue(newDraftValues(me.agencyName));
      return;
    }
    if (routeId === createdHere.current && loadGeneration === 0) return;
    const controller = new AbortController();
    setLoading(true);
    docApi
      .get(routeId, controller.signal)
      .then((d) => {
        setDetail(d);
        setDocId(d.id);
        docIdRef.current = d.id;
        setAttachments(d.attachments);
        form.resetFields();
        form.setFieldsValue(fromDraftFields(d.fields));
        setLoadError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted && isApiError(e)) setLoadError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // `form` and the user are stable for the page's life.
  }, [routeId, loadGeneration]);

  const classification = Form.useWatch('classification', form);
  const mainRecipients = Form.useWatch('mainRecipients', form) ?? [];
  const ccRecipients = Form.useWatch('ccRecipients', form) ?? [];
  const editable = !detail || detail.actions.includes('edit');

  /** Saves the draft; its id, or null when the form or the server refused. */
  const save = async (opts: { quiet?: boolean } = {}): Promise<string | null> => {
    let values: DraftFormValues;
    try {
      values = await form.validateFields();
    } catch {
      void message.error(t('doc.draft.fixErrors'));
      return null;
    }
    setSaving(true);
    setServerError(null);
    try {
      const fields = toDraftFields(values);
      const current = docIdRef.current;
      const saved = current ? await docApi.update(current, fields) : await docApi.create(fields);
      setDetail(saved);
      setAttachments(saved.attachments);
      if (!current) {
        setDocId(saved.id);
        docIdRef.current = saved.id;
        createdHere.current = saved.id;
        navigate(`/documents/${saved.id}/edit`, { replace: true });
      }
      if (!opts.quiet) void message.success(t('doc.draft.saved'));
      return saved.id;
    } catch (e) {
      const text = userMessageOf(e, t);
      setServerError(text);
      void message.error(text);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const openSubmit = async () => {
    const values = form.getFieldsValue(true) as DraftFormValues;
    if (!values.mainRecipients?.length) {
      form.setFields([{ name: 'mainRecipients', errors: [t('doc.draft.mainRequired')] }]);
      void message.error(t('doc.draft.mainRequired'));
      return;
    }
    if (isBodyEmpty(values.body)) {
      form.setFields([{ name: 'body', errors: [t('doc.draft.bodyRequired')] }]);
      void message.error(t('doc.draft.bodyRequired'));
      return;
    }
    const id = await save({ quiet: true });
    if (id) setSubmitOpen(true);
  };

  if (loadError) return <LoadError error={loadError} onRetry={() => setLoadGeneration((g) => g + 1)} />;

  return (
    <div data-testid="draft-page" className="yz-draft">
      <div className="yz-page-head">
        <Space size={8} wrap>
          <Link to={detail ? `/documents/${detail.id}` : '/documents/outbox'} aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {docId ? t('doc.draft.editTitle') : t('doc.draft.newTitle')}
          </Typography.Title>
          {detail && <DocStatusTag status={detail.status} />}
        </Space>
      </div>

      {!editable && (
        <Alert
          type="info"
          showIcon
          title={t('doc.draft.notEditable')}
          action={detail && <Link to={`/documents/${detail.id}`}>{t('doc.draft.view')}</Link>}
          style={{ marginBottom: 16 }}
        />
      )}
      <div ref={errorRef}>
        {serverError && (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => setServerError(null) }}
            title={serverError}
            style={{ marginBottom: 16 }}
            data-testid="draft-error"
          />
        )}
      </div>

      <Spin spinning={loading} description={t('common.loading')}>
        <Form form={form} layout="vertical" disabled={!editable} requiredMark scrollToFirstError={{ block: 'center' }} data-testid="draft-form">
          <Card size="small" title={t('doc.draft.section.head')} className="yz-draft-card">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="copyNumber" label={t('doc.field.copyNumber')} rules={[{ pattern: /^\d{6}$/, message: t('doc.field.copyNumberInvalid') }]}>
                  <Input maxLength={6} placeholder={t('doc.field.copyNumberPlaceholder')} inputMode="numeric" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="classification" label={t('doc.field.classification')}>
                  <Select data-testid="classification" options={CLASSIFICATIONS.map((c) => ({ value: c, label: t(`classification.${c}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="urgency" label={t('doc.field.urgency')}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            {isClassified(classification) && (
              <Alert
                type="warning"
                showIcon
                icon={<WarningOutlined />}
                title={t('doc.draft.classifiedWarning', { level: classification })}
                style={{ marginBottom: 16 }}
                data-testid="classified-warning"
              />
            )}
            <Row gutter={16}>
              <Col xs={24} md={16}>
                <Form.Item
                  name="agencyMark"
                  label={t('doc.field.agencyMark')}
                  extra={t('doc.field.agencyMarkHelp')}
                  rules={[{ max: 40, message: t('admin.agencies.tooLong', { max: 40 }) }]}
                >
                  <Input placeholder={me.agencyName} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="upward" label={t('doc.field.upward')} valuePropName="checked" extra={t('doc.field.upwardHelp')}>
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('doc.draft.section.body')} className="yz-draft-card">
            <Form.Item
              name="title"
              label={t('doc.field.title')}
              rules={[
                { required: true, whitespace: true, message: t('doc.field.titleRequired') },
                { max: 200, message: t('admin.agencies.tooLong', { max: 200 }) },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} placeholder={t('doc.field.titlePlaceholder')} data-testid="draft-title" />
            </Form.Item>
            <Form.Item name="mainRecipients" label={t('doc.field.mainRecipients')} required>
              <RecipientPicker
                directory={directory}
                ownCode={me.agencyCode}
                blocked={ccRecipients}
                blockedHint={t('recipients.inCc')}
                title={t('recipients.titleMain')}
                testId="main-recipients"
              />
            </Form.Item>
            <Form.Item name="body" label={t('doc.field.body')} required>
              <RichTextEditor />
            </Form.Item>
            <Form.Item label={t('doc.field.attachments')}>
              <AttachmentsField
                documentId={docId}
                attachments={attachments}
                onChange={setAttachments}
                ensureSaved={() => save({ quiet: true })}
                disabled={!editable}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="signatureName"
                  label={t('doc.field.signatureName')}
                  extra={t('doc.field.defaultsTo', { value: me.agencyName })}
                  rules={[{ max: 60, message: t('admin.agencies.tooLong', { max: 60 }) }]}
                >
                  <Input placeholder={me.agencyName} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="documentDate" label={t('doc.field.documentDate')} extra={t('doc.field.documentDateHelp')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="note" label={t('doc.field.note')} rules={[{ max: 200, message: t('admin.agencies.tooLong', { max: 200 }) }]}>
              <Input maxLength={200} placeholder={t('doc.field.notePlaceholder')} />
            </Form.Item>
          </Card>

          <Card size="small" title={t('doc.draft.section.record')} className="yz-draft-card">
            <Form.Item name="ccRecipients" label={t('doc.field.ccRecipients')}>
              <RecipientPicker
                directory={directory}
                ownCode={me.agencyCode}
                blocked={mainRecipients}
                blockedHint={t('recipients.inMain')}
                title={t('recipients.titleCc')}
                testId="cc-recipients"
              />
            </Form.Item>
            <Form.Item
              name="printingAgency"
              label={t('doc.field.printingAgency')}
              extra={t('doc.field.defaultsTo', { value: `${me.agencyName}办公室` })}
              rules={[{ max: 60, message: t('admin.agencies.tooLong', { max: 60 }) }]}
            >
              <Input placeholder={`${me.agencyName}办公室`} />
            </Form.Item>
          </Card>
        </Form>
      </Spin>

      {editable && !loading && (
        <div className="yz-actionbar">
          <Typography.Text type="secondary" className="yz-actionbar-hint">
            {t('doc.draft.hint')}
          </Typography.Text>
          <Space>
            <Button icon={<SaveOutlined />} loading={saving && !submitOpen} onClick={() => void save()} data-testid="draft-save">
              {t('doc.draft.save')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} disabled={saving} onClick={() => void openSubmit()} data-testid="draft-submit">
              {t('doc.action.submit')}
            </Button>
          </Space>
        </div>
      )}

      <SubmitDialog
        open={submitOpen}
        documentId={docId}
        onClose={() => setSubmitOpen(false)}
        onSubmitted={(d) => {
          setSubmitOpen(false);
          void message.success(t('doc.submit.done'));
          navigate(`/documents/${d.id}`);
        }}
      />
    </div>
  );
}
