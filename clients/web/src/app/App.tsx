import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { I18nProvider, useI18n } from './i18n';
import { AuthProvider } from './auth/AuthProvider';
import { RequireAuth } from './auth/RequireAuth';
import { RequireRoles } from './auth/RequireRoles';
import { LoginPage } from './auth/LoginPage';
import { RealtimeProvider } from './realtime/RealtimeProvider';
import { AppLayout } from './layout/AppLayout';
import { ErrorBoundary } from './errors/ErrorBoundary';
import { NotFoundPage } from './errors/StatusPages';
import { flattenRoutes, modules } from './modules';
import { prefersTouch, theme } from './theme';

const routes = flattenRoutes(modules);

function ModuleRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <RealtimeProvider>
              <AppLayout />
            </RealtimeProvider>
          </RequireAuth>
        }
      >
        {routes.map(({ path, module, roles }) => {
          const Page = module.page;
          const first = module.children?.[0];
          const element = Page ? <Page /> : first ? <Navigate to={first.path} replace /> : <NotFoundPage />;
          return <Route key={module.key} path={path} element={<RequireRoles roleSets={roles}>{element}</RequireRoles>} />;
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function LocalizedApp() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={theme} componentSize={prefersTouch() ? 'large' : undefined}>
      <AntApp>
        <ErrorBoundary>
          <BrowserRouter>
            <AuthProvider>
              <ModuleRoutes />
            </AuthProvider>
          </BrowserRouter>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}
