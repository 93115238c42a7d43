/**
 * Verifies the signatures of a PDF on its bytes, independently of how it was made: each
 * signature's /ByteRange and /Contents, then the CMS SignedData in /Contents over the signed
 * ranges with the exchange package's verifyCms (messageDigest, the RSA signature over the signed
 * attributes with the signer's key, the ESS certificate binding, and the chain to a trusted root
 * with revocation from CRLs). Agrees with poppler's pdfsig on digest mismatches, broken
 * signatures and content appended after signing.
 */
import { Asn1Error, readNode } from '../exchange/asn1';
import { CmsFormatError, verifyCms, type CmsVerification } from '../exchange/cms-signed';

export interface PdfSignatureVerification {
  /** The digest matches the signed bytes and the signature verifies with the signer's key. */
  valid: boolean;
  /** The signed ranges reach the end of the file: nothing was appended after signing. */
  coversWholeDocument: boolean;
  /** CN of the signer certificate (the agency's name). */
  signerSubject?: string;
  /** OU of the signer certificate (the agency code). */
  signerOrganizationUnit?: string;
  signingTime?: Date;
  /** The signer certificate chains to one of the trusted roots and is valid at the check time. */
  chainTrusted: boolean;
  /** A CRL given revokes the signer certificate or one of its CAs. */
  revoked: boolean;
  reason?: string;
  subFilter?: string;
  byteRange: [number, number, number, number];
  /** Why the signature is not valid or not trusted, for logs and the UI. */
  problems: string[];
}

export interface PdfVerification {
  /**
   * At least one signature, every one valid, trusted and not revoked, and the last one covering
   * the whole file (earlier ones are followed by the later signed revisions).
   */
  valid: boolean;
  signatures: PdfSignatureVerification[];
}

export interface PdfTrust {
  rootPems: string[];
  intermediatePems?: string[];
  crlPems?: string[];
  /** Time to validate certificates at; now by default (a signing time is only the signer's claim). */
  at?: Date;
}

export function verifyPdfSignatures(pdf: Uint8Array, trust: PdfTrust): PdfVerification {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length);
  const signatures = findSignatures(bytes).map((found) => verifyOne(bytes, found, trust));
  signatures.sort((a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]));
  const last = signatures[signatures.length - 1];
  const valid = signatures.length > 0 && signatures.every((s) => s.valid && s.chainTrusted && !s.revoked) && last.coversWholeDocument;
  return { valid, signatures };
}

interface FoundSignature {
  byteRange: [number, number, number, number];
  /** The signature dictionary's text (without the /Contents hex), for /Reason, /M, /SubFilter. */
  dictionary: string;
}

function findSignatures(pdf: Buffer): FoundSignature[] {
  const out: FoundSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(re)) {
    const byteRange = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as FoundSignature['byteRange'];
    const start = Math.max(text.lastIndexOf(' obj', m.index), 0);
    const endobj = text.indexOf('endobj', Math.max(m.index, byteRange[2]));
    const end = endobj < 0 ? Math.min(text.length, m.index + 4096) : endobj;
    const dictionary = byteRange[1] > start && byteRange[2] < end ? text.slice(start, byteRange[1]) + text.slice(byteRange[2], end) : text.slice(start, end);
    out.push({ byteRange, dictionary });
  }
  return out;
}

function verifyOne(pdf: Buffer, found: FoundSignature, trust: PdfTrust): PdfSignatureVerification {
  const [a, b, c, d] = found.byteRange;
  const result: PdfSignatureVerification = {
    valid: false,
    coversWholeDocument: a === 0 && c + d === pdf.length,
    chainTrusted: false,
    revoked: false,
    byteRange: found.byteRange,
    reason: readTextString(found.dictionary, 'Reason'),
    subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(found.dictionary)?.[1],
    problems: [],
  };
  const problem = (text: string) => {
    result.problems.push(text);
    return result;
  };
  if (a !== 0 || b >= c || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return problem('malformed /ByteRange');
  const hex = pdf.toString('latin1', b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) return problem('/Contents is not a hex string');

  let cms: CmsVerification;
  try {
    const contents = Buffer.from(hex, 'hex');
    const der = contents.subarray(0, readNode(contents).end); // the placeholder is padded with zeros after the DER
    cms = verifyCms(der, {
      detachedContent: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
      rootPems: trust.rootPems,
      intermediatePems: trust.intermediatePems,
      crlPems: trust.crlPems,
      at: trust.at,
    });
  } catch (err) {
    if (err instanceof CmsFormatError || err instanceof Asn1Error) return problem(`unreadable CMS signature: ${err.message}`);
    throw err;
  }
  result.signerSubject = cms.signerCommonName || undefined;
  result.signerOrganizationUnit = cms.signerOrganizationUnit || undefined;
  result.signingTime = cms.signingTime ?? pdfDate(found.dictionary);
  result.valid = cms.signatureValid;
  result.chainTrusted = cms.chainTrusted;
  result.revoked = cms.revoked;
  result.problems.push(...cms.problems);
  return result;
}

/** /Key (literal) or /Key <hex> from a dictionary's text, decoded as a PDF text string. */
export function readTextString(dict: string, key: string): string | undefined {
  const at = dict.search(new RegExp(`/${key}\\s*[(<]`));
  if (at < 0) return undefined;
  let i = dict.indexOf(key, at) + key.length;
  while (dict[i] !== '(' && dict[i] !== '<') i++;
  let bytes: number[] = [];
  if (dict[i] === '<') {
    const end = dict.indexOf('>', i);
    const hex = dict.slice(i + 1, end).replace(/\s+/g, '');
    bytes = [...Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')];
  } else {
    let depth = 0;
    for (i++; i < dict.length; i++) {
      const ch = dict[i];
      if (ch === '\\') {
        const next = dict[++i];
        const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
        if (next in escapes) bytes.push(escapes[next]);
        else if (/[0-7]/.test(next)) {
          const octal = /^[0-7]{1,3}/.exec(dict.slice(i))![0];
          bytes.push(parseInt(octal, 8) & 0xff);
          i += octal.length - 1;
        } else if (next !== '\n' && next !== '\r') bytes.push(next.charCodeAt(0));
        continue;
      }
      if (ch === '(') depth++;
      if (ch === ')' && depth-- === 0) break;
      bytes.push(ch.charCodeAt(0) & 0xff);
    }
  }
  const buf = Buffer.from(bytes);
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  return buf.toString('latin1');
}

/** The signature dictionary's /M (D:YYYYMMDDHHmmSS with an offset). */
function pdfDate(dict: string): Date | undefined {
  const text = readTextString(dict, 'M');
  const m = text && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(text);
  if (!m) return undefined;
  const utc = Date.UTC(+m[1], +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const offset = m[7] === '+' || m[7] === '-' ? (m[7] === '+' ? 1 : -1) * (+(m[8] ?? 0) * 60 + +(m[9] ?? 0)) : 0;
  return new Date(utc - offset * 60_000);
}
