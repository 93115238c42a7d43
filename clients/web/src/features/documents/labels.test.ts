import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../app/i18n/translate';
import { fileSize, VERDICT_CHECKS, verdictCheckLabel, verdictLines, verdictPassed } from './labels';

const zh = translatorFor('zh-CN');
const en = translatorFor('en-US');

describe('verdict check labels', () => {
  it('names every check the server reports in Chinese', () => {
    for (const name of VERDICT_CHECKS) {
      const label = verdictCheckLabel(name, zh);
      expect(label, name).not.toBe(name);
      expect(label, name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(verdictCheckLabel('signature', zh)).toBe('发文机关签名有效');
    expect(verdictCheckLabel('signer-not-revoked', zh)).toBe('签名证书未被吊销');
    expect(verdictCheckLabel('pdf-signature', zh)).toBe('正式文件电子签章有效');
    expect(verdictCheckLabel('addressed-to-recipient', en)).toBe('Addressed or copied to this agency');
  });

  it('names file checks by their path, the main document by name', () => {
    expect(verdictCheckLabel('file:attachments/01.pdf', zh)).toBe('文件完整：attachments/01.pdf');
    expect(verdictCheckLabel('file:document.pdf', zh)).toBe('文件完整：正式文件');
  });

  it('keeps an unknown check under its own name', () => {
    expect(verdictCheckLabel('timestamp-authority', zh)).toBe('timestamp-authority');
    expect(verdictCheckLabel('toString', zh)).toBe('toString');
  });

  it('lists failed checks first, with their details', () => {
    const lines = verdictLines(
      {
        ok: false,
        checks: [
          { name: 'decrypt', ok: true },
          { name: 'file:document.pdf', ok: false, detail: 'SHA-256 differs' },
          { name: 'signature', ok: true },
          { name: 'pdf-signature', ok: false },
        ],
      },
      zh,
    );
    expect(lines.map((l) => [l.label, l.ok])).toEqual([
      ['文件完整：正式文件', false],
      ['正式文件电子签章有效', false],
      ['使用本单位密钥解密', true],
      ['发文机关签名有效', true],
    ]);
    expect(lines[0].detail).toBe('SHA-256 differs');
    expect('detail' in lines[2]).toBe(false);
  });

  it('shows a verdict as passed only when the server says ok and no check failed', () => {
    expect(verdictPassed({ ok: true, checks: [{ name: 'decrypt', ok: true }] })).toBe(true);
    expect(
      verdictPassed({
        ok: true,
        checks: [
          { name: 'decrypt', ok: true },
          { name: 'signature', ok: false },
        ],
      }),
    ).toBe(false);
    expect(verdictPassed({ ok: false, checks: [{ name: 'decrypt', ok: true }] })).toBe(false);
    expect(verdictPassed({ ok: true, checks: [] })).toBe(false);
  });
});

describe('fileSize', () => {
  it('speaks in B, KB and MB', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(300 * 1024)).toBe('300 KB');
    expect(fileSize(5.25 * 1024 * 1024)).toBe('5.3 MB');
  });
});
