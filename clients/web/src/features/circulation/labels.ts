import type { CirculationStatus, ReadingTaskStatus, RouteStep } from '@yizhan/protocol';
import type { MessageKey } from '../../app/i18n/translate';

export const CIRCULATION_STATUS: Record<CirculationStatus, { key: MessageKey; color: string }> = {
  running: { key: 'circ.status.running', color: 'processing' },
  paused: { key: 'circ.status.paused', color: 'warning' },
  completed: { key: 'circ.status.completed', color: 'success' },
  closed: { key: 'circ.status.closed', color: 'default' },
  assigned: { key: 'circ.status.assigned', color: 'purple' },
  handled: { key: 'circ.status.handled', color: 'default' },
};

export const TASK_STATUS: Record<ReadingTaskStatus, { key: MessageKey; color: string }> = {
  waiting: { key: 'circ.task.waiting', color: 'default' },
  pending: { key: 'circ.task.pending', color: 'blue' },
  done: { key: 'circ.task.done', color: 'green' },
  transferred: { key: 'circ.task.transferred', color: 'cyan' },
  skipped: { key: 'circ.task.skipped', color: 'default' },
  recalled: { key: 'circ.task.recalled', color: 'orange' },
};

export const STEP_STATUS: Record<RouteStep['status'], { key: MessageKey; color: string }> = {
  pending: { key: 'circ.step.pending', color: 'default' },
  active: { key: 'circ.step.active', color: 'blue' },
  done: { key: 'circ.step.done', color: 'green' },
  skipped: { key: 'circ.step.skipped', color: 'default' },
  recalled: { key: 'circ.step.recalled', color: 'orange' },
};

/** Audit actions of a circulation, as the history shows them. */
export const HISTORY_ACTIONS: Record<string, MessageKey> = {
  'circulation.start': 'circ.history.start',
  'circulation.open': 'circ.history.open',
  'circulation.submit': 'circ.history.submit',
  'circulation.transfer': 'circ.history.transfer',
  'circulation.step.add': 'circ.history.stepAdd',
  'circulation.step.skip': 'circ.history.stepSkip',
  'circulation.step.recall': 'circ.history.stepRecall',
  'circulation.step.resume': 'circ.history.stepResume',
  'circulation.remind': 'circ.history.remind',
  'circulation.overdue': 'circ.history.overdue',
  'circulation.copy': 'circ.history.copy',
  'circulation.close': 'circ.history.close',
  'circulation.assign': 'circ.history.assign',
  'circulation.handled': 'circ.history.handled',
};

/** 第一步, 第二步 … */
export function stepLabel(position: number, locale: string): string {
  const zh = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (locale === 'zh-CN') return `第${position <= 10 ? zh[position - 1] : position}步`;
  return `Step ${position}`;
}

/** Colours that tell the readers' layers apart in the layer list. */
export const LAYER_SWATCHES = ['#c41d1d', '#1d39c4', '#d46b08', '#237804', '#722ed1', '#08979c'];
