/** GB/T 9704-2012 page geometry, in PDF points (1/72 in), PDF coordinates (origin bottom-left). */

export const PT_PER_MM = 72 / 25.4;
export const mm = (value: number): number => value * PT_PER_MM;

export const PAGE_WIDTH = mm(210);
export const PAGE_HEIGHT = mm(297);

/** 版心: 156 × 225 mm, 37 mm from the top edge (天头), 28 mm from the left edge (订口). */
export const TYPE_AREA = {
  left: mm(28),
  right: mm(28 + 156),
  top: PAGE_HEIGHT - mm(37),
  bottom: PAGE_HEIGHT - mm(37 + 225),
  width: mm(156),
  height: mm(225),
} as const;

export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** ≈ 28.99 pt. */
export const LINE_PITCH = TYPE_AREA.height / LINES_PER_PAGE;
/** ≈ 15.79 pt: 28 characters of 3号 fill the 156 mm line. */
export const CHAR_PITCH = TYPE_AREA.width / CHARS_PER_LINE;

/** Chinese type sizes (号) in points. */
export const SIZE = { er: 22, san: 16, si: 14 } as const;

/**
 * Where a line of text of `size` sits in a line box whose top is `lineTop`: the ideographs are
 * centred vertically (an ideograph's ink spans about -0.09…0.82 em around the baseline).
 */
export const IDEOGRAPH_INK_CENTER = 0.365;
export function baselineInLine(lineTop: number, size: number, pitch = LINE_PITCH): number {
  return lineTop - pitch / 2 - IDEOGRAPH_INK_CENTER * size;
}

export const RED = { r: 0.9, g: 0, b: 0 } as const;
export const BLACK = { r: 0, g: 0, b: 0 } as const;
export type Rgb = { r: number; g: number; b: number };
