/** Helpers for circulation tests: a document received and signed for by 市委, and 市委's people by title. */
import { expect } from 'vitest';
import type { TestServer } from '../support/temp-server';
import { issueDocument, loggedIn, peopleOf } from '../support/docexchange-flow';
import { waitFor } from '../support/wait-for';

export const RECEIVER = 'sw';

import { longBody } from './long-body';

export { longBody };

/** 市政府 issues a document to 市委; 市委's clerk signs for it. */
export async function receivedBySw(server: TestServer, title: string, pages = 1) {
  const { id } = await issueDocument(server, 'szf', { title, urgency: '加急', mainRecipients: [RECEIVER], ...(pages > 1 ? { body: longBody(pages) } : {}) });
  const { clerk } = await peopleOf(server, RECEIVER);
  const api = await loggedIn(server, clerk);
  const item = await waitFor(
    async () => {
      const r = await api.get('/api/incoming?status=pending');
      return r.body.items.find((i: { documentId: string }) => i.documentId === id);
    },
    30_000,
    'the delivery to 市委',
  );
  const signed = await api.post(`/api/incoming/${item.deliveryId}/sign`);
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  return { documentId: id, deliveryId: item.deliveryId as string, clerk: api, clerkUsername: clerk };
}

export interface Person {
  username: string;
  name: string;
  title: string;
}

/** 市委's leaders in directory order: 书记, 副书记, 副书记, 秘书长. */
export async function swLeaders(
  server: TestServer,
): Promise<{ secretary: Person; deputyA: Person; deputyB: Person; secretaryGeneral: Person; others: Person[] }> {
  const rows = await server.platform.db
    .selectFrom('users')
    .select(['username', 'name', 'title', 'roles'])
    .where('agency_code', '=', RECEIVER)
    .where('disabled', '=', false)
    .orderBy('created_at')
    .execute();
  const leaders = rows.filter((r) => (r.roles as string[]).includes('leader')).map((r) => ({ username: r.username, name: r.name, title: r.title }));
  const by = (t: string) => leaders.filter((l) => l.title === t);
  const [deputyA, deputyB] = by('市委副书记');
  return {
    secretary: by('市委书记')[0],
    deputyA,
    deputyB,
    secretaryGeneral: by('市委秘书长')[0],
    others: rows.filter((r) => !(r.roles as string[]).includes('leader')).map((r) => ({ username: r.username, name: r.name, title: r.title })),
  };
}

/** A few ink strokes (a wavy underline and a tick) in page coordinates. */
export function sampleInk(page = 1) {
  const wave = Array.from({ length: 40 }, (_, i) => [120 + i * 6, 300 + Math.sin(i / 3) * 4, 0.5] as [number, number, number]);
  const tick = [
    [400, 420, 0.3],
    [410, 432, 0.6],
    [440, 395, 0.8],
  ] as [number, number, number][];
  return [
    { kind: 'ink', id: 'wave', page, color: '#c41d1d', width: 2, opacity: 1, points: wave },
    { kind: 'ink', id: 'tick', page, color: '#1d39c4', width: 2.5, opacity: 1, points: tick },
    { kind: 'highlight', id: 'hl', page, color: '#fadb14', rect: [100, 200, 300, 18] },
    { kind: 'note', id: 'note', page, at: [380, 500], text: '此段请办公室研究落实' },
  ];
}
