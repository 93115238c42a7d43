// The conference signalling with a real mediasoup worker pool and real socket.io clients (no
// browser): rooms, transports, producers and simulcast consumers; chair control with refusal and
// audit; bad and out-of-order messages; locked and ended meetings; a join/leave flood; and every
// router and transport gone once everyone has left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '@yizhan/core';
import type { MeetingLiveState } from '@yizhan/protocol';
import type { ApiClient, TestServer } from '../support/temp-server';
import { confSocket, fakeRtpParameters, login, mediaCounts, schedule, startConferenceServer, venues, waitFor, type ConfClient, type VenueInfo } from './support';

let server: TestServer;
let admin: ApiClient;
let chairApi: ApiClient;
let countyApi: ApiClient;
let county2Api: ApiClient;
let outsiderApi: ApiClient;
let all: VenueInfo[];
const sockets: ConfClient[] = [];

beforeAll(async () => {
  server = await startConferenceServer({ CONFERENCE_WORKERS: '2' });
  admin = await login(server.url, 'admin');
  all = await venues(admin);
  chairApi = await login(server.url, all.find((v) => v.code === 'v-sw')!.operatorUsername);
  const counties = all.filter((v) => v.kind === 'county');
  countyApi = await login(server.url, counties[0].operatorUsername);
  county2Api = await login(server.url, counties[1].operatorUsername);
  outsiderApi = await login(server.url, DEMO_ACCOUNTS.fgwClerk);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.dispose();
});

async function socketFor(api: ApiClient) {
  const s = await confSocket(server.url, api);
  sockets.push(s);
  return s;
}

function latestState(s: ConfClient): { current: MeetingLiveState | null } {
  const box = { current: null as MeetingLiveState | null };
  s.socket.on('meeting:state', (st) => (box.current = st));
  return box;
}

describe('scheduling (REST)', () => {
  it('stores a meeting, notifies the venues and refuses bad input', async () => {
    const counties = all.filter((v) => v.kind === 'county');
    const m = await schedule(chairApi, { title: '全市安全生产工作会议', chairVenue: 'v-sw', venues: [counties[0].code, counties[1].code], mode: 'p2mp' });
    expect(m.status).toBe('scheduled');
    expect(m.myRole).toBe('chair');
    expect(m.venues.map((v) => v.code)).toEqual(expect.arrayContaining(['v-sw', counties[0].code, counties[1].code]));
    const seen = await countyApi.get(`/api/meetings/${m.id}`);
    expect(seen.body.myRole).toBe('venue');
    const todos = await countyApi.get('/api/workspace/todos');
    expect(JSON.stringify(todos.body)).toContain('全市安全生产工作会议');
    expect((await outsiderApi.get(`/api/meetings/${m.id}`)).status).toBe(403);
    // p2p needs exactly two venues; unknown venues and people are refused with Chinese messages
    const p2p = await chairApi.post('/api/meetings', { title: 'x', startsAt: new Date().toISOString(), chairVenue: 'v-sw', venues: [counties[0].code, counties[1].code], mode: 'p2p' });
    expect(p2p.status).toBe(400);
    expect(p2p.body.error.message).toContain('点对点');
    const unknown = await chairApi.post('/api/meetings', { title: 'x', startsAt: new Date().toISOString(), chairVenue: 'v-sw', venues: ['v-nowhere'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('会场不存在');
    expect((await chairApi.request('POST', '/api/meetings', undefined, { raw: '{"title":' })).status).toBe(400);
  });
});

describe('signalling with a real worker', () => {
  it('joins venues, creates transports, produces simulcast and consumes it; leaves nothing behind', async () => {
    const counties = all.filter((v) => v.kind === 'county');
    const m = await schedule(chairApi, { chairVenue: 'v-sw', venues: [counties[0].code, counties[1].code], liveBroadcast: true, participants: [DEMO_ACCOUNTS.cityGovLeader] });
    const chair = await socketFor(chairApi);
    const county = await socketFor(countyApi);
    const chairState = latestState(chair);

    const joined = await chair.ok('meeting:join', { meetingId: m.id });
    expect(joined.role).toBe('chair');
    expect(joined.member).toBe('v-sw');
    expect(joined.routerRtpCapabilities.codecs.map((c: { mimeType: string }) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    const cj = await county.ok('meeting:join', { meetingId: m.id });
    expect(cj.role).toBe('venue');
    // a leader takes part from the desk by personal login
    const leader = await socketFor(await login(server.url, DEMO_ACCOUNTS.cityGovLeader));
    const lj = await leader.ok('meeting:join', { meetingId: m.id });
    expect(lj).toMatchObject({ role: 'participant', member: `u:${DEMO_ACCOUNTS.cityGovLeader}` });
    await leader.ok('meeting:leave', {});
    expect((await chairApi.get(`/api/meetings/${m.id}`)).body.status).toBe('live');

    const send = await chair.ok('transport:create', { direction: 'send' });
    expect(send.iceCandidates.length).toBeGreaterThan(0);
    // ICE restart (a venue's network changed): new ICE credentials, same transport
    const restarted = await chair.ok('transport:restart-ice', { transportId: send.id });
    expect(restarted.iceParameters.usernameFragment).not.toBe(send.iceParameters.usernameFragment);
    const audio = await chair.ok('producer:create', { transportId: send.id, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 1000), source: 'mic' });
    const video = await chair.ok('producer:create', { transportId: send.id, kind: 'video', rtpParameters: fakeRtpParameters('video', 2000), source: 'cam' });
    await waitFor(() => chairState.current?.members.find((x) => x.key === 'v-sw')?.producers.length === 2, 10_000, 'producers in state');
    expect(chairState.current!.members.find((x) => x.key === 'v-sw')!.status).not.toBe('offline');
    expect(chairState.current!.members.find((x) => x.key === counties[1].code)!.status).toBe('offline');

    // consume before telling the server the device's capabilities: refused, clearly
    const recv = await county.ok('transport:create', { direction: 'recv' });
    const early = await county.call('consumer:create', { transportId: recv.id, producerId: video.producerId });
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await county.ok('rtc:capabilities', { rtpCapabilities: cj.routerRtpCapabilities });
    const vc = await county.ok('consumer:create', { transportId: recv.id, producerId: video.producerId });
    expect(vc).toMatchObject({ kind: 'video', member: 'v-sw', source: 'cam' });
    expect(vc.rtpParameters.encodings).toHaveLength(1); // one simulcast stream out, layers chosen by the server
    await county.ok('consumer:layers', { consumerId: vc.id, spatialLayer: 2 });
    await county.ok('consumer:resume', { consumerId: vc.id });
    const ac = await county.ok('consumer:create', { transportId: recv.id, producerId: audio.producerId });
    expect(ac.kind).toBe('audio');
    // consuming on a send transport / own producer is refused
    expect(await county.call('consumer:create', { transportId: 'nope', producerId: audio.producerId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // a viewer (网上直播) lands on the other worker, fed through pipeToRouter
    const viewerApi = await login(server.url, DEMO_ACCOUNTS.countyClerk);
    const viewer = await socketFor(viewerApi);
    const vj = await viewer.ok('meeting:join', { meetingId: m.id, as: 'viewer' });
    expect(vj.role).toBe('viewer');
    expect(vj.member).toBeNull();
    await viewer.ok('rtc:capabilities', { rtpCapabilities: vj.routerRtpCapabilities });
    expect(await viewer.call('transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const vr = await viewer.ok('transport:create', { direction: 'recv' });
    const viewerConsumer = await viewer.ok('consumer:create', { transportId: vr.id, producerId: video.producerId });
    expect(viewerConsumer.member).toBe('v-sw');
    let counts = await mediaCounts(admin);
    expect(counts.counts.workers).toBe(2);
    expect(counts.counts.routers).toBe(2); // members' router + viewers' router on the other worker
    await waitFor(() => chairState.current?.viewers === 1, 10_000, 'viewer count');

    // everyone leaves: the producer's consumers are told, then nothing is left in the workers
    const closedConsumers: string[] = [];
    county.socket.on('consumer:closed', ({ consumerId }) => closedConsumers.push(consumerId));
    await chair.ok('producer:close', { producerId: video.producerId });
    await waitFor(() => closedConsumers.includes(vc.id), 10_000, 'consumer:closed');
    await chair.ok('meeting:leave', {});
    county.close();
    viewer.close();
    counts = await waitFor(async () => {
      const c = await mediaCounts(admin);
      return c.counts.routers === 0 ? c : null;
    }, 15_000, 'routers closed');
    expect(counts.counts).toMatchObject({ workers: 2, routers: 0, transports: 0, producers: 0, consumers: 0, webRtcTransports: 0 });
    expect(counts.meetings).toBe(0);
  });

  it('lets only the chair control the meeting, audits refusals, and follows lock, remove and end', async () => {
    const counties = all.filter((v) => v.kind === 'county');
    const m = await schedule(chairApi, { chairVenue: 'v-sw', venues: [counties[0].code, counties[1].code] });
    const chair = await socketFor(chairApi);
    const county = await socketFor(countyApi);
    const countyState = latestState(county);
    await chair.ok('meeting:join', { meetingId: m.id });
    await county.ok('meeting:join', { meetingId: m.id });

    // a county venue tries chair actions: refused and audited, nothing changes
    for (const [event, payload] of [['chair:mute', { target: 'v-sw', muted: true }], ['chair:end', {}], ['chair:lock', { locked: true }]] as const) {
      expect(await county.call(event, payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('主会场') } });
    }
    const audit = await admin.get('/api/admin/audit?limit=500');
    expect(JSON.stringify(audit.body)).toContain('conference.chair.denied');

    // the chair mutes the county venue, gives the floor to it (which unmutes it), locks the meeting
    const send = await county.ok('transport:create', { direction: 'send' });
    const mic = await county.ok('producer:create', { transportId: send.id, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 5000), source: 'mic' });
    await chair.ok('chair:mute', { target: counties[0].code, muted: true });
    await waitFor(() => countyState.current?.members.find((x) => x.key === counties[0].code)?.status === 'muted', 10_000, 'muted');
    expect(countyState.current!.members.find((x) => x.key === counties[0].code)!.chairMuted).toBe(true);
    expect(await county.call('producer:resume', { producerId: mic.producerId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('静音') } });
    await chair.ok('chair:floor', { target: counties[0].code });
    await waitFor(() => countyState.current?.floor === counties[0].code && countyState.current.members.find((x) => x.key === counties[0].code)?.status === 'speaking', 10_000, 'floor');
    await chair.ok('chair:broadcast', { target: counties[0].code });
    // mute all: every venue but the chair's own
    await chair.ok('chair:mute-all', { muted: true });
    await waitFor(() => countyState.current?.members.find((x) => x.key === counties[0].code)?.chairMuted === true, 10_000, 'all muted');
    expect(countyState.current!.members.find((x) => x.key === 'v-sw')!.chairMuted).toBe(false);
    await chair.ok('chair:mute-all', { muted: false });
    await waitFor(() => countyState.current?.members.find((x) => x.key === counties[0].code)?.chairMuted === false, 10_000, 'all unmuted');
    await chair.ok('chair:patrol', { enabled: true, intervalSeconds: 5 });
    await waitFor(() => countyState.current?.patrol.current === counties[0].code, 10_000, 'patrol');
    const roll = await chair.ok('chair:roll-call', {});
    expect(roll.present.map((x: { key: string }) => x.key).sort()).toEqual(['v-sw', counties[0].code].sort());
    expect(roll.absent.map((x: { key: string }) => x.key)).toContain(counties[1].code);
    const stats = await chair.ok('chair:stats', {});
    expect(stats.members.find((x: { key: string }) => x.key === counties[0].code)).toMatchObject({ online: true });
    await chair.ok('chair:lock', { locked: true });

    // locked: a venue that never joined is refused; unknown targets are clear errors
    const county2 = await socketFor(county2Api);
    expect(await county2.call('meeting:join', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('锁定') } });
    expect(await chair.call('chair:mute', { target: 'v-nowhere', muted: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // remove: the county is told and cannot come back
    const closed = new Promise<{ reason: string }>((resolve) => county.socket.once('meeting:closed', resolve));
    await chair.ok('chair:remove', { target: counties[0].code });
    expect((await closed).reason).toBe('removed');
    expect(await county.call('meeting:join', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // end: the meeting is over for good
    await chair.ok('chair:end', {});
    expect((await chairApi.get(`/api/meetings/${m.id}`)).body.status).toBe('ended');
    expect(await chair.call('meeting:join', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '会议已结束' } });
    const ended = await admin.get('/api/admin/audit?limit=500');
    expect(JSON.stringify(ended.body)).toContain(m.id);
  });

  it('answers bad and out-of-order messages with clear errors and survives a flood of joins and leaves', async () => {
    const counties = all.filter((v) => v.kind === 'county');
    const m = await schedule(chairApi, { chairVenue: 'v-sw', venues: [counties[0].code] });
    const s = await socketFor(countyApi);
    // out of order: nothing before join
    for (const event of ['transport:create', 'producer:create', 'consumer:resume', 'chair:end', 'rtc:capabilities']) {
      const r = await s.call(event, event === 'transport:create' ? { direction: 'send' } : event === 'consumer:resume' ? { consumerId: 'x' } : event === 'rtc:capabilities' ? { rtpCapabilities: {} } : event === 'producer:create' ? { transportId: 'x', kind: 'audio', rtpParameters: {}, source: 'mic' } : {});
      expect(r, event).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '请先加入会议' } });
    }
    // invalid payloads
    expect(await s.call('meeting:join', { meetingId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await s.call('meeting:join', 'garbage')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await s.call('meeting:join', { meetingId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await s.ok('meeting:join', { meetingId: m.id });
    expect(await s.call('transport:create', { direction: 'sideways' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const t = await s.ok('transport:create', { direction: 'send' });
    // mediasoup refuses nonsense RTP parameters; the socket and the server carry on
    const bad = await s.call('producer:create', { transportId: t.id, kind: 'video', rtpParameters: { codecs: 'x' }, source: 'cam' });
    expect(bad.ok).toBe(false);
    expect(await s.call('transport:connect', { transportId: t.id, dtlsParameters: { fingerprints: 42 } })).toMatchObject({ ok: false });
    expect(await s.call('producer:create', { transportId: t.id, kind: 'audio', rtpParameters: fakeRtpParameters('audio', 9000), source: 'cam' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    // an outsider cannot join at all
    const outsider = await socketFor(outsiderApi);
    expect(await outsider.call('meeting:join', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // flood: 40 join/leave pairs as fast as they go, from two sockets of the same venue
    const s2 = await socketFor(countyApi);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ((i % 2 ? s : s2).call(i % 4 < 2 ? 'meeting:join' : 'meeting:leave', i % 4 < 2 ? { meetingId: m.id } : {}))),
    );
    expect(results.every((r) => r.ok || ['RATE_LIMITED', 'CONFLICT'].includes(r.error.code))).toBe(true);
    // still serving
    expect((await s.ok('meeting:join', { meetingId: m.id })).role).toBe('venue');
    // a burst far beyond any client's needs: refused (rate limit, transport cap), never a crash
    const burst = await Promise.all(Array.from({ length: 500 }, () => s.call('transport:create', { direction: 'recv' })));
    const codes = new Set(burst.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code));
    expect(burst.filter((r) => r.ok).length).toBeLessThanOrEqual(4);
    expect([...codes].every((c) => ['RATE_LIMITED', 'CONFLICT'].includes(c))).toBe(true);
    expect(codes.has('RATE_LIMITED')).toBe(true);
    await new Promise((r) => setTimeout(r, 1100)); // the next second's budget
    await s.ok('meeting:leave', {});
    s2.close();
    await waitFor(async () => (await mediaCounts(admin)).counts.routers === 0, 15_000, 'routers closed after flood');
    expect((await mediaCounts(admin)).counts).toMatchObject({ routers: 0, transports: 0, webRtcTransports: 0 });
    expect((await server.platform.db.selectFrom('users').select('id').limit(1).execute()).length).toBe(1); // the server is fine
  });

  it('survives a media worker dying: the meeting is closed as failed, the worker replaced and the venue rejoins', async () => {
    const counties = all.filter((v) => v.kind === 'county');
    const m = await schedule(chairApi, { chairVenue: 'v-sw', venues: [counties[0].code] });
    const s = await socketFor(countyApi);
    await s.ok('meeting:join', { meetingId: m.id });
    await s.ok('transport:create', { direction: 'send' });
    // only this meeting's router is left: its worker is the one to kill
    const before = await waitFor(async () => {
      const c = await mediaCounts(admin);
      return c.counts.routers === 1 ? c : null;
    }, 15_000, 'one router');
    const victim = before.workers.find((w) => w.routers > 0)!;
    const closed = new Promise<{ reason: string }>((resolve, reject) => {
      s.socket.once('meeting:closed', resolve);
      setTimeout(() => reject(new Error('no meeting:closed after the worker died')), 20_000);
    });
    process.kill(victim.pid, 'SIGKILL');
    expect((await closed).reason).toBe('failed');
    const after = await waitFor(async () => {
      const c = await mediaCounts(admin);
      return c.workers.length === 2 && c.workers.every((w) => w.alive) && !c.workers.some((w) => w.pid === victim.pid) ? c : null;
    }, 20_000, 'worker replaced');
    expect(after.counts.workers).toBe(2);
    expect((await s.ok('meeting:join', { meetingId: m.id })).role).toBe('venue');
    await s.ok('meeting:leave', {});
  });
});
