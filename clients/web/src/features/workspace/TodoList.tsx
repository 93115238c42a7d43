import { useMemo } from 'react';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import type { TodoItem } from '@yizhan/protocol';
import { useT } from '../../app/i18n';
import type { ApiError } from '../../app/api/api-error';
import { LoadError } from '../../app/components/LoadError';
import { deadlineTone, SOURCE_COLORS, SOURCE_KEYS, sortTodos, URGENCY_COLORS } from './todo-display';

const TONE_COLOR = { overdue: '#cf1322', soon: '#d46b08', normal: 'rgba(0,0,0,0.45)' } as const;

interface Props {
  items: TodoItem[] | undefined;
  loading: boolean;
  error: ApiError | undefined;
  onReload(): void;
}

export function TodoList({ items, loading, error, onReload }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const sorted = useMemo(() => sortTodos(items ?? []), [items]);
  const now = Date.now();

  return (
    <Card
      title={t('workspace.todos')}
      extra={
        <Space>
          {items && items.length > 0 && <Typography.Text type="secondary">{t('workspace.todosCount', { count: items.length })}</Typography.Text>}
          <Button type="text" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={onReload} loading={loading && !!items} />
        </Space>
      }
      styles={{ body: { paddingTop: 8, paddingBottom: 8 } }}
    >
      {error && <LoadError error={error} onRetry={onReload} />}
      <List<TodoItem>
        data-testid="todo-list"
        loading={loading && !items}
        dataSource={sorted}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span>{t('workspace.todosEmpty')}</span>}>
              <Typography.Text type="secondary">{t('workspace.todosEmptyHint')}</Typography.Text>
            </Empty>
          ),
        }}
        renderItem={(item) => {
          const tone = deadlineTone(item, now);
          return (
            <List.Item
              key={item.id}
              onClick={() => navigate(item.link)}
              style={{ cursor: 'pointer', paddingInline: 4 }}
              extra={
                item.deadline && (
                  <span style={{ color: TONE_COLOR[tone], whiteSpace: 'nowrap' }}>
                    <ClockCircleOutlined /> {t('workspace.deadline', { time: dayjs(item.deadline).format('MM-DD HH:mm') })}
                    {tone === 'overdue' && (
                      <Tag color="red" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
                        {t('workspace.overdue')}
                      </Tag>
                    )}
                  </span>
                )
              }
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    {item.urgency && item.urgency !== '普通' && <Tag color={URGENCY_COLORS[item.urgency]}>{t(`urgency.${item.urgency}`)}</Tag>}
                    <Tag color={SOURCE_COLORS[item.source]} title={t(SOURCE_KEYS[item.source])}>
                      {item.kind}
                    </Tag>
                    <span>{item.title}</span>
                  </Space>
                }
                description={item.from && t('workspace.from', { from: item.from })}
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
