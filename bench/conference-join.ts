/**
 * Benchmark (c): join-to-first-remote-frame in Chromium (goal ≤ 1.5 s). The whole server runs on a
 * fresh data dir; 市委常委会议室 is in the meeting sending its fake camera; then, N times, a county
 * venue's page opens /meetings/<id> in a fresh browser context (its own camera and microphone too)
 * and we read two marks the page records: *join* = from the meeting client's creation (socket
 * connect, join, device load, transports, consume, ICE + DTLS, first decoded frame) to the first
 * remote frame, and *page* = from navigation start (HTML, JS, session check, then all of *join*).
 *
 * Run:    npx vite build clients/web && npx tsx bench/conference-join.ts [--n 10]
 * Output: a table, then one JSON line. No assertions: read the numbers.
 */
import type { Page } from 'playwright-core';
import { flags, jsonLine, machineInfo, printMachine, round, stats, table } from './support/bench-kit';
import { launchChromium } from '../test/support/browser';
import { login, schedule, startConferenceServer, venues } from '../test/conference/support';

const opts = flags({ n: 10 });
const machine = machineInfo();
printMachine(machine);

const server = await startConferenceServer({ CONFERENCE_WORKERS: '2' });
const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']);
try {
  const admin = await login(server.url, 'admin');
  const all = await venues(admin);
  const chair = all.find((v) => v.code === 'v-sw')!;
  const county = all.find((v) => v.kind === 'county')!;
  const chairApi = await login(server.url, chair.operatorUsername);
  const countyApi = await login(server.url, county.operatorUsername);
  const meeting = await schedule(chairApi, { chairVenue: chair.code, venues: [county.code] });

  const open = async (cookie: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    await context.addCookies([{ name: 'yz_session', value: cookie.replace(/^yz_session=/, ''), url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/meetings/${meeting.id}`);
    return page;
  };
  const chairPage = await open(chairApi.cookie);
  await chairPage.waitForFunction(() => window.__yizhanConference?.getSnapshot().status === 'joined', undefined, { timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 3000)); // the chair's camera is up and sending

  const join: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < opts.n; i++) {
    const p = await open(countyApi.cookie);
    const marks = await p.waitForFunction(
      () => {
        const c = window.__yizhanConference;
        return c && c.firstRemoteFrameAt !== null ? { join: c.firstRemoteFrameAt - c.joinStartedAt, page: c.firstRemoteFrameAt } : null;
      },
      undefined,
      { timeout: 60_000, polling: 20 },
    );
    const m = (await marks.jsonValue()) as { join: number; page: number };
    join.push(m.join);
    page.push(m.page);
    console.log(`run ${i + 1}: join → first remote frame ${round(m.join, 0)} ms, navigation → first remote frame ${round(m.page, 0)} ms`);
    await p.context().close();
    await new Promise((r) => setTimeout(r, 1000));
  }
  const j = stats(join);
  const pg = stats(page);
  table(
    ['measure', 'median ms', 'p95 ms', 'min ms', 'max ms'],
    [
      ['join → first remote frame', j.medianMs, j.p95Ms, j.minMs, j.maxMs],
      ['navigation → first remote frame', pg.medianMs, pg.p95Ms, pg.minMs, pg.maxMs],
    ],
  );
  jsonLine({ bench: 'conference-join', machine, n: opts.n, joinToFirstFrame: j, navigationToFirstFrame: pg });
} finally {
  await browser.close();
  await server.dispose();
}
process.exit(0);
