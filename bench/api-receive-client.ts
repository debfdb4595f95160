/**
 * The clients of `BENCH api.receive`, in their own process: `clients` concurrent loops post desk
 * receptions until `dossiers` are received; every answer must be 201 with a code and a due date.
 * Prints one JSON line: received, seconds, rate, p50 / p95 latency.
 */
import { percentile, sortedOf } from './stats.ts';

const [url, total, concurrency] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const token = process.env.BENCH_TOKEN!;
const body = JSON.stringify({
  procedureCode: '1.001612',
  channel: 1,
  applicant: { name: 'Trần Thị Bình', idNumber: '001190000123', phone: '0912345678', address: 'Thôn Đông, xã Mẫu' },
});

async function receiveOne(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const answer = (await response.json()) as { code?: string; dueAt?: string };
  if (response.status !== 201 || !answer.code || !answer.dueAt) throw new Error(`reception refused: ${response.status} ${JSON.stringify(answer)}`);
  return performance.now() - started;
}

// warm-up: the server compiles schemas and caches definitions on its first requests
for (let i = 0; i < 20; i++) await receiveOne();
let next = 0;
const latencies: number[] = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      latencies.push(await receiveOne());
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const sorted = sortedOf(latencies);
console.log(JSON.stringify({ received: latencies.length, seconds, rate: latencies.length / seconds, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) }));
