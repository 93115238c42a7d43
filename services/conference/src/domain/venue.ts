/**
 * A seat in a live meeting: a venue (会场), a person joining from their desk, or a member on a
 * cascaded node. Holds what the chair controls about it; its media live on the Peer connected now.
 */
import type { types } from 'mediasoup';
import type { LiveProducer, MediaSourceKind, MeetingMember } from '@yizhan/protocol';
import type { Peer } from './peer';

export interface RemoteProducer {
  producer: types.Producer;
  source: MediaSourceKind;
}

export class Venue {
  peer: Peer | null = null;
  chairMuted = false;
  /** The member's own mic/cam switches (a paused producer). */
  micPaused = false;
  camPaused = false;
  /** Producers arriving over a cascade link (kind 'remote'). */
  readonly remoteProducers = new Map<string, RemoteProducer>();
  /** Joined at least once in this live session (may rejoin a locked meeting). */
  everJoined = false;
  removed = false;

  constructor(
    readonly key: string,
    readonly kind: 'venue' | 'person' | 'remote',
    readonly name: string,
    readonly venueKind: 'main' | 'county' | null,
  ) {}

  get online(): boolean {
    return this.kind === 'remote' ? this.remoteProducers.size > 0 : this.peer !== null && !this.peer.closed;
  }

  producers(): Array<{ producer: types.Producer; source: MediaSourceKind }> {
    if (this.kind === 'remote') return [...this.remoteProducers.values()];
    return this.peer ? [...this.peer.producers.values()] : [];
  }

  producerOf(source: MediaSourceKind): types.Producer | undefined {
    return this.producers().find((p) => p.source === source)?.producer;
  }

  snapshot(speaking: boolean): MeetingMember {
    const producers: LiveProducer[] = this.producers().map(({ producer, source }) => ({ id: producer.id, kind: producer.kind, source, paused: producer.paused }));
    const mic = producers.find((p) => p.source === 'mic');
    const cam = producers.find((p) => p.source === 'cam');
    const micOn = !!mic && !this.micPaused && !this.chairMuted;
    const status = !this.online ? 'offline' : !micOn ? 'muted' : speaking ? 'speaking' : 'online';
    return {
      key: this.key,
      kind: this.kind,
      name: this.name,
      venueKind: this.venueKind,
      online: this.online,
      status,
      chairMuted: this.chairMuted,
      micOn,
      camOn: !!cam && !this.camPaused,
      producers,
    };
  }
}
