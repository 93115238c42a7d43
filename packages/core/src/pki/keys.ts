/**
 * RSA key pairs, generated natively by Node (off the main thread) as PEM:
 * PKCS#8 private key, SPKI public key.
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** 2048 for agency, user and server keys; a root CA may use 3072 or 4096. */
export async function generateRsaKeyPair(bits = 2048): Promise<RsaKeyPair> {
  if (![2048, 3072, 4096].includes(bits)) throw new Error(`RSA key size must be 2048, 3072 or 4096 bits, got ${bits}`);
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
