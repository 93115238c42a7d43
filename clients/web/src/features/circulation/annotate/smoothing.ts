import type { InkPoint } from '@yizhan/protocol';

/**
 * Cleans a raw pointer trace: a short moving average takes out the jitter of the hand and the
 * digitiser, then points closer than `minGap` to the last one kept are dropped (a slow pen sends
 * hundreds). The ends are kept exactly where the pen touched down and lifted.
 */
export function smoothStroke(raw: readonly InkPoint[], minGap = 0.75): InkPoint[] {
  if (raw.length <= 2) return raw.map((p) => [...p] as InkPoint);
  const smoothed: InkPoint[] = raw.map((p, i) => {
    if (i === 0 || i === raw.length - 1) return [...p] as InkPoint;
    const a = raw[i - 1];
    const b = raw[i + 1];
    return [(a[0] + 2 * p[0] + b[0]) / 4, (a[1] + 2 * p[1] + b[1]) / 4, (a[2] + 2 * p[2] + b[2]) / 4];
  });
  const kept: InkPoint[] = [smoothed[0]];
  for (let i = 1; i < smoothed.length - 1; i++) {
    const last = kept[kept.length - 1];
    if (Math.hypot(smoothed[i][0] - last[0], smoothed[i][1] - last[1]) >= minGap) kept.push(smoothed[i]);
  }
  kept.push(smoothed[smoothed.length - 1]);
  return kept.map(([x, y, p]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100, Math.round(Math.min(1, Math.max(0, p)) * 100) / 100]);
}

/** Pressure of a pointer event: a mouse (or a pen without pressure) draws at the nominal 0.5. */
export function pressureOf(e: PointerEvent): number {
  if (e.pointerType === 'mouse') return 0.5;
  return e.pressure > 0 ? e.pressure : 0.5;
}
