/** The reader's tools and pen settings. */
export type Tool = 'read' | 'pen' | 'highlighter' | 'eraser' | 'note' | 'highlight';

export interface PenSettings {
  color: string;
  /** Nominal width in points. */
  width: number;
}

/** Red and blue are the colours of leaders' instructions on paper; black and green for the rest. */
export const PEN_COLORS = ['#c41d1d', '#1d39c4', '#262626', '#237804'] as const;
export const PEN_WIDTHS = [1.2, 2, 3.5] as const;
export const HIGHLIGHT_COLOR = '#fadb14';

export const isDrawingTool = (t: Tool) => t !== 'read';

/** Where a 圈阅 mark goes: the top margin of the first page, right to left (the server uses the same spots). */
export function circleSpot(index: number): [number, number] {
  const perRow = 7;
  return [540 - (index % perRow) * 66, 42 + Math.floor(index / perRow) * 66];
}

let counter = 0;
export function annotationId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}`;
}
