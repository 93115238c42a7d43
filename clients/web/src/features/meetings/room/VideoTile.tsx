import { memo, useEffect, useRef, type ReactNode } from 'react';

/** One venue's picture: a video element fed with a track (and, for remote venues, its sound). */
export const VideoTile = memo(function VideoTile(props: {
  video: MediaStreamTrack | null;
  audio?: MediaStreamTrack | null;
  testId: 'local-video' | 'remote-video';
  venue: string;
  label: ReactNode;
  focus?: boolean;
  mirrored?: boolean;
  placeholder: string;
  onFirstFrame?(): void;
}) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const { video, audio } = props;
  const firstFrame = useRef(props.onFirstFrame);
  firstFrame.current = props.onFirstFrame;

  // Only a new track touches the element: re-assigning srcObject restarts the picture.
  useEffect(() => {
    const el = videoRef.current;
    if (!el) return;
    el.srcObject = video ? new MediaStream([video]) : null;
    if (!video) return;
    void el.play().catch(() => {});
    const first = () => firstFrame.current?.();
    el.addEventListener('loadeddata', first, { once: true });
    return () => el.removeEventListener('loadeddata', first);
  }, [video]);

  useEffect(() => {
    const el = audioRef.current;
    if (!el) return;
    el.srcObject = audio ? new MediaStream([audio]) : null;
    if (audio) void el.play().catch(() => {});
  }, [audio]);

  return (
    <div className={`yz-tile${props.focus ? ' yz-tile-focus' : ''}`} data-focus={props.focus ? 'true' : 'false'} data-tile={props.venue}>
      <video ref={videoRef} autoPlay playsInline muted data-testid={props.testId} data-venue={props.venue} className={props.mirrored ? 'yz-mirror' : undefined} />
      {!video && <div className="yz-tile-empty">{props.placeholder}</div>}
      {props.testId === 'remote-video' && <audio ref={audioRef} autoPlay />}
      <div className="yz-tile-label">{props.label}</div>
    </div>
  );
});
