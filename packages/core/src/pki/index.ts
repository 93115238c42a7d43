/** Public API of the PKI layer: keys, keys at rest, certificates, CRLs and chain validation. */
export { generateRsaKeyPair, type RsaKeyPair } from './keys';
export { encryptPrivateKey, decryptPrivateKey } from './key-at-rest';
export {
  DOCUMENT_SIGNING_OID,
  createRootCa,
  createIntermediateCa,
  issueAgencySealCertificate,
  issueUserCertificate,
  issueServerCertificate,
  describeCertificate,
  type IssuedCertificate,
  type IssuerOptions,
  type CertificateIssueOptions,
  type RootCaOptions,
  type IntermediateCaOptions,
  type AgencySealCertificateOptions,
  type UserCertificateOptions,
  type ServerCertificateOptions,
} from './certificates';
export {
  REVOCATION_REASONS,
  createCrl,
  parseCrl,
  parseCrlSerials,
  verifyCrlSignature,
  isRevoked,
  type CrlReason,
  type RevokedCertificate,
  type CreateCrlOptions,
  type ParsedCrl,
} from './crl';
export { verifyChain, type VerifyChainOptions, type ChainVerification } from './chain';
export { normalizeSerialHex, randomSerialHex } from './serial';
export { readCertificate, type CertificateFacts, type KeyUsageName } from './x509-reader';
