/**
 * yizhan send / export / verify: the document-exchange use cases from the command line, for
 * automation and for checking deliveries with independent tools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, CLI_ACTOR, principalOf, recordAudit, UsageError, type CliCommandSpec, type CliIo, type Principal } from '@yizhan/core';
import { DraftFieldsSchema, UrgencySchema } from '@yizhan/protocol';
import { docContext, type DocContext } from '../context';
import { createDraft } from '../documents/draft-documents';
import { addAttachment } from '../documents/attachments';
import { submitDraft } from '../documents/submit-draft';
import { approveDocument } from '../documents/approve-document';
import { plainToRichText } from '../documents/rich-text';
import { deliverBatch } from '../dispatch/deliver-batch';
import { openDeliveryPackage } from '../incoming/open-incoming';
import { verifyPdfSignatures } from '../seal/index';
import { cityTrust } from '../pki-access';

async function principalFor(ctx: DocContext, username: string): Promise<Principal> {
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) throw new AppError('NOT_FOUND', `no user ${username}`, { userMessage: `用户“${username}”不存在` });
  return principalOf(user);
}

const codes = (s: string | undefined) => (s ? s.split(',').map((c) => c.trim()).filter(Boolean) : []);

async function send(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      as: { type: 'string' },
      title: { type: 'string' },
      to: { type: 'string' },
      cc: { type: 'string' },
      body: { type: 'string' },
      attach: { type: 'string', multiple: true },
      urgency: { type: 'string', default: '普通' },
    },
    strict: true,
  });
  if (!values.as || !values.title || !values.to) throw new UsageError('usage: yizhan send --as USER --title T --to CODES [--cc CODES] [--body FILE.md] [--attach FILE]... [--urgency 加急]');
  const urgency = UrgencySchema.safeParse(values.urgency);
  if (!urgency.success) throw new UsageError('--urgency is 普通, 加急 or 特急');
  const ctx = docContext(io.platform, undefined, { issuanceThreads: 0 });
  const drafter = await principalFor(ctx, values.as);
  const bodyText = values.body ? fs.readFileSync(path.resolve(io.cwd, values.body), 'utf8') : `${values.title}。`;
  const fields = DraftFieldsSchema.parse({ title: values.title, urgency: urgency.data, mainRecipients: codes(values.to), ccRecipients: codes(values.cc), body: plainToRichText(bodyText) });
  const draft = await createDraft(ctx, drafter, fields);
  for (const file of values.attach ?? []) {
    const full = path.resolve(io.cwd, file);
    await addAttachment(ctx, drafter, draft.id, { name: path.basename(full), stream: fs.createReadStream(full) });
  }
  const leader = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('agency_code', '=', drafter.agencyCode)
    .where('disabled', '=', false)
    .where((eb) => eb('roles', '@>', JSON.stringify(['leader']) as never))
    .orderBy('created_at')
    .executeTakeFirst();
  if (!leader) throw new AppError('VALIDATION_FAILED', `no leader in ${drafter.agencyCode}`, { userMessage: '本单位没有可签发的领导' });
  await recordAudit(ctx.db, { actor: CLI_ACTOR, agencyCode: drafter.agencyCode, action: 'cli.send', targetType: 'document', targetId: draft.id, details: { as: drafter.username, approver: leader.username } });
  await submitDraft(ctx, drafter, draft.id, { approver: leader.username });
  await approveDocument(ctx, principalOf(leader), draft.id, { decision: 'approve', comment: '同意印发。' });
  while ((await deliverBatch(ctx)).delivered.length > 0);
  const doc = await ctx.db.selectFrom('documents').select(['id', 'doc_number']).where('id', '=', draft.id).executeTakeFirstOrThrow();
  const deliveries = await ctx.db.selectFrom('deliveries').select(['recipient_code', 'status']).where('document_id', '=', draft.id).orderBy('kind', 'desc').execute();
  io.stdout(JSON.stringify({ documentId: doc.id, docNumber: doc.doc_number, deliveries: deliveries.map((d) => ({ agency: d.recipient_code, status: d.status })) }) + '\n');
  return 0;
}

async function exportDelivery(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { doc: { type: 'string' }, agency: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.doc || !values.agency || !values.out) throw new UsageError('usage: yizhan export --doc DOCNUMBER --agency CODE --out DIR');
  const ctx = docContext(io.platform, undefined, { issuanceThreads: 0 });
  const row = await ctx.db
    .selectFrom('deliveries')
    .innerJoin('documents', 'documents.id', 'deliveries.document_id')
    .selectAll('deliveries')
    .select(['documents.envelope_sha256'])
    .where('documents.doc_number', '=', values.doc)
    .where('deliveries.recipient_code', '=', values.agency)
    .executeTakeFirst();
  if (!row || row.status === 'pending') throw new AppError('NOT_FOUND', `${values.agency} did not receive ${values.doc}`, { userMessage: `单位“${values.agency}”没有收到公文“${values.doc}”` });
  const { envelope_sha256, ...delivery } = row;
  const opened = await openDeliveryPackage(ctx, delivery);
  const dir = path.resolve(io.cwd, values.out);
  fs.mkdirSync(dir, { recursive: true });
  const written = [];
  const pdf = opened.opened.files.get('document.pdf');
  if (pdf) {
    fs.writeFileSync(path.join(dir, 'document.pdf'), pdf);
    written.push('document.pdf');
  }
  fs.writeFileSync(path.join(dir, 'package.p7m'), await ctx.platform.blobs.getBuffer(envelope_sha256!));
  written.push('package.p7m');
  if (delivery.receipt_sha256) {
    fs.writeFileSync(path.join(dir, 'receipt.p7s'), await ctx.platform.blobs.getBuffer(delivery.receipt_sha256));
    written.push('receipt.p7s');
  }
  await recordAudit(ctx.db, { actor: CLI_ACTOR, agencyCode: values.agency, action: 'cli.export', targetType: 'delivery', targetId: delivery.id, details: { dir, files: written } });
  io.stdout(JSON.stringify({ dir, files: written, verdict: opened.verdict.ok }) + '\n');
  return opened.verdict.ok ? 0 : 1;
}

async function verify(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {}, strict: true });
  if (positionals.length !== 1) throw new UsageError('usage: yizhan verify FILE.pdf');
  const bytes = fs.readFileSync(path.resolve(io.cwd, positionals[0]));
  const ctx = docContext(io.platform, undefined, { issuanceThreads: 0 });
  const v = verifyPdfSignatures(new Uint8Array(bytes), await cityTrust(ctx));
  const s = v.signatures.at(-1); // the newest revision's signature
  const agency = s?.signerOrganizationUnit ? await ctx.db.selectFrom('agencies').select(['code', 'name']).where('code', '=', s.signerOrganizationUnit).executeTakeFirst() : undefined;
  io.stdout(
    JSON.stringify(
      {
        valid: v.valid,
        agency: agency ? { code: agency.code, name: agency.name } : null,
        certificateSubject: s?.signerSubject ?? null,
        signingTime: s?.signingTime ? new Date(s.signingTime).toISOString() : null,
        chainTrusted: s?.chainTrusted ?? false,
        revoked: s?.revoked ?? false,
        wholeDocument: s?.coversWholeDocument ?? false,
        signatures: v.signatures.length,
        ...(s?.reason ? { reason: s.reason } : {}),
      },
      null,
      2,
    ) + '\n',
  );
  return v.valid ? 0 : 1;
}

export const DOCEXCHANGE_COMMANDS: Record<string, CliCommandSpec> = {
  send: { summary: 'send --as USER --title T --to CODES [--cc CODES] [--body FILE.md] [--attach FILE]... [--urgency 加急]  draft → 签发 → seal → dispatch', run: send },
  export: { summary: 'export --doc DOCNUMBER --agency CODE --out DIR   what an agency received: document.pdf, package.p7m, receipt.p7s', run: exportDelivery },
  verify: { summary: 'verify FILE.pdf                     check a sealed PDF (JSON report; exit 0 iff valid)', run: verify },
};
