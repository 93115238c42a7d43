import { useEffect, useMemo, useState } from 'react';
import { Menu, type MenuProps } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { useT, type Translate } from '../i18n';
import { activeTrail, modules, visibleModules, type AppModule } from '../modules';

type MenuItem = Required<MenuProps>['items'][number];

function toItems(list: AppModule[], t: Translate): MenuItem[] {
  return list.map((m) =>
    m.children && m.children.length > 0
      ? { key: m.key, icon: m.icon, label: t(m.labelKey), children: toItems(m.children, t) }
      : { key: m.key, icon: m.icon, label: t(m.labelKey) },
  );
}

function findByKey(list: AppModule[], key: string): AppModule | undefined {
  for (const m of list) {
    if (m.key === key) return m;
    const inner = m.children && findByKey(m.children, key);
    if (inner) return inner;
  }
  return undefined;
}

export function SideNav({ collapsed }: { collapsed: boolean }) {
  const user = useCurrentUser();
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const visible = useMemo(() => visibleModules(modules, user.roles), [user.roles]);
  const trail = activeTrail(visible, pathname);
  const selected = trail.at(-1)?.key;
  const [openKeys, setOpenKeys] = useState<string[]>(() => trail.slice(0, -1).map((m) => m.key));

  // Opening a page inside a sub-menu (from a link or notification) opens that sub-menu.
  const parentKeys = trail.slice(0, -1).map((m) => m.key).join(',');
  useEffect(() => {
    if (!parentKeys) return;
    setOpenKeys((keys) => [...new Set([...keys, ...parentKeys.split(',')])]);
  }, [parentKeys]);

  return (
    <Menu
      mode="inline"
      inlineCollapsed={collapsed}
      selectedKeys={selected ? [selected] : []}
      openKeys={collapsed ? undefined : openKeys}
      onOpenChange={setOpenKeys}
      items={toItems(visible, t)}
      onClick={({ key }) => {
        const target = findByKey(visible, key);
        if (target && target.path !== pathname) navigate(target.path);
      }}
      style={{ paddingTop: 8 }}
    />
  );
}
