/**
 * 会议存储: what the chair's "record" button starts — the Recorder on the meeting's router with
 * the focused venue's video (broadcast, else floor, else chair) and every member's audio — and what
 * stop does with the file: into the blob store, a row per recording, the temp files removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppError, type Logger, type Principal } from '@yizhan/core';
import type { ConfContext } from '../context';
import { Recorder } from '../media/recorder';
import { saveRecording } from '../meetings/recordings';
import type { Meeting, MeetingRecording, RecordingFactory } from './meeting';

export interface RecordingService {
  factory: RecordingFactory;
}

export function recordingService(ctx: ConfContext, log: Logger): RecordingService {
  const root = path.join(ctx.platform.config.dataDir, 'tmp', 'recordings');
  const factory: RecordingFactory = async (meeting: Meeting, startedBy: Principal): Promise<MeetingRecording> => {
    const focus = meeting.members.get(meeting.focus());
    const withVideo = [focus, ...meeting.members.values()].find((m) => m?.online && m.producerOf('cam'));
    const video = withVideo?.producerOf('cam') ?? null;
    const audio = [...meeting.members.values()].map((m) => m.producerOf('mic')).filter((p): p is NonNullable<typeof p> => !!p);
    if (!video && audio.length === 0) throw new AppError('CONFLICT', 'nothing to record', { userMessage: '会场尚无音视频，无法录制' });
    const workDir = path.join(root, randomUUID());
    const recorder = await Recorder.create({ router: meeting.router, video, audio, workDir, log });
    const sourceName = withVideo?.name ?? '混合音频';
    let stopped: Promise<string | null> | null = null;
    return {
      startedAt: recorder.startedAt,
      stop() {
        stopped ??= (async () => {
          try {
            const result = await recorder.stop();
            const blob = await ctx.platform.blobs.put(fs.createReadStream(result.file));
            return await saveRecording(ctx, {
              meetingId: meeting.id,
              blobSha256: blob.sha256,
              size: blob.size,
              mimeType: result.mimeType,
              durationMs: result.durationMs,
              sourceName,
              startedBy,
              startedAt: recorder.startedAt,
              endedAt: new Date(),
            });
          } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
          }
        })();
        return stopped;
      },
      abort() {
        recorder.abort();
        fs.rmSync(workDir, { recursive: true, force: true });
      },
    };
  };
  return { factory };
}
