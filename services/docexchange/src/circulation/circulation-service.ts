/** Circulation's part of the docexchange module: its routes, its 待办 and its overdue sweeper. */
import type { Principal } from '@yizhan/core';
import type { DocContext } from '../context';
import { circulationRoutes } from './circulation-routes';
import { CirculationSweeper } from './circulation-sweeper';
import { listCirculationTodos } from './list-todos';

export interface CirculationService {
  routes: ReturnType<typeof circulationRoutes>;
  todos(p: Principal): ReturnType<typeof listCirculationTodos>;
  sweeper: CirculationSweeper;
  close(): Promise<void>;
}

export function startCirculationService(ctx: DocContext): CirculationService {
  const sweeper = CirculationSweeper.create(ctx, { intervalMs: ctx.platform.config.docexchange.overdueSweepMs });
  return { routes: circulationRoutes(ctx), todos: (p) => listCirculationTodos(ctx, p), sweeper, close: () => sweeper.close() };
}
