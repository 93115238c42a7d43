import { lazy } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

const loadPage = () => import('./CirculationPage');

/**
 * Reading circulated documents is what leaders do all day, and the reader's cost is booting pdf.js:
 * once the shell has settled, fetch the circulation chunk in the background (which starts the pdf.js
 * worker), so opening a 待阅 item from the workspace shows its first page without that wait.
 */
if (typeof window !== 'undefined') {
  const idle = (fn: () => void) => ('requestIdleCallback' in window ? window.requestIdleCallback(fn, { timeout: 8000 }) : setTimeout(fn, 3000));
  window.addEventListener('load', () => setTimeout(() => idle(() => void loadPage().catch(() => undefined)), 2500), { once: true });
}

/** 传阅: everyone may be a reader; clerks also route and track. Its own chunk (pdf.js comes later still). */
export const circulationModule: AppModule = {
  key: 'circulation',
  path: '/circulation',
  labelKey: 'nav.circulation',
  icon: <ReadOutlined />,
  page: lazy(loadPage),
};
