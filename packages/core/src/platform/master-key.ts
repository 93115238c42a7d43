import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The key that encrypts private keys at rest. Production passes YIZHAN_MASTER_KEY (kept outside the
 * database and its backups); the embedded default generates one into the data dir on first start.
 */
export function loadMasterKey(masterKeyHex: string | undefined, dataDir: string): Buffer {
  if (masterKeyHex) return Buffer.from(masterKeyHex, 'hex');
  const file = path.join(dataDir, 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 64-hex-character master key`);
  return Buffer.from(hex, 'hex');
}
