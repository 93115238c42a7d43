/**
 * Benchmark: encrypting one exchange package (default 10 MiB) for 140 recipient agencies with
 * `envelopFor` (CMS AuthEnvelopedData, AES-256-GCM, one RSA-OAEP/SHA-256 KeyTransRecipientInfo per
 * agency), next to `openssl cms -encrypt` on the same bytes and the same 140 certificates in the
 * same run.
 *
 * 140 distinct agency seal certificates are issued by a fresh city CA; they share a handful of RSA
 * keys (--keys) because key generation is not what is measured (each RecipientInfo still costs one
 * RSA public-key operation, as with 140 keys).
 *
 * Compared (each timed R times, median reported; openssl is one process per run, wall time):
 *   envelopFor                         AuthEnvelopedData, AES-256-GCM, RSA-OAEP SHA-256 (what we ship)
 *   openssl cms -encrypt -aes-256-gcm  the same algorithms: per recipient
 *        -recip cert.pem -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256  (the ratio target, ≤ 1.5×)
 *   openssl cms -encrypt -aes256       EnvelopedData, AES-256-CBC, RSA PKCS#1 v1.5 (certificates as
 *                                      arguments): the classic command, for reference only
 * plus `openssl version` (process start) and, inside Node, AES-256-GCM of the bytes alone and the
 * 140 RSA-OAEP wraps alone, to show where envelopFor's time goes.
 * Sanity (not timed): `openssl cms -decrypt` opens our envelope with one recipient's key and gives
 * back the exact bytes.
 *
 * Run:   npx tsx bench/docexchange-encrypt.ts [--mb 10] [--agencies 140] [--runs 9] [--keys 8]
 * Output: a table, then one JSON line. No assertions: read the numbers.
 */
import { spawnSync } from 'node:child_process';
import { constants, createCipheriv, publicEncrypt, randomBytes, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIntermediateCa, createRootCa, generateRsaKeyPair, issueAgencySealCertificate, type RsaKeyPair } from '@yizhan/core';
import { envelopFor } from '@yizhan/docexchange/exchange/index';
import { certInfo } from '@yizhan/docexchange/exchange/certificate-info';
import { flags, jsonLine, loadNow, machineInfo, now, printMachine, randomFill, round, stats, table, timedRun } from './support/bench-kit';

const opt = flags({ mb: 10, agencies: 140, runs: 9, keys: 8, warmup: 2 });
const machine = machineInfo();
console.log(`== docexchange-encrypt: CMS envelope of a ${opt.mb} MiB package for ${opt.agencies} agencies, next to openssl cms -encrypt`);
printMachine(machine);

// A fresh city CA and `agencies` agency seal certificates over `keys` RSA-2048 keys.
const [rootKey, issuingKey, ...keys] = await Promise.all([
  generateRsaKeyPair(3072),
  generateRsaKeyPair(2048),
  ...Array.from({ length: opt.keys }, () => generateRsaKeyPair(2048)),
]);
const root = createRootCa({ commonName: '基准测试根证书', organization: '基准测试', key: rootKey, validYears: 20, pathLen: 1 });
const issuing = createIntermediateCa({
  commonName: '基准测试签发证书',
  organization: '基准测试',
  publicKeyPem: issuingKey.publicKeyPem,
  issuerCertPem: root.certPem,
  issuerKeyPem: rootKey.privateKeyPem,
  validYears: 10,
});
const agencies: Array<{ certPem: string; key: RsaKeyPair }> = [];
for (let i = 0; i < opt.agencies; i++) {
  const key = keys[i % keys.length];
  const cert = issueAgencySealCertificate({
    agencyName: `示范市基准测试单位${String(i + 1).padStart(3, '0')}`,
    agencyCode: `11130400MB${String(i + 1).padStart(7, '0')}X`,
    publicKeyPem: key.publicKeyPem,
    issuerCertPem: issuing.certPem,
    issuerKeyPem: issuingKey.privateKeyPem,
    validYears: 5,
  });
  agencies.push({ certPem: cert.certPem, key });
}
const recipients = agencies.map((a) => ({ certPem: a.certPem }));
const content = Buffer.from(randomFill(Math.round(opt.mb * 1024 * 1024)));
console.log(`input     ${content.length} bytes, ${agencies.length} certificates (${keys.length} distinct RSA-2048 keys)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-encrypt-'));
try {
  fs.writeFileSync(path.join(dir, 'content.bin'), content);
  const certFiles = agencies.map((a, i) => {
    const name = `c${String(i + 1).padStart(3, '0')}.pem`;
    fs.writeFileSync(path.join(dir, name), a.certPem);
    return name;
  });

  // Sanity (not timed): openssl opens our envelope for a recipient and gets the exact bytes back.
  const sample = envelopFor(content, recipients);
  const last = agencies.length - 1;
  fs.writeFileSync(path.join(dir, 'ours.p7m'), sample);
  fs.writeFileSync(path.join(dir, 'key.pem'), agencies[last].key.privateKeyPem);
  const dec = spawnSync(
    'openssl',
    ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'ours.p7m', '-recip', certFiles[last], '-inkey', 'key.pem', '-out', 'back.bin'],
    { cwd: dir, encoding: 'utf8' },
  );
  const roundTrip = dec.status === 0 && fs.readFileSync(path.join(dir, 'back.bin')).equals(content);
  console.log(
    `check     envelopFor output ${sample.length} bytes; openssl cms -decrypt as recipient ${last + 1}: ${roundTrip ? 'exact bytes back' : `FAILED ${dec.stderr.trim()}`}`,
  );
  fs.rmSync(path.join(dir, 'back.bin'), { force: true });

  const gcmArgs = ['cms', '-encrypt', '-binary', '-aes-256-gcm', '-outform', 'DER', '-in', 'content.bin', '-out', 'gcm.p7m'];
  for (const f of certFiles) gcmArgs.push('-recip', f, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256');
  const cbcArgs = ['cms', '-encrypt', '-binary', '-aes256', '-outform', 'DER', '-in', 'content.bin', '-out', 'cbc.p7m', ...certFiles];
  timedRun('openssl', gcmArgs, dir);
  timedRun('openssl', cbcArgs, dir);
  const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'gcm.p7m'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  }).stdout;
  const gcmRecipients = (printed.match(/rsaesOaep/g) ?? []).length;
  console.log(
    `check     openssl -aes-256-gcm output ${fs.statSync(path.join(dir, 'gcm.p7m')).size} bytes, ${gcmRecipients} RSA-OAEP recipients; -aes256 output ${fs.statSync(path.join(dir, 'cbc.p7m')).size} bytes`,
  );

  const loadBefore = loadNow();
  for (let i = 0; i < opt.warmup; i++) envelopFor(content, recipients);
  // Interleaved, so a burst of other load on the machine hits all three alike.
  const ours: number[] = [];
  const osslGcm: number[] = [];
  const osslCbc: number[] = [];
  const osslStart: number[] = [];
  for (let r = 0; r < opt.runs; r++) {
    const t0 = now();
    envelopFor(content, recipients);
    ours.push(now() - t0);
    osslGcm.push(timedRun('openssl', gcmArgs, dir));
    osslCbc.push(timedRun('openssl', cbcArgs, dir));
    osslStart.push(timedRun('openssl', ['version'], dir));
  }

  // Where envelopFor's time goes.
  const aes: number[] = [];
  const wraps: number[] = [];
  const parses: number[] = [];
  const publicKeys = agencies.map((a) => createPublicKey(a.certPem));
  for (let r = 0; r < opt.runs; r++) {
    const key = randomBytes(32);
    const t0 = now();
    const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
    Buffer.concat([c.update(content), c.final()]);
    c.getAuthTag();
    aes.push(now() - t0);
    const t1 = now();
    for (const pk of publicKeys) publicEncrypt({ key: pk, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
    wraps.push(now() - t1);
    const t2 = now();
    for (const a of agencies) certInfo(a.certPem);
    parses.push(now() - t2);
  }
  const loadAfter = loadNow();

  const s = {
    ours: stats(ours),
    gcm: stats(osslGcm),
    cbc: stats(osslCbc),
    start: stats(osslStart),
    aes: stats(aes),
    wraps: stats(wraps),
    parses: stats(parses),
  };
  const mbps = (ms: number) => round(content.length / 2 ** 20 / (ms / 1000), 1);
  const ratioGcm = s.ours.medianMs / s.gcm.medianMs;
  const ratioCbc = s.ours.medianMs / s.cbc.medianMs;
  const netGcm = Math.max(0.001, s.gcm.medianMs - s.start.medianMs);

  console.log('');
  table(
    [`what (${opt.mb} MiB for ${opt.agencies} recipients)`, 'runs', 'median ms', 'min ms', 'max ms', 'MiB/s'],
    [
      ['envelopFor (GCM + RSA-OAEP-256)', s.ours.n, s.ours.medianMs, s.ours.minMs, s.ours.maxMs, mbps(s.ours.medianMs)],
      ['openssl cms -encrypt -aes-256-gcm + OAEP-256', s.gcm.n, s.gcm.medianMs, s.gcm.minMs, s.gcm.maxMs, mbps(s.gcm.medianMs)],
      ['openssl cms -encrypt -aes256 (CBC + PKCS#1 v1.5)', s.cbc.n, s.cbc.medianMs, s.cbc.minMs, s.cbc.maxMs, mbps(s.cbc.medianMs)],
      ['openssl process start (openssl version)', s.start.n, s.start.medianMs, s.start.minMs, s.start.maxMs, '-'],
      ['inside envelopFor: AES-256-GCM of the bytes', s.aes.n, s.aes.medianMs, s.aes.minMs, s.aes.maxMs, mbps(s.aes.medianMs)],
      [`inside envelopFor: ${opt.agencies} RSA-OAEP wraps`, s.wraps.n, s.wraps.medianMs, s.wraps.minMs, s.wraps.maxMs, '-'],
      [`inside envelopFor: reading ${opt.agencies} certificates`, s.parses.n, s.parses.medianMs, s.parses.minMs, s.parses.maxMs, '-'],
      [
        'inside envelopFor: the rest (DER assembly, copies)',
        '-',
        round(Math.max(0, s.ours.medianMs - s.aes.medianMs - s.wraps.medianMs - s.parses.medianMs)),
        '-',
        '-',
        '-',
      ],
    ],
  );
  console.log('');
  table(
    ['ratio', 'value', 'target', 'met'],
    [
      ['envelopFor ÷ openssl -aes-256-gcm OAEP (same algorithms)', `${ratioGcm.toFixed(2)}×`, '≤ 1.5×', ratioGcm <= 1.5 ? 'yes' : 'no'],
      [
        'envelopFor ÷ (openssl -aes-256-gcm OAEP − process start)',
        `${(s.ours.medianMs / netGcm).toFixed(2)}×`,
        '≤ 1.5×',
        s.ours.medianMs / netGcm <= 1.5 ? 'yes' : 'no',
      ],
      [
        'same, on minimum times (least disturbed runs)',
        `${(s.ours.minMs / s.gcm.minMs).toFixed(2)}×`,
        '≤ 1.5×',
        s.ours.minMs / s.gcm.minMs <= 1.5 ? 'yes' : 'no',
      ],
      ['envelopFor ÷ openssl -aes256 (CBC, PKCS#1 v1.5; reference)', `${ratioCbc.toFixed(2)}×`, '-', '-'],
    ],
  );
  console.log(`\nload ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after. openssl times are whole processes (read the file, encrypt, write DER).`);

  jsonLine({
    bench: 'docexchange-encrypt',
    machine,
    input: { bytes: content.length, recipients: opt.agencies, distinctKeys: keys.length, envelopeBytes: sample.length, opensslDecryptsOurs: roundTrip },
    envelopFor: { ...s.ours, mibPerSec: mbps(s.ours.medianMs) },
    breakdown: { aesGcmMs: s.aes.medianMs, rsaOaepWrapsMs: s.wraps.medianMs, certificateParseMs: s.parses.medianMs },
    openssl: { gcmOaep: s.gcm, cbcPkcs1: s.cbc, processStart: s.start },
    ratio: {
      vsGcmOaep: round(ratioGcm, 2),
      vsGcmOaepNet: round(s.ours.medianMs / netGcm, 2),
      vsCbcPkcs1: round(ratioCbc, 2),
      vsGcmOaepOnMinimums: round(s.ours.minMs / s.gcm.minMs, 2),
      target: 1.5,
    },
    load: { before: loadBefore, after: loadAfter },
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
