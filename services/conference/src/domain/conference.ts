/**
 * The conference service of this node: the worker pool and the live meetings, created on first
 * join from the stored schedule and forgotten when they close.
 */
import { AppError, type Logger, type Principal } from '@yizhan/core';
import type { ConfContext } from '../context';
import type { WorkerPool } from '../media/worker-pool';
import { accessOf, operatedVenues, type Access } from '../meetings/meeting-access';
import { loadFacts, personRefs, venueRefs } from '../meetings/meeting-view';
import { markMeetingLive } from '../meetings/meeting-status';
import { Meeting, type MeetingSeat } from './meeting';
import type { Peer } from './peer';

export class Conference {
  readonly meetings = new Map<string, Meeting>();
  readonly #opening = new Map<string, Promise<Meeting>>();
  /** Recordings of closed meetings still being mixed and stored. */
  readonly #finishing = new Set<Promise<unknown>>();
  #closed = false;

  private constructor(
    readonly ctx: ConfContext,
    readonly pool: WorkerPool,
    readonly log: Logger,
  ) {}

  static async create(ctx: ConfContext, pool: WorkerPool, log: Logger): Promise<Conference> {
    const conference = new Conference(ctx, pool, log);
    pool.on('workerdied', () => conference.log.warn('meetings on the dead worker were closed; venues rejoin by themselves'));
    return conference;
  }

  /** The live meeting, opened from the schedule when nobody is in it yet. */
  async open(meetingId: string): Promise<Meeting> {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'conference closed');
    const live = this.meetings.get(meetingId);
    if (live && !live.closed) return live;
    let pending = this.#opening.get(meetingId);
    if (!pending) {
      pending = this.#create(meetingId).finally(() => this.#opening.delete(meetingId));
      this.#opening.set(meetingId, pending);
    }
    return pending;
  }

  async #create(meetingId: string): Promise<Meeting> {
    const facts = await loadFacts(this.ctx, meetingId);
    if (facts.row.status === 'ended') throw new AppError('CONFLICT', `meeting ${meetingId} ended`, { userMessage: '会议已结束' });
    const allVenues = [facts.row.chair_venue, ...facts.venueCodes.filter((c) => c !== facts.row.chair_venue)];
    const [venues, people] = await Promise.all([venueRefs(this.ctx, allVenues), personRefs(this.ctx, facts.participants)]);
    const seats: MeetingSeat[] = [
      ...allVenues.map((code) => ({ key: code, kind: 'venue' as const, name: venues.get(code)?.name ?? code, venueKind: venues.get(code)?.kind ?? null })),
      ...facts.participants.map((u) => ({ key: `u:${u}`, kind: 'person' as const, name: people.get(u)?.name ?? u, venueKind: null })),
    ];
    const meeting = await Meeting.create(
      { id: meetingId, title: facts.row.title, mode: facts.row.mode as 'p2p' | 'p2mp', chairVenue: facts.row.chair_venue, liveBroadcast: facts.row.live_broadcast, seats },
      { pool: this.pool, log: this.log },
    );
    if (this.#closed) {
      meeting.close();
      throw new AppError('UNAVAILABLE', 'conference closed');
    }
    this.meetings.set(meetingId, meeting);
    meeting.once('close', () => {
      if (this.meetings.get(meetingId) === meeting) this.meetings.delete(meetingId);
      const f = meeting.finalizing.finally(() => this.#finishing.delete(f));
      this.#finishing.add(f);
    });
    await markMeetingLive(this.ctx, meetingId);
    this.emitOpened(meeting);
    return meeting;
  }

  #listeners = new Set<(m: Meeting) => void>();
  /** Lets the transport layer subscribe to every meeting's events once. */
  onMeeting(fn: (m: Meeting) => void): void {
    this.#listeners.add(fn);
  }
  private emitOpened(m: Meeting): void {
    for (const fn of this.#listeners) fn(m);
  }

  async accessFor(p: Principal, meetingId: string): Promise<Access> {
    const facts = await loadFacts(this.ctx, meetingId);
    if (facts.row.status === 'ended') throw new AppError('CONFLICT', `meeting ${meetingId} ended`, { userMessage: '会议已结束' });
    return accessOf(facts, p, await operatedVenues(this.ctx, p));
  }

  async join(p: Principal, meetingId: string, asViewer: boolean): Promise<{ meeting: Meeting; peer: Peer }> {
    const access = await this.accessFor(p, meetingId);
    if (!access.role) throw new AppError('FORBIDDEN', `${p.username} not in meeting ${meetingId}`, { userMessage: '您未受邀参加此会议' });
    // A meeting that closes while we join (the last peer left a moment ago) is opened again.
    for (let attempt = 0; ; attempt++) {
      const meeting = await this.open(meetingId);
      try {
        const peer = await meeting.join(p, access, asViewer);
        return { meeting, peer };
      } catch (e) {
        if (!meeting.closed || attempt >= 2) throw e;
      }
    }
  }

  /** Closes every meeting and waits for recordings that were still being written. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const meetings = [...this.meetings.values()];
    for (const m of meetings) m.close('failed', '会议服务已停止');
    this.meetings.clear();
    await Promise.all([...meetings.map((m) => m.finalizing), ...this.#finishing]);
  }
}
