import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { useAuth } from './AuthProvider';
import { useT } from '../i18n';
import { FullPageSpin } from '../components/FullPageSpin';

/** Renders its children only with a session; otherwise to the login page, remembering where the user was going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, recheck } = useAuth();
  const location = useLocation();
  const t = useT();

  if (state.status === 'checking') return <FullPageSpin tip={t('auth.checking')} />;
  if (state.status === 'unreachable') {
    return (
      <Result
        status="warning"
        title={state.message}
        extra={
          <Button type="primary" onClick={recheck}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'anonymous') {
    return <Navigate to="/login" replace state={state.loggedOut ? null : { from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}
