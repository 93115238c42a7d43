/** Places an uploaded seal image (PNG with transparency) at the seal position of a page. */
import type { PDFPage } from 'pdf-lib';

export interface SealImagePlacement {
  centerX: number;
  centerY: number;
  /** The image is scaled to fit a square of this side, keeping its aspect ratio. */
  diameter: number;
  opacity?: number;
}

export async function drawSealImage(page: PDFPage, pngBytes: Uint8Array, placement: SealImagePlacement): Promise<void> {
  const image = await page.doc.embedPng(pngBytes);
  const scale = placement.diameter / Math.max(image.width, image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, {
    x: placement.centerX - width / 2,
    y: placement.centerY - height / 2,
    width,
    height,
    opacity: placement.opacity ?? 1,
  });
}
