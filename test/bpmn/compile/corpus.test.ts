import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { compileBpmn, createModdle } from '../../../engine/bpmn/compile/index.ts';
import { CORPUS_DIR, corpusFiles, readRecord } from './corpus-record.ts';

describe('engine/bpmn/compile - MIWG corpus', () => {
  if (!existsSync(CORPUS_DIR)) {
    it(`is skipped: the corpus folder ${CORPUS_DIR} does not exist (expected ../shared/corpus/miwg beside the repository)`, function () {
      this.skip();
    });
    return;
  }
  const files = corpusFiles();
  const record = readRecord();

  it('has reference models to check', () => {
    // given the corpus folder
    // when it is listed
    // then it holds diagrams
    expect(files.length).to.be.greaterThan(0);
  });

  it('the record (fixtures/miwg-record.json) names every file of the corpus and no other', () => {
    // given the corpus and the record of which file compiles
    // when their file names are compared
    // then they are the same files (a new file is recorded with npx tsx test/bpmn/compile/corpus-record.ts)
    expect(Object.keys(record).sort()).to.deep.equal(files);
  });

  for (const file of files) {
    it(`${file}: compiles exactly when the record says it did`, async () => {
      // given what the record says of the file
      const compiled = record[file];
      // when it is compiled today
      const { definitions, problems } = await compileBpmn(readFileSync(`${CORPUS_DIR}${file}`, 'utf8'));
      // then a file that compiled is not refused now, and one that now compiles is recorded so
      const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.elementId ?? ''}: ${p.message}`);
      if (compiled === true) expect(errors, `${file} compiled before and is refused now`).to.deep.equal([]);
      if (compiled === false) expect(definitions, `${file} compiles now: record it (npx tsx test/bpmn/compile/corpus-record.ts)`).to.equal(undefined);
    });

    it(`${file}: parses, and either compiles or names the element of every error`, async () => {
      // given a reference model made by another tool
      const xml = readFileSync(`${CORPUS_DIR}${file}`, 'utf8');

      // when it is compiled
      const { definitions, problems } = await compileBpmn(xml);

      // then it was readable, and what cannot run is pinned to an element
      const errors = problems.filter((p) => p.severity === 'error');
      expect(errors.filter((p) => p.code === 'BPMN_PARSE'), 'parse errors').to.deep.equal([]);
      if (definitions === undefined) {
        expect(errors.length).to.be.greaterThan(0);
        expect(errors.filter((p) => !p.elementId), 'errors without element').to.deep.equal([]);
      } else {
        expect(errors).to.deep.equal([]);
      }
    });

    it(`${file}: round-trips fromXML → toXML → fromXML without losing an element id`, async () => {
      // given the model read once
      const moddle = createModdle();
      const first = await moddle.fromXML(readFileSync(`${CORPUS_DIR}${file}`, 'utf8'));

      // when it is written and read again
      const { xml } = await moddle.toXML(first.rootElement, { format: true });
      const second = await moddle.fromXML(xml);

      // then the same elements are there
      expect(Object.keys(second.elementsById).sort()).to.deep.equal(Object.keys(first.elementsById).sort());
    });
  }
});
