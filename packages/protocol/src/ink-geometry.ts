/**
 * How a stroke is drawn, the same on the reader's canvas (web client) and in the annotated copy
 * (server): quadratic curves through the midpoints of the smoothed points, each piece as wide as the
 * pen pressure there. One function for both, so what a leader sees is what the copy burns in.
 */
import type { InkPoint } from './circulation';

export interface InkPiece {
  /** Start, control and end point of a quadratic curve. */
  from: [number, number];
  ctrl: [number, number];
  to: [number, number];
  width: number;
}

const mid = (a: InkPoint, b: InkPoint): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** Stroke width at a pressure: 0.5 (a mouse) gives the nominal width. */
export const widthAt = (width: number, pressure: number) => width * (0.35 + 1.3 * pressure);

export function inkPieces(points: readonly InkPoint[], width: number, constantWidth = false): InkPiece[] {
  const w = (p: number) => (constantWidth ? width : widthAt(width, p));
  if (points.length === 1) {
    const [x, y, p] = points[0];
    return [{ from: [x, y], ctrl: [x, y], to: [x, y], width: w(p) }];
  }
  const pieces: InkPiece[] = [];
  const n = points.length;
  pieces.push({ from: [points[0][0], points[0][1]], ctrl: [points[0][0], points[0][1]], to: mid(points[0], points[1]), width: w(points[0][2]) });
  for (let i = 1; i < n - 1; i++) {
    pieces.push({ from: mid(points[i - 1], points[i]), ctrl: [points[i][0], points[i][1]], to: mid(points[i], points[i + 1]), width: w(points[i][2]) });
  }
  pieces.push({
    from: mid(points[n - 2], points[n - 1]),
    ctrl: [points[n - 1][0], points[n - 1][1]],
    to: [points[n - 1][0], points[n - 1][1]],
    width: w(points[n - 1][2]),
  });
  return pieces;
}

/** Consecutive pieces of (nearly) the same width joined into one path each: fewer PDF operators. */
export function widthRuns(pieces: InkPiece[], step = 0.2): Array<{ width: number; pieces: InkPiece[] }> {
  const runs: Array<{ width: number; pieces: InkPiece[] }> = [];
  for (const piece of pieces) {
    const q = Math.max(step, Math.round(piece.width / step) * step);
    const last = runs.at(-1);
    if (last && Math.abs(last.width - q) < 1e-9) last.pieces.push(piece);
    else runs.push({ width: q, pieces: [piece] });
  }
  return runs;
}
