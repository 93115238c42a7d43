/** The conference service module (视频会议): meetings, venues, chair control, live broadcast, recording, cascading. */
import type { Server } from 'socket.io';
import type { ServiceModule, StartedService } from '@yizhan/core';
import { CONFERENCE_MIGRATIONS } from './db/migrations';
import { confContext } from './context';
import { loadMediasoup } from './media/mediasoup';
import { WorkerPool } from './media/worker-pool';
import { Conference } from './domain/conference';
import { recordingService } from './domain/recording-session';
import { attachConferenceSocket } from './transport/conference-socket';
import { meetingRoutes } from './api/meeting-routes';
import { cascadeService } from './pipe/cascade';
import { listConferenceTodos } from './meetings/list-meetings';

export interface StartedConference extends StartedService {
  conference: Conference;
}

export const conferenceModule: ServiceModule = {
  name: 'conference',
  migrations: CONFERENCE_MIGRATIONS,
  async start({ platform, io }): Promise<StartedConference> {
    const log = platform.log.child({ component: 'conference' });
    const ctx = confContext(platform);
    const cfg = platform.config.conference;
    const mediasoup = await loadMediasoup(platform.config.mediasoupWorkerBin);
    const pool = await WorkerPool.create(mediasoup, { workers: cfg.workers, listenIp: cfg.listenIp, announcedIp: cfg.announcedIp, rtcPort: cfg.rtcPort }, log);
    const conference = await Conference.create(ctx, pool, log);
    const socket = attachConferenceSocket(io as unknown as Server, { ctx, conference, recordings: recordingService(ctx, log), log });
    const cascade = cascadeService({ ctx, conference, io: io as unknown as Server, log });
    const routes = meetingRoutes(ctx, conference, cascade);
    let closing: Promise<void> | null = null;
    return {
      conference,
      async routes(app) {
        await app.register(routes);
      },
      todos: (p) => listConferenceTodos(ctx, p),
      close() {
        closing ??= (async () => {
          socket.close();
          cascade.close();
          await conference.close();
          pool.close();
        })();
        return closing;
      },
    };
  },
};

export { Conference } from './domain/conference';
export { WorkerPool } from './media/worker-pool';
