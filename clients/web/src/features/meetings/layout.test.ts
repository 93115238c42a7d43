import { describe, expect, it } from 'vitest';
import type { MeetingLiveState, MeetingMember } from '@yizhan/protocol';
import { focusOf, wantedLayers } from './layout';

const member = (key: string, online = true): MeetingMember => ({ key, kind: 'venue', name: key, venueKind: key === 'v-sw' ? 'main' : 'county', online, status: online ? 'online' : 'offline', chairMuted: false, micOn: true, camOn: true, producers: [] });
const state = (over: Partial<MeetingLiveState> = {}): MeetingLiveState => ({
  meetingId: 'm',
  title: 't',
  mode: 'p2mp',
  chair: 'v-sw',
  locked: false,
  floor: null,
  broadcast: null,
  patrol: { enabled: false, intervalSeconds: 10, current: null },
  recording: { active: false, startedAt: null },
  activeSpeaker: null,
  viewers: 0,
  members: [member('v-sw'), member('v-a'), member('v-b'), member('v-c', false)],
  ...over,
});

describe('focusOf', () => {
  it('prefers broadcast, then floor, then patrol for the chair, then the speaker, then the chair', () => {
    expect(focusOf(state({ broadcast: 'v-a', floor: 'v-b' }), 'v-b', 'venue')).toBe('v-a');
    expect(focusOf(state({ floor: 'v-b' }), 'v-a', 'venue')).toBe('v-b');
    expect(focusOf(state({ patrol: { enabled: true, intervalSeconds: 5, current: 'v-b' } }), 'v-sw', 'chair')).toBe('v-b');
    expect(focusOf(state({ patrol: { enabled: true, intervalSeconds: 5, current: 'v-b' } }), 'v-a', 'venue')).toBe('v-sw');
    expect(focusOf(state({ activeSpeaker: 'v-b' }), 'v-a', 'venue')).toBe('v-b');
    expect(focusOf(state(), 'v-a', 'venue')).toBe('v-sw');
  });

  it('never focuses ourselves or an offline venue', () => {
    expect(focusOf(state({ floor: 'v-a' }), 'v-a', 'venue')).toBe('v-sw');
    expect(focusOf(state({ floor: 'v-c' }), 'v-a', 'venue')).toBe('v-sw');
    expect(focusOf(state(), 'v-sw', 'chair')).toBe('v-a');
  });
});

describe('wantedLayers', () => {
  it('asks 720p for the focus and small layers for the others', () => {
    const layers = wantedLayers(state(), 'v-a', 'v-sw');
    expect(layers.get('v-sw')).toBe(2);
    expect(layers.get('v-b')).toBe(1);
    expect(layers.has('v-c')).toBe(false);
  });
});
