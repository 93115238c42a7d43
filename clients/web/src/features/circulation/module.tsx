import { lazy } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

const loadPage = () => import('./CirculationPage');

/**
 * Booting pdf.js (its 1.2 MB worker) is the largest cost of opening a document. When the user has
 * something 待阅, fetch the circulation chunk in the background once the shell has settled — it boots
 * the worker — so opening the item from the workspace shows its first page without that wait. Users
 * with nothing to read (and the login page) pay for one small request, not for pdf.js.
 */
if (typeof window !== 'undefined') {
  const idle = (fn: () => void) => ('requestIdleCallback' in window ? window.requestIdleCallback(fn, { timeout: 8000 }) : setTimeout(fn, 1000));
  let tries = 0;
  const check = () =>
    idle(() => {
      fetch('/api/circulations?box=to-read&limit=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(async (res) => {
          // Not logged in yet (the login page is a client-side route): look again a little later.
          if (res.status === 401) return void (++tries < 40 && setTimeout(check, 15_000));
          if (res.ok && ((await res.json()) as { total?: number }).total) await loadPage();
        })
        .catch(() => undefined);
    });
  window.addEventListener('load', () => setTimeout(check, 2500), { once: true });
}

/** 传阅: everyone may be a reader; clerks also route and track. Its own chunk (pdf.js comes later still). */
export const circulationModule: AppModule = {
  key: 'circulation',
  path: '/circulation',
  labelKey: 'nav.circulation',
  icon: <ReadOutlined />,
  page: lazy(loadPage),
};
