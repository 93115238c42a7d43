/** A WorkerPool thread of the issuance runner: produces the issued files of one 公文 per job. */
import { serveWorkerJobs } from '@yizhan/core/platform/worker-pool';
import { asBuffer, produceIssuedFiles, type IssuedFiles, type IssuedFilesInput } from './issued-files';

serveWorkerJobs<IssuedFilesInput, IssuedFiles>(
  // Buffers arrive as plain Uint8Arrays (structured clone): the package code wants Buffers.
  (input) => produceIssuedFiles({ ...input, attachments: input.attachments.map((a) => ({ ...a, bytes: asBuffer(a.bytes) })) }),
  (out) => ownBuffers([out.pdf, out.tar, out.envelope]),
);

/** Moved rather than copied back: only arrays that alone span their ArrayBuffer (never Node's shared pool). */
function ownBuffers(arrays: Uint8Array[]): ArrayBuffer[] {
  const seen = new Set<ArrayBufferLike>();
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    if (a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || seen.has(a.buffer) || !(a.buffer instanceof ArrayBuffer)) continue;
    seen.add(a.buffer);
    out.push(a.buffer);
  }
  return out;
}
