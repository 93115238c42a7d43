/**
 * The signed receipt (签收回执): attached CMS SignedData (content type id-data) whose content is
 * the canonical JSON of the receipt fields plus `"format": "yizhan-receipt/1"`, signed by the
 * receiving agency's seal key. The format marker keeps a receipt from ever being read as
 * another signed JSON document of ours (a manifest is signed by the same kind of key).
 * `openssl cms -verify -binary` verifies it and prints the JSON.
 */
import { canonicalJson } from '@yizhan/core';
import { z } from 'zod';
import { certInfo } from './certificate-info';
import { CmsFormatError, signCms, verifyCms, type CmsSigner } from './cms-signed';

export const RECEIPT_FORMAT = 'yizhan-receipt/1';

export const ReceiptFieldsSchema = z.strictObject({
  documentId: z.string().min(1).max(128),
  docNumber: z.string().min(1).max(100),
  /** SHA-256 (hex) of the exchange package (.p7m) as received. */
  packageSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be lowercase hex SHA-256'),
  receiverAgencyCode: z.string().min(1).max(64),
  receiverAgencyName: z.string().min(1).max(200),
  /** Username of the clerk who signed for it. */
  signedBy: z.string().min(1).max(64),
  signedByName: z.string().min(1).max(100),
  signedAt: z.iso.datetime({ offset: true }),
});
export type ReceiptFields = z.infer<typeof ReceiptFieldsSchema>;

const ReceiptContentSchema = ReceiptFieldsSchema.extend({ format: z.literal(RECEIPT_FORMAT) });

export function signReceipt(fields: ReceiptFields, receiverSigner: CmsSigner): Buffer {
  const parsed = ReceiptFieldsSchema.safeParse(fields);
  if (!parsed.success) throw new Error(`invalid receipt: ${describe(parsed.error)}`);
  const code = certInfo(receiverSigner.certPem).organizationalUnit;
  if (code !== parsed.data.receiverAgencyCode) {
    throw new Error(`signReceipt: the signing certificate belongs to agency "${code ?? '(no OU)'}", not "${parsed.data.receiverAgencyCode}"`);
  }
  const json = canonicalJson({ format: RECEIPT_FORMAT, ...parsed.data });
  return signCms(Buffer.from(json, 'utf8'), receiverSigner, { detached: false, signingTime: new Date(parsed.data.signedAt) });
}

export interface ReceiptTrust {
  rootPems: string[];
  intermediatePems?: string[];
  crlPems?: string[];
  at?: Date;
}

export interface ReceiptVerification {
  /** Signature, trusted and unrevoked signer, well-formed receipt, signer's agency = receiverAgencyCode. */
  valid: boolean;
  receipt?: ReceiptFields;
  signer?: { certPem: string; subject: string; agencyCode: string; commonName: string };
  signingTime?: Date;
  reason?: string;
}

export function verifyReceipt(der: Buffer, trust: ReceiptTrust): ReceiptVerification {
  let v;
  try {
    v = verifyCms(der, trust);
  } catch (err) {
    if (err instanceof CmsFormatError) return { valid: false, reason: err.message };
    throw err;
  }
  const out: ReceiptVerification = {
    valid: false,
    signer: { certPem: v.signerCertPem, subject: v.signerSubject, agencyCode: v.signerOrganizationUnit, commonName: v.signerCommonName },
    signingTime: v.signingTime,
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(v.content));
  } catch {
    return { ...out, reason: 'the receipt content is not UTF-8 JSON' };
  }
  const parsed = ReceiptContentSchema.safeParse(value);
  if (!parsed.success) return { ...out, reason: `not a ${RECEIPT_FORMAT} receipt: ${describe(parsed.error)}` };
  const { format: _format, ...receipt } = parsed.data;
  out.receipt = receipt;
  if (!Buffer.from(canonicalJson(parsed.data), 'utf8').equals(v.content)) return { ...out, reason: 'the receipt is not in canonical form' };
  if (!v.valid) return { ...out, reason: v.reason };
  if (v.signerOrganizationUnit !== receipt.receiverAgencyCode) {
    return { ...out, reason: `signed by agency "${v.signerOrganizationUnit}", but the receipt is for "${receipt.receiverAgencyCode}"` };
  }
  return { ...out, valid: true };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
