import { describe, expect, it } from 'vitest';
import type { InkPoint } from '@yizhan/protocol';
import { smoothStroke } from './smoothing';
import { inkPieces } from '@yizhan/protocol/ink-geometry';

describe('ink', () => {
  it('smooths jitter, drops crowded points and keeps both ends', () => {
    const raw: InkPoint[] = Array.from({ length: 200 }, (_, i) => [i * 0.2, 10 + (i % 2 ? 0.4 : -0.4), 0.5]);
    const s = smoothStroke(raw);
    expect(s[0]).toEqual([0, 9.6, 0.5]);
    expect(s.at(-1)![0]).toBeCloseTo(39.8);
    expect(s.length).toBeLessThan(70);
    expect(Math.max(...s.slice(1, -1).map((p) => Math.abs(p[1] - 10)))).toBeLessThan(0.25);
  });

  it('draws a stroke as midpoint quadratic pieces that join end to end', () => {
    const pieces = inkPieces(
      [
        [0, 0, 0.5],
        [10, 0, 0.5],
        [10, 10, 1],
      ],
      2,
    );
    expect(pieces).toHaveLength(3);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i].from).toEqual(pieces[i - 1].to);
    expect(pieces[2].width).toBeGreaterThan(pieces[0].width);
  });
});
