// The "Done when" in a real browser: three Chromium pages with fake camera and microphone
// join one meeting as three venues through the web client (/meetings/<id>); each sees the other two
// venues' video playing; the chair mutes one venue and gives the floor to another and every page
// follows; a recording is made, decodes with ffprobe for the expected duration and plays back with
// seeking; a venue that loses its connection for 10 s comes back by itself. Screenshots are in
// test/artifacts/conference-*.png.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@yizhan/core';
import { artifactPath, launchChromium } from '../support/browser';
import type { ApiClient, TestServer } from '../support/temp-server';
import { login, mediaCounts, schedule, startConferenceServer, venues, waitFor, type VenueInfo } from '../conference/support';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let chairVenue: VenueInfo;
let countyA: VenueInfo;
let countyB: VenueInfo;
let meetingId: string;
const contexts: BrowserContext[] = [];
const pages: Record<string, Page> = {};
const apis: Record<string, ApiClient> = {};
let countyBLine: Awaited<ReturnType<typeof venueLine>>;

/**
 * The network line of one venue: a TCP relay between its browser and the server that can go down.
 * While down, open connections are reset and new ones refused, as when the venue's line drops.
 * (Chromium's offline emulation — context.setOffline, CDP — leaves open WebSockets and WebRTC
 * running, so it cannot take a joined venue off the network.) WebRTC's UDP does not pass through
 * the relay; the server closes a venue's transports when its signalling drops, so its media stops too.
 */
async function venueLine(target: string) {
  const upstream = new URL(target);
  const open = new Set<net.Socket>();
  let downUntil = 0;
  const relay = net.createServer((client) => {
    if (Date.now() < downUntil) return void client.resetAndDestroy();
    const server = net.connect(Number(upstream.port), upstream.hostname);
    const drop = () => {
      open.delete(client);
      open.delete(server);
      client.destroy();
      server.destroy();
    };
    for (const s of [client, server]) {
      open.add(s);
      s.on('error', drop).on('close', drop);
    }
    client.pipe(server);
    server.pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`,
    /** The line is down for `ms`. */
    cut(ms: number): void {
      downUntil = Date.now() + ms;
      for (const s of [...open]) s.resetAndDestroy();
    },
    close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
  };
}

beforeAll(async () => {
  server = await startConferenceServer({ CONFERENCE_WORKERS: '2' });
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
  admin = await login(server.url, 'admin');
  const all = await venues(admin);
  chairVenue = all.find((v) => v.code === 'v-sw')!;
  [countyA, countyB] = all.filter((v) => v.kind === 'county');
  for (const v of [chairVenue, countyA, countyB]) apis[v.code] = await login(server.url, v.operatorUsername);
  const m = await schedule(apis[chairVenue.code], { title: '全市防汛工作视频会议', chairVenue: chairVenue.code, venues: [countyA.code, countyB.code], mode: 'p2mp', liveBroadcast: true });
  meetingId = m.id;
  countyBLine = await venueLine(server.url);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await countyBLine?.close();
  await server?.dispose();
});

async function openVenuePage(v: VenueInfo, baseUrl = server.url): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  contexts.push(context);
  await context.addCookies([{ name: 'yz_session', value: apis[v.code].cookie.replace(/^yz_session=/, ''), url: baseUrl }]);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${v.code}] page error:`, e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`[${v.code}] console ${m.type()}:`, m.text());
  });
  await page.goto(`${baseUrl}/meetings/${meetingId}`);
  await page.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
  pages[v.code] = page;
  return page;
}

/** The remote venue's video has a picture and its frames and clock move on. */
function remotePlaying(page: Page, venue: string): Promise<boolean> {
  return page.evaluate(async (venue) => {
    const v = document.querySelector<HTMLVideoElement>(`video[data-testid="remote-video"][data-venue="${venue}"]`);
    if (!v || v.videoWidth === 0) return false;
    const f1 = v.getVideoPlaybackQuality().totalVideoFrames;
    const t1 = v.currentTime;
    await new Promise((r) => setTimeout(r, 800));
    return v.getVideoPlaybackQuality().totalVideoFrames > f1 && v.currentTime > t1;
  }, venue);
}

const statusOf = (page: Page, venue: string) => page.locator(`[data-testid="venue-status"][data-venue="${venue}"]`).getAttribute('data-status');

describe('a meeting of three venues in Chromium', () => {
  it('lists the meeting for its venues, with the schedule form for the chair', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    contexts.push(context);
    await context.addCookies([{ name: 'yz_session', value: apis[chairVenue.code].cookie.replace(/^yz_session=/, ''), url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/meetings`);
    await expect.poll(() => page.getByTestId('meetings').innerText(), { timeout: 20_000 }).toContain('全市防汛工作视频会议');
    await page.screenshot({ path: artifactPath('conference-meetings.png') });
    await page.getByTestId('schedule-meeting').click();
    await page.getByTestId('meeting-title').waitFor();
    await page.screenshot({ path: artifactPath('conference-schedule.png') });
    await context.close();
  });

  it('each venue sees the other two venues’ video playing', async () => {
    // county B reaches the server over a line the last test cuts
    for (const v of [chairVenue, countyA, countyB]) await openVenuePage(v, v === countyB ? countyBLine.url : server.url);
    for (const v of [chairVenue, countyA, countyB]) {
      const page = pages[v.code];
      await page.getByTestId('local-video').waitFor();
      for (const other of [chairVenue, countyA, countyB].filter((o) => o !== v)) {
        await expect.poll(() => remotePlaying(page, other.code), { timeout: 60_000, interval: 500 }).toBe(true);
      }
      await expect.poll(() => page.locator('[data-testid="venue-status"]').count()).toBe(3);
    }
    // the local preview and the mic level meter work too
    await expect.poll(() => pages[countyA.code].evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="local-video"]')?.videoWidth ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await pages[countyA.code].getByTestId('mic-level').getAttribute('data-level')), { timeout: 20_000 }).toBeGreaterThan(0);
    await pages[chairVenue.code].screenshot({ path: artifactPath('conference-chair.png') });
  });

  it('the chair mutes a venue and gives the floor to another; every page follows', async () => {
    const chair = pages[chairVenue.code];
    await chair.locator(`[data-testid="chair-mute"][data-venue="${countyA.code}"]`).click();
    for (const page of Object.values(pages)) await expect.poll(() => statusOf(page, countyA.code), { timeout: 20_000 }).toBe('muted');
    await pages[countyA.code].getByTestId('chair-muted-notice').waitFor({ timeout: 10_000 });

    await chair.locator(`[data-testid="chair-more"][data-venue="${countyB.code}"]`).click();
    await chair.getByRole('menuitem', { name: '点名发言' }).click();
    for (const page of Object.values(pages)) {
      await expect.poll(() => statusOf(page, countyB.code), { timeout: 20_000 }).toBe('speaking');
      await expect.poll(() => page.getByTestId('floor-indicator').textContent(), { timeout: 10_000 }).toContain(countyB.name);
    }
    // the venue with the floor is the large picture for the others, in high quality
    for (const code of [chairVenue.code, countyA.code]) {
      await expect.poll(() => pages[code].getByTestId('stage').getAttribute('data-focus'), { timeout: 10_000 }).toBe(countyB.code);
      await expect.poll(() => pages[code].locator(`[data-tile="${countyB.code}"]`).getAttribute('data-focus')).toBe('true');
      await expect.poll(() => remotePlaying(pages[code], countyB.code), { timeout: 30_000, interval: 500 }).toBe(true);
    }
    // the chair sees per-venue statistics
    await expect.poll(() => chair.getByTestId('venue-stats').innerText(), { timeout: 15_000 }).toContain(countyA.name);
    // columns: venue, up kbps, down kbps, loss, RTT ms, quality — the venue with the floor sends, with a measured RTT and a quality score
    const statsOf = (name: string) => chair.getByTestId('venue-stats').locator('tbody tr', { hasText: name }).locator('td').allInnerTexts();
    await expect
      .poll(async () => {
        const [, up, , loss, rtt, score] = await statsOf(countyB.name);
        return Number(up) > 0 && /%$/.test(loss) && Number(rtt) >= 0 && rtt !== '–' && Number(score) > 0;
      }, { timeout: 20_000, interval: 1000 })
      .toBe(true);
    await pages[countyA.code].screenshot({ path: artifactPath('conference-county-muted.png') });
    await pages[chairVenue.code].screenshot({ path: artifactPath('conference-chair-floor.png') });
    await chair.getByTestId('venue-stats').scrollIntoViewIfNeeded();
    await chair.screenshot({ path: artifactPath('conference-chair-stats.png') });
  });

  it('网上直播: a clerk at a desk watches read-only, fed from another worker', async () => {
    const clerk = await login(server.url, DEMO_ACCOUNTS.countyClerk);
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    contexts.push(context);
    await context.addCookies([{ name: 'yz_session', value: clerk.cookie.replace(/^yz_session=/, ''), url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/meetings/${meetingId}/live`);
    await page.getByTestId('meeting-room').waitFor({ timeout: 30_000 });
    // it sees the venue with the floor, sends nothing and has no local video
    await expect.poll(() => remotePlaying(page, countyB.code), { timeout: 60_000, interval: 500 }).toBe(true);
    expect(await page.getByTestId('local-video').count()).toBe(0);
    await expect.poll(() => pages[chairVenue.code].locator('body').innerText(), { timeout: 15_000 }).toContain('1 人观看');
    const counts = await mediaCounts(admin);
    expect(counts.counts.routers).toBe(2); // the viewer's router on the other worker
    await page.screenshot({ path: artifactPath('conference-live-viewer.png') });
    await context.close();
  });

  it('records the meeting; the file decodes with ffprobe for the expected duration and plays back with seeking', async () => {
    const chair = pages[chairVenue.code];
    await chair.getByTestId('chair-record').click();
    for (const page of Object.values(pages)) await page.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
    const started = Date.now();
    await pages[countyA.code].screenshot({ path: artifactPath('conference-recording.png') });
    await new Promise((r) => setTimeout(r, 6000));
    await chair.getByTestId('chair-record').click();
    const recordedMs = Date.now() - started;
    for (const page of Object.values(pages)) await page.getByTestId('recording-indicator').waitFor({ state: 'detached', timeout: 20_000 });

    const list = await waitFor(async () => {
      const r = await apis[countyA.code].get(`/api/meetings/${meetingId}/recordings`);
      return r.body.items?.length ? r.body.items : null;
    }, 60_000, 'recording stored');
    const rec = list[0];
    expect(rec.mimeType).toBe('video/webm');
    // range requests for seeking
    const head = await fetch(server.url + rec.url, { headers: { cookie: apis[countyA.code].cookie, range: 'bytes=0-99' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-99/${rec.size}`);
    expect((await head.arrayBuffer()).byteLength).toBe(100);
    const whole = await fetch(server.url + rec.url, { headers: { cookie: apis[countyA.code].cookie } });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-rec-')), 'meeting.webm');
    fs.writeFileSync(file, Buffer.from(await whole.arrayBuffer()));
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width', '-of', 'json', file], { encoding: 'utf8' });
    expect(probe.status).toBe(0);
    const info = JSON.parse(probe.stdout) as { format: { duration: string }; streams: Array<{ codec_type: string; codec_name: string; width?: number }> };
    const seconds = Number(info.format.duration);
    // the chair's 6 s between the clicks, give or take start-up and the first key frame
    expect(seconds).toBeGreaterThan(4);
    expect(seconds).toBeLessThan(recordedMs / 1000 + 3);
    expect(info.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'vp8' });
    expect(info.streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'opus' });
    expect(spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' }).status).toBe(0);
    // the picture runs through the recording (at least a frame a second even on a loaded machine)
    const frames = Number(spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' }).stdout.trim());
    expect(frames).toBeGreaterThan(seconds);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });

    // 会议点播 in the browser: metadata loads and the player seeks (range requests)
    const viewer = pages[countyA.code];
    const player = await viewer.context().newPage();
    await player.goto(`${server.url}/meetings/${meetingId}/recordings`);
    const video = player.getByTestId('playback-video');
    await video.waitFor({ timeout: 20_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const seeked = await video.evaluate(
      (v: HTMLVideoElement) =>
        new Promise<number>((resolve) => {
          v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
          v.currentTime = 3;
        }),
    );
    expect(seeked).toBeGreaterThan(2.5);
    await player.screenshot({ path: artifactPath('conference-playback.png') });
    await player.close();
  });

  it('a venue that loses its connection for 10 s comes back by itself and the meeting goes on', async () => {
    const page = pages[countyB.code];
    const chair = pages[chairVenue.code];
    countyBLine.cut(10_000);
    await expect.poll(() => statusOf(chair, countyB.code), { timeout: 15_000 }).toBe('offline');
    // the venue itself knows it is off the network, and its picture is gone for the others
    await page.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
    const hasPicture = (p: Page, venue: string) => p.evaluate((venue) => !!document.querySelector<HTMLVideoElement>(`video[data-testid="remote-video"][data-venue="${venue}"]`)?.srcObject, venue);
    await expect.poll(() => hasPicture(chair, countyB.code), { timeout: 15_000 }).toBe(false);
    await chair.screenshot({ path: artifactPath('conference-venue-offline.png') });
    // the others keep seeing each other meanwhile
    await expect.poll(() => remotePlaying(pages[chairVenue.code], countyA.code), { timeout: 30_000, interval: 500 }).toBe(true);
    // nothing was done to the page: it rejoins by itself once its line is back
    await expect.poll(() => statusOf(chair, countyB.code), { timeout: 40_000, interval: 500 }).not.toBe('offline');
    await page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
    for (const other of [chairVenue, countyA]) await expect.poll(() => remotePlaying(page, other.code), { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => remotePlaying(pages[countyA.code], countyB.code), { timeout: 60_000, interval: 500 }).toBe(true);
  });

  it('leaves nothing behind when every venue has left', async () => {
    for (const c of contexts.splice(0)) await c.close();
    const counts = await waitFor(async () => {
      const c = await mediaCounts(admin);
      return c.counts.routers === 0 ? c : null;
    }, 30_000, 'routers closed');
    expect(counts.counts).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0, webRtcTransports: 0 });
  });
});
