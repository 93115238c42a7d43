/** The directory: agencies (机关/单位) in a tree, the people in them, and the conference venues. */

export const ROLES = ['clerk', 'leader', 'staff', 'venue-operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * city: the city itself (root of the tree, not an agency that sends documents)
 * body: one of the four leading bodies (市委, 市人大常委会, 市政府, 市政协)
 * military: the military sub-district (军分区)
 * department: a city department
 * county: a county/district government (its root in the tree)
 * county-department: a department of a county
 */
export const AGENCY_KINDS = ['city', 'body', 'military', 'department', 'county', 'county-department'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface AgencySpec {
  /** Stable lowercase ASCII code, unique in the city; also the agency's mail subdomain (fgw → fgw.<domain>). */
  code: string;
  /** Full name, e.g. 示范市发展和改革委员会. */
  name: string;
  /** Short name, e.g. 市发改委. */
  shortName: string;
  parentCode: string | null;
  kind: AgencyKind;
  /** Prefix of the 发文字号, e.g. 示发改 → 示发改〔2026〕12号. Empty for the city root. */
  docPrefix: string;
  /** Position among siblings (directory order, not alphabetical). */
  sortOrder: number;
}

export interface UserSpec {
  /** Login name and mail local part: pinyin of the name, collisions resolved with a digit. */
  username: string;
  /** Chinese name, e.g. 张伟. */
  name: string;
  agencyCode: string;
  roles: Role[];
  /** Job title shown in the directory, e.g. 主任, 收发员. */
  title: string;
}

export type VenueKind = 'main' | 'county';

export interface VenueSpec {
  code: string;
  name: string;
  kind: VenueKind;
  agencyCode: string;
  /** Username of the venue operator (会场操作员). */
  operatorUsername: string;
}

export interface DirectorySpec {
  cityName: string;
  agencies: AgencySpec[];
  users: UserSpec[];
  venues: VenueSpec[];
}
