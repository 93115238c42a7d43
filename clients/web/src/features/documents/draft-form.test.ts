import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { DraftFieldsSchema } from '@yizhan/protocol';
import { EMPTY_BODY, fromDraftFields, isBodyEmpty, isClassified, newDraftValues, toDraftFields } from './draft-form';

const body = {
  type: 'doc' as const,
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、总体要求' }] },
    { type: 'paragraph', content: [{ type: 'text', text: '现提出如下意见。' }] },
  ],
};

describe('draft form ⇄ DraftFields', () => {
  it('starts a new draft as 非密, 普通, with the agency as 发文机关标志', () => {
    const v = newDraftValues('示范市人民政府');
    expect(v).toMatchObject({ classification: '非密', urgency: '普通', agencyMark: '示范市人民政府', upward: false, mainRecipients: [], ccRecipients: [] });
    expect(isBodyEmpty(v.body)).toBe(true);
  });

  it('sends what the protocol accepts: trimmed texts, 份号 and 成文日期 left out when empty', () => {
    const fields = toDraftFields({ ...newDraftValues('示范市人民政府'), title: '  关于X的通知 ', copyNumber: '', mainRecipients: ['fgw'], body, note: '  ' });
    expect(fields.title).toBe('关于X的通知');
    expect(fields.note).toBe('');
    expect('documentDate' in fields).toBe(false);
    const parsed = DraftFieldsSchema.parse(fields);
    expect(parsed.copyNumber).toBeUndefined();
    expect(parsed.mainRecipients).toEqual(['fgw']);
  });

  it('writes 成文日期 as YYYY-MM-DD and reads it back', () => {
    const fields = toDraftFields({ ...newDraftValues('x'), title: 't', body, copyNumber: '000123', documentDate: dayjs('2026-03-05') });
    expect(fields.documentDate).toBe('2026-03-05');
    expect(DraftFieldsSchema.parse(fields).copyNumber).toBe('000123');
    const back = fromDraftFields(DraftFieldsSchema.parse(fields));
    expect(back.documentDate?.format('YYYY-MM-DD')).toBe('2026-03-05');
    expect(back.copyNumber).toBe('000123');
    expect(back.body).toEqual(body);
  });

  it('knows an empty 正文 from one with text or a table', () => {
    expect(isBodyEmpty(EMPTY_BODY)).toBe(true);
    expect(isBodyEmpty({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '  ' }] }] })).toBe(true);
    expect(isBodyEmpty(body)).toBe(false);
    expect(isBodyEmpty({ type: 'doc', content: [{ type: 'table', content: [] }] })).toBe(false);
    expect(isBodyEmpty(undefined)).toBe(true);
  });

  it('flags 秘密 and 机密', () => {
    expect(isClassified('非密')).toBe(false);
    expect(isClassified('秘密')).toBe(true);
    expect(isClassified('机密')).toBe(true);
  });
});
