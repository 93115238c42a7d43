/** The clerk's desk after (and during) the route: the annotated copy, 办结 / 承办, the files. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Radio, Select, Space, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Agency, CirculationDetail, CloseCirculation } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { circulationApi } from '../api';

interface Props {
  detail: CirculationDetail;
  busy: boolean;
  onProduceCopy(): void;
  onClose(body: CloseCirculation): void;
}

export function OutcomeView({ detail }: { detail: CirculationDetail }) {
  const t = useT();
  const o = detail.outcome;
  if (!o) return null;
  return (
    <Descriptions size="small" column={1} data-testid="outcome">
      <Descriptions.Item label={t('circ.outcome.kind')}>
        {o.kind === 'done' ? t('circ.outcome.done') : t('circ.outcome.assignTo', { name: o.agencyName ?? '' })}
      </Descriptions.Item>
      {o.note && <Descriptions.Item label={t('circ.outcome.note')}>{o.note}</Descriptions.Item>}
      <Descriptions.Item label={t('circ.outcome.by')}>{`${o.byName} ${dayjs(o.at).format('MM-DD HH:mm')}`}</Descriptions.Item>
      {o.handledAt && (
        <Descriptions.Item label={t('circ.outcome.handled')}>{`${dayjs(o.handledAt).format('MM-DD HH:mm')} ${o.handledNote ?? ''}`}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

export function FilesView({ detail }: { detail: CirculationDetail }) {
  const t = useT();
  return (
    <Space orientation="vertical" size={4}>
      <a href={circulationApi.documentUrl(detail.id)} download data-testid="download-original">
        <FilePdfOutlined /> {t('circ.files.original')}
      </a>
      {detail.annotatedCopy && (
        <a href={circulationApi.annotatedUrl(detail.id)} download data-testid="download-annotated">
          <DownloadOutlined /> {t('circ.files.annotated', { time: dayjs(detail.annotatedCopy.at).format('MM-DD HH:mm') })}
        </a>
      )}
    </Space>
  );
}

export function ClerkPanel({ detail, busy, onProduceCopy, onClose }: Props) {
  const t = useT();
  const me = useCurrentUser();
  const [outcome, setOutcome] = useState<'done' | 'assign'>('done');
  const [agency, setAgency] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const canClose = detail.actions.includes('close');

  useEffect(() => {
    if (!canClose) return;
    const controller = new AbortController();
    circulationApi
      .agencies(controller.signal)
      .then((r) => setAgencies(r.agencies.filter((a) => a.kind !== 'city')))
      .catch(() => undefined);
    return () => controller.abort();
  }, [canClose]);

  const own = agencies.filter((a) => a.parentCode === me.agencyCode);
  const options = (own.length ? own : agencies).map((a) => ({ value: a.code, label: a.name }));

  return (
    <Card size="small" title={t('circ.panel.handling')} data-testid="clerk-panel">
      {detail.status === 'completed' && (
        <Alert type="success" showIcon title={t('circ.panel.routeComplete')} style={{ marginBottom: 10 }} data-testid="route-complete" />
      )}
      <Space orientation="vertical" style={{ width: '100%' }} size={10}>
        <Space wrap>
          <Button icon={<FilePdfOutlined />} loading={busy} disabled={detail.layers.length === 0} onClick={onProduceCopy} data-testid="produce-copy">
            {detail.annotatedCopy ? t('circ.copy.again') : t('circ.copy.produce')}
          </Button>
        </Space>
        <FilesView detail={detail} />
        {canClose && (
          <div className="yz-circ-outcome-form" data-testid="outcome-form">
            <Radio.Group
              value={outcome}
              onChange={(e) => setOutcome(e.target.value)}
              options={[
                { value: 'done', label: t('circ.outcome.done') },
                { value: 'assign', label: t('circ.outcome.assign') },
              ]}
            />
            {outcome === 'assign' && (
              <Select
                style={{ width: '100%', marginTop: 8 }}
                showSearch
                optionFilterProp="label"
                placeholder={t('circ.outcome.pickAgency')}
                value={agency}
                onChange={setAgency}
                options={options}
              />
            )}
            <Input.TextArea
              rows={2}
              style={{ marginTop: 8 }}
              maxLength={500}
              placeholder={t('circ.outcome.notePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button
              type="primary"
              style={{ marginTop: 8 }}
              loading={busy}
              disabled={outcome === 'assign' && !agency}
              onClick={() => onClose(outcome === 'done' ? { outcome: 'done', note } : { outcome: 'assign', agencyCode: agency!, note })}
              data-testid="close-circulation"
            >
              {outcome === 'done' ? t('circ.outcome.confirmDone') : t('circ.outcome.confirmAssign')}
            </Button>
          </div>
        )}
        <OutcomeView detail={detail} />
        {!canClose && !detail.outcome && detail.status !== 'completed' && <Typography.Text type="secondary">{t('circ.panel.closeLater')}</Typography.Text>}
      </Space>
    </Card>
  );
}

export function HandlePanel({ detail, busy, onHandled }: { detail: CirculationDetail; busy: boolean; onHandled(note: string): void }) {
  const t = useT();
  const [note, setNote] = useState('');
  return (
    <Card size="small" title={t('circ.panel.assigned')} data-testid="handle-panel">
      <OutcomeView detail={detail} />
      <FilesView detail={detail} />
      {detail.actions.includes('handle') && (
        <>
          <Input.TextArea
            rows={3}
            style={{ marginTop: 10 }}
            maxLength={1000}
            placeholder={t('circ.handle.placeholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="primary" style={{ marginTop: 8 }} loading={busy} disabled={!note.trim()} onClick={() => onHandled(note)}>
            {t('circ.handle.submit')}
          </Button>
        </>
      )}
    </Card>
  );
}
