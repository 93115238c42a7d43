import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import type { DocumentDetail, RegisterEntry } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { userMessageOf } from '../../../app/api/api-error';
import { docApi } from '../api';
import { RecipientPicker } from '../components/RecipientPicker';
import { useRecipientDirectory } from '../useRecipientDirectory';
import { buttonTestId } from '../components/test-id';

function useAction<T>() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<T>, done: (v: T) => void) => {
    setBusy(true);
    setError(null);
    try {
      done(await fn());
    } catch (e) {
      setError(userMessageOf(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

/** 退回: a reason is required (the sender sees it). */
export function ReturnDialog({ open, deliveryId, onClose, onDone }: { open: boolean; deliveryId: string; onClose(): void; onDone(): void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const action = useAction<unknown>();
  return (
    <Modal
      open={open}
      title={t('incoming.return.title')}
      okText={t('incoming.return.ok')}
      okButtonProps={buttonTestId('return-ok', { danger: true })}
      cancelText={t('common.cancel')}
      confirmLoading={action.busy}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => action.run(() => docApi.returnDelivery(deliveryId, v.reason.trim()), onDone))
          .catch(() => {})
      }
      destroyOnHidden
    >
      {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('incoming.return.reason')}
          rules={[
            { required: true, whitespace: true, message: t('incoming.return.reasonRequired') },
            { min: 2, message: t('incoming.return.reasonRequired') },
          ]}
          extra={t('incoming.return.help')}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount data-testid="return-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 登记: into the agency's incoming register, with the clerk's 拟办意见; answers the 收文编号. */
export function RegisterDialog({
  open,
  deliveryId,
  onClose,
  onDone,
}: {
  open: boolean;
  deliveryId: string;
  onClose(): void;
  onDone(entry: RegisterEntry): void;
}) {
  const t = useT();
  const [proposal, setProposal] = useState('');
  const action = useAction<RegisterEntry>();
  return (
    <Modal
      open={open}
      title={t('incoming.register.title')}
      okText={t('incoming.register.ok')}
      okButtonProps={buttonTestId('register-ok')}
      cancelText={t('common.cancel')}
      confirmLoading={action.busy}
      onCancel={onClose}
      onOk={() => void action.run(() => docApi.register(deliveryId, proposal.trim()), onDone)}
      destroyOnHidden
    >
      {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('incoming.register.help')}</Typography.Paragraph>
      <Input.TextArea
        value={proposal}
        onChange={(e) => setProposal(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 6 }}
        maxLength={500}
        showCount
        placeholder={t('incoming.register.proposalPlaceholder')}
        aria-label={t('register.col.proposal')}
        data-testid="register-proposal"
      />
    </Modal>
  );
}

/** 转发: to subordinate (or any) agencies; creates a draft carrying the original sealed PDF. */
export function ForwardDialog({
  open,
  deliveryId,
  onClose,
  onDone,
}: {
  open: boolean;
  deliveryId: string;
  onClose(): void;
  onDone(draft: DocumentDetail): void;
}) {
  const t = useT();
  const me = useCurrentUser();
  const directory = useRecipientDirectory();
  const [main, setMain] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  const action = useAction<DocumentDetail>();
  return (
    <Modal
      open={open}
      width={640}
      title={t('incoming.forward.title')}
      okText={t('incoming.forward.ok')}
      okButtonProps={buttonTestId('forward-ok')}
      cancelText={t('common.cancel')}
      confirmLoading={action.busy}
      onCancel={onClose}
      onOk={() => {
        if (main.length === 0) {
          setMissing(true);
          return;
        }
        void action.run(() => docApi.forward(deliveryId, { mainRecipients: main, ccRecipients: cc }), onDone);
      }}
      destroyOnHidden
    >
      {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('incoming.forward.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item
          label={t('doc.field.mainRecipients')}
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? t('incoming.forward.mainRequired') : undefined}
        >
          <RecipientPicker
            value={main}
            onChange={(v) => {
              setMain(v);
              if (v.length) setMissing(false);
            }}
            directory={directory}
            ownCode={me.agencyCode}
            blocked={cc}
            blockedHint={t('recipients.inCc')}
            title={t('recipients.titleMain')}
            testId="forward-main"
          />
        </Form.Item>
        <Form.Item label={t('doc.field.ccRecipients')}>
          <RecipientPicker
            value={cc}
            onChange={setCc}
            directory={directory}
            ownCode={me.agencyCode}
            blocked={main}
            blockedHint={t('recipients.inMain')}
            title={t('recipients.titleCc')}
            testId="forward-cc"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
