import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaSourceKind } from '@yizhan/protocol';
import type { ConferenceClient } from '../conference-client';
import { listDevices, openCamera, openMicrophone, watchLevel, type DeviceLists } from '../local-media';

export interface LocalMedia {
  cam: MediaStreamTrack | null;
  mic: MediaStreamTrack | null;
  devices: DeviceLists;
  camId: string | undefined;
  micId: string | undefined;
  level: number;
  error: string | null;
  choose(source: MediaSourceKind, deviceId: string): Promise<void>;
}

/** Opens the camera and microphone (preview + level meter) and hands the tracks to the meeting. */
export function useLocalMedia(client: ConferenceClient | null, enabled: boolean): LocalMedia {
  const [cam, setCam] = useState<MediaStreamTrack | null>(null);
  const [mic, setMic] = useState<MediaStreamTrack | null>(null);
  const [devices, setDevices] = useState<DeviceLists>({ cams: [], mics: [] });
  const [ids, setIds] = useState<{ cam?: string; mic?: string }>({});
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const tracks = useRef<{ cam: MediaStreamTrack | null; mic: MediaStreamTrack | null }>({ cam: null, mic: null });

  const open = useCallback(
    async (source: MediaSourceKind, deviceId?: string) => {
      try {
        const track = source === 'cam' ? await openCamera(deviceId) : await openMicrophone(deviceId);
        const old = tracks.current[source];
        tracks.current[source] = track;
        if (source === 'cam') setCam(track);
        else setMic(track);
        setIds((x) => ({ ...x, [source]: track.getSettings().deviceId }));
        await client?.setTrack(source, track);
        old?.stop();
        setDevices(await listDevices());
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [client],
  );

  useEffect(() => {
    if (!enabled || !client) return;
    void open('mic');
    void open('cam');
    return () => {
      tracks.current.cam?.stop();
      tracks.current.mic?.stop();
      tracks.current = { cam: null, mic: null };
    };
  }, [enabled, client, open]);

  useEffect(() => {
    if (!mic) return;
    return watchLevel(mic, setLevel);
  }, [mic]);

  return { cam, mic, devices, camId: ids.cam, micId: ids.mic, level, error, choose: (source, id) => open(source, id) };
}
