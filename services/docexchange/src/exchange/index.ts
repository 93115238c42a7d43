/** The cryptographic exchange package: CMS encryption and signatures, the tar container, the package format and receipts. */
export { EnvelopeError, envelopFor, openEnvelope, type EnvelopeErrorCode, type EnvelopeOpener, type EnvelopeRecipient } from './cms-enveloped';
export { CmsFormatError, signCms, verifyCms, type CmsSigner, type CmsVerification, type SignCmsOptions, type VerifyCmsOptions } from './cms-signed';
export { TAR_MTIME, TarError, readTar, unsafePathReason, writeTar, type TarEntry, type TarLimits } from './tar';
export {
  EXCHANGE_FORMAT,
  ExchangeManifestMetadataSchema,
  ExchangeManifestSchema,
  ManifestFileSchema,
  buildExchangePackage,
  openExchangePackage,
  sealExchangePackage,
  type BuildExchangePackageInput,
  type ExchangeManifest,
  type ExchangeManifestMetadata,
  type ExchangeTrust,
  type ManifestFile,
  type OpenedExchangePackage,
  type PackageFileInput,
  type VerdictCheck,
} from './exchange-package';
export { RECEIPT_FORMAT, ReceiptFieldsSchema, signReceipt, verifyReceipt, type ReceiptFields, type ReceiptTrust, type ReceiptVerification } from './receipt';
