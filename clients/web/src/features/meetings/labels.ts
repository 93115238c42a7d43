import type { MeetingMode, MeetingRole, MeetingStatus, MemberStatus } from '@yizhan/protocol';

export const STATUS_COLORS: Record<MeetingStatus, string> = { scheduled: 'blue', live: 'green', ended: 'default' };
export const MEMBER_STATUS_COLORS: Record<MemberStatus, string> = { online: 'green', offline: 'default', speaking: 'gold', muted: 'red' };
export const MODE_KEYS: Record<MeetingMode, 'mode.p2p' | 'mode.p2mp'> = { p2p: 'mode.p2p', p2mp: 'mode.p2mp' };
export const ROLE_KEYS: Record<MeetingRole, 'role.chair' | 'role.venue' | 'role.participant' | 'role.viewer'> = { chair: 'role.chair', venue: 'role.venue', participant: 'role.participant', viewer: 'role.viewer' };

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
