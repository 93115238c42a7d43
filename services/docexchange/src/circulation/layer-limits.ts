/**
 * Limits of a reader's layer, checked on the raw body before the schema so that a huge ink payload
 * gets one clear answer (413, how big, what the limit is) instead of a list of schema errors.
 */
import { AppError } from '@yizhan/core';
import { MAX_INK_POINTS, MAX_LAYER_BYTES, type Annotation } from '@yizhan/protocol';

export function checkLayerLimits(body: unknown, contentLength?: string | number): void {
  const bytes = Number(contentLength) || Buffer.byteLength(JSON.stringify(body ?? null));
  if (bytes > MAX_LAYER_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `layer body of ${bytes} bytes`, {
      userMessage: `批注数据过大（${Math.ceil(bytes / 1024)} KB，上限 ${Math.floor(MAX_LAYER_BYTES / 1024)} KB），请删除部分笔迹后再提交`,
      details: { bytes, limit: MAX_LAYER_BYTES },
    });
  }
  const annotations = (body as { annotations?: unknown } | null)?.annotations;
  if (!Array.isArray(annotations)) return;
  let points = 0;
  for (const a of annotations) {
    const pts = (a as { points?: unknown } | null)?.points;
    if (Array.isArray(pts)) points += pts.length;
  }
  if (points > MAX_INK_POINTS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `layer with ${points} ink points`, {
      userMessage: `笔迹过多（共 ${points} 个点，上限 ${MAX_INK_POINTS} 个点），请删除部分笔迹后再提交`,
      details: { points, limit: MAX_INK_POINTS },
    });
  }
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** Rounds coordinates (the canonical form that is signed) and stamps 圈阅 marks with the reader's name and date. */
export function normaliseAnnotations(annotations: Annotation[], reader: { name: string }, day: string): Annotation[] {
  return annotations.map((a) => {
    switch (a.kind) {
      case 'ink':
        return { ...a, width: r2(a.width), opacity: r2(a.opacity), points: a.points.map(([x, y, p]) => [r2(x), r2(y), r2(p)] as [number, number, number]) };
      case 'highlight':
        return { ...a, rect: a.rect.map(r2) as [number, number, number, number] };
      case 'note':
        return { ...a, at: [r2(a.at[0]), r2(a.at[1])] };
      case 'circle':
        return { ...a, at: [r2(a.at[0]), r2(a.at[1])], name: reader.name, date: day };
    }
  });
}

export function countInkPoints(annotations: Annotation[]): number {
  return annotations.reduce((n, a) => n + (a.kind === 'ink' ? a.points.length : 0), 0);
}
