import { describe, expect, it } from 'vitest';
import { AppError } from '@yizhan/core';
import type { Annotation } from '@yizhan/protocol';
import { checkLayerLimits, countInkPoints, normaliseAnnotations } from './layer-limits';

const ink = (n: number): Annotation => ({
  kind: 'ink',
  id: `i${n}`,
  page: 1,
  color: '#c41d1d',
  width: 2,
  opacity: 1,
  points: Array.from({ length: n }, (_, i) => [i / 3, i / 7, 0.5]),
});

describe('layer limits', () => {
  it('answers a layer with too many ink points with 413 and the numbers, in Chinese', () => {
    const body = { annotations: [ink(30_000), ink(30_000)] };
    try {
      checkLayerLimits(body, 900_000);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(413);
      expect((e as AppError).userMessage).toBe('笔迹过多（共 60000 个点，上限 50000 个点），请删除部分笔迹后再提交');
    }
  });

  it('answers a body over the byte limit before counting anything', () => {
    expect(() => checkLayerLimits({ annotations: 'x' }, 2_000_000)).toThrow(/layer body of 2000000 bytes/);
    expect(() => checkLayerLimits({ annotations: [ink(100)] })).not.toThrow();
  });

  it('rounds coordinates and stamps 圈阅 marks with the reader’s own name and the day', () => {
    const forged: Annotation = { kind: 'circle', id: 'c', page: 1, color: '#c41d1d', at: [100.123, 40.456], name: '别人', date: '1999-01-01' };
    const [a, b] = normaliseAnnotations([ink(3), forged], { name: '曹平' }, '2026-11-23');
    expect(a.kind === 'ink' && a.points[1]).toEqual([0.33, 0.14, 0.5]);
    expect(b).toMatchObject({ kind: 'circle', at: [100.12, 40.46], name: '曹平', date: '2026-11-23' });
    expect(countInkPoints([ink(3), forged, ink(4)])).toBe(7);
  });
});
