import { lazy } from 'react';
import { ContactsOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

export const directoryModule: AppModule = {
  key: 'directory',
  path: '/directory',
  labelKey: 'nav.directory',
  icon: <ContactsOutlined />,
  page: lazy(() => import('./DirectoryPage')),
};
