/**
 * Benchmark (a): how many subscribers one mediasoup worker (one core) forwards a 1.5 Mbps VP8 venue
 * to, with SRTP, before the core saturates (goal ≥ 500). The source is a pre-encoded clip streamed
 * by ffmpeg in copy mode into a PlainTransport; each subscriber is an SRTP PlainTransport consumer
 * sending to a UDP sink. For N = 100, 200, … the script measures the worker's CPU (getrusage), the
 * median delivered rate per subscriber against the source's, and CPU per forwarded Gbit/s. It stops
 * when the worker is saturated (≥ 95 % of a core) or subscribers get < 90 % of the source rate.
 *
 * Run:    npx tsx bench/conference-consumers.ts [--step 100] [--max 1500] [--kbps 1500] [--window 4000] [--tcc=false]
 *         (--tcc=false: subscribers without transport-cc; see subscriberCapabilities in conference-kit.ts)
 * Output: a table, then one JSON line. No assertions: read the numbers.
 */
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../services/conference/src/media/codecs';
import { flags, jsonLine, machineInfo, printMachine, round, table } from './support/bench-kit';
import { consumerRates, encodedClip, srtpBackend, lastSplit, median, pool, producerRate, sink, streamClip, subscriber, SUITE, workerCpu } from './conference-kit';

const opts = flags({ step: 100, max: 1500, kbps: 1500, window: 4000, tcc: true });
const machine = machineInfo();
printMachine(machine);

const clip = encodedClip(opts.kbps);
const p = await pool(1);
const { worker } = p.slots[0];
const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
const source = await streamClip(router, clip);
const out = await sink();
await new Promise((r) => setTimeout(r, 2000));
const src = await producerRate(source.producer, 3000);
console.log(`source: ${round(src.kbps, 0)} kbit/s, ${round(src.pps, 0)} packets/s; subscribers: SRTP ${SUITE}, transport-cc ${opts.tcc ? 'on (never acknowledged)' : 'off'}`);
console.log(`worker: ${process.env.MEDIASOUP_WORKER_BIN} (${srtpBackend()})`);

const consumers: types.Consumer[] = [];
const rows: Array<Array<string | number>> = [];
const results: Array<Record<string, number>> = [];
let sustained = 0;
for (let n = opts.step; n <= opts.max; n += opts.step) {
  const adding = performance.now();
  while (consumers.length < n && performance.now() - adding < 60_000) consumers.push((await subscriber(router, source.producer.id, out.port, opts.tcc)).consumer);
  if (consumers.length < n) {
    // a saturated worker answers requests only every few seconds: stop instead of waiting for ever
    console.log(`${n}: adding subscribers stalled (${consumers.length} after 60 s): the worker is saturated`);
    break;
  }
  await new Promise((r) => setTimeout(r, 1500)); // let key frames and bitrate settle
  const sample = consumers.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0);
  const [[cpu], rates, now] = await Promise.all([workerCpu([worker], opts.window), consumerRates(sample, opts.window), producerRate(source.producer, opts.window)]);
  const perKbps = median(rates.map((r) => r.kbps));
  const delivered = perKbps / src.kbps;
  // what reached the producer in the same window: below 100 % the worker no longer keeps up with its ingest socket
  const ingest = now.kbps / src.kbps;
  const egressMbps = (perKbps * n) / 1000;
  const cpuPerGbps = cpu / (egressMbps / 1000);
  const perCore = n / cpu; // subscribers one fully used core would carry at this cost per packet
  rows.push([n, `${round(cpu * 100, 1)} % (sys ${round(lastSplit[0].sys * 100, 0)} %)`, round(perKbps, 0), `${round(delivered * 100, 1)} %`, `${round(ingest * 100, 1)} %`, round(egressMbps, 0), round(cpuPerGbps, 2), round(perCore, 0)]);
  results.push({ consumers: n, workerCpu: round(cpu, 3), workerSys: round(lastSplit[0].sys, 3), perConsumerKbps: round(perKbps, 0), delivered: round(delivered, 3), ingest: round(ingest, 3), egressMbps: round(egressMbps, 1), coresPerGbps: round(cpuPerGbps, 3), subscribersPerCore: round(perCore, 0) });
  console.log(rows.at(-1)!.join('  '));
  if (delivered >= 0.9) sustained = n;
  if (cpu >= 0.95 || delivered < 0.9) break;
}

table(['subscribers', 'worker CPU', 'kbit/s each', 'of source', 'ingest', 'egress Mbit/s', 'cores per Gbit/s', 'per full core'], rows);
console.log(`\nsustained with ≥ 90 % of the source rate: ${sustained} subscribers on one worker (goal ≥ 500); LiveKit publishes ~190 720p subscribers per core`);
jsonLine({ bench: 'conference-consumers', machine, srtp: SUITE, srtpBackend: srtpBackend(), tcc: opts.tcc, sourceKbps: round(src.kbps, 0), sustained, steps: results });

source.close();
out.close();
p.close();
process.exit(0);
