import { DesktopOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';
import { WorkspacePage } from './WorkspacePage';

/** The landing page: eager, everyone sees it first. */
export const workspaceModule: AppModule = {
  key: 'workspace',
  path: '/',
  labelKey: 'nav.workspace',
  icon: <DesktopOutlined />,
  page: WorkspacePage,
};
