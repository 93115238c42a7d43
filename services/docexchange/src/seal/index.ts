export { drawAgencySeal, type AgencySealOptions } from './draw-agency-seal';
export { drawSealImage, type SealImagePlacement } from './draw-seal-image';
export { sealSvg } from './seal-svg';
export { sealGeometry, DEFAULT_SEAL_DIAMETER_MM, SEAL_RED, SEAL_RED_HEX, SEAL_OPACITY, type SealGeometry } from './seal-geometry';
export { embedSealFont } from './seal-font';
export { signPdf, signNewPdf, type PdfSigner, type SignatureMeta } from './sign-pdf';
export { verifyPdfSignatures, type PdfVerification, type PdfSignatureVerification, type PdfTrust } from './verify-pdf';
