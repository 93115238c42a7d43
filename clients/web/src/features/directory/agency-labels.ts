import type { AgencyKind } from '@yizhan/protocol';
import type { MessageKey } from '../../app/i18n/translate';

export const AGENCY_KIND_KEYS: Record<AgencyKind, MessageKey> = {
  city: 'agencyKind.city',
  body: 'agencyKind.body',
  military: 'agencyKind.military',
  department: 'agencyKind.department',
  county: 'agencyKind.county',
  'county-department': 'agencyKind.county-department',
};
