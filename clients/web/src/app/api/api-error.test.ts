import { describe, expect, it } from 'vitest';
import { translatorFor } from '../i18n/translate';
import { ApiError, errorFromResponse, NETWORK_ERROR, networkError, userMessageOf } from './api-error';
import { apiUrl } from './url';

const zh = translatorFor('zh-CN');
const en = translatorFor('en-US');

describe('errorFromResponse', () => {
  it("uses the server's code and Chinese message", () => {
    const e = errorFromResponse(401, { error: { code: 'BAD_CREDENTIALS', message: '用户名或密码错误' } }, zh);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(401);
    expect(e.code).toBe('BAD_CREDENTIALS');
    expect(e.message).toBe('用户名或密码错误');
    expect(e.isUnauthenticated).toBe(true);
  });

  it('keeps the server message even when the UI is in English', () => {
    const e = errorFromResponse(429, { error: { code: 'RATE_LIMITED', message: '登录失败次数过多，请15分钟后再试' } }, en);
    expect(e.message).toBe('登录失败次数过多，请15分钟后再试');
  });

  it('passes validation details through', () => {
    const details = [{ path: 'username', message: '请输入用户名' }];
    const e = errorFromResponse(400, { error: { code: 'VALIDATION_FAILED', message: '提交的内容不符合要求', details } }, zh);
    expect(e.details).toEqual(details);
  });

  it('treats a gateway error without a body as the service being unavailable', () => {
    expect(errorFromResponse(502, undefined, zh).message).toBe('服务暂时不可用，请稍后再试');
    expect(errorFromResponse(504, '<html>Gateway Timeout</html>', zh).code).toBe('UNAVAILABLE');
  });

  it('gives a generic message with the status for anything else', () => {
    const e = errorFromResponse(500, 'Internal Server Error', zh);
    expect(e.message).toBe('请求失败（500），请稍后再试');
    expect(errorFromResponse(418, { error: 'teapot' }, en).message).toBe('Request failed (418). Please try again later.');
    expect(errorFromResponse(400, { error: { code: 'X', message: '' } }, zh).message).toContain('400');
  });
});

describe('networkError', () => {
  it('says the network failed, in the UI language', () => {
    const e = networkError(zh, new TypeError('Failed to fetch'));
    expect(e.code).toBe(NETWORK_ERROR);
    expect(e.isNetwork).toBe(true);
    expect(e.message).toBe('网络连接失败，请检查网络后重试');
    expect(networkError(en).message).toMatch(/^Network connection failed/);
  });
});

describe('userMessageOf', () => {
  it('shows ApiError messages, maps fetch TypeErrors to the network message and hides other errors', () => {
    expect(userMessageOf(new ApiError(403, 'FORBIDDEN', '您没有权限进行此操作'), zh)).toBe('您没有权限进行此操作');
    expect(userMessageOf(new TypeError('Failed to fetch'), zh)).toBe('网络连接失败，请检查网络后重试');
    expect(userMessageOf(new Error('secret stack detail'), zh)).not.toContain('secret');
  });
});

describe('apiUrl', () => {
  it('prefixes /api and drops empty query values', () => {
    expect(apiUrl('/directory/users', { agency: 'gov', q: '', limit: 20, offset: 0, x: undefined, y: null })).toBe(
      '/api/directory/users?agency=gov&limit=20&offset=0',
    );
    expect(apiUrl('auth/me')).toBe('/api/auth/me');
    expect(apiUrl('/directory/users', { q: '张 三&' })).toBe('/api/directory/users?q=%E5%BC%A0+%E4%B8%89%26');
  });
});
