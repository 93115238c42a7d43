// 级联 between two conference nodes: two server processes on loopback, each with its own database
// and mediasoup workers. The city node links its meeting to the provincial node's meeting over
// PipeTransports (SRTP), authenticated with the shared secret; a venue page on each node then sees
// and hears the venue on the other node. A node with the wrong secret is refused and audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startChildServer, type ChildServer } from '../support/child-server';
import { launchChromium } from '../support/browser';
import type { ApiClient } from '../support/temp-server';
import { io } from 'socket.io-client';
import { CASCADE_NAMESPACE } from '@yizhan/protocol';
import { cascadeMac } from '../../services/conference/src/pipe/cascade';
import { login, mediaCounts, schedule, venues, waitFor } from './support';

const SECRET = 'cascade-test-secret-0123456789abcdef';
let province: ChildServer;
let city: ChildServer;
let browser: Browser;
const dirs: string[] = [];
const contexts: BrowserContext[] = [];

function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-node-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  const common = { CONFERENCE_WORKERS: '1', SMTP_PORT: '0', SMTP_MX_PORT: '0' };
  // One after the other: two servers starting at once on a loaded 2-core machine can exceed the start timeout.
  province = await startChildServer({ ...common, YIZHAN_DATA_DIR: dataDir(), CONFERENCE_CASCADE_SECRET: SECRET });
  city = await startChildServer({ ...common, YIZHAN_DATA_DIR: dataDir(), CONFERENCE_CASCADE_SECRET: SECRET });
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await Promise.all([province, city].map((s) => s?.stop()));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function venuePage(node: ChildServer, api: ApiClient, meetingId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  contexts.push(context);
  await context.addCookies([{ name: 'yz_session', value: api.cookie.replace(/^yz_session=/, ''), url: node.url }]);
  const page = await context.newPage();
  await page.goto(`${node.url}/meetings/${meetingId}`);
  await page.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
  return page;
}

/** Some remote venue whose key names another node (`host:port/venue`) plays video. */
function cascadedVideoPlaying(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('video[data-testid="remote-video"]')].filter((v) => v.dataset.venue?.includes('/'));
    for (const v of videos) {
      if (v.videoWidth === 0) continue;
      const f = v.getVideoPlaybackQuality().totalVideoFrames;
      await new Promise((r) => setTimeout(r, 800));
      if (v.getVideoPlaybackQuality().totalVideoFrames > f) return true;
    }
    return false;
  });
}

describe('cascading two conference nodes (two processes)', () => {
  it('passes video and audio both ways over authenticated pipe transports', async () => {
    const pAdmin = await login(province.url, 'admin');
    const cAdmin = await login(city.url, 'admin');
    const pVenues = await venues(pAdmin);
    const cVenues = await venues(cAdmin);
    const pChair = await login(province.url, pVenues.find((v) => v.code === 'v-sw')!.operatorUsername);
    const cChair = await login(city.url, cVenues.find((v) => v.code === 'v-szf')!.operatorUsername);
    const county = pVenues.find((v) => v.kind === 'county')!.code;
    const provincial = await schedule(pChair, { title: '全省视频会议', chairVenue: 'v-sw', venues: [county] });
    const local = await schedule(cChair, { title: '全省视频会议（示范市分会场）', chairVenue: 'v-szf', venues: [county] });

    const pPage = await venuePage(province, pChair, provincial.id);
    const cPage = await venuePage(city, cChair, local.id);

    // only the chair may cascade; then the city chair links its meeting to the provincial one
    const cCounty = await login(city.url, cVenues.find((v) => v.code === county)!.operatorUsername);
    expect((await cCounty.post(`/api/meetings/${local.id}/cascade`, { url: province.url, remoteMeetingId: provincial.id })).status).toBe(403);
    const linked = await cChair.post(`/api/meetings/${local.id}/cascade`, { url: province.url, remoteMeetingId: provincial.id });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ linked: true, remoteTitle: '全省视频会议' });

    // each node's venue sees the other node's venue, video playing; the members list names it
    await expect.poll(() => cascadedVideoPlaying(pPage), { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => cascadedVideoPlaying(cPage), { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => pPage.getByTestId('venue-list').innerText()).toContain('市政府常务会议室（级联）');
    await expect.poll(() => cPage.getByTestId('venue-list').innerText()).toContain('市委常委会议室（级联）');
    const pCounts = await mediaCounts(pAdmin);
    expect(pCounts.links).toBe(1);
    expect(pCounts.counts.producers).toBeGreaterThanOrEqual(4); // 2 local + 2 piped in from the city

    // the provincial venue leaves: its media disappears on the city node; the link stays up
    await pPage.context().close();
    await expect.poll(() => cPage.locator('[data-testid="venue-status"][data-venue$="/v-sw"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('offline');

    // the city venue leaves: both nodes let go of everything
    await cPage.context().close();
    await waitFor(async () => (await mediaCounts(cAdmin)).counts.routers === 0, 30_000, 'city routers closed');
    await waitFor(async () => (await mediaCounts(pAdmin)).counts.routers === 0, 30_000, 'province routers closed');
    expect((await mediaCounts(pAdmin)).counts).toMatchObject({ transports: 0, producers: 0, consumers: 0 });
    expect((await mediaCounts(pAdmin)).links).toBe(0);
  });

  it('refuses a node that does not know the shared secret (or replays an old handshake), and audits it', async () => {
    const pAdmin = await login(province.url, 'admin');
    const attempt = (auth: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        const socket = io(province.url + CASCADE_NAMESPACE, { transports: ['websocket'], reconnection: false, auth });
        socket.once('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.once('connect_error', (e) => {
          socket.disconnect();
          resolve(e.message);
        });
      });
    const ts = Date.now();
    expect(await attempt({ node: 'rogue.example:1', ts, mac: cascadeMac('not-the-shared-secret', 'rogue.example:1', ts) })).toBe('级联认证失败');
    const old = Date.now() - 10 * 60_000;
    expect(await attempt({ node: 'replay.example:1', ts: old, mac: cascadeMac(SECRET, 'replay.example:1', old) })).toContain('过期');
    expect(await attempt({ node: 'x' })).toBe('级联认证失败');
    const good = Date.now();
    expect(await attempt({ node: 'friend.example:1', ts: good, mac: cascadeMac(SECRET, 'friend.example:1', good) })).toBe('connected');
    const audit = await pAdmin.get('/api/admin/audit?limit=200');
    const refused = (audit.body.entries as Array<{ action: string; targetId: string }>).filter((e) => e.action === 'conference.cascade.refused').map((e) => e.targetId);
    expect(refused).toEqual(expect.arrayContaining(['rogue.example:1', 'replay.example:1']));
    expect((await mediaCounts(pAdmin)).links).toBe(0);
  });
});
