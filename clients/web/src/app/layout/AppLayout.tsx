import { Suspense, useState } from 'react';
import { Layout } from 'antd';
import { Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../errors/ErrorBoundary';
import { FullPageSpin } from '../components/FullPageSpin';
import { HeaderBar } from './HeaderBar';
import { SideNav } from './SideNav';

/** Below this width (tablets, 1024×768) the side menu starts collapsed to icons. */
const COLLAPSE_BELOW = 'xl';

export function AppLayout() {
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => typeof window !== 'undefined' && window.innerWidth < 1200);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <HeaderBar collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
      <Layout>
        <Layout.Sider
          className="yz-sider"
          theme="light"
          width={208}
          collapsedWidth={64}
          collapsible
          collapsed={collapsed}
          onBreakpoint={(broken) => setCollapsed(broken)}
          breakpoint={COLLAPSE_BELOW}
          trigger={null}
        >
          <SideNav collapsed={collapsed} />
        </Layout.Sider>
        <Layout.Content className="yz-content">
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
