import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from './AuthProvider';
import { userMessageOf } from '../api/api-error';
import { useT } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';

interface LoginForm {
  username: string;
  password: string;
}

/** Only paths inside this app; never bounce to another origin after login. */
function safeFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const { state, login } = useAuth();
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<LoginForm>();

  if (state.status === 'authenticated') return <Navigate to={safeFrom(location.state)} replace />;
  const notice = state.status === 'anonymous' ? state.notice : undefined;

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(safeFrom(location.state), { replace: true });
    } catch (e) {
      setError(userMessageOf(e, t));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="yz-login">
      <div className="yz-login-top">
        <LanguageSwitch size="middle" />
      </div>
      <main className="yz-login-main">
        <Card className="yz-login-card" styles={{ body: { padding: '36px 32px 28px' } }}>
          <div className="yz-login-brand">
            <span className="yz-logo" aria-hidden>
              驿
            </span>
            <Typography.Title level={1} className="yz-login-title">
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.loginHint')}</Typography.Text>
          </div>
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 20 }} role="alert" data-testid="login-error" />
          ) : (
            notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 20 }} />
          )}
          <Form<LoginForm> name="login" form={form} layout="vertical" size="large" requiredMark={false} onFinish={submit} disabled={submitting}>
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
              <Input
                data-testid="login-username"
                prefix={<UserOutlined />}
                placeholder={t('auth.usernamePlaceholder')}
                autoComplete="username"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                autoFocus
                maxLength={64}
              />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password
                data-testid="login-password"
                prefix={<LockOutlined />}
                placeholder={t('auth.passwordPlaceholder')}
                autoComplete="current-password"
                maxLength={256}
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0, marginTop: 8 }}>
              <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={submitting}>
                {submitting ? t('auth.loggingIn') : t('auth.login')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      </main>
      <footer className="yz-login-footer">{t('auth.footer')}</footer>
    </div>
  );
}
