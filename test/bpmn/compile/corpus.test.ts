import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileBpmn, createModdle } from '../../../engine/bpmn/compile/index.ts';

/** the OMG MIWG reference models (see /work/shared/corpus/README.md), beside the repository */
const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus/miwg/', import.meta.url));

describe('engine/bpmn/compile - MIWG corpus', () => {
  if (!existsSync(CORPUS_DIR)) {
    it(`is skipped: the corpus folder ${CORPUS_DIR} does not exist (expected ../shared/corpus/miwg beside the repository)`, function () {
      this.skip();
    });
    return;
  }
  const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.bpmn')).sort();

  it('has reference models to check', () => {
    // given the corpus folder
    // when it is listed
    // then it holds diagrams
    expect(files.length).to.be.greaterThan(0);
  });

  for (const file of files) {
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
