/**
 * The signed instruction (签批): attached CMS SignedData, signed with the leader's own user
 * certificate, whose content is the canonical JSON of what they decided — the time, the SHA-256 of
 * the sealed document they read, their annotation layer (vector data) and their typed 批示.
 * `openssl cms -verify -binary` verifies it and prints the JSON.
 */
import { canonicalJson, ensureCityCa, ensureUserCertificate } from '@yizhan/core';
import { INSTRUCTION_FORMAT, type Annotation } from '@yizhan/protocol';
import type { DocContext } from '../context';
import { signCms, verifyCms } from '../exchange/index';
import { cityTrust } from '../pki-access';

export interface InstructionContent {
  format: typeof INSTRUCTION_FORMAT;
  circulationId: string;
  taskId: string;
  document: { id: string; docNumber: string; title: string; sha256: string };
  reader: { username: string; name: string; agencyCode: string };
  signedAt: string;
  instruction: string;
  circled: boolean;
  annotations: Annotation[];
}

export async function signInstruction(ctx: DocContext, content: InstructionContent): Promise<Buffer> {
  const { platform } = ctx;
  const [{ cert, keyPem }, ca] = await Promise.all([
    ensureUserCertificate({ db: platform.db, masterKey: platform.masterKey, username: content.reader.username, actor: 'system' }),
    ensureCityCa(platform.db, platform.masterKey),
  ]);
  const json = canonicalJson(content);
  return signCms(
    Buffer.from(json, 'utf8'),
    { certPem: cert.cert_pem, keyPem, chainPems: [ca.issuing.cert_pem] },
    { detached: false, signingTime: new Date(content.signedAt) },
  );
}

export interface InstructionCheck {
  valid: boolean;
  signer: string;
  reason?: string;
  content?: InstructionContent;
}

/** Verifies a stored instruction against the city trust anchors and the document it must name. */
export async function verifyInstruction(ctx: DocContext, der: Buffer, documentSha256: string): Promise<InstructionCheck> {
  const trust = await cityTrust(ctx);
  try {
    const v = verifyCms(der, trust);
    const content = JSON.parse(v.content.toString('utf8')) as InstructionContent;
    const namesDocument = content.document?.sha256 === documentSha256;
    return {
      valid: v.valid && namesDocument,
      signer: v.signerCommonName,
      content,
      reason: v.valid ? (namesDocument ? undefined : 'names another document') : v.reason,
    };
  } catch (e) {
    return { valid: false, signer: '', reason: (e as Error).message };
  }
}
