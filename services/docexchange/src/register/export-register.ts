/** The incoming register as a spreadsheet a clerk opens in Excel/WPS: XLSX, or CSV with a BOM. */
import ExcelJS from 'exceljs';
import type { RegisterEntry } from '@yizhan/protocol';

const COLUMNS: Array<{ header: string; key: keyof RegisterEntry | 'receivedDate' | 'registeredDate'; width: number }> = [
  { header: '收文编号', key: 'registerNumber', width: 20 },
  { header: '来文单位', key: 'fromAgencyName', width: 28 },
  { header: '文号', key: 'docNumber', width: 20 },
  { header: '标题', key: 'title', width: 50 },
  { header: '密级', key: 'classification', width: 8 },
  { header: '紧急程度', key: 'urgency', width: 10 },
  { header: '收文日期', key: 'receivedDate', width: 20 },
  { header: '登记日期', key: 'registeredDate', width: 20 },
  { header: '登记人', key: 'registeredBy', width: 10 },
  { header: '拟办意见', key: 'proposal', width: 40 },
];

const chinaTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function rowOf(e: RegisterEntry): Record<string, string> {
  return { ...e, receivedDate: chinaTime(e.receivedAt), registeredDate: chinaTime(e.registeredAt) } as unknown as Record<string, string>;
}

export async function registerToXlsx(entries: RegisterEntry[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yizhan';
  const ws = wb.addWorksheet('收文登记簿');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.insertRow(1, [title]);
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(2).font = { bold: true };
  for (const e of entries) ws.addRow(rowOf(e));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csvCell(v: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell: quote it as text.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function registerToCsv(entries: RegisterEntry[]): Buffer {
  const lines = [COLUMNS.map((c) => c.header).join(','), ...entries.map((e) => COLUMNS.map((c) => csvCell(String(rowOf(e)[c.key] ?? ''))).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
