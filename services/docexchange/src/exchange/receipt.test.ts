import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCms } from './cms-signed';
import { signReceipt, verifyReceipt, type ReceiptFields } from './receipt';
import { buildExchangePki, openssl, put, removeTempDirs, tempDir, type ExchangePki } from './test-support';

describe('signed receipt (签收回执)', () => {
  let pki: ExchangePki;
  let fields: ReceiptFields;
  let receipt: Buffer;
  let dir: string;
  const trust = () => ({ rootPems: [pki.root.certPem], intermediatePems: [pki.intermediate.certPem], crlPems: [pki.crlPem] });

  beforeAll(async () => {
    pki = await buildExchangePki();
    const B = pki.agencies[1];
    fields = {
      documentId: '0195a3c2-7f4e-7c1a-9d2b-2f7e4c9a1b30',
      docNumber: '示发改〔2026〕12号',
      packageSha256: 'ab'.repeat(32),
      receiverAgencyCode: B.code,
      receiverAgencyName: B.name,
      signedBy: 'liwei',
      signedByName: '李伟',
      signedAt: '2026-01-20T10:02:11+08:00',
    };
    receipt = signReceipt(fields, B.signer);
    dir = tempDir();
    put(dir, { 'receipt.p7s': receipt, 'root.pem': pki.root.certPem, 'intermediate.pem': pki.intermediate.certPem });
  }, 60_000);
  afterAll(removeTempDirs);

  it('openssl cms -verify verifies it and outputs the canonical JSON', () => {
    const r = openssl(
      dir,
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      'receipt.p7s',
      '-CAfile',
      'root.pem',
      '-certfile',
      'intermediate.pem',
      '-binary',
      '-out',
      'receipt.json',
    );
    expect(r.code, r.out).toBe(0);
    const text = readFileSync(join(dir, 'receipt.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ format: 'yizhan-receipt/1', ...fields });
    expect(text.startsWith('{"docNumber":"示发改〔2026〕12号","documentId":')).toBe(true); // keys sorted, no spaces
  });

  it('verifyReceipt returns the fields and the signing agency', () => {
    const v = verifyReceipt(receipt, trust());
    expect(v.valid, v.reason).toBe(true);
    expect(v.receipt).toEqual(fields);
    expect(v.signer?.agencyCode).toBe(pki.agencies[1].code);
    expect(v.signer?.commonName).toBe(pki.agencies[1].name);
    expect(v.signingTime).toEqual(new Date('2026-01-20T02:02:11Z'));
  });

  it('fails a changed receipt, a receipt signed by another agency, an untrusted or revoked signer, and garbage', () => {
    const at = receipt.indexOf(Buffer.from('liwei'));
    const changed = Buffer.from(receipt);
    changed.write('liwex', at);
    const c = verifyReceipt(changed, trust());
    expect(c.valid).toBe(false);
    expect(c.reason).toContain('content altered');

    // C signs a receipt that claims B received the document.
    const C = pki.agencies[2];
    expect(() => signReceipt(fields, C.signer)).toThrow(/belongs to agency/);
    const json = JSON.stringify({
      docNumber: fields.docNumber,
      documentId: fields.documentId,
      format: 'yizhan-receipt/1',
      packageSha256: fields.packageSha256,
      receiverAgencyCode: fields.receiverAgencyCode,
      receiverAgencyName: fields.receiverAgencyName,
      signedAt: fields.signedAt,
      signedBy: fields.signedBy,
      signedByName: fields.signedByName,
    });
    const impostor = verifyReceipt(signCms(Buffer.from(json), C.signer, { detached: false }), trust());
    expect(impostor.valid).toBe(false);
    expect(impostor.reason).toContain(`signed by agency "${C.code}"`);

    const rogue = verifyReceipt(
      signReceipt({ ...fields, receiverAgencyCode: pki.rogueA.code, receiverAgencyName: pki.rogueA.name }, pki.rogueA.signer),
      trust(),
    );
    expect(rogue.valid).toBe(false);
    const revoked = verifyReceipt(
      signReceipt({ ...fields, receiverAgencyCode: pki.revokedA.code, receiverAgencyName: pki.revokedA.name }, pki.revokedA.signer),
      trust(),
    );
    expect(revoked.valid).toBe(false);
    expect(revoked.reason).toContain('revoked');

    const notCanonical = verifyReceipt(
      signCms(Buffer.from(JSON.stringify({ format: 'yizhan-receipt/1', ...fields }, null, 1)), pki.agencies[1].signer, { detached: false }),
      trust(),
    );
    expect(notCanonical.reason).toContain('canonical');
    const notReceipt = verifyReceipt(signCms(Buffer.from('{"format":"yizhan-exchange/1"}'), pki.agencies[1].signer, { detached: false }), trust());
    expect(notReceipt.valid).toBe(false);
    expect(verifyReceipt(Buffer.from('garbage'), trust())).toMatchObject({ valid: false });
    expect(verifyReceipt(signCms(Buffer.from('{}'), pki.agencies[1].signer, { detached: true }), trust()).reason).toContain('detached');
  });

  it('refuses to sign malformed fields', () => {
    expect(() => signReceipt({ ...fields, packageSha256: 'xyz' }, pki.agencies[1].signer)).toThrow(/packageSha256/);
    expect(() => signReceipt({ ...fields, signedAt: 'yesterday' }, pki.agencies[1].signer)).toThrow(/signedAt/);
  });
});
