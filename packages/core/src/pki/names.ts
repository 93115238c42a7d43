/**
 * Distinguished names for our certificates, as node-forge attributes.
 *
 * Every text attribute is a UTF8String (forge defaults to PrintableString, which cannot hold
 * Chinese); countryName stays PrintableString as RFC 5280 requires.
 */
import forge from 'node-forge';

export interface NameParts {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  province?: string;
  /** Two-letter ISO 3166 code; defaults to CN. */
  country?: string;
  /** Login name (attribute UID, 0.9.2342.19200300.100.1.1). */
  userId?: string;
}

/** forge's CertificateField, with valueTagClass typed as the ASN.1 string type it really is. */
export interface NameAttribute {
  type: string;
  value: string;
  valueTagClass: number;
}

const OID = {
  countryName: '2.5.4.6',
  stateOrProvinceName: '2.5.4.8',
  localityName: '2.5.4.7',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  userId: '0.9.2342.19200300.100.1.1',
} as const;

// Upper bounds from RFC 5280 Appendix A (characters, not bytes).
const MAX_LENGTH: Record<string, number> = {
  commonName: 64,
  organizationName: 64,
  organizationalUnitName: 64,
  localityName: 128,
  stateOrProvinceName: 128,
  userId: 256,
};

function utf8(name: keyof typeof OID, value: string | undefined): NameAttribute[] {
  if (value === undefined) return [];
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new Error(`certificate name: ${name} is empty`);
  if ([...trimmed].length > MAX_LENGTH[name]) {
    throw new Error(`certificate name: ${name} "${trimmed}" is longer than ${MAX_LENGTH[name]} characters`);
  }
  return [{ type: OID[name], value: trimmed, valueTagClass: forge.asn1.Type.UTF8 }];
}

/** Attributes in the conventional order C, ST, L, O, OU, CN, UID. */
export function nameAttributes(parts: NameParts): NameAttribute[] {
  const country = (parts.country ?? 'CN').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`certificate name: country "${country}" is not a two-letter code`);
  return [
    { type: OID.countryName, value: country, valueTagClass: forge.asn1.Type.PRINTABLESTRING },
    ...utf8('stateOrProvinceName', parts.province),
    ...utf8('localityName', parts.locality),
    ...utf8('organizationName', parts.organization),
    ...utf8('organizationalUnitName', parts.organizationalUnit),
    ...utf8('commonName', parts.commonName),
    ...utf8('userId', parts.userId),
  ];
}
