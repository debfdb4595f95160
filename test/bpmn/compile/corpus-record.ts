/**
 * The MIWG corpus record: for each reference model, whether it compiles today. The corpus test
 * fails when a file that compiled is refused (a regression), and when the record is out of date.
 * `npx tsx test/bpmn/compile/corpus-record.ts` writes it again after a deliberate change.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBpmn } from '../../../engine/bpmn/compile/index.ts';

/** the OMG MIWG reference models (see /work/shared/corpus/README.md), beside the repository */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus/miwg/', import.meta.url));
export const RECORD_FILE = fileURLToPath(new URL('./fixtures/miwg-record.json', import.meta.url));

/** file name → compiles */
export type CorpusRecord = Record<string, boolean>;

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.bpmn')).sort();
}

export function readRecord(): CorpusRecord {
  return JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as CorpusRecord;
}

export async function compiles(file: string): Promise<boolean> {
  const { definitions } = await compileBpmn(readFileSync(`${CORPUS_DIR}${file}`, 'utf8'));
  return definitions !== undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const record: CorpusRecord = {};
  for (const file of corpusFiles()) record[file] = await compiles(file);
  writeFileSync(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`${RECORD_FILE}: ${Object.values(record).filter(Boolean).length} of ${Object.keys(record).length} compile`);
}
