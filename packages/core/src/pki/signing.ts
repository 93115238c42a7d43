/**
 * sha256WithRSAEncryption signing and checks of the signing key, in Node's native crypto.
 * forge only lays out the structures; it never touches a private key here.
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';

export function sha256WithRsaAlgorithm(): forge.asn1.Asn1 {
  const { Class, Type } = forge.asn1;
  return forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(SHA256_WITH_RSA_OID).getBytes()),
    forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, ''),
  ]);
}

export function rsaPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`cannot read private key: ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`only RSA keys are supported, got ${key.asymmetricKeyType}`);
  return key;
}

export function rsaPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new Error(`cannot read public key: ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`only RSA keys are supported, got ${key.asymmetricKeyType}`);
  return key;
}

export function spkiDerOf(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

export function signSha256Rsa(data: Buffer, privateKey: KeyObject): Buffer {
  return sign('sha256', data, privateKey);
}

/** Refuses to sign with a key that does not belong to the issuer certificate. */
export function assertKeyPairsWith(privateKey: KeyObject, issuerSpkiDer: Buffer): void {
  if (!spkiDerOf(createPublicKey(privateKey)).equals(issuerSpkiDer)) {
    throw new Error('issuer private key does not match the issuer certificate');
  }
}
