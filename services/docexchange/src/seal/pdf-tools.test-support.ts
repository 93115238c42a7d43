/**
 * Test helpers around the independent tools (poppler, qpdf, NSS, openssl): running them, an NSS
 * trust store, an empty fontconfig (so a viewer substitutes nothing for a bad embedded font),
 * and reading the PPM images pdftoppm writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolResult {
  code: number;
  out: string;
  stderr: string;
}

export function tool(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ToolResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, stderr: r.stderr };
}

const made: string[] = [];

export function tempDir(prefix = 'yizhan-pdf-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An NSS database trusting `rootPem` as a CA, with the intermediates known but not trusted. */
export function nssTrustStore(rootPem: string, intermediatePems: string[] = []): string {
  const dir = tempDir('yizhan-nss-');
  writeFileSync(join(dir, 'root.pem'), rootPem);
  const run = (...args: string[]) => {
    const r = tool('certutil', args);
    if (r.code !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.out}`);
  };
  run('-N', '-d', dir, '--empty-password');
  run('-A', '-d', dir, '-n', 'city-ca', '-t', 'C,C,C', '-i', join(dir, 'root.pem'));
  intermediatePems.forEach((pem, i) => {
    writeFileSync(join(dir, `int${i}.pem`), pem);
    run('-A', '-d', dir, '-n', `city-int-${i}`, '-t', ',,', '-i', join(dir, `int${i}.pem`));
  });
  return dir;
}

/** Environment for poppler with a fontconfig that knows no fonts at all. */
export function emptyFontconfigEnv(): NodeJS.ProcessEnv {
  const dir = tempDir('yizhan-fc-');
  mkdirSync(join(dir, 'cache'));
  writeFileSync(
    join(dir, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`,
  );
  return { FONTCONFIG_FILE: join(dir, 'fonts.conf'), FONTCONFIG_PATH: dir, HOME: dir };
}

export interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel, rows top to bottom. */
  rgb: Buffer;
  dpi: number;
}

/** A binary PPM (P6) as pdftoppm writes it. */
export function readPpm(path: string, dpi: number): Raster {
  const data = readFileSync(path);
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`${path} is not a binary PPM`);
  const [all, w, h, max] = header;
  if (max !== '255') throw new Error('only 8-bit PPM');
  return { width: Number(w), height: Number(h), rgb: data.subarray(all.length), dpi };
}

export const isRed = (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110 && r - g > 80;
export const isDark = (r: number, g: number, b: number) => r < 110 && g < 110 && b < 110;

/** Counts pixels matching `test` in a rectangle given in PDF points (origin bottom-left). */
export function countPixels(
  img: Raster,
  test: (r: number, g: number, b: number) => boolean,
  box?: { x1: number; y1: number; x2: number; y2: number },
  pageHeight = 841.89,
): number {
  const s = img.dpi / 72;
  const [px1, px2] = box ? [Math.floor(box.x1 * s), Math.ceil(box.x2 * s)] : [0, img.width];
  const [py1, py2] = box ? [Math.floor((pageHeight - box.y2) * s), Math.ceil((pageHeight - box.y1) * s)] : [0, img.height];
  let n = 0;
  for (let y = Math.max(0, py1); y < Math.min(img.height, py2); y++) {
    for (let x = Math.max(0, px1); x < Math.min(img.width, px2); x++) {
      const i = (y * img.width + x) * 3;
      if (test(img.rgb[i], img.rgb[i + 1], img.rgb[i + 2])) n++;
    }
  }
  return n;
}

/** Rows (from the top, in pixels) containing at least `min` pixels that pass `test`. */
export function rowsWith(img: Raster, test: (r: number, g: number, b: number) => boolean, min = 1): number[] {
  const rows: number[] = [];
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      if (test(img.rgb[i], img.rgb[i + 1], img.rgb[i + 2])) n++;
    }
    if (n >= min) rows.push(y);
  }
  return rows;
}

/** Byte offsets of the ranges a signature covers, and its /Contents hex, read from the file. */
export function signatureRanges(pdf: Uint8Array, which = 0) {
  const text = Buffer.from(pdf).toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all[which];
  const [a, b, c, d] = [1, 2, 3, 4].map((k) => Number(m[k]));
  return { a, b, c, d, hex: text.slice(b + 1, c - 1) };
}
