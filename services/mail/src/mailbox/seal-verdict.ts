/**
 * 验证 of a sealed 公文 PDF that arrived by mail, with the document-exchange service's verifier
 * (the same checks the 公文 inbox runs: digest, signature, whole-file coverage, chain to the city
 * CA, revocation). The verdict is stored with the attachment the first time it is shown.
 */
import { currentCrl, ensureCityCa } from '@yizhan/core';
import type { SealVerdict } from '@yizhan/protocol';
import { verifyPdfSignatures, type PdfVerification } from '@yizhan/docexchange/seal/verify-pdf';
import { asCoreDb } from '../db/tables';
import type { MailContext } from '../mail-context';

export async function sealVerdictOf(ctx: MailContext, pdf: Buffer): Promise<SealVerdict> {
  try {
    const db = asCoreDb(ctx.db);
    const [ca, crl] = await Promise.all([ensureCityCa(db, ctx.platform.masterKey), currentCrl(db, ctx.platform.masterKey)]);
    const result = verifyPdfSignatures(pdf, { rootPems: [ca.root.cert_pem], intermediatePems: [ca.issuing.cert_pem], crlPems: [crl] });
    return verdictOf(result);
  } catch (err) {
    ctx.log.warn({ err }, 'seal verification failed to run');
    return { status: 'unavailable', summary: '无法验证电子印章', signers: [] };
  }
}

export function verdictOf(v: PdfVerification): SealVerdict {
  const signers = [...new Set(v.signatures.map((s) => s.signerSubject).filter((s): s is string => !!s))];
  if (v.signatures.length === 0) return { status: 'unsigned', summary: '未加盖电子印章', signers };
  if (v.valid) return { status: 'valid', summary: `电子印章有效：${signers.join('、')}`, signers };
  if (v.signatures.some((s) => s.revoked)) return { status: 'invalid', summary: '电子印章无效：印章证书已吊销', signers };
  if (v.signatures.some((s) => !s.valid)) return { status: 'invalid', summary: '电子印章无效：文件在盖章后被改动', signers };
  const last = v.signatures[v.signatures.length - 1];
  if (!last.coversWholeDocument) return { status: 'invalid', summary: '电子印章无效：盖章后文件被追加了内容', signers };
  return { status: 'untrusted', summary: '印章证书不受本市电子政务根证书信任', signers };
}
