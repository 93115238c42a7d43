import { Col, Row } from 'antd';
import type { TodoList as TodoListBody } from '@yizhan/protocol';
import { api } from '../../app/api/client';
import { useCurrentUser } from '../../app/auth/AuthProvider';
import { useApi } from '../../app/hooks/useApi';
import { useTodosChanged } from '../../app/realtime/RealtimeProvider';
import { Greeting } from './Greeting';
import { TodoList } from './TodoList';
import { RecentNotifications } from './RecentNotifications';

/** 工作台: who I am, what waits for me, what just happened. */
export function WorkspacePage() {
  const user = useCurrentUser();
  const todos = useApi((signal) => api.get<TodoListBody>('/workspace/todos', { signal }), []);
  useTodosChanged(todos.reload);

  return (
    <div data-testid="workspace">
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Greeting user={user} />
        </Col>
        <Col xs={24} lg={15} xxl={16}>
          <TodoList items={todos.data?.items} loading={todos.loading} error={todos.error} onReload={todos.reload} />
        </Col>
        <Col xs={24} lg={9} xxl={8}>
          <RecentNotifications />
        </Col>
      </Row>
    </div>
  );
}
