/**
 * The domain's DKIM key: made once (RSA-2048), its private half encrypted at rest under the master
 * key in the settings table, its public half published as a DNS TXT record by the operator
 * (`yizhan mail dkim` or GET /api/mail/admin/dkim prints it).
 */
import crypto from 'node:crypto';
import { appendAudit, decryptPrivateKey, encryptPrivateKey, generateRsaKeyPair, lockForTransaction } from '@yizhan/core';
import { asCoreTrx, type MailKysely } from '../db/tables';
import type { MailSettings } from '../mail-settings';

const SETTING = 'mail.dkim';

interface StoredDkim {
  selector: string;
  domain: string;
  publicKeyPem: string;
  keyEnc: string;
  createdAt: string;
}

export interface DkimKey {
  selector: string;
  domain: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

const context = (domain: string, selector: string) => `mail-dkim:${domain}:${selector}`;

export async function ensureDkimKey(db: MailKysely, masterKey: Buffer, settings: Pick<MailSettings, 'domain' | 'dkimSelector'>): Promise<DkimKey> {
  const load = async (): Promise<DkimKey | null> => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    const v = row?.value as StoredDkim | undefined;
    if (!v || v.domain !== settings.domain) return null;
    return { selector: v.selector, domain: v.domain, publicKeyPem: v.publicKeyPem, privateKeyPem: decryptPrivateKey(v.keyEnc, masterKey, context(v.domain, v.selector)) };
  };
  const existing = await load();
  if (existing) return existing;
  const key = await generateRsaKeyPair(2048);
  await db.transaction().execute(async (trx) => {
    await lockForTransaction(asCoreTrx(trx), SETTING);
    const raced = await trx.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    if (raced && (raced.value as StoredDkim).domain === settings.domain) return;
    const value: StoredDkim = {
      selector: settings.dkimSelector,
      domain: settings.domain,
      publicKeyPem: key.publicKeyPem,
      keyEnc: encryptPrivateKey(key.privateKeyPem, masterKey, context(settings.domain, settings.dkimSelector)),
      createdAt: new Date().toISOString(),
    };
    await trx
      .insertInto('settings')
      .values({ key: SETTING, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
    await appendAudit(asCoreTrx(trx), { actor: 'system', action: 'mail.dkim.create', targetType: 'mail-domain', targetId: settings.domain, details: { selector: settings.dkimSelector } });
  });
  return (await load())!;
}

/** The DNS record that publishes the key: name and TXT value. */
export function dkimDnsRecord(key: Pick<DkimKey, 'selector' | 'domain' | 'publicKeyPem'>): { name: string; txt: string } {
  const der = crypto.createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
  return { name: `${key.selector}._domainkey.${key.domain}`, txt: `v=DKIM1; k=rsa; p=${der.toString('base64')}` };
}
