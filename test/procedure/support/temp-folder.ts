/** Test helper: a fresh empty folder for each test of the enclosing `describe`, removed after it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers the hooks; call the returned function inside a test for that test's folder. */
export function tempFolderPerTest(prefix: string): () => string {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => rm(folder, { recursive: true, force: true }));
  return () => folder;
}
