/** 发起传阅: pick a received (signed-for) or internal document, lay out the route, send it. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import type { DocumentSummary, IncomingItem, Person, StartCirculation } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { userMessageOf } from '../../../app/api/api-error';
import { circulationApi } from '../api';
import { RouteBuilder } from './RouteBuilder';
import { newStep, suggestRoute, type DraftStep } from './suggest-route';

interface Props {
  open: boolean;
  initialDeliveryId?: string | null;
  onClose(): void;
  onStarted(id: string): void;
}

export function StartCirculationModal({ open, initialDeliveryId, onClose, onStarted }: Props) {
  const t = useT();
  const me = useCurrentUser();
  const [kind, setKind] = useState<'delivery' | 'document'>('delivery');
  const [sourceId, setSourceId] = useState<string | null>(initialDeliveryId ?? null);
  const [incoming, setIncoming] = useState<IncomingItem[] | null>(null);
  const [sent, setSent] = useState<DocumentSummary[] | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [steps, setSteps] = useState<DraftStep[]>([newStep()]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setError(null);
    Promise.all([
      circulationApi.signedIncoming(controller.signal),
      circulationApi.sentDocuments(controller.signal).catch(() => ({ items: [] })),
      circulationApi.people(me.agencyCode, controller.signal),
    ])
      .then(([inc, docs, ppl]) => {
        setIncoming(inc.items);
        setSent(docs.items.filter((d) => d.status === 'dispatched'));
        setPeople(ppl.users);
        setSteps((s) => (s.length === 1 && s[0].readers.length === 0 ? (suggestRoute(ppl.users).length ? suggestRoute(ppl.users) : s) : s));
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(userMessageOf(e, t));
      });
    return () => controller.abort();
  }, [open, me.agencyCode, t]);

  useEffect(() => {
    if (initialDeliveryId) {
      setKind('delivery');
      setSourceId(initialDeliveryId);
    }
  }, [initialDeliveryId]);

  const options = useMemo(
    () =>
      kind === 'delivery'
        ? (incoming ?? []).map((i) => ({ value: i.deliveryId, label: `${i.docNumber} ${i.title}（${i.fromAgencyName}）` }))
        : (sent ?? []).map((d) => ({ value: d.id, label: `${d.docNumber ?? ''} ${d.title}` })),
    [kind, incoming, sent],
  );

  const submit = async () => {
    if (!sourceId) {
      setError(t('circ.start.pickDocument'));
      return;
    }
    const body: StartCirculation = {
      source: kind === 'delivery' ? { kind: 'delivery', deliveryId: sourceId } : { kind: 'document', documentId: sourceId },
      steps: steps.map((s) => ({ readers: s.readers, ...(s.deadline ? { deadline: s.deadline } : {}) })),
      note,
    };
    setSending(true);
    setError(null);
    try {
      const created = await circulationApi.start(body);
      onStarted(created.id);
    } catch (e) {
      setError(userMessageOf(e, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('circ.start.title')}
      width={860}
      okText={t('circ.start.send')}
      onOk={() => void submit()}
      okButtonProps={{ loading: sending, 'data-testid': 'start-send' } as never}
      onCancel={onClose}
      destroyOnHidden
    >
      {!incoming ? (
        <Spin />
      ) : (
        <Form layout="vertical" data-testid="start-circulation">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form.Item label={t('circ.start.document')} required>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                setKind(e.target.value);
                setSourceId(null);
              }}
              options={[
                { value: 'delivery', label: t('circ.start.received') },
                { value: 'document', label: t('circ.start.internal') },
              ]}
              style={{ marginBottom: 8 }}
            />
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('circ.start.pickDocument')}
              value={sourceId ?? undefined}
              onChange={setSourceId}
              options={options}
              notFoundContent={t('circ.start.noDocuments')}
              data-testid="start-document"
            />
          </Form.Item>
          <Form.Item label={t('circ.start.route')} required extra={t('circ.start.routeHint')}>
            <RouteBuilder people={people} value={steps} onChange={setSteps} />
          </Form.Item>
          <Form.Item label={t('circ.start.note')}>
            <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('circ.start.notePlaceholder')} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
