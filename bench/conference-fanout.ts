/**
 * Benchmark (b): 网上直播 fan-out over two workers (two cores) with pipeToRouter, as Meeting does it
 * for viewers: the venue's 1.5 Mbps VP8 producer lives on worker 0's router; every worker gets a
 * viewers' router (worker 0 uses the venue's router itself, worker 1 a router fed by
 * pipeToRouter); each new viewer goes to the worker with fewer consumers. Viewers are SRTP
 * PlainTransport consumers sending to a UDP sink (see conference-kit.ts). For N = 200, 400, … it
 * prints each worker's CPU, the median delivered rate and the aggregate egress; it stops when a
 * worker saturates or viewers get < 90 % of the source. Goal: ≥ 1,000 viewers on 2 cores.
 *
 * Run:    npx tsx bench/conference-fanout.ts [--step 200] [--max 3000] [--kbps 1500] [--window 4000] [--tcc=false]
 *         (--tcc=false: viewers without transport-cc; see subscriberCapabilities in conference-kit.ts)
 * Output: a table, then one JSON line. No assertions: read the numbers.
 */
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../services/conference/src/media/codecs';
import { flags, jsonLine, machineInfo, printMachine, round, table } from './support/bench-kit';
import { consumerRates, encodedClip, srtpBackend, median, pool, producerRate, sink, streamClip, subscriber, SUITE, workerCpu } from './conference-kit';

const opts = flags({ step: 200, max: 3000, kbps: 1500, window: 4000, tcc: true });
const machine = machineInfo();
printMachine(machine);

const clip = encodedClip(opts.kbps);
const p = await pool(2);
const [w0, w1] = p.slots;
const venueRouter = await w0.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
const viewerRouter1 = await w1.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
const source = await streamClip(venueRouter, clip);
await venueRouter.pipeToRouter({ producerId: source.producer.id, router: viewerRouter1 });
const out = await sink();
await new Promise((r) => setTimeout(r, 2000));
const src = await producerRate(source.producer, 3000);
console.log(`source: ${round(src.kbps, 0)} kbit/s, ${round(src.pps, 0)} packets/s; viewers: SRTP ${SUITE}, transport-cc ${opts.tcc ? 'on (never acknowledged)' : 'off'}`);
console.log(`worker: ${process.env.MEDIASOUP_WORKER_BIN} (${srtpBackend()})`);

const viewers: Array<{ consumer: types.Consumer; worker: 0 | 1 }> = [];
const count = (w: 0 | 1) => viewers.filter((v) => v.worker === w).length;
const rows: Array<Array<string | number>> = [];
const results: Array<Record<string, number>> = [];
let sustained = 0;
for (let n = opts.step; n <= opts.max; n += opts.step) {
  const adding = performance.now();
  while (viewers.length < n && performance.now() - adding < 60_000) {
    const w: 0 | 1 = count(0) <= count(1) ? 0 : 1;
    const { consumer } = await subscriber(w === 0 ? venueRouter : viewerRouter1, source.producer.id, out.port, opts.tcc);
    viewers.push({ consumer, worker: w });
  }
  if (viewers.length < n) {
    // saturated workers answer requests only every few seconds: stop instead of waiting for ever
    console.log(`${n}: adding viewers stalled (${viewers.length} after 60 s): the workers are saturated`);
    break;
  }
  await new Promise((r) => setTimeout(r, 1500));
  const sample = viewers.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0).map((v) => v.consumer);
  const [cpu, rates, now] = await Promise.all([workerCpu([w0.worker, w1.worker], opts.window), consumerRates(sample, opts.window), producerRate(source.producer, opts.window)]);
  const perKbps = median(rates.map((r) => r.kbps));
  const delivered = perKbps / src.kbps;
  // what reached the producer in the same window: below 100 % the worker no longer keeps up with its ingest socket
  const ingest = now.kbps / src.kbps;
  const egressMbps = (perKbps * n) / 1000;
  const cores = cpu[0] + cpu[1];
  const perTwoCores = (2 * n) / cores; // viewers two fully used cores would carry at this cost per packet
  rows.push([n, `${count(0)} / ${count(1)}`, `${round(cpu[0] * 100, 1)} %`, `${round(cpu[1] * 100, 1)} %`, round(perKbps, 0), `${round(delivered * 100, 1)} %`, `${round(ingest * 100, 1)} %`, round(egressMbps, 0), round(cores / (egressMbps / 1000), 2), round(perTwoCores, 0)]);
  results.push({ viewers: n, worker0Cpu: round(cpu[0], 3), worker1Cpu: round(cpu[1], 3), perViewerKbps: round(perKbps, 0), delivered: round(delivered, 3), ingest: round(ingest, 3), egressMbps: round(egressMbps, 1), coresPerGbps: round(cores / (egressMbps / 1000), 3), viewersPerTwoCores: round(perTwoCores, 0) });
  console.log(rows.at(-1)!.join('  '));
  if (delivered >= 0.9) sustained = n;
  if (Math.max(...cpu) >= 0.95 || delivered < 0.9) break;
}

table(['viewers', 'on w0 / w1', 'worker 0 CPU', 'worker 1 CPU', 'kbit/s each', 'of source', 'ingest', 'egress Mbit/s', 'cores per Gbit/s', 'per 2 full cores'], rows);
console.log(`\nsustained with ≥ 90 % of the source rate: ${sustained} viewers on 2 workers (goal ≥ 1,000); LiveKit publishes ~190 720p subscribers per core`);
jsonLine({ bench: 'conference-fanout', machine, srtp: SUITE, srtpBackend: srtpBackend(), tcc: opts.tcc, sourceKbps: round(src.kbps, 0), sustained, steps: results });

source.close();
out.close();
p.close();
process.exit(0);
