import { lazy } from 'react';
import { MailOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

/** 政务邮件: folders, conversations, reading and compose on one page; state in the query string (?mb=&f=&entry=&q=). */
export const mailModule: AppModule = {
  key: 'mail',
  path: '/mail',
  labelKey: 'nav.mail',
  icon: <MailOutlined />,
  page: lazy(() => import('./MailPage')),
};
