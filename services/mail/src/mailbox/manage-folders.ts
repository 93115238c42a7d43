/** Custom folders (自定义文件夹): create, rename, delete when empty. The five standard ones stay. */
import { AppError, type Principal } from '@yizhan/core';
import type { MailContext } from '../mail-context';
import { requireMailbox } from './mailbox-access';

const taken = (e: unknown) => (e as { code?: string }).code === '23505';
const nameTaken = (name: string) => new AppError('CONFLICT', `folder ${name} exists`, { userMessage: `已有名为“${name}”的文件夹` });

export async function createFolder(ctx: MailContext, o: { principal: Principal; mailboxId: string; name: string }) {
  await requireMailbox(ctx.db, o.principal, o.mailboxId);
  try {
    return await ctx.db.insertInto('mail_folders').values({ mailbox_id: o.mailboxId, role: null, name: o.name, sort_order: 100 }).returning(['id', 'name']).executeTakeFirstOrThrow();
  } catch (e) {
    if (taken(e)) throw nameTaken(o.name);
    throw e;
  }
}

async function customFolder(ctx: MailContext, p: Principal, folderId: string) {
  const folder = await ctx.db.selectFrom('mail_folders').selectAll().where('id', '=', folderId).executeTakeFirst();
  if (!folder) throw new AppError('NOT_FOUND', `no folder ${folderId}`, { userMessage: '文件夹不存在' });
  await requireMailbox(ctx.db, p, folder.mailbox_id);
  if (folder.role) throw new AppError('VALIDATION_FAILED', 'standard folders are fixed', { userMessage: '系统文件夹不能重命名或删除' });
  return folder;
}

export async function renameFolder(ctx: MailContext, o: { principal: Principal; folderId: string; name: string }) {
  await customFolder(ctx, o.principal, o.folderId);
  try {
    await ctx.db.updateTable('mail_folders').set({ name: o.name }).where('id', '=', o.folderId).execute();
  } catch (e) {
    if (taken(e)) throw nameTaken(o.name);
    throw e;
  }
}

export async function deleteFolder(ctx: MailContext, o: { principal: Principal; folderId: string }) {
  await customFolder(ctx, o.principal, o.folderId);
  const any = await ctx.db.selectFrom('mail_entries').select('id').where('folder_id', '=', o.folderId).limit(1).executeTakeFirst();
  if (any) throw new AppError('CONFLICT', 'folder not empty', { userMessage: '文件夹中还有邮件，请先移走或删除' });
  await ctx.db.deleteFrom('mail_folders').where('id', '=', o.folderId).execute();
}
