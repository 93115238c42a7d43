/** 转阅 (pass it on, with a note) and 增加步骤 (the clerk adds readers while the route runs). */
import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import type { Person } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { circulationApi } from '../api';
import { DeadlinePicker, personOptions, ReaderSelect } from '../route/RouteBuilder';

function useAgencyPeople(open: boolean, agency: string): Person[] {
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    circulationApi
      .people(agency, controller.signal)
      .then((r) => setPeople(r.users))
      .catch(() => undefined);
    return () => controller.abort();
  }, [open, agency]);
  return people;
}

export function TransferModal({
  open,
  agency,
  onCancel,
  onOk,
}: {
  open: boolean;
  agency: string;
  onCancel(): void;
  onOk(to: string, note: string): Promise<void>;
}) {
  const t = useT();
  const me = useCurrentUser();
  const people = useAgencyPeople(open, agency);
  const [to, setTo] = useState<string>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t('circ.transfer.title')}
      okText={t('circ.transfer.ok')}
      okButtonProps={{ disabled: !to || !note.trim(), loading: busy }}
      onCancel={onCancel}
      onOk={async () => {
        setBusy(true);
        try {
          await onOk(to!, note);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('circ.transfer.to')} required>
          <Select showSearch optionFilterProp="label" value={to} onChange={setTo} options={personOptions(people, [me.username])} data-testid="transfer-to" />
        </Form.Item>
        <Form.Item label={t('circ.transfer.note')} required>
          <Input.TextArea
            rows={3}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('circ.transfer.notePlaceholder')}
            data-testid="transfer-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AddStepModal({
  open,
  agency,
  afterLabel,
  onCancel,
  onOk,
}: {
  open: boolean;
  agency: string;
  afterLabel: string;
  onCancel(): void;
  onOk(readers: string[], deadline: string | null): Promise<void>;
}) {
  const t = useT();
  const people = useAgencyPeople(open, agency);
  const [readers, setReaders] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t('circ.addStep.title')}
      okButtonProps={{ disabled: readers.length === 0, loading: busy }}
      onCancel={onCancel}
      onOk={async () => {
        setBusy(true);
        try {
          await onOk(readers, deadline);
          setReaders([]);
          setDeadline(null);
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('circ.addStep.position')}>
          <Input value={afterLabel} disabled />
        </Form.Item>
        <Form.Item label={t('circ.route.readers')} required>
          <ReaderSelect people={people} value={readers} onChange={setReaders} />
        </Form.Item>
        <Form.Item label={t('circ.route.deadline')}>
          <DeadlinePicker value={deadline} onChange={setDeadline} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
