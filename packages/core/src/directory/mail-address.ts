/**
 * Unified government mail addresses: every agency is a subdomain of the city's mail domain
 * (fgw → fgw.example.gov.cn); the city root itself is the bare domain.
 */

/** Code of the directory root; its addresses live on the bare domain. */
export const CITY_ROOT_CODE = 'city';

/** Local part of an agency's unit mailbox (单位邮箱). */
export const AGENCY_MAILBOX_LOCAL_PART = 'office';

const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The domain that holds an agency's mailboxes. */
export function agencyMailDomain(agencyCode: string, domain: string): string {
  const base = normaliseDomain(domain);
  const code = agencyCode.trim().toLowerCase();
  if (code === CITY_ROOT_CODE) return base;
  if (!LABEL.test(code)) throw new TypeError(`agency code is not a valid domain label: ${JSON.stringify(agencyCode)}`);
  return `${code}.${base}`;
}

/** A person's address, e.g. mailAddressOf('zhangwei', 'fgw', 'example.gov.cn') → zhangwei@fgw.example.gov.cn. */
export function mailAddressOf(localPart: string, agencyCode: string, domain: string): string {
  const local = localPart.trim().toLowerCase();
  if (!LOCAL_PART.test(local) || local.includes('..')) {
    throw new TypeError(`invalid mail local part: ${JSON.stringify(localPart)}`);
  }
  return `${local}@${agencyMailDomain(agencyCode, domain)}`;
}

/** An agency's unit mailbox, e.g. office@fgw.example.gov.cn (office@<domain> for the city root). */
export function agencyMailAddress(agencyCode: string, domain: string): string {
  return mailAddressOf(AGENCY_MAILBOX_LOCAL_PART, agencyCode, domain);
}

function normaliseDomain(domain: string): string {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!d.split('.').every((label) => LABEL.test(label))) {
    throw new TypeError(`invalid mail domain: ${JSON.stringify(domain)}`);
  }
  return d;
}
