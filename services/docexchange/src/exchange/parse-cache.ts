/**
 * Parsed certificates and imported private keys, kept for reuse. Issuing one 公文 reads the same
 * few certificates many times (the sender's for the PAdES signature, the dry run sizing it and the
 * manifest signature; every recipient's for the envelope): parsing them again each time was about
 * 15 ms of CPU per document. Entries are immutable and keyed by their exact PEM/DER text, so a
 * renewed or revoked certificate is simply a different key; the oldest entries are dropped first.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Move to the back: the Map's insertion order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = make(); // a parse error is thrown, not cached
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

export interface ImportedKey {
  key: KeyObject;
  /** DER SubjectPublicKeyInfo of the key's public half, to match it against a certificate. */
  spkiDer: Buffer;
}

const keys = new BoundedMemo<Readonly<ImportedKey>>(256);

/** A private key imported from PEM (throws as createPrivateKey does for an unreadable one). */
export function importPrivateKey(keyPem: string): Readonly<ImportedKey> {
  return keys.get(keyPem, () => {
    const key = createPrivateKey(keyPem);
    return Object.freeze({ key, spkiDer: createPublicKey(key).export({ type: 'spki', format: 'der' }) });
  });
}
