/** Small formatting shared by notifications, the summary page and the signed instruction. */

export const circulationLink = (id: string) => `/circulation?id=${id}`;

const TZ = 'Asia/Shanghai';

function parts(d: Date | string) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const o = Object.fromEntries(f.formatToParts(new Date(d)).map((p) => [p.type, p.value]));
  return { y: o.year, m: o.month, d: o.day, hh: o.hour, mm: o.minute };
}

/** 2026-11-23 in Beijing time. */
export function isoDay(d: Date | string): string {
  const { y, m, d: day } = parts(d);
  return `${y}-${m}-${day}`;
}

/** 11月23日 18:00 */
export function formatDeadline(d: Date | string): string {
  const { m, d: day, hh, mm } = parts(d);
  return `${Number(m)}月${Number(day)}日 ${hh}:${mm}`;
}

/** 2026年11月23日 18:00 */
export function formatDateTime(d: Date | string): string {
  const { y, m, d: day, hh, mm } = parts(d);
  return `${y}年${Number(m)}月${Number(day)}日 ${hh}:${mm}`;
}

export const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
