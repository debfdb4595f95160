/**
 * The layer rules of DESIGN.md, checked on the source text: a boundary a test guards stays a
 * boundary. The determinism fence of engine/bpmn has its own test (determinism.test.ts).
 */
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(folder: string): string[] {
  const dir = join(root, folder);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(relative(root, path));
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2]);
}

function resolvedTarget(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(root, join(file, '..', specifier)) : specifier;
}

describe('architecture - layers', () => {
  it('engine/bpmn imports no runtime, store, procedure, api or modeler code', () => {
    // given every source file of the pure core
    const offending: string[] = [];
    for (const file of sources('engine/bpmn')) {
      for (const specifier of importsOf(file)) {
        const target = resolvedTarget(file, specifier);
        // when it reaches outside engine/bpmn into another engine layer or the edges
        if (/^(engine\/(runtime|store|procedure|scenario|cli)|api|modeler)\//.test(target)) offending.push(`${relative(root, file)} → ${target}`);
      }
    }
    // then there is none
    expect(offending).to.deep.equal([]);
  });

  it('engine/store imports nothing above it: no runtime, procedure, scenario, cli, api or modeler code', () => {
    // given every source file of the store (port, records, adapters)
    const offending: string[] = [];
    for (const file of sources('engine/store')) {
      for (const specifier of importsOf(file)) {
        const target = resolvedTarget(file, specifier);
        // when it reaches up into a layer built on it
        if (/^(engine\/(runtime|procedure|scenario|cli)|api|modeler)\//.test(target)) offending.push(`${relative(root, file)} → ${target}`);
      }
    }
    // then there is none: what the store speaks is defined beside its port
    expect(offending).to.deep.equal([]);
  });

  it('only engine/store/<adapter> imports a database driver, and only api/ imports express', () => {
    // given all engine and api sources
    const files = [...sources('engine'), ...sources('api')];
    const offending: string[] = [];
    for (const file of files) {
      const rel = relative(root, file);
      for (const specifier of importsOf(file)) {
        // when a file imports a driver or express
        const driver = /^(better-sqlite3|mongoose|mongodb)$/.test(specifier) && !/^engine\/store\/(sqlite|mongo)\//.test(rel);
        const web = specifier === 'express' && !rel.startsWith('api/');
        if (driver || web) offending.push(`${rel} → ${specifier}`);
      }
    }
    // then it lives in the layer that owns that dependency
    expect(offending).to.deep.equal([]);
  });

  it('nothing in engine/ imports api/ or modeler/', () => {
    // given the engine sources
    const offending = sources('engine').flatMap((file) =>
      importsOf(file)
        .map((s) => resolvedTarget(file, s))
        .filter((t) => /^(api|modeler)\//.test(t))
        .map((t) => `${relative(root, file)} → ${t}`),
    );
    // then the engine never depends on its edges
    expect(offending).to.deep.equal([]);
  });
});
