/**
 * RCPT TO answers from memory for a few seconds: resolving an address costs a database round trip,
 * and a busy server sees the same addresses again and again. Only found addresses are kept (a user
 * added to the directory is reachable at once), and the quota numbers they carry are only used to
 * refuse mail early — the store transaction checks the quota again.
 */
import type { MailKysely } from '../db/tables';
import type { MailSettings } from '../mail-settings';
import { resolveRecipients, type ResolvedRecipients } from './resolve-recipients';

const TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;

export class RecipientCache {
  private readonly entries = new Map<string, { at: number; value: ResolvedRecipients }>();

  constructor(
    private readonly db: MailKysely,
    private readonly settings: MailSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(address: string): Promise<ResolvedRecipients> {
    const key = address.toLowerCase();
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const value = await resolveRecipients(this.db, this.settings, [key]);
    if (value.unknown.length === 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { at: this.now(), value });
    }
    return value;
  }

  /** Keeps the cached quota usage in step with what was just delivered. */
  noteDelivered(mailboxIds: string[], bytes: number): void {
    if (this.entries.size === 0 || mailboxIds.length === 0) return;
    const ids = new Set(mailboxIds);
    for (const { value } of this.entries.values()) for (const t of value.local) if (ids.has(t.mailboxId)) t.usedBytes += bytes;
  }

  clear(): void {
    this.entries.clear();
  }
}
