/**
 * The live timeline of a route: each step with its readers — who has it now (待阅 / 正在阅), who read it
 * when, who passed it on, who is late — and, for the clerk, what can be done to the step now.
 */
import { Button, Dropdown, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { BellOutlined, ClockCircleOutlined, EyeOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { CirculationDetail, ReadingTask, RouteStep } from '@yizhan/protocol';
import { useI18n } from '../../../app/i18n';
import { STEP_STATUS, TASK_STATUS, stepLabel } from '../labels';

export type StepAction = 'remind' | 'recall' | 'resume' | 'skip';

interface Props {
  detail: CirculationDetail;
  manage: boolean;
  busy?: boolean;
  onStepAction?(step: RouteStep, action: StepAction): void;
  onAddStep?(after: RouteStep | null): void;
}

const time = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '');

function TaskLine({ task }: { task: ReadingTask }) {
  const { t } = useI18n();
  const reading = task.status === 'pending' && task.openedAt;
  const status = TASK_STATUS[task.status];
  return (
    <div className="yz-circ-task" data-testid={`task-${task.username}`} data-status={task.status}>
      <Space size={6} wrap>
        <Typography.Text strong>{task.name}</Typography.Text>
        <Typography.Text type="secondary">{task.title}</Typography.Text>
        {reading ? (
          <Tag color="processing" icon={<EyeOutlined />}>
            {t('circ.task.reading')}
          </Tag>
        ) : (
          <Tag color={status.color}>{t(status.key)}</Tag>
        )}
        {task.circled && <Tag color="red">{t('circ.layer.circled')}</Tag>}
        {task.hasInstruction && <Tag color="volcano">{t('circ.layer.instruction')}</Tag>}
        {task.overdue && <Tag color="error">{t('circ.overdue')}</Tag>}
      </Space>
      <div className="yz-circ-task-meta">
        {task.doneAt && task.status === 'done' && t('circ.task.doneAt', { time: time(task.doneAt) })}
        {task.openedAt && task.status === 'pending' && t('circ.task.openedAt', { time: time(task.openedAt) })}
        {task.kind === 'transfer' && task.transferredFromName && (
          <div>{t('circ.task.transferredFrom', { name: task.transferredFromName, note: task.transferNote ?? '' })}</div>
        )}
        {task.status === 'transferred' && task.transferNote && <div>{t('circ.task.transferNote', { note: task.transferNote })}</div>}
        {task.remindedAt && task.status === 'pending' && <div>{t('circ.task.remindedAt', { time: time(task.remindedAt) })}</div>}
      </div>
    </div>
  );
}

export function RouteTimeline({ detail, manage, busy, onStepAction, onAddStep }: Props) {
  const { t, locale } = useI18n();
  const canManage = manage && detail.actions.includes('manage');
  const items = detail.steps.map((step) => {
    const st = STEP_STATUS[step.status];
    const menu: Array<{ key: StepAction; label: string; danger?: boolean }> = [];
    if (canManage) {
      if (step.status === 'active') menu.push({ key: 'recall', label: t('circ.action.recall') });
      if (step.status === 'recalled') menu.push({ key: 'resume', label: t('circ.action.resume') });
      if (['pending', 'active', 'recalled'].includes(step.status)) menu.push({ key: 'skip', label: t('circ.action.skip'), danger: true });
    }
    return {
      key: step.id,
      color: step.overdue ? 'red' : step.status === 'done' ? 'green' : step.status === 'active' ? 'blue' : 'gray',
      icon: step.overdue ? <ClockCircleOutlined /> : undefined,
      content: (
        <div className="yz-circ-step" data-testid={`step-${step.position}`} data-status={step.status}>
          <div className="yz-circ-step-head">
            <Space size={6} wrap>
              <Typography.Text strong>{stepLabel(step.position, locale)}</Typography.Text>
              <Tag color={st.color}>{t(st.key)}</Tag>
              {step.tasks.length > 1 && <Typography.Text type="secondary">{t('circ.step.parallel')}</Typography.Text>}
              {step.deadline && (
                <Typography.Text type={step.overdue ? 'danger' : 'secondary'}>
                  <ClockCircleOutlined /> {t('circ.step.deadline', { time: time(step.deadline) })}
                </Typography.Text>
              )}
            </Space>
            {canManage && (
              <Space size={2}>
                {step.status === 'active' && (
                  <Tooltip title={t('circ.action.remind')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<BellOutlined />}
                      disabled={busy}
                      onClick={() => onStepAction?.(step, 'remind')}
                      data-testid={`remind-${step.position}`}
                      aria-label={t('circ.action.remind')}
                    />
                  </Tooltip>
                )}
                {['pending', 'active', 'recalled'].includes(step.status) && (
                  <Tooltip title={t('circ.action.addAfter')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<PlusOutlined />}
                      disabled={busy}
                      onClick={() => onAddStep?.(step)}
                      aria-label={t('circ.action.addAfter')}
                    />
                  </Tooltip>
                )}
                {menu.length > 0 && (
                  <Dropdown trigger={['click']} menu={{ items: menu, onClick: ({ key }) => onStepAction?.(step, key as StepAction) }}>
                    <Button
                      size="small"
                      type="text"
                      icon={<MoreOutlined />}
                      disabled={busy}
                      aria-label={t('common.actions')}
                      data-testid={`step-menu-${step.position}`}
                    />
                  </Dropdown>
                )}
              </Space>
            )}
          </div>
          {step.tasks.map((task) => (
            <TaskLine key={task.id} task={task} />
          ))}
        </div>
      ),
    };
  });
  return (
    <div data-testid="route-timeline" data-status={detail.status}>
      <Timeline items={items} />
      {canManage && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => onAddStep?.(null)} disabled={busy}>
          {t('circ.action.addStep')}
        </Button>
      )}
    </div>
  );
}
