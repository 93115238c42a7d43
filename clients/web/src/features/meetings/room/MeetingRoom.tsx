import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Alert, App, Button, Card, Modal, Progress, Result, Select, Space, Spin, Tag, Tooltip } from 'antd';
import { AudioMutedOutlined, AudioOutlined, LogoutOutlined, VideoCameraAddOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import type { MediaSourceKind, MeetingLiveState, RollCallResult } from '@yizhan/protocol';
import { useApi } from '../../../app/hooks/useApi';
import { LoadError } from '../../../app/components/LoadError';
import { ConferenceClient, type ConferenceSnapshot } from '../conference-client';
import { meetingsApi } from '../api';
import { useMeetingsT, type MeetingsT } from '../i18n';
import { focusOf, wantedLayers } from '../layout';
import { MODE_KEYS } from '../labels';
import { useLocalMedia } from './useLocalMedia';
import { VideoTile } from './VideoTile';
import { VenuePanel, type ChairActions } from './VenuePanel';
import { ChairBar } from './ChairBar';
import { StatsPanel } from './StatsPanel';
import '../meetings.css';

const EMPTY: ConferenceSnapshot = { status: 'connecting', role: null, member: null, state: null, remotes: new Map(), closedReason: null, error: null, mediaState: { send: 'new', recv: 'new' } };
const noSubscribe = () => () => {};
const emptySnapshot = () => EMPTY;

declare global {
  interface Window {
    /** The page's meeting client, for diagnostics and automated tests. */
    __yizhanConference?: ConferenceClient;
  }
}

/** The meeting room: `/meetings/:id` joins as the user's venue (or person); `/meetings/:id/live` watches (网上直播). */
export function MeetingRoom({ asViewer }: { asViewer: boolean }) {
  const { id = '' } = useParams();
  const mt = useMeetingsT();
  const meeting = useApi((signal) => meetingsApi.get(id, signal), [id]);
  const [client, setClient] = useState<ConferenceClient | null>(null);
  const [generation, setGeneration] = useState(0);

  const canJoin = !!meeting.data && meeting.data.status !== 'ended' && !!meeting.data.myRole;
  useEffect(() => {
    if (!canJoin) return;
    const c = new ConferenceClient(id, { asViewer });
    setClient(c);
    window.__yizhanConference = c;
    return () => {
      c.close();
      if (window.__yizhanConference === c) delete window.__yizhanConference;
      setClient(null);
    };
  }, [id, asViewer, canJoin, generation]);

  const snap = useSyncExternalStore(client?.subscribe ?? noSubscribe, client?.getSnapshot ?? emptySnapshot);
  const local = useLocalMedia(client, !asViewer);

  if (meeting.error) return <LoadError error={meeting.error} onRetry={meeting.reload} />;
  if (!meeting.data) return <Spin style={{ display: 'block', margin: '80px auto' }} tip={mt('room.loading')} />;
  if (meeting.data.status === 'ended') return <Result status="info" title={mt('room.closed.ended')} extra={<BackButton mt={mt} />} />;
  if (snap.status === 'closed') {
    const text = snap.closedReason ? mt(`room.closed.${snap.closedReason.reason}`) : (snap.error ?? mt('room.closed.failed'));
    return (
      <Result
        status={snap.closedReason?.reason === 'ended' ? 'info' : 'warning'}
        title={text}
        data-testid="meeting-closed"
        extra={
          <Space>
            <BackButton mt={mt} />
            {snap.closedReason?.reason !== 'ended' && snap.closedReason?.reason !== 'removed' && <Button onClick={() => setGeneration((g) => g + 1)}>{mt('room.rejoin')}</Button>}
          </Space>
        }
      />
    );
  }
  return <RoomView client={client} snap={snap} title={meeting.data.title} mode={meeting.data.mode} local={asViewer ? null : local} mt={mt} />;
}

function BackButton({ mt }: { mt: MeetingsT }) {
  const navigate = useNavigate();
  return <Button onClick={() => navigate('/meetings')}>{mt('room.back')}</Button>;
}

function RoomView({ client, snap, title, mode, local, mt }: { client: ConferenceClient | null; snap: ConferenceSnapshot; title: string; mode: 'p2p' | 'p2mp'; local: ReturnType<typeof useLocalMedia> | null; mt: MeetingsT }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [recordBusy, setRecordBusy] = useState(false);
  const [rollCall, setRollCall] = useState<RollCallResult | null>(null);
  const [paused, setPaused] = useState<{ mic: boolean; cam: boolean }>({ mic: false, cam: false });
  const state = snap.state;
  const self = snap.member;
  const isChair = snap.role === 'chair';
  const focus = state ? focusOf(state, self, snap.role) : null;

  useEffect(() => {
    if (client && state) client.setWantedLayers(wantedLayers(state, self, focus));
  }, [client, state, self, focus]);

  useEffect(() => (client ? client.onRollCall(setRollCall) : undefined), [client]);
  useEffect(
    () =>
      client && isChair
        ? client.onRecording((saved) => (saved ? void message.success(mt('chair.recordSaved')) : void message.error(mt('chair.recordFailed'))))
        : undefined,
    [client, isChair, message, mt],
  );

  const act = useCallback(
    async (event: Parameters<ConferenceClient['request']>[0], payload: unknown) => {
      if (!client) return null;
      try {
        return await client.request(event, payload);
      } catch (e) {
        void message.error(e instanceof Error ? e.message : String(e));
        return null;
      }
    },
    [client, message],
  );

  const chair: ChairActions | null = useMemo(
    () =>
      isChair
        ? {
            mute: (target, muted) => void act('chair:mute', { target, muted }),
            floor: (target) => void act('chair:floor', { target }),
            broadcast: (target) => void act('chair:broadcast', { target }),
            remove: (target) => void act('chair:remove', { target }),
          }
        : null,
    [isChair, act],
  );

  const toggle = async (source: MediaSourceKind) => {
    if (!client) return;
    const next = !paused[source];
    try {
      await client.setPaused(source, next);
      setPaused((p) => ({ ...p, [source]: next }));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const me = state?.members.find((m) => m.key === self);
  const others = state ? state.members.filter((m) => m.key !== self && (m.online || m.kind !== 'remote')) : [];
  const nameOf = (key: string | null) => state?.members.find((m) => m.key === key)?.name ?? '';

  return (
    <div data-testid="meeting-room">
      <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' } }}>
        <strong style={{ fontSize: 16 }}>{title}</strong>
        <Tag>{mt(MODE_KEYS[mode])}</Tag>
        {snap.role && <Tag color={isChair ? 'red' : 'blue'}>{snap.role === 'viewer' ? mt('room.viewerMode') : mt(`role.${snap.role}`)}</Tag>}
        {state?.locked && <Tag color="orange" data-testid="locked-indicator">{mt('room.locked')}</Tag>}
        {state?.recording.active && (
          <Tag color="red" data-testid="recording-indicator">
            <span className="yz-rec-dot" />
            {mt('room.recording')}
          </Tag>
        )}
        {state && state.viewers > 0 && <Tag>{mt('room.viewers', { n: state.viewers })}</Tag>}
        {state?.floor && <Tag color="gold" data-testid="floor-indicator">{`${mt('room.floor')}：${nameOf(state.floor)}`}</Tag>}
        {state?.broadcast && <Tag color="purple">{`${mt('room.broadcast')}：${nameOf(state.broadcast)}`}</Tag>}
        {isChair && state?.patrol.enabled && <Tag color="cyan">{`${mt('room.patrol')}：${nameOf(state.patrol.current)}`}</Tag>}
        <span style={{ flex: 1 }} />
        {local && (
          <Space wrap size="small">
            <Tooltip title={paused.mic ? mt('device.micOff') : mt('device.micOn')}>
              <Button icon={paused.mic || me?.chairMuted ? <AudioMutedOutlined /> : <AudioOutlined />} danger={paused.mic || me?.chairMuted} onClick={() => void toggle('mic')} data-testid="toggle-mic" aria-label={mt('device.mic')} />
            </Tooltip>
            <Tooltip title={mt('device.level')}>
              <Progress className="yz-level" percent={Math.round(local.level * 100)} showInfo={false} size="small" strokeColor={local.level > 0.8 ? '#f5222d' : '#52c41a'} data-testid="mic-level" data-level={local.level.toFixed(2)} />
            </Tooltip>
            <Tooltip title={paused.cam ? mt('device.camOff') : mt('device.camOn')}>
              <Button icon={paused.cam ? <VideoCameraAddOutlined /> : <VideoCameraOutlined />} danger={paused.cam} onClick={() => void toggle('cam')} data-testid="toggle-cam" aria-label={mt('device.cam')} />
            </Tooltip>
            <Select size="small" style={{ width: 130 }} placeholder={mt('device.mic')} value={local.micId} onChange={(v) => void local.choose('mic', v)} options={local.devices.mics.map((d, i) => ({ value: d.deviceId, label: d.label || `${mt('device.mic')} ${i + 1}` }))} data-testid="pick-mic" />
            <Select size="small" style={{ width: 130 }} placeholder={mt('device.cam')} value={local.camId} onChange={(v) => void local.choose('cam', v)} options={local.devices.cams.map((d, i) => ({ value: d.deviceId, label: d.label || `${mt('device.cam')} ${i + 1}` }))} data-testid="pick-cam" />
          </Space>
        )}
        <Button icon={<LogoutOutlined />} onClick={() => navigate('/meetings')} data-testid="leave-meeting">
          {mt('device.leave')}
        </Button>
      </Card>
      {snap.status === 'reconnecting' && <Alert type="warning" showIcon title={mt('room.reconnecting')} style={{ marginBottom: 12 }} data-testid="reconnecting" />}
      {snap.status === 'connecting' && !state && <Alert type="info" showIcon title={mt('room.connecting')} style={{ marginBottom: 12 }} />}
      {local?.error && <Alert type="error" showIcon title={mt('device.denied', { message: local.error })} style={{ marginBottom: 12 }} />}
      {me?.chairMuted && <Alert type="warning" showIcon title={mt('room.chairMuted')} style={{ marginBottom: 12 }} data-testid="chair-muted-notice" />}

      <div className="yz-room">
        <div className="yz-stage" data-testid="stage" data-focus={focus ?? ''}>
          {others.map((m) => {
            const media = snap.remotes.get(m.key);
            return (
              <VideoTile
                key={m.key}
                testId="remote-video"
                venue={m.key}
                video={media?.video ?? null}
                audio={media?.audio ?? null}
                focus={m.key === focus}
                placeholder={m.online ? mt('room.noVideo') : mt('member.status.offline')}
                onFirstFrame={client ? () => client.markFirstFrame() : undefined}
                label={
                  <>
                    <span>{m.name}</span>
                    <Tag color={m.status === 'speaking' ? 'gold' : m.status === 'muted' ? 'red' : m.status === 'offline' ? 'default' : 'green'}>{mt(`member.status.${m.status}`)}</Tag>
                  </>
                }
              />
            );
          })}
          {local && (
            <VideoTile
              testId="local-video"
              venue={self ?? 'self'}
              video={local.cam}
              mirrored
              placeholder={mt('room.noVideo')}
              label={
                <>
                  <span>{me?.name ?? mt('room.self')}</span>
                  {me && <Tag color={me.status === 'muted' ? 'red' : me.status === 'speaking' ? 'gold' : 'green'}>{mt(`member.status.${me.status}`)}</Tag>}
                </>
              }
            />
          )}
          {others.length === 0 && <div className="yz-tile yz-tile-focus"><div className="yz-tile-empty">{mt('room.waiting')}</div></div>}
          {isChair && client && snap.status === 'joined' && (
            <div style={{ gridColumn: '1 / -1' }}>
              <StatsPanel client={client} mt={mt} />
            </div>
          )}
        </div>
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          {state && <VenuePanel state={state} self={self} chair={chair} mt={mt} />}
          {isChair && state && client && (
            <ChairBar
              state={state}
              mt={mt}
              busy={recordBusy}
              actions={{
                muteAll: (muted) => void act('chair:mute-all', { muted }),
                patrol: (enabled, intervalSeconds) => void act('chair:patrol', { enabled, intervalSeconds }),
                lock: (locked) => void act('chair:lock', { locked }),
                rollCall: () => void act('chair:roll-call', {}),
                record: (start) => {
                  setRecordBusy(true);
                  void act('chair:record', { action: start ? 'start' : 'stop' }).then(() => setRecordBusy(false));
                },
                end: () => void act('chair:end', {}),
              }}
            />
          )}
        </Space>
      </div>
      <Modal open={!!rollCall} title={mt('chair.rollCall.title')} footer={null} onCancel={() => setRollCall(null)}>
        {rollCall && <RollCallView result={rollCall} mt={mt} />}
      </Modal>
    </div>
  );
}

function RollCallView({ result, mt }: { result: RollCallResult; mt: MeetingsT }) {
  return (
    <div data-testid="roll-call">
      <p>
        <strong>{mt('chair.rollCall.present', { n: result.present.length })}</strong>：{result.present.map((p) => p.name).join('、') || '–'}
      </p>
      <p>
        <strong>{mt('chair.rollCall.absent', { n: result.absent.length })}</strong>：{result.absent.map((p) => p.name).join('、') || '–'}
      </p>
    </div>
  );
}

export type { MeetingLiveState };
