/**
 * Certificate serial numbers and other DER INTEGERs as hex.
 *
 * Canonical form used across the PKI layer: lowercase hex of the magnitude, even length, no
 * leading zero bytes ("0a1b…"). Compare serials only after `normalizeSerialHex`.
 */
import { randomBytes } from 'node:crypto';

/** A random positive 16-byte serial (RFC 5280: ≤ 20 octets, ≥ 64 bits of entropy for CAs). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  // Top bit clear keeps it positive; a non-zero first byte keeps the DER INTEGER minimal
  // (a leading 0x00 before a byte < 0x80 is an encoding error OpenSSL rejects).
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString('hex');
}

export function normalizeSerialHex(serial: string): string {
  const hex = serial.replace(/[\s:]/g, '').toLowerCase();
  if (hex.length === 0 || !/^[0-9a-f]+$/.test(hex)) {
    throw new Error(`invalid serial number "${serial}": expected hex digits`);
  }
  let even = hex.length % 2 ? `0${hex}` : hex;
  while (even.length > 2 && even.startsWith('00')) even = even.slice(2);
  return even;
}

/** Contents of a DER INTEGER for a non-negative value given as hex. */
export function positiveIntegerContent(hex: string): Buffer {
  const bytes = Buffer.from(normalizeSerialHex(hex), 'hex');
  return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** Canonical hex of a DER INTEGER's contents (assumed non-negative, as serials must be). */
export function integerContentToHex(content: Buffer): string {
  return normalizeSerialHex(content.toString('hex') || '00');
}

export function assertUsableSerial(hex: string): string {
  const normalized = normalizeSerialHex(hex);
  if (/^0+$/.test(normalized)) throw new Error('serial number must be positive');
  if (positiveIntegerContent(normalized).length > 20) {
    throw new Error('serial number longer than 20 octets (RFC 5280)');
  }
  return normalized;
}
