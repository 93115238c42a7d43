import { lazy } from 'react';
import { ApartmentOutlined, AuditOutlined, SafetyCertificateOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

/** 系统管理: admins only; every page is its own chunk, loaded on first visit. */
export const adminModule: AppModule = {
  key: 'admin',
  path: '/admin',
  labelKey: 'nav.admin',
  icon: <SettingOutlined />,
  roles: ['admin'],
  children: [
    {
      key: 'admin-agencies',
      path: '/admin/agencies',
      labelKey: 'nav.admin.agencies',
      icon: <ApartmentOutlined />,
      page: lazy(() => import('./agencies/AgencyAdminPage')),
    },
    {
      key: 'admin-users',
      path: '/admin/users',
      labelKey: 'nav.admin.users',
      icon: <TeamOutlined />,
      page: lazy(() => import('./users/UserAdminPage')),
    },
    {
      key: 'admin-certificates',
      path: '/admin/certificates',
      labelKey: 'nav.admin.certificates',
      icon: <SafetyCertificateOutlined />,
      page: lazy(() => import('./certificates/CertificatePage')),
    },
    {
      key: 'admin-audit',
      path: '/admin/audit',
      labelKey: 'nav.admin.audit',
      icon: <AuditOutlined />,
      page: lazy(() => import('./audit/AuditPage')),
    },
  ],
};
