/**
 * A TrueType (glyf) subsetter with the interface pdf-lib expects of a fontkit subset
 * (`includeGlyph`, `encodeStream`). fontkit's own TTFSubset decodes every glyph and re-encodes
 * the 'cvt ', 'prep' and 'fpgm' tables value by value through its struct library: about 20 ms of
 * CPU per 公文 with the large CJK faces. This copies the glyph programs and the hinting tables as
 * raw bytes instead, and writes the same table set fontkit writes (head, hhea, loca, maxp, cvt ,
 * prep, glyf, hmtx, fpgm), which is what a PDF FontFile2 needs (ISO 32000 9.9; the cmap is not
 * used with CIDToGIDMap /Identity).
 */
import { Readable } from 'node:stream';

/** Where each table of one face sits in the file (fontkit's parsed table directory). */
export interface TableDirectory {
  tables: Record<string, { offset: number; length: number } | undefined>;
}

const HEAD_CHECKSUM_ADJUSTMENT = 8;
const HEAD_INDEX_TO_LOC_FORMAT = 50;
const HHEA_NUMBER_OF_HMETRICS = 34;
const MAXP_NUM_GLYPHS = 4;

// Composite glyph flags (OpenType 'glyf').
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** What is read once per face and shared by every subset of it. */
export class TrueTypeFace {
  readonly head: Buffer;
  readonly hhea: Buffer;
  readonly maxp: Buffer;
  readonly hmtx: Buffer;
  readonly glyf: Buffer;
  readonly hinting: { tag: string; bytes: Buffer }[];
  readonly numberOfHMetrics: number;
  private readonly loca: (gid: number) => number;
  readonly numGlyphs: number;

  constructor(file: Uint8Array, directory: TableDirectory) {
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    const table = (tag: string, required = true): Buffer | null => {
      const t = directory.tables[tag];
      if (!t) {
        if (required) throw new Error(`TrueType font lacks its '${tag}' table`);
        return null;
      }
      return bytes.subarray(t.offset, t.offset + t.length);
    };
    this.head = table('head')!;
    this.hhea = table('hhea')!;
    this.maxp = table('maxp')!;
    this.hmtx = table('hmtx')!;
    this.glyf = table('glyf')!;
    const loca = table('loca')!;
    this.numGlyphs = this.maxp.readUInt16BE(MAXP_NUM_GLYPHS);
    this.numberOfHMetrics = this.hhea.readUInt16BE(HHEA_NUMBER_OF_HMETRICS);
    this.loca = this.head.readInt16BE(HEAD_INDEX_TO_LOC_FORMAT) === 0 ? (gid) => loca.readUInt16BE(2 * gid) * 2 : (gid) => loca.readUInt32BE(4 * gid);
    this.hinting = ['cvt ', 'prep', 'fpgm'].flatMap((tag) => {
      const t = table(tag, false);
      return t ? [{ tag, bytes: t }] : [];
    });
  }

  /** The glyph program of `gid` (empty for a glyph without outline, e.g. the space). */
  glyph(gid: number): Buffer {
    if (gid < 0 || gid >= this.numGlyphs) return Buffer.alloc(0);
    return this.glyf.subarray(this.loca(gid), this.loca(gid + 1));
  }

  /** Advance width and left side bearing from 'hmtx' (monospaced tail after numberOfHMetrics). */
  metrics(gid: number): { advance: number; lsb: number } {
    const n = this.numberOfHMetrics;
    if (gid < n) return { advance: this.hmtx.readUInt16BE(4 * gid), lsb: this.hmtx.readInt16BE(4 * gid + 2) };
    const lsbAt = 4 * n + 2 * (gid - n);
    return { advance: this.hmtx.readUInt16BE(4 * (n - 1)), lsb: lsbAt + 2 <= this.hmtx.length ? this.hmtx.readInt16BE(lsbAt) : 0 };
  }
}

export class TrueTypeSubset {
  /** Original glyph ids in subset order; subset id = index. Glyph 0 (.notdef) always comes first. */
  private readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly face: TrueTypeFace) {
    this.includeGlyph(0);
  }

  /** The subset's id for an original glyph (a fontkit Glyph or its id), adding it when new. */
  includeGlyph(glyph: number | { id: number }): number {
    const gid = typeof glyph === 'number' ? glyph : glyph.id;
    let id = this.mapping.get(gid);
    if (id === undefined) {
      id = this.glyphs.push(gid) - 1;
      this.mapping.set(gid, id);
    }
    return id;
  }

  /** pdf-lib reads the font file through fontkit's stream interface ('data', 'end'). */
  encodeStream(): Readable {
    return Readable.from([this.encode()]);
  }

  encode(): Buffer {
    const { face } = this;
    const programs: Buffer[] = [];
    // Components of composite glyphs join the subset as they are met, hence the moving bound.
    for (let i = 0; i < this.glyphs.length; i++) programs.push(this.program(this.glyphs[i]));

    const offsets = Buffer.alloc(4 * (programs.length + 1));
    let at = 0;
    programs.forEach((p, i) => {
      offsets.writeUInt32BE(at, 4 * i);
      at += p.length;
    });
    offsets.writeUInt32BE(at, 4 * programs.length);

    const hmtx = Buffer.alloc(4 * this.glyphs.length);
    this.glyphs.forEach((gid, i) => {
      const m = face.metrics(gid);
      hmtx.writeUInt16BE(m.advance, 4 * i);
      hmtx.writeInt16BE(m.lsb, 4 * i + 2);
    });
    const head = Buffer.from(face.head);
    head.writeUInt32BE(0, HEAD_CHECKSUM_ADJUSTMENT);
    head.writeInt16BE(1, HEAD_INDEX_TO_LOC_FORMAT); // 32-bit 'loca'
    const hhea = Buffer.from(face.hhea);
    hhea.writeUInt16BE(this.glyphs.length, HHEA_NUMBER_OF_HMETRICS);
    const maxp = Buffer.from(face.maxp);
    maxp.writeUInt16BE(this.glyphs.length, MAXP_NUM_GLYPHS);

    return writeSfnt([
      { tag: 'head', bytes: head },
      { tag: 'hhea', bytes: hhea },
      { tag: 'maxp', bytes: maxp },
      { tag: 'hmtx', bytes: hmtx },
      { tag: 'loca', bytes: offsets },
      { tag: 'glyf', bytes: Buffer.concat(programs) },
      ...face.hinting,
    ]);
  }

  /** A glyph program, 4-byte aligned, with composite components renumbered into the subset. */
  private program(gid: number): Buffer {
    const src = this.face.glyph(gid);
    const padded = Buffer.alloc((src.length + 3) & ~3);
    src.copy(padded);
    if (src.length >= 10 && src.readInt16BE(0) < 0) {
      let pos = 10;
      for (;;) {
        if (pos + 4 > src.length) throw new Error(`glyph ${gid}: truncated composite glyph`);
        const flags = padded.readUInt16BE(pos);
        padded.writeUInt16BE(this.includeGlyph(padded.readUInt16BE(pos + 2)), pos + 2);
        pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        pos += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
        if (!(flags & MORE_COMPONENTS)) break;
      }
    }
    return padded;
  }
}

/** An sfnt file: offset table, table records sorted by tag, 4-byte aligned tables, checksums. */
function writeSfnt(tables: { tag: string; bytes: Buffer }[]): Buffer {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = sorted.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 16 * 2 ** entrySelector;
  const headerLength = 12 + 16 * n;
  let length = headerLength;
  for (const t of sorted) length += (t.bytes.length + 3) & ~3;
  const out = Buffer.alloc(length);
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(16 * n - searchRange, 10);
  let at = headerLength;
  let headAt = -1;
  let fileSum = 0;
  sorted.forEach((t, i) => {
    const record = 12 + 16 * i;
    out.write(t.tag, record, 4, 'latin1');
    t.bytes.copy(out, at);
    const sum = checksum(out, at, t.bytes.length);
    fileSum = (fileSum + sum) >>> 0;
    out.writeUInt32BE(sum, record + 4);
    out.writeUInt32BE(at, record + 8);
    out.writeUInt32BE(t.bytes.length, record + 12);
    if (t.tag === 'head') headAt = at;
    at += (t.bytes.length + 3) & ~3;
  });
  // The whole file's checksum is the header's plus the tables' (every table is padded to 4 bytes).
  fileSum = (fileSum + checksum(out, 0, headerLength)) >>> 0;
  out.writeUInt32BE((0xb1b0afba - fileSum) >>> 0, headAt + HEAD_CHECKSUM_ADJUSTMENT);
  return out;
}

/** Sum of the big-endian 32-bit words of a table (its length padded with zeros to 4 bytes). */
function checksum(buf: Buffer, start: number, length: number): number {
  let sum = 0;
  const end = start + ((length + 3) & ~3);
  for (let i = start; i < end; i += 4) sum = (sum + ((buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3])) >>> 0;
  return sum;
}
