/**
 * The document-exchange package (公文交换包):
 *
 *   p7m = AuthEnvelopedData for the recipient agencies ( tar (
 *           manifest.json   canonical JSON (ExchangeManifest), UTF-8
 *           manifest.p7s    detached CMS SignedData over manifest.json by the sender's seal key
 *           document.pdf, attachments/01.pdf, …   listed in the manifest with SHA-256 and size
 *         ) )
 *
 * The manifest's file list is computed by the builder, never taken from the caller. Opening a
 * package never throws for bad content: it returns a verdict whose checks say what failed, and
 * `verdict.ok` is true only when every check ran and passed.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@yizhan/core';
import { z } from 'zod';
import { certInfo } from './certificate-info';
import { EnvelopeError, envelopFor, openEnvelope, type EnvelopeOpener, type EnvelopeRecipient } from './cms-enveloped';
import { CmsFormatError, signCms, verifyCms, type CmsSigner } from './cms-signed';
import { TarError, readTar, writeTar, type TarLimits } from './tar';

export const EXCHANGE_FORMAT = 'yizhan-exchange/1';
export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_SIGNATURE_PATH = 'manifest.p7s';

/** The main document is `document.<ext>`; attachments are `attachments/NN.<ext>`. */
const FILE_PATH_RE = /^(document|attachments\/\d{2,3})\.[a-z0-9]{1,10}$/;
const SHA256_HEX_RE = /^[0-9a-f]{64}$/;

const AgencyRefSchema = z.strictObject({
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
});

/** A display name for a file: no path separators or control characters, so it is safe as a file name. */
const OriginalNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\]/.test(s) && ![...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f') && s !== '.' && s !== '..', 'must be a plain file name');

export const ManifestFileSchema = z.strictObject({
  path: z.string().regex(FILE_PATH_RE, 'must be document.<ext> or attachments/NN.<ext>'),
  sha256: z.string().regex(SHA256_HEX_RE, 'must be lowercase hex SHA-256'),
  size: z.number().int().nonnegative(),
  mediaType: z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i, 'must be a media type'),
  originalName: OriginalNameSchema,
});

const metadataShape = {
  documentId: z.string().min(1).max(128),
  /** 发文字号, e.g. 示发改〔2026〕12号 */
  docNumber: z.string().min(1).max(100),
  title: z.string().min(1).max(500),
  senderAgencyCode: z.string().min(1).max(64),
  senderAgencyName: z.string().min(1).max(200),
  /** Only unclassified documents go over the network. */
  classification: z.literal('非密'),
  urgency: z.enum(['普通', '加急', '特急']),
  mainRecipients: z.array(AgencyRefSchema).min(1).max(1000),
  ccRecipients: z.array(AgencyRefSchema).max(1000),
  issuedAt: z.iso.datetime({ offset: true }),
  /** 签发人 */
  signer: z.string().min(1).max(100),
};

function uniqueRecipients(m: { mainRecipients: { code: string }[]; ccRecipients: { code: string }[] }): boolean {
  const codes = [...m.mainRecipients, ...m.ccRecipients].map((r) => r.code);
  return new Set(codes).size === codes.length;
}

export const ExchangeManifestMetadataSchema = z.strictObject(metadataShape).refine(uniqueRecipients, 'an agency is listed twice among the recipients');

export const ExchangeManifestSchema = z
  .strictObject({
    format: z.literal(EXCHANGE_FORMAT),
    ...metadataShape,
    files: z
      .array(ManifestFileSchema)
      .min(1)
      .max(500)
      .refine((files) => new Set(files.map((f) => f.path)).size === files.length, 'a file path is listed twice')
      .refine((files) => files.filter((f) => f.path.startsWith('document.')).length === 1, 'exactly one main document'),
  })
  .refine(uniqueRecipients, 'an agency is listed twice among the recipients');

export type ExchangeManifest = z.infer<typeof ExchangeManifestSchema>;
export type ManifestFile = z.infer<typeof ManifestFileSchema>;
/** What the caller describes; `format` and `files` are filled in by the builder. */
export type ExchangeManifestMetadata = z.infer<typeof ExchangeManifestMetadataSchema>;

export interface PackageFileInput {
  /** document.pdf, attachments/01.pdf, … */
  path: string;
  bytes: Buffer;
  /** Defaults from the extension (application/pdf, application/ofd, …). */
  mediaType?: string;
  /** The name the file had, e.g. 关于印发某某办法的通知.pdf; defaults to the path's last part. */
  originalName?: string;
}

export interface BuildExchangePackageInput {
  manifest: ExchangeManifestMetadata & { format?: string; files?: unknown };
  files: PackageFileInput[];
  /** signingTime of manifest.p7s; defaults to now. */
  signingTime?: Date;
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  xml: 'application/xml',
  json: 'application/json',
  txt: 'text/plain',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
};

export function buildExchangePackage(input: BuildExchangePackageInput, sender: CmsSigner): { tar: Buffer; manifestBytes: Buffer; manifest: ExchangeManifest } {
  const { format: _format, files: _ignored, ...rest } = input.manifest;
  const metadata = parseOrThrow(ExchangeManifestMetadataSchema, rest, 'manifest');

  const senderCode = certInfo(sender.certPem).organizationalUnit;
  if (senderCode !== metadata.senderAgencyCode) {
    throw new Error(
      `buildExchangePackage: the sender certificate belongs to agency "${senderCode ?? '(no OU)'}", ` +
        `not to senderAgencyCode "${metadata.senderAgencyCode}"`,
    );
  }

  const files: ManifestFile[] = input.files.map((f) => ({
    path: f.path,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    size: f.bytes.length,
    mediaType: f.mediaType ?? MEDIA_TYPES[f.path.slice(f.path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    originalName: f.originalName ?? f.path.slice(f.path.lastIndexOf('/') + 1),
  }));
  const manifest = parseOrThrow(ExchangeManifestSchema, { format: EXCHANGE_FORMAT, ...metadata, files }, 'manifest');
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const signature = signCms(manifestBytes, sender, { detached: true, signingTime: input.signingTime });
  const tar = writeTar([
    { path: MANIFEST_PATH, bytes: manifestBytes },
    { path: MANIFEST_SIGNATURE_PATH, bytes: signature },
    ...input.files.map((f) => ({ path: f.path, bytes: f.bytes })),
  ]);
  return { tar, manifestBytes, manifest };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid ${what}: ${issues}`);
  }
  return r.data;
}

/** Encrypts the package for its recipient agencies (their seal certificates). */
export function sealExchangePackage(tar: Buffer, recipients: EnvelopeRecipient[]): Buffer {
  return envelopFor(tar, recipients);
}

export interface ExchangeTrust {
  rootPems: string[];
  intermediatePems?: string[];
  crlPems?: string[];
  /** Time to validate the sender certificate at; defaults to now. */
  at?: Date;
  limits?: TarLimits;
}

export interface VerdictCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface OpenedExchangePackage {
  /** null when the package could not be decrypted or its manifest is unreadable. */
  manifest: ExchangeManifest | null;
  /** The files the manifest lists that are in the package (check the verdict before use). */
  files: Map<string, Buffer>;
  /** SHA-256 (hex) of the p7m as received: what the receipt names. */
  packageSha256: string;
  sender?: { certPem: string; subject: string; agencyCode: string; signingTime?: Date };
  verdict: { ok: boolean; checks: VerdictCheck[] };
}

/** Checks that must be present and pass for `ok`; the per-file checks come on top. */
const REQUIRED_CHECKS = [
  'decrypt',
  'container',
  'manifest',
  'signature',
  'signer-certificate',
  'signer-not-revoked',
  'signer-agency',
  'addressed-to-recipient',
  'no-missing-files',
  'no-extra-files',
];

export function openExchangePackage(p7m: Buffer, recipient: EnvelopeOpener, trust: ExchangeTrust): OpenedExchangePackage {
  const checks: VerdictCheck[] = [];
  const result: OpenedExchangePackage = {
    manifest: null,
    files: new Map(),
    packageSha256: createHash('sha256').update(p7m).digest('hex'),
    verdict: { ok: false, checks },
  };
  const check = (name: string, ok: boolean, detail?: string) => {
    checks.push(detail === undefined ? { name, ok } : { name, ok, detail });
    return ok;
  };
  try {
    inspect(p7m, recipient, trust, result, check);
  } catch (err) {
    check('internal', false, `unexpected error: ${(err as Error).message}`);
  }
  result.verdict.ok = checks.every((c) => c.ok) && REQUIRED_CHECKS.every((name) => checks.some((c) => c.name === name && c.ok));
  return result;
}

function inspect(
  p7m: Buffer,
  recipient: EnvelopeOpener,
  trust: ExchangeTrust,
  result: OpenedExchangePackage,
  check: (name: string, ok: boolean, detail?: string) => boolean,
): void {
  let tar: Buffer;
  try {
    tar = openEnvelope(p7m, recipient);
    check('decrypt', true);
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    check('decrypt', false, `${err.code}: ${err.message}`);
    return;
  }

  let entries: Map<string, Buffer>;
  try {
    const list = readTar(tar, trust.limits);
    // Our writer is deterministic, so a genuine container is exactly what it would write again:
    // this also catches changes to header fields the reader does not otherwise use.
    if (!writeTar(list).equals(tar)) throw new TarError('not in the canonical form the builder writes');
    entries = new Map(list.map((e) => [e.path, e.bytes]));
  } catch (err) {
    if (!(err instanceof TarError)) throw err;
    check('container', false, err.message);
    return;
  }
  const manifestBytes = entries.get(MANIFEST_PATH);
  const signature = entries.get(MANIFEST_SIGNATURE_PATH);
  if (!manifestBytes || !signature) {
    check('container', false, `${!manifestBytes ? MANIFEST_PATH : MANIFEST_SIGNATURE_PATH} is missing`);
    return;
  }
  check('container', true);

  const manifest = readManifest(manifestBytes);
  if (typeof manifest === 'string') check('manifest', false, manifest);
  else {
    check('manifest', true);
    result.manifest = manifest;
  }

  // The signature is checked even when the manifest is unreadable: the detail helps.
  let signerCode: string | undefined;
  try {
    const v = verifyCms(signature, {
      detachedContent: manifestBytes,
      rootPems: trust.rootPems,
      intermediatePems: trust.intermediatePems,
      crlPems: trust.crlPems,
      at: trust.at,
    });
    signerCode = v.signerOrganizationUnit;
    result.sender = { certPem: v.signerCertPem, subject: v.signerSubject, agencyCode: signerCode, signingTime: v.signingTime };
    check('signature', v.signatureValid, v.signatureValid ? `signed by ${v.signerSubject}` : v.reason);
    check('signer-certificate', v.chainTrusted, v.chainTrusted ? undefined : v.reason);
    check('signer-not-revoked', !v.revoked, v.revoked ? v.reason : undefined);
  } catch (err) {
    if (!(err instanceof CmsFormatError)) throw err;
    check('signature', false, err.message);
  }
  if (typeof manifest === 'string') return;

  if (signerCode !== undefined) {
    check(
      'signer-agency',
      signerCode === manifest.senderAgencyCode,
      signerCode === manifest.senderAgencyCode ? undefined : `signed by agency "${signerCode}" but the manifest names sender "${manifest.senderAgencyCode}"`,
    );
  }

  const ownCode = certInfo(recipient.certPem).organizationalUnit ?? '';
  const addressed = [...manifest.mainRecipients, ...manifest.ccRecipients].some((r) => r.code === ownCode);
  check('addressed-to-recipient', addressed, addressed ? undefined : `agency "${ownCode}" is neither a main nor a cc recipient`);

  const missing: string[] = [];
  for (const f of manifest.files) {
    const bytes = entries.get(f.path);
    if (!bytes) {
      missing.push(f.path);
      continue;
    }
    result.files.set(f.path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== f.size) check(`file:${f.path}`, false, `size ${bytes.length}, manifest says ${f.size}`);
    else if (sha256 !== f.sha256) check(`file:${f.path}`, false, `SHA-256 ${sha256} differs from the manifest's ${f.sha256}`);
    else check(`file:${f.path}`, true);
  }
  check('no-missing-files', missing.length === 0, missing.length ? `missing: ${missing.join(', ')}` : undefined);
  const listed = new Set([MANIFEST_PATH, MANIFEST_SIGNATURE_PATH, ...manifest.files.map((f) => f.path)]);
  const extra = [...entries.keys()].filter((p) => !listed.has(p));
  check('no-extra-files', extra.length === 0, extra.length ? `not in the manifest: ${extra.join(', ')}` : undefined);
}

/** The manifest, or why it is not acceptable. */
function readManifest(bytes: Buffer): ExchangeManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch (err) {
    return `manifest.json is not UTF-8 JSON: ${(err as Error).message}`;
  }
  const r = ExchangeManifestSchema.safeParse(value);
  if (!r.success) {
    return `manifest.json does not match ${EXCHANGE_FORMAT}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  }
  if (!Buffer.from(canonicalJson(r.data), 'utf8').equals(bytes)) return 'manifest.json is not in canonical form';
  return r.data;
}
