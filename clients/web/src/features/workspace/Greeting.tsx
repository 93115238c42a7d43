import { Card, Flex, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { CurrentUser } from '@yizhan/protocol';
import { useI18n } from '../../app/i18n';
import { RoleTags } from '../../app/components/RoleTags';
import { CopyableMail } from '../../app/components/CopyableMail';
import { greetingKey } from './todo-display';

export function Greeting({ user }: { user: CurrentUser }) {
  const { t, locale } = useI18n();
  const now = dayjs();
  const date = locale === 'zh-CN' ? now.format('YYYY年M月D日 dddd') : now.format('dddd, D MMMM YYYY');
  return (
    <Card>
      <Flex justify="space-between" align="flex-start" wrap gap={16}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t(greetingKey(now.hour()), { name: user.name })}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 15 }}>
            {user.agencyName}
            {user.title && ` · ${user.title}`}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('workspace.today', { date })}</Typography.Text>
        </div>
        <Flex vertical gap={8} align="flex-end" style={{ minWidth: 0 }}>
          <RoleTags roles={user.roles} />
          <span>
            <MailOutlined style={{ color: 'rgba(0,0,0,0.45)', marginRight: 6 }} />
            <CopyableMail address={user.mailAddress} />
          </span>
        </Flex>
      </Flex>
    </Card>
  );
}
