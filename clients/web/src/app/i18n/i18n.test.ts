import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { enUS } from './en-US';
import { hasMessage, translate } from './translate';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect(placeholders(enUS[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  it('have no empty strings', () => {
    for (const [key, value] of [...Object.entries(zhCN), ...Object.entries(enUS)]) expect(value.trim(), key).not.toBe('');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'common.total', { total: 12 })).toBe('共 12 条');
    expect(translate('en-US', 'common.total', { total: 12 })).toBe('12 in total');
    expect(translate('zh-CN', 'common.total')).toBe('共 {total} 条');
  });

  it('uses the product title from the brief', () => {
    expect(translate('zh-CN', 'app.title')).toBe('驿站 · 示范市电子政务协同办公平台');
    expect(translate('zh-CN', 'workspace.todosEmpty')).toBe('暂无待办事项');
    expect(translate('zh-CN', 'error.network')).toBe('网络连接失败，请检查网络后重试');
  });

  it('knows which data-built keys exist', () => {
    expect(hasMessage('role.clerk')).toBe(true);
    expect(hasMessage('role.nobody')).toBe(false);
    expect(hasMessage('toString')).toBe(false);
  });
});
