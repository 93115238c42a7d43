/** Who is shown large on a page, and which simulcast layer each remote venue is received in. */
import type { MeetingLiveState, MeetingRole } from '@yizhan/protocol';

/**
 * Broadcast venue, else the one with the floor, else — for the chair while 轮巡 runs — the patrolled
 * venue, else the active speaker, else the chair venue. Never ourselves unless nobody else is there.
 */
export function focusOf(state: MeetingLiveState, self: string | null, role: MeetingRole | null): string | null {
  const online = (k: string | null) => !!k && state.members.some((m) => m.key === k && m.online);
  const candidates = [state.broadcast, state.floor, role === 'chair' && state.patrol.enabled ? state.patrol.current : null, state.activeSpeaker, state.chair];
  for (const k of candidates) if (k && k !== self && online(k)) return k;
  const other = state.members.find((m) => m.online && m.key !== self);
  return other?.key ?? null;
}

/** Spatial layer per member: 2 (720p) for the focus, 1 (360p) when few tiles, 0 (180p) for thumbnails. */
export function wantedLayers(state: MeetingLiveState, self: string | null, focus: string | null): Map<string, number> {
  const others = state.members.filter((m) => m.key !== self && m.online);
  const thumb = others.length <= 3 ? 1 : 0;
  return new Map(others.map((m) => [m.key, m.key === focus ? 2 : thumb]));
}
