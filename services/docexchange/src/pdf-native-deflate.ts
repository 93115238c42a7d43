/**
 * pdf-lib compresses every stream it writes (page content, embedded font subsets, images) with
 * pako, a pure-JavaScript deflate: about a quarter of the CPU time of issuing a 公文 was spent in
 * it. This points pdf-lib's pako at Node's native zlib for the whole process. Imported for its side
 * effect by every module here that writes PDFs; it only touches the pako instance pdf-lib itself
 * resolves.
 *
 * Level: the big streams are the CJK font subsets (~150 KB of glyf for a one-page notice). At the
 * default level 6 deflating them was still ~28 % of an issuance job; level 1 takes about half the
 * time for ~8 % more bytes (158,592 → 76,104 bytes at 6, 82,429 at 1; bench/docexchange-dispatch).
 * Small streams (page content, cmaps) keep the default: their cost is negligible either way.
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

interface Pako {
  deflate(input: Uint8Array, options?: unknown): Uint8Array;
  __yizhanNative?: true;
}

const fromPdfLib = createRequire(createRequire(import.meta.url).resolve('pdf-lib'));
const pako = fromPdfLib('pako') as Pako;

const BIG_STREAM = 32 * 1024;
const FAST: zlib.ZlibOptions = { level: 1 };

if (!pako.__yizhanNative) {
  const pureJs = pako.deflate.bind(pako);
  pako.deflate = (input: Uint8Array, options?: unknown): Uint8Array => {
    if (options !== undefined) return pureJs(input, options); // pdf-lib never passes options; keep pako's semantics if anyone does
    const out = zlib.deflateSync(input, input.byteLength >= BIG_STREAM ? FAST : undefined);
    // A plain Uint8Array (not a Buffer, whose slice() shares memory) as pako returns.
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  pako.__yizhanNative = true;
}
