import type { RegisterEntry } from '@yizhan/protocol';
import type { Selectable } from 'kysely';
import type { RegisterTable } from '../db/tables';

export function registerEntryDto(r: Selectable<RegisterTable> & { registered_by_name: string }): RegisterEntry {
  return {
    id: r.id,
    registerNumber: r.register_number,
    deliveryId: r.delivery_id,
    fromAgencyName: r.from_agency_name,
    docNumber: r.doc_number,
    title: r.title,
    classification: r.classification as RegisterEntry['classification'],
    urgency: r.urgency as RegisterEntry['urgency'],
    receivedAt: new Date(r.received_at).toISOString(),
    registeredAt: new Date(r.registered_at).toISOString(),
    registeredBy: r.registered_by_name,
    proposal: r.proposal,
  };
}
