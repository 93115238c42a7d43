// Meeting with a real worker (no sockets, no browser): members and viewers, chair state, the
// recording following the layout in segments, and closing when the last peer leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Principal } from '@yizhan/core';
import { loadMediasoup } from '../media/mediasoup';
import { WorkerPool } from '../media/worker-pool';
import { Meeting, type MeetingRecording } from './meeting';

let pool: WorkerPool;
const log = createLogger('warn');
const person = (username: string): Principal => ({ userId: username, username, name: username, agencyCode: 'sw', roles: ['venue-operator'] });

beforeAll(async () => {
  pool = await WorkerPool.create(await loadMediasoup(), { workers: 2, listenIp: '127.0.0.1', rtcPort: 0 }, log);
});
afterAll(() => pool?.close());

function meeting() {
  return Meeting.create(
    {
      id: '11111111-1111-4111-8111-111111111111',
      title: 't',
      mode: 'p2mp',
      chairVenue: 'v-sw',
      liveBroadcast: true,
      seats: [
        { key: 'v-sw', kind: 'venue', name: '主会场', venueKind: 'main' },
        { key: 'v-a', kind: 'venue', name: 'A', venueKind: 'county' },
        { key: 'v-b', kind: 'venue', name: 'B', venueKind: 'county' },
      ],
    },
    { pool, log },
  );
}

describe('Meeting', () => {
  it('records in segments that follow the broadcast / floor venue', async () => {
    const m = await meeting();
    const chair = await m.join(person('chair'), { role: 'chair', venue: 'v-sw' }, false);
    await m.join(person('a'), { role: 'venue', venue: 'v-a' }, false);
    const segments: Array<{ focus: string; stopped: boolean; aborted: boolean }> = [];
    let startDelay = 0;
    const factory = async (meeting: Meeting): Promise<MeetingRecording> => {
      const seg = { focus: meeting.focus(), stopped: false, aborted: false };
      segments.push(seg);
      await new Promise((r) => setTimeout(r, startDelay));
      return {
        startedAt: new Date(),
        stop: async () => {
          seg.stopped = true;
          return `rec-${segments.indexOf(seg)}`;
        },
        abort: () => void (seg.aborted = true),
      };
    };
    const saved: string[] = [];
    m.on('recordingsaved', (id: string) => saved.push(id));
    await m.startRecording(chair.principal, factory);
    expect(m.snapshot().recording.active).toBe(true);
    await m.setFloor('v-a');
    await new Promise((r) => setTimeout(r, 50));
    expect(segments.map((s) => s.focus)).toEqual(['v-sw', 'v-a']);
    expect(segments[0].stopped).toBe(true);
    expect(m.snapshot().recording.active).toBe(true);
    m.setBroadcast('v-a'); // same picture: no new segment
    await new Promise((r) => setTimeout(r, 50));
    expect(segments).toHaveLength(2);
    // two changes in a row, the second while the segment for the first is still starting:
    // the recording ends up on the latest picture
    startDelay = 100;
    m.setBroadcast('v-sw');
    m.setBroadcast(null);
    await new Promise((r) => setTimeout(r, 400));
    expect(segments.map((s) => s.focus)).toEqual(['v-sw', 'v-a', 'v-sw', 'v-a']);
    expect(segments.slice(0, 3).every((s) => s.stopped)).toBe(true);
    expect(segments[3].stopped).toBe(false);
    m.stopRecording();
    await m.finalizing;
    expect(segments[3].stopped).toBe(true);
    expect(saved).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3']);
    expect(m.snapshot().recording.active).toBe(false);
    m.close();
  });

  it('轮巡 cycles through the online county venues every N seconds', async () => {
    const m = await meeting();
    const peers = [
      await m.join(person('chair'), { role: 'chair', venue: 'v-sw' }, false),
      await m.join(person('a'), { role: 'venue', venue: 'v-a' }, false),
      await m.join(person('b'), { role: 'venue', venue: 'v-b' }, false),
    ];
    const seen: Array<string | null> = [];
    m.on('state', () => {
      if (seen.at(-1) !== m.patrol.current) seen.push(m.patrol.current);
    });
    m.setPatrol(true, 3);
    const until = async (n: number) => {
      for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await until(3);
    expect(seen.slice(0, 3)).toEqual(['v-a', 'v-b', 'v-a']); // never the chair's own venue
    // a county that leaves drops out of the ring
    peers[2].close();
    seen.length = 0;
    await new Promise((r) => setTimeout(r, 6500)); // two more turns
    expect(m.patrol.current).toBe('v-a');
    expect(seen.slice(seen.indexOf('v-a'))).toEqual(['v-a']);
    m.setPatrol(false, 3);
    expect(m.snapshot().patrol).toMatchObject({ enabled: false, current: null });
    for (const p of peers) p.close();
  });

  it('puts viewers on the other worker, tracks the chair state and closes when the last peer leaves', async () => {
    const m = await meeting();
    const chair = await m.join(person('chair'), { role: 'chair', venue: 'v-sw' }, false);
    const a = await m.join(person('a'), { role: 'venue', venue: 'v-a' }, false);
    const viewer = await m.join(person('v'), { role: 'viewer', venue: null }, true);
    expect(viewer.router).not.toBe(m.router);
    expect(pool.slotOf(viewer.router)).not.toBe(m.slot);
    expect((await m.routers()).length).toBe(2);
    m.setPatrol(true, 3);
    expect(m.snapshot().patrol.current).toBe('v-a');
    m.setLocked(true);
    await expect(m.join(person('b'), { role: 'venue', venue: 'v-b' }, false)).rejects.toThrow(/locked/);
    // a venue that was in the meeting may come back while it is locked (a reconnect)
    a.close();
    const again = await m.join(person('a'), { role: 'venue', venue: 'v-a' }, false);
    expect(m.snapshot().members.find((x) => x.key === 'v-a')!.online).toBe(true);
    const closed = new Promise((r) => m.once('close', r));
    for (const p of [chair, again, viewer]) p.close();
    await closed;
    expect(m.closed).toBe(true);
    const counts = await pool.counts();
    expect(counts).toMatchObject({ routers: 0, transports: 0 });
  });
});
