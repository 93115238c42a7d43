/**
 * Conference (视频会议): REST bodies for scheduling, recordings and cascading, and the socket.io
 * contract of the `/conference` namespace (signalling for mediasoup-client and chair control).
 * mediasoup's own structures (RTP parameters, DTLS parameters, capabilities) travel as opaque objects
 * whose shape mediasoup checks; everything else is validated here.
 */
import { z } from 'zod';
import { IsoDate, UsernameSchema } from './common';
import type { Ack } from './common';

/** Namespace of the conference socket. */
export const CONFERENCE_NAMESPACE = '/conference';
/** Namespace the conference nodes use between themselves (级联). */
export const CASCADE_NAMESPACE = '/conference-cascade';

// ---------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------

/** 点对点 (two venues) or 点对多点 (the chair venue to all; counties send up). */
export const MeetingModeSchema = z.enum(['p2p', 'p2mp']);
export type MeetingMode = z.infer<typeof MeetingModeSchema>;
export const MeetingStatusSchema = z.enum(['scheduled', 'live', 'ended']);
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;

const VenueCode = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, '会场代码格式错误');

/** POST /api/meetings */
export const ScheduleMeetingSchema = z
  .object({
    title: z.string().trim().min(1, '请填写会议名称').max(100, '会议名称不能超过100字'),
    agenda: z.string().trim().max(2000).default(''),
    startsAt: IsoDate,
    durationMinutes: z.number().int().min(5).max(24 * 60).default(60),
    mode: MeetingModeSchema.default('p2mp'),
    chairVenue: VenueCode,
    /** Participating venues; the chair venue is added when missing. */
    venues: z.array(VenueCode).max(64).default([]),
    /** People who join by personal login (领导, 专家). */
    participants: z.array(UsernameSchema).max(200).default([]),
    /** 网上直播: any logged-in user may watch read-only. */
    liveBroadcast: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    const venues = new Set([m.chairVenue, ...m.venues]);
    if (m.mode === 'p2p' && venues.size !== 2) ctx.addIssue({ code: 'custom', path: ['venues'], message: '点对点会议需要恰好两个会场' });
    if (m.mode === 'p2mp' && venues.size < 2) ctx.addIssue({ code: 'custom', path: ['venues'], message: '点对多点会议至少需要两个会场' });
  });
export type ScheduleMeeting = z.input<typeof ScheduleMeetingSchema>;

export const MeetingVenueRefSchema = z.object({ code: z.string(), name: z.string(), kind: z.enum(['main', 'county']) });
export type MeetingVenueRef = z.infer<typeof MeetingVenueRefSchema>;
export const MeetingPersonRefSchema = z.object({ username: z.string(), name: z.string() });
export type MeetingPersonRef = z.infer<typeof MeetingPersonRefSchema>;

/** How the asking user takes part: as the chair, as a venue, as a person, or only watching. */
export const MeetingRoleSchema = z.enum(['chair', 'venue', 'participant', 'viewer']);
export type MeetingRole = z.infer<typeof MeetingRoleSchema>;

export const MeetingSchema = z.object({
  id: z.string(),
  title: z.string(),
  agenda: z.string(),
  startsAt: IsoDate,
  durationMinutes: z.number().int(),
  mode: MeetingModeSchema,
  status: MeetingStatusSchema,
  chairVenue: MeetingVenueRefSchema,
  venues: z.array(MeetingVenueRefSchema),
  participants: z.array(MeetingPersonRefSchema),
  liveBroadcast: z.boolean(),
  createdBy: MeetingPersonRefSchema,
  createdAt: IsoDate,
  endedAt: IsoDate.nullable(),
  /** null: the user may not join (nor watch). */
  myRole: MeetingRoleSchema.nullable(),
  myVenue: z.string().nullable(),
  recordings: z.number().int(),
});
export type Meeting = z.infer<typeof MeetingSchema>;
export const MeetingListSchema = z.object({ items: z.array(MeetingSchema) });
export type MeetingList = z.infer<typeof MeetingListSchema>;

/** GET /api/meetings?status= */
export const MeetingListQuerySchema = z.object({
  status: MeetingStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RecordingSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  startedAt: IsoDate,
  endedAt: IsoDate,
  durationMs: z.number().int(),
  size: z.number().int(),
  mimeType: z.string(),
  /** Whose video was recorded (the broadcast / floor / chair venue). */
  sourceName: z.string(),
  /** GET with Range support. */
  url: z.string(),
});
export type Recording = z.infer<typeof RecordingSchema>;
export const RecordingListSchema = z.object({ items: z.array(RecordingSchema) });
export type RecordingList = z.infer<typeof RecordingListSchema>;

/** POST /api/meetings/:id/cascade — connect this meeting to a meeting on another conference node. */
export const CascadeLinkSchema = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//.test(u), '地址必须以 http:// 或 https:// 开头'),
  remoteMeetingId: z.string().uuid(),
});
export type CascadeLink = z.infer<typeof CascadeLinkSchema>;

// ---------------------------------------------------------------------------------------------
// Live state (pushed as a whole on every change: at most a few dozen members)
// ---------------------------------------------------------------------------------------------

export const MemberStatusSchema = z.enum(['online', 'offline', 'speaking', 'muted']);
export type MemberStatus = z.infer<typeof MemberStatusSchema>;
export const MediaSourceSchema = z.enum(['mic', 'cam']);
export type MediaSourceKind = z.infer<typeof MediaSourceSchema>;

export const LiveProducerSchema = z.object({ id: z.string(), kind: z.enum(['audio', 'video']), source: MediaSourceSchema, paused: z.boolean() });
export type LiveProducer = z.infer<typeof LiveProducerSchema>;

export const MeetingMemberSchema = z.object({
  /** Venue code (v-sw), `u:<username>` for a person, `<node>/<key>` for a member on a cascaded node. */
  key: z.string(),
  kind: z.enum(['venue', 'person', 'remote']),
  name: z.string(),
  venueKind: z.enum(['main', 'county']).nullable(),
  online: z.boolean(),
  status: MemberStatusSchema,
  /** Muted by the chair (the member cannot unmute). */
  chairMuted: z.boolean(),
  micOn: z.boolean(),
  camOn: z.boolean(),
  producers: z.array(LiveProducerSchema),
});
export type MeetingMember = z.infer<typeof MeetingMemberSchema>;

export const MeetingLiveStateSchema = z.object({
  meetingId: z.string(),
  title: z.string(),
  mode: MeetingModeSchema,
  chair: z.string(),
  locked: z.boolean(),
  /** 点名发言: the member with the floor (all see it large). */
  floor: z.string().nullable(),
  /** The member broadcast to all. */
  broadcast: z.string().nullable(),
  /** 轮巡: the chair's view cycles through the county venues. */
  patrol: z.object({ enabled: z.boolean(), intervalSeconds: z.number().int(), current: z.string().nullable() }),
  recording: z.object({ active: z.boolean(), startedAt: IsoDate.nullable() }),
  activeSpeaker: z.string().nullable(),
  viewers: z.number().int(),
  members: z.array(MeetingMemberSchema),
});
export type MeetingLiveState = z.infer<typeof MeetingLiveStateSchema>;

// ---------------------------------------------------------------------------------------------
// Signalling payloads (client → server)
// ---------------------------------------------------------------------------------------------

const Id = z.string().min(1).max(100);
/** mediasoup structures: objects checked by mediasoup itself. */
const Opaque = z.record(z.string(), z.unknown());

export const JoinMeetingSchema = z.object({
  meetingId: z.string().uuid(),
  /** 'viewer' joins read-only (网上直播) even when the user could take part. */
  as: z.enum(['auto', 'viewer']).default('auto'),
});
export const SetCapabilitiesSchema = z.object({ rtpCapabilities: Opaque });
export const CreateTransportSchema = z.object({ direction: z.enum(['send', 'recv']) });
export const ConnectTransportSchema = z.object({ transportId: Id, dtlsParameters: Opaque });
export const RestartIceSchema = z.object({ transportId: Id });
export const ProduceSchema = z.object({ transportId: Id, kind: z.enum(['audio', 'video']), rtpParameters: Opaque, source: MediaSourceSchema });
export const ProducerIdSchema = z.object({ producerId: Id });
export const ConsumeSchema = z.object({ transportId: Id, producerId: Id });
export const ConsumerIdSchema = z.object({ consumerId: Id });
export const ConsumerLayersSchema = z.object({ consumerId: Id, spatialLayer: z.number().int().min(0).max(2), temporalLayer: z.number().int().min(0).max(2).optional() });
export const MemberTargetSchema = z.object({ target: z.string().min(1).max(200) });
export const ChairMuteSchema = z.object({ target: z.string().min(1).max(200), muted: z.boolean() });
export const ChairMuteAllSchema = z.object({ muted: z.boolean() });
export const ChairFocusSchema = z.object({ target: z.string().min(1).max(200).nullable() });
export const ChairPatrolSchema = z.object({ enabled: z.boolean(), intervalSeconds: z.number().int().min(3).max(600).default(10) });
export const ChairLockSchema = z.object({ locked: z.boolean() });
export const ChairRecordSchema = z.object({ action: z.enum(['start', 'stop']) });
export const EmptySchema = z.object({}).strict();

export const JoinedSchema = z.object({
  peerId: z.string(),
  role: MeetingRoleSchema,
  /** Member key, null for a viewer. */
  member: z.string().nullable(),
  routerRtpCapabilities: Opaque,
  state: MeetingLiveStateSchema,
});
export type Joined = z.infer<typeof JoinedSchema>;

export interface TransportInfo {
  id: string;
  iceParameters: Record<string, unknown>;
  iceCandidates: Array<Record<string, unknown>>;
  dtlsParameters: Record<string, unknown>;
}
export interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: Record<string, unknown>;
  /** Member whose media this is. */
  member: string;
  source: MediaSourceKind;
}
export interface RollCallResult {
  at: string;
  present: Array<{ key: string; name: string }>;
  absent: Array<{ key: string; name: string }>;
}
export interface MemberStats {
  key: string;
  name: string;
  online: boolean;
  /** kbit/s the member sends to the server and receives from it. */
  sendKbps: number;
  recvKbps: number;
  /** Fraction of the member's uploaded packets lost (0–1), from the producers' receive stats. */
  lossRate: number;
  /** Round-trip time to the member in ms (from RTCP), null until measured. */
  rttMs: number | null;
  /** mediasoup's 0–10 quality scores of the member's producers. */
  score: number | null;
}

type Handler<P, R> = (payload: P, ack: Ack<R>) => void;
type In<S extends z.ZodType> = z.input<S>;

export interface ConferenceClientEvents {
  'meeting:join': Handler<In<typeof JoinMeetingSchema>, Joined>;
  'meeting:leave': Handler<Record<string, never>, null>;
  'rtc:capabilities': Handler<In<typeof SetCapabilitiesSchema>, null>;
  'transport:create': Handler<In<typeof CreateTransportSchema>, TransportInfo>;
  'transport:connect': Handler<In<typeof ConnectTransportSchema>, null>;
  'transport:restart-ice': Handler<In<typeof RestartIceSchema>, { iceParameters: Record<string, unknown> }>;
  'producer:create': Handler<In<typeof ProduceSchema>, { producerId: string }>;
  'producer:pause': Handler<In<typeof ProducerIdSchema>, null>;
  'producer:resume': Handler<In<typeof ProducerIdSchema>, null>;
  'producer:close': Handler<In<typeof ProducerIdSchema>, null>;
  'consumer:create': Handler<In<typeof ConsumeSchema>, ConsumerInfo>;
  'consumer:resume': Handler<In<typeof ConsumerIdSchema>, null>;
  'consumer:layers': Handler<In<typeof ConsumerLayersSchema>, null>;
  'chair:mute': Handler<In<typeof ChairMuteSchema>, null>;
  'chair:mute-all': Handler<In<typeof ChairMuteAllSchema>, null>;
  'chair:floor': Handler<In<typeof ChairFocusSchema>, null>;
  'chair:broadcast': Handler<In<typeof ChairFocusSchema>, null>;
  'chair:patrol': Handler<In<typeof ChairPatrolSchema>, null>;
  'chair:lock': Handler<In<typeof ChairLockSchema>, null>;
  'chair:remove': Handler<In<typeof MemberTargetSchema>, null>;
  'chair:roll-call': Handler<Record<string, never>, RollCallResult>;
  /** Stopping answers at once; 'meeting:recording' follows when the file is stored. */
  'chair:record': Handler<In<typeof ChairRecordSchema>, { active: boolean; recordingId: string | null }>;
  'chair:stats': Handler<Record<string, never>, { members: MemberStats[] }>;
  'chair:end': Handler<Record<string, never>, null>;
}

export type MeetingClosedReason = 'ended' | 'removed' | 'replaced' | 'failed';

export interface ConferenceServerEvents {
  'meeting:state': (state: MeetingLiveState) => void;
  'meeting:active-speaker': (p: { member: string | null }) => void;
  'meeting:roll-call': (p: RollCallResult) => void;
  /** This peer is out of the meeting (ended, removed by the chair, replaced by a newer join); message in Chinese. */
  'meeting:closed': (p: { reason: MeetingClosedReason; message: string }) => void;
  'consumer:closed': (p: { consumerId: string }) => void;
  /** A stopped recording was mixed and stored (or could not be). */
  'meeting:recording': (p: { saved: boolean; recordingId: string | null }) => void;
}

// ---------------------------------------------------------------------------------------------
// Cascade (级联) between conference nodes: namespace CASCADE_NAMESPACE, authenticated by an HMAC
// of the shared secret over `${node}.${ts}`. The linking node opens, both sides then announce the
// producers of their own members; media flows over SRTP PipeTransports.
// ---------------------------------------------------------------------------------------------

export const CascadeAuthSchema = z.object({
  node: z.string().min(1).max(200),
  ts: z.number().int(),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type CascadeAuth = z.infer<typeof CascadeAuthSchema>;

const SrtpParametersSchema = z.object({ cryptoSuite: z.string(), keyBase64: z.string() });
export const PipeEndpointSchema = z.object({ ip: z.string().min(1), port: z.number().int().min(1).max(65535), srtpParameters: SrtpParametersSchema });
export type PipeEndpoint = z.infer<typeof PipeEndpointSchema>;

export const CascadeOpenSchema = z.object({ meetingId: z.string().uuid(), title: z.string().max(200) });
export const CascadeConnectSchema = PipeEndpointSchema;
export const CascadeProduceSchema = z.object({
  producerId: z.string().min(1).max(100),
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
  member: z.string().min(1).max(200),
  name: z.string().max(200),
  source: MediaSourceSchema,
});
export type CascadeProduce = z.input<typeof CascadeProduceSchema>;
export const CascadeProducerStateSchema = z.object({ producerId: z.string().min(1).max(100), paused: z.boolean().optional(), closed: z.boolean().optional() });

/** Both directions use the same events (each side announces its own members' media). */
export interface CascadeEvents {
  'link:open': Handler<z.input<typeof CascadeOpenSchema>, { node: string; title: string; endpoint: PipeEndpoint }>;
  'link:connect': Handler<z.input<typeof CascadeConnectSchema>, null>;
  'link:produce': Handler<CascadeProduce, null>;
  'link:producer-state': Handler<z.input<typeof CascadeProducerStateSchema>, null>;
}
