/**
 * Appends changes made with pdf-lib to a PDF as an incremental update (ISO 32000-1 7.5.6): the
 * original bytes stay untouched — and with them every earlier signature — and only new or
 * changed objects follow, with their own cross-reference section pointing back with /Prev.
 * pdf-lib itself can only rewrite a whole file.
 */
import { PDFNumber, PDFStream, type PDFDocument, type PDFContext, type PDFObject, type PDFRef } from 'pdf-lib';

export interface ObjectSnapshot {
  bytes: Map<string, Buffer | PDFObject>;
}

const refKey = (ref: PDFRef) => `${ref.objectNumber} ${ref.generationNumber}`;

function serialise(obj: PDFObject): Buffer {
  const out = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return Buffer.from(out);
}

/** Remembers every object as it is now (streams by identity: we never edit one in place). */
export function snapshot(context: PDFContext): ObjectSnapshot {
  const bytes = new Map<string, Buffer | PDFObject>();
  for (const [ref, obj] of context.enumerateIndirectObjects()) bytes.set(refKey(ref), obj instanceof PDFStream ? obj : serialise(obj));
  return { bytes };
}

export function changedObjects(context: PDFContext, before: ObjectSnapshot): [PDFRef, PDFObject][] {
  return context.enumerateIndirectObjects().filter(([ref, obj]) => {
    const old = before.bytes.get(refKey(ref));
    if (old === undefined) return true;
    if (obj instanceof PDFStream) return old !== obj;
    return !(old instanceof Buffer) || !old.equals(serialise(obj));
  });
}

/**
 * The offset in the last `startxref`, whether it points at an xref stream, and the /Size of that
 * section's trailer (object numbers of object and xref streams count, though pdf-lib drops them).
 */
export function lastCrossReference(pdf: Uint8Array): { offset: number; isStream: boolean; size: number } {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  if (!matches.length) throw new Error('PDF: no startxref found');
  const offset = Number(matches[matches.length - 1][1]);
  if (offset >= pdf.length) throw new Error('PDF: startxref points past the end of the file');
  const head = Buffer.from(pdf.subarray(offset, offset + 4)).toString('latin1');
  const isStream = head !== 'xref';
  const from = isStream ? offset : Buffer.from(pdf).indexOf('trailer', offset, 'latin1');
  const dict = Buffer.from(pdf.subarray(from, Math.min(pdf.length, from + 4096))).toString('latin1');
  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1] ?? 0);
  return { offset, isStream, size };
}

/** Makes new objects take numbers above every number the file has used. */
export function reserveObjectNumbers(context: PDFContext, pdf: Uint8Array): void {
  const { size } = lastCrossReference(pdf);
  context.largestObjectNumber = Math.max(context.largestObjectNumber, size - 1);
}

/**
 * Serialises `objects` as an update section to append to `original`. Classic xref table after
 * a classic table, xref stream after an xref stream.
 */
export function updateSection(doc: PDFDocument, original: Uint8Array, objects: [PDFRef, PDFObject][]): Buffer {
  const context = doc.context;
  const prev = lastCrossReference(original);
  const parts: Buffer[] = [];
  let offset = original.length;
  const needsNewline = original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d;
  if (needsNewline) {
    parts.push(Buffer.from('\n'));
    offset += 1;
  }
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const [ref, obj] of objects.sort(([a], [b]) => a.objectNumber - b.objectNumber)) {
    const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
    const body = serialise(obj);
    const tail = Buffer.from('\nendobj\n', 'latin1');
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset });
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  }

  const info = context.trailerInfo;
  const trailer: Record<string, PDFObject> = {};
  if (info.Root) trailer.Root = info.Root;
  if (info.Info) trailer.Info = info.Info;
  if (info.ID) trailer.ID = info.ID;
  trailer.Prev = PDFNumber.of(prev.offset);

  if (!prev.isStream) {
    const size = context.largestObjectNumber + 1;
    let table = 'xref\n';
    for (const run of runs(entries)) {
      table += `${run[0].num} ${run.length}\n`;
      for (const e of run) table += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`;
    }
    const dict = context.obj({ ...trailer, Size: size }).toString();
    parts.push(Buffer.from(`${table}trailer\n${dict}\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }

  // Cross-reference stream: type 1 entries (1 byte), offsets (4 bytes), generations (2 bytes).
  const xrefNum = context.largestObjectNumber + 1;
  entries.push({ num: xrefNum, gen: 0, offset });
  const rows = Buffer.alloc(entries.length * 7);
  const index: number[] = [];
  let row = 0;
  for (const run of runs(entries)) {
    index.push(run[0].num, run.length);
    for (const e of run) {
      rows.writeUInt8(1, row);
      rows.writeUInt32BE(e.offset, row + 1);
      rows.writeUInt16BE(e.gen, row + 5);
      row += 7;
    }
  }
  const dict = context.obj({
    ...trailer,
    Type: 'XRef',
    Size: xrefNum + 1,
    Index: index,
    W: [1, 4, 2],
    Length: rows.length,
  });
  parts.push(
    Buffer.from(`${xrefNum} 0 obj\n${dict.toString()}\nstream\n`, 'latin1'),
    rows,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${offset}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

/** Consecutive object numbers, for the xref subsections. */
function runs<T extends { num: number }>(entries: T[]): T[][] {
  const out: T[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1].num + 1 === e.num) last.push(e);
    else out.push([e]);
  }
  return out;
}
