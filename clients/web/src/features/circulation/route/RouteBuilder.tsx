/**
 * The clerk's route: steps in order, each with its readers (who read in parallel) and an optional
 * 阅办期限. "按职务生成" lays out the leaders as the directory orders them.
 */
import { Button, DatePicker, Select, Space, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Person } from '@yizhan/protocol';
import { useI18n } from '../../../app/i18n';
import { stepLabel } from '../labels';
import { newStep, suggestRoute, type DraftStep } from './suggest-route';

export function personOptions(people: readonly Person[], exclude: readonly string[] = []) {
  const ranked = [...people]
    .filter((p) => !p.disabled && !exclude.includes(p.username))
    .sort((a, b) => Number(b.roles.includes('leader')) - Number(a.roles.includes('leader')));
  return ranked.map((p) => ({ value: p.username, label: `${p.name}（${p.title || p.agencyName}）` }));
}

export function ReaderSelect({
  people,
  value,
  onChange,
  testId,
  exclude,
}: {
  people: readonly Person[];
  value: string[];
  onChange(v: string[]): void;
  testId?: string;
  exclude?: string[];
}) {
  const { t } = useI18n();
  return (
    <Select
      mode="multiple"
      style={{ minWidth: 260, flex: 1 }}
      placeholder={t('circ.route.readers')}
      value={value}
      onChange={onChange}
      options={personOptions(people, exclude)}
      optionFilterProp="label"
      data-testid={testId}
    />
  );
}

export function DeadlinePicker({ value, onChange }: { value: string | null; onChange(v: string | null): void }) {
  const { t } = useI18n();
  return (
    <DatePicker
      showTime={{ format: 'HH:mm' }}
      format="MM-DD HH:mm"
      placeholder={t('circ.route.deadline')}
      value={value ? dayjs(value) : null}
      disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
      onChange={(d) => onChange(d ? d.toISOString() : null)}
    />
  );
}

export function RouteBuilder({ people, value, onChange }: { people: readonly Person[]; value: DraftStep[]; onChange(v: DraftStep[]): void }) {
  const { t, locale } = useI18n();
  const update = (i: number, patch: Partial<DraftStep>) => onChange(value.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: number) => {
    const next = [...value];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    onChange(next);
  };
  return (
    <div className="yz-circ-route-builder" data-testid="route-builder">
      {value.map((step, i) => (
        <div key={step.key} className="yz-circ-route-row" data-testid={`route-step-${i + 1}`}>
          <Typography.Text strong className="yz-circ-route-label">
            {stepLabel(i + 1, locale)}
          </Typography.Text>
          <ReaderSelect people={people} value={step.readers} onChange={(readers) => update(i, { readers })} testId={`route-readers-${i + 1}`} />
          <DeadlinePicker value={step.deadline} onChange={(deadline) => update(i, { deadline })} />
          <Space size={0}>
            <Button type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('circ.route.up')} />
            <Button type="text" icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label={t('circ.route.down')} />
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              disabled={value.length === 1}
              onClick={() => onChange(value.filter((_, k) => k !== i))}
              aria-label={t('circ.route.remove')}
            />
          </Space>
        </div>
      ))}
      <Space>
        <Button icon={<PlusOutlined />} onClick={() => onChange([...value, newStep()])}>
          {t('circ.route.addStep')}
        </Button>
        <Tooltip title={t('circ.route.suggestHint')}>
          <Button icon={<ThunderboltOutlined />} onClick={() => onChange(suggestRoute(people))} data-testid="route-suggest">
            {t('circ.route.suggest')}
          </Button>
        </Tooltip>
        <Typography.Text type="secondary">{t('circ.route.parallelHint')}</Typography.Text>
      </Space>
    </div>
  );
}
