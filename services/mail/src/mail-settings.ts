/**
 * What the mail service runs with: derived once from the platform config, plus limits that have
 * sensible fixed defaults. Tests and benchmarks override single fields through the module factory.
 */
import type { Config } from '@yizhan/core';

export interface RelaySettings {
  host: string;
  port: number;
}

export interface MailSettings {
  /** The city's mail domain; agencies are its subdomains. */
  domain: string;
  /** This server's name in greetings, Received headers and the STARTTLS certificate. */
  hostname: string;
  submissionPort: number;
  mxPort: number;
  /** Listen address for both SMTP ports. */
  host: string;
  /** Smarthost for every remote recipient; without it remote domains are reached through their MX. */
  relay?: RelaySettings;
  maxMessageBytes: number;
  maxRecipients: number;
  /** Messages one remote address may hand the MX port per minute. */
  mxMessagesPerMinute: number;
  /** Simultaneous connections per port. */
  maxClients: number;
  dkimSelector: string;
  /** Minutes between delivery attempts of a temporarily failing remote recipient; then it bounces. */
  retryScheduleMinutes: number[];
  /** Idle poll interval of the outbound queue (it is also woken when mail is queued). */
  outboundPollMs: number;
  /** Messages per full-text indexing transaction. */
  indexBatch: number;
}

export function mailSettingsFrom(config: Config, overrides: Partial<MailSettings> = {}): MailSettings {
  const domain = config.mailDomain.trim().toLowerCase();
  const relay = config.smtp.relay;
  return {
    domain,
    hostname: `mail.${domain}`,
    submissionPort: config.smtp.submissionPort,
    mxPort: config.smtp.mxPort,
    host: config.http.host,
    relay,
    maxMessageBytes: 25 * 1024 * 1024,
    maxRecipients: 500,
    mxMessagesPerMinute: 600,
    maxClients: 500,
    dkimSelector: 'yizhan',
    retryScheduleMinutes: [1, 5, 15, 30, 60, 120, 240, 480, 960, 1440],
    outboundPollMs: 5_000,
    indexBatch: 20,
    ...overrides,
  };
}
