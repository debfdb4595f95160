/**
 * The load generator of api.complete, run as a SECOND process (bench/api.ts spawns it): `clients`
 * concurrent loops over loopback, each starting an instance, fetching its task and completing it
 * through /engine-rest, until `total` completions are done. Prints one JSON line:
 * `{ completions, seconds }`. Node's fetch keeps its connections alive, as a client pool would.
 *
 * Usage: node --import tsx bench/api-load.ts <baseUrl> <token> <processKey> <total> <clients>
 */
const [baseUrl, token, processKey, totalText, clientsText] = process.argv.slice(2);
if (!baseUrl || !token || !processKey || !totalText || !clientsText) {
  console.error('usage: api-load.ts <baseUrl> <token> <processKey> <total> <clients>');
  process.exit(2);
}
const total = Number(totalText);
const clients = Number(clientsText);

const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/engine-rest${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

let started = 0;
let completed = 0;

async function client(): Promise<void> {
  while (started < total) {
    started++;
    const instance = await call<{ id: string }>('POST', `/process-definition/key/${processKey}/start`, { variables: { soHoSo: { value: `HS-${started}`, type: 'String' } } });
    const [task] = await call<Array<{ id: string }>>('GET', `/task?processInstanceId=${instance.id}`);
    if (!task) throw new Error(`instance ${instance.id} has no task`);
    await call('POST', `/task/${task.id}/complete`, { variables: { ketQua: { value: 'đạt', type: 'String' } } });
    completed++;
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, client));
console.log(JSON.stringify({ completions: completed, seconds: (performance.now() - t0) / 1000 }));
