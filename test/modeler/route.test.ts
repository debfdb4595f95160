import { expect } from 'chai';
import { parseRoute } from '../../modeler/src/route.ts';

describe('modeler/src/route: deep links', () => {
  it('opens the catalog for an empty or unknown address', () => {
    expect(parseRoute('')).to.deep.equal({ view: 'catalog' });
    expect(parseRoute('#/')).to.deep.equal({ view: 'catalog' });
    expect(parseRoute('#/somewhere/else')).to.deep.equal({ view: 'catalog' });
  });

  it('opens a procedure at its latest version or at the version named', () => {
    expect(parseRoute('#/procedures/1.001193')).to.deep.equal({ view: 'editor', code: '1.001193' });
    expect(parseRoute('#/procedures/1.001193/2')).to.deep.equal({ view: 'editor', code: '1.001193', version: 2 });
  });

  it('decodes an encoded code and reads a comparison of two versions', () => {
    expect(parseRoute('#/procedures/LOCAL%2F7')).to.deep.equal({ view: 'editor', code: 'LOCAL/7' });
    expect(parseRoute('#/procedures/1.001193/compare/1/2')).to.deep.equal({ view: 'compare', code: '1.001193', from: 1, to: 2 });
  });
});
