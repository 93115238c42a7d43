import type { MailContext } from '../mail-context';

/** How many remote deliveries are in each state. */
export async function outboundStatus(ctx: MailContext) {
  const rows = await ctx.db.selectFrom('mail_outbound').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { queued: count('queued'), sending: count('sending'), sent: count('sent'), bounced: count('bounced') };
}
