/** Why a reader's task cannot take their work now, in the reader's words. */
import { AppError } from '@yizhan/core';
import type { CirculationRow, CirculationTaskRow } from '../db/circulation-tables';

export function assertTaskOpen(circ: CirculationRow, task: CirculationTaskRow, action: string): void {
  const conflict = (userMessage: string) =>
    new AppError('CONFLICT', `task ${task.id} is ${task.status}, circulation ${circ.status} (${action})`, { userMessage });
  if (task.status === 'recalled') throw conflict('该阅件已被收回，您的批注已保存为草稿，重新送阅后可继续');
  if (task.status === 'skipped') throw conflict('该传阅步骤已被跳过');
  if (task.status === 'waiting') throw conflict('尚未轮到您阅该公文');
  if (task.status === 'transferred') throw conflict('您已将该公文转阅他人');
  if (task.status === 'done') throw conflict('您已阅毕该公文');
  if (circ.status !== 'running') throw conflict('该传阅已暂停或结束');
}
