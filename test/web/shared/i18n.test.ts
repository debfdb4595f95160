import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import vi from '../../../web/shared/i18n/vi.json' with { type: 'json' };
import en from '../../../web/shared/i18n/en.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..', '..');
const catalogs: Record<string, Record<string, string>> = { vi, en };

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('web/shared/i18n catalogues', () => {
  it('has the same keys in Vietnamese and English', () => {
    // given both catalogues
    const viKeys = Object.keys(vi).sort();
    const enKeys = Object.keys(en).sort();
    // then neither language misses a text
    expect(viKeys.filter((k) => !enKeys.includes(k)), 'missing in en.json').to.deep.equal([]);
    expect(enKeys.filter((k) => !viKeys.includes(k)), 'missing in vi.json').to.deep.equal([]);
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(vi)) {
      expect(placeholders(catalogs.en![key] ?? ''), key).to.deep.equal(placeholders(catalogs.vi![key]!));
    }
  });

  it('holds every key the browser code asks for by a literal t(...)', async () => {
    // given every browser source file
    const files = [...(await sources('web')), ...(await sources('modeler'))];
    const missing: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // when the literal keys are read
      for (const match of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) {
        if (!(match[1]! in vi)) missing.push(`${file.slice(root.length + 1)}: ${match[1]}`);
      }
    }
    // then each is in the catalogue
    expect(missing).to.deep.equal([]);
  });
});
