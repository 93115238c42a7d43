import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result, Space } from 'antd';
import { tCurrent } from '../i18n/locale-store';

interface Props {
  children: ReactNode;
  /** The boundary clears itself when this changes (the route), so one broken page does not stick. */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

/** A lazily loaded chunk that no longer exists on the server: the app was redeployed under the user. */
function isChunkLoadError(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|Failed to fetch dynamically/i.test(error.message);
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(prev: Props) {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('页面渲染出错', error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    // Outside the router and possibly outside the i18n provider: read the language directly.
    return (
      <Result
        status="error"
        title={tCurrent('error.boundary.title')}
        subTitle={isChunkLoadError(error) ? tCurrent('error.boundary.chunk') : tCurrent('error.boundary.subtitle')}
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => window.location.reload()}>
              {tCurrent('error.boundary.reload')}
            </Button>
            <Button onClick={() => window.location.assign('/')}>{tCurrent('error.boundary.home')}</Button>
          </Space>
        }
      />
    );
  }
}
