/**
 * `npm start`: the whole product in one process — the store (MOTCUA_DB, default the embedded
 * file ./data/motcua.db), every procedure of processes/ deployed, the job executor firing timers,
 * and the HTTP server (API + browser apps) on PORT. SIGINT / SIGTERM stop it cleanly: requests in
 * flight finish, jobs stop, the store closes. A fault at start is one line naming the setting or
 * file, exit status 1 (MOTCUA_DEBUG=1 adds the stack).
 */
import type { Server } from 'node:http';
import { pino } from 'pino';
import { deployProcesses, describeStore, isMotcuaError, openMotcua, startJobs } from '../engine/index.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/demo-data.ts';
import { seedDemoHistory } from './demo/demo-history.ts';
import { jwtSecret } from './identity/jwt-secret.ts';
import { Directory } from './identity/users.ts';
import { createApi } from './server.ts';
import { readSettings } from './settings.ts';

const say = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(): Promise<void> {
  const settings = readSettings();
  const secret = jwtSecret(settings.jwtSecret, settings.store);
  const motcua = await openMotcua({ store: settings.store, processesDir: settings.processesDir, log: say });
  say(`store ${describeStore(settings.store)}`);
  await deployProcesses(motcua, say);
  if (settings.demo && (await seedDemo(new Directory(motcua.store)))) {
    say(`demo data: agency UBNDXA-MAU, users ${DEMO_USERS.map((user) => `${user.username} (${user.roles.join(', ')})`).join(', ')}; password "${DEMO_PASSWORD}" (MOTCUA_DEMO=0 turns this off)`);
    // a demo without dossiers would leave the auditors' screens empty; a procedures folder without
    // the demo's procedures only loses the history
    try {
      say(`demo history: ${await seedDemoHistory(settings.store, settings.processesDir, Date.now())} dossiers received over the last weeks, for the auditors' screens`);
    } catch (error) {
      say(`demo history skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let jobsRunning = false;
  const executor = settings.jobs ? await startJobs(motcua, settings.store, say) : undefined;
  jobsRunning = executor !== undefined;
  const { app } = createApi(motcua, { settings, jwtSecret: secret, logger: pino({ level: settings.logLevel }), jobs: { running: () => jobsRunning } });
  const server: Server = await new Promise((resolvePromise, reject) => {
    const listening = app.listen(settings.port, settings.host ?? '::', (error?: Error) => (error ? reject(error) : resolvePromise(listening)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  say(`motcua serving http://localhost:${port}/ (API /api/v1, Camunda 7 REST /engine-rest, apps /modeler/ /tasks/ /audit/); Ctrl+C to stop`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping (finishing requests in flight)`);
    await new Promise<void>((resolvePromise) => {
      server.close(() => resolvePromise());
      server.closeIdleConnections();
    });
    jobsRunning = false;
    await executor?.stop();
    await motcua.close();
    say('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const debug = process.env.MOTCUA_DEBUG === '1' || process.argv.includes('--debug');
  if (isMotcuaError(error)) console.error(`motcua: ${error.message}${error.field ? ` (${error.field})` : ''}`);
  else console.error(`motcua: ${error instanceof Error ? error.message : String(error)}`);
  if (debug && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
