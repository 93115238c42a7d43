export type { BodyBlock, OfficialDocumentContent, RenderOptions, RenderedDocument, SealPlacement, Urgency } from './official-document';
export { renderOfficialDocument, buildOfficialDocument, layoutOfficialDocument, DEFAULT_SEAL_DIAMETER_MM, type DocumentLayout } from './render-official-document';
export { DEFAULT_FONTS, loadFontSet, loadFace, EmbeddedFonts, type FontPaths, type FontRole, type FontSource } from './fonts';
export * from './page-geometry';
