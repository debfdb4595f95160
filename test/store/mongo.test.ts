/**
 * The store contract on MongoDB. It runs against MONGODB_URI when set (a replica set: the store
 * refuses a standalone server), else against a throwaway single-node replica set when a `mongod`
 * binary is on PATH; otherwise it says so in one line and registers nothing. Never a fake pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MongoStore } from '../../engine/store/mongo/MongoStore.ts';
import { storeContract, type HistoryTamper } from './contract.ts';

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

const givenUri = process.env.MONGODB_URI?.trim() || undefined;
const mongodBinary = givenUri ? undefined : onPath('mongod');

const tamper: HistoryTamper<MongoStore> = {
  async update(store, instanceId, seq, fields) {
    await store.connection.collection('history').updateOne({ instanceId, seq }, { $set: fields });
  },
  async remove(store, instanceId, seq) {
    await store.connection.collection('history').deleteOne({ instanceId, seq });
  },
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start mongod on a temp dbpath as a one-node replica set; returns its URI and a stop function. */
async function startReplicaSet(binary: string): Promise<{ uri: string; stop: () => Promise<void> }> {
  const dbPath = mkdtempSync(join(tmpdir(), 'motcua-mongod-'));
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--replSet', 'rs0', '--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], {
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dbPath, { recursive: true, force: true });
  };
  try {
    const mongoose = (await import('mongoose')).default;
    const direct = mongoose.createConnection(`mongodb://127.0.0.1:${port}/?directConnection=true`, { serverSelectionTimeoutMS: 30_000 });
    await direct.asPromise();
    const admin = direct.db!.admin();
    await admin.command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: `127.0.0.1:${port}` }] } });
    for (let i = 0; ; i++) {
      const hello = await admin.command({ hello: 1 });
      if (hello.isWritablePrimary) break;
      if (i > 300) throw new Error('mongod did not become primary within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await direct.close();
    return { uri: `mongodb://127.0.0.1:${port}/?replicaSet=rs0`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (!givenUri && !mongodBinary) {
  console.log('skip: MongoDB store contract — set MONGODB_URI or install mongod to run it');
} else {
  describe('engine/store/mongo', function () {
    this.timeout(60_000);
    let uri = givenUri ?? '';
    let stop: (() => Promise<void>) | undefined;
    let n = 0;

    before(async function () {
      if (!givenUri) ({ uri, stop } = await startReplicaSet(mongodBinary!));
    });

    after(async function () {
      await stop?.();
    });

    storeContract(
      'engine/store/mongo/MongoStore',
      // a database per test, so tests never see each other's documents
      (hooks) => MongoStore.connect(uri, { dbName: `motcua_contract_${process.pid}_${++n}`, ...hooks }),
      async (store) => {
        await store.connection.dropDatabase();
        await store.close();
      },
      { tamper },
    );
  });
}
