import { lazy } from 'react';
import { BookOutlined, EditOutlined, FileSearchOutlined, FileTextOutlined, InboxOutlined, SendOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

/** People of an agency; venue operators and admins without an agency role do not exchange documents. */
const AGENCY_ROLES = ['clerk', 'leader', 'staff'] as const;
const DRAFTERS = ['clerk', 'staff'] as const;

// 拟稿 and 编辑草稿 are one page: after the first save the address changes to /edit and the page stays.
const DraftPage = lazy(() => import('./outgoing/DraftPage'));

/** 公文: 拟稿, 发文 (boxes), 收文, 收文登记簿, 公文检索. */
export const documentsModule: AppModule = {
  key: 'documents',
  path: '/documents',
  labelKey: 'nav.documents',
  icon: <FileTextOutlined />,
  roles: AGENCY_ROLES,
  children: [
    { key: 'documents-new', path: '/documents/new', labelKey: 'nav.documents.new', icon: <EditOutlined />, roles: DRAFTERS, page: DraftPage },
    {
      key: 'documents-outbox',
      path: '/documents/outbox',
      labelKey: 'nav.documents.outbox',
      icon: <SendOutlined />,
      page: lazy(() => import('./outgoing/OutboxPage')),
    },
    {
      key: 'documents-incoming',
      path: '/incoming',
      labelKey: 'nav.documents.incoming',
      icon: <InboxOutlined />,
      page: lazy(() => import('./incoming/IncomingListPage')),
    },
    {
      key: 'documents-register',
      path: '/register',
      labelKey: 'nav.documents.register',
      icon: <BookOutlined />,
      page: lazy(() => import('./register/RegisterPage')),
    },
    {
      key: 'documents-search',
      path: '/documents/search',
      labelKey: 'nav.documents.search',
      icon: <FileSearchOutlined />,
      page: lazy(() => import('./search/SearchPage')),
    },
  ],
};

/**
 * Pages reached by links (the workspace 待办, notifications, lists) rather than from the menu:
 * routed, not listed. /documents/:id and /incoming/:deliveryId are the links the server gives out.
 */
export const documentsLinkedPages: AppModule[] = [
  { key: 'documents-view', path: '/documents/:id', labelKey: 'nav.documents.outbox', roles: AGENCY_ROLES, page: lazy(() => import('./outgoing/DocumentPage')) },
  { key: 'documents-edit', path: '/documents/:id/edit', labelKey: 'nav.documents.new', roles: DRAFTERS, page: DraftPage },
  {
    key: 'incoming-view',
    path: '/incoming/:deliveryId',
    labelKey: 'nav.documents.incoming',
    roles: AGENCY_ROLES,
    page: lazy(() => import('./incoming/IncomingPage')),
  },
];
