/**
 * Builds every browser app into dist/web/<app>/ (index.html, app.js, app.css, chunks, fonts)
 * with esbuild, offline, from node_modules. `npm run build:web` builds once (also run by
 * `npm install` through `prepare`); `npm run watch:web` rebuilds on every change.
 */
import { context, build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One browser app: its entry module and the URL path the api serves its folder at. */
export interface WebApp {
  /** folder name under dist/web/ */
  name: string;
  /** entry module, relative to the repository root */
  entry: string;
  /** absolute URL path the api mounts the folder at (ends with '/') */
  base: string;
  /** the page title before the app sets its own */
  title: string;
}

export const webApps: readonly WebApp[] = [
  { name: 'login', entry: 'web/login/main.ts', base: '/login/', title: 'Đăng nhập — motcua' },
  { name: 'modeler', entry: 'modeler/src/main.ts', base: '/modeler/', title: 'Mô hình hoá thủ tục — motcua' },
  { name: 'tasks', entry: 'web/tasks/main.ts', base: '/tasks/', title: 'Xử lý hồ sơ — motcua' },
  { name: 'public', entry: 'web/public/main.ts', base: '/tra-cuu/', title: 'Tra cứu hồ sơ — motcua' },
  { name: 'audit', entry: 'web/audit/main.ts', base: '/audit/', title: 'Giám sát, kiểm tra — motcua' },
];

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const webDist = join(repoRoot, 'dist', 'web');

function page(app: WebApp, preloads: readonly string[] = []): string {
  // Absolute URLs: /tra-cuu is served without a trailing slash, so relative ones would break.
  const preloadLinks = preloads.map((href) => `<link rel="modulepreload" href="${href}">\n`).join('');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${app.title}</title>
<link rel="stylesheet" href="${app.base}app.css">
${preloadLinks}</head>
<body>
<div id="app"></div>
<script type="module" src="${app.base}app.js"></script>
</body>
</html>
`;
}

function options(app: WebApp, production: boolean): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    entryPoints: { app: app.entry },
    outdir: join(webDist, app.name),
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.bpmn': 'text', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    minify: production,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  };
}

async function writePage(app: WebApp, preloads: readonly string[] = []): Promise<void> {
  const dir = join(webDist, app.name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), page(app, preloads));
}

/**
 * The URLs of the chunks app.js imports statically. Named in the page, the browser fetches them
 * beside app.js instead of after parsing it: one round trip less before the first screen.
 */
function staticChunks(app: WebApp, metafile: Metafile): string[] {
  const dir = join(webDist, app.name);
  const entry = Object.entries(metafile.outputs).find(([path]) => resolve(repoRoot, path) === join(dir, 'app.js'));
  return (entry?.[1].imports ?? [])
    .filter((imported) => imported.kind === 'import-statement' && !imported.external)
    .map((imported) => app.base + relative(dir, resolve(repoRoot, imported.path)).split('\\').join('/'));
}

/** Builds every app once; resolves when all are written. */
export async function buildWeb(apps: readonly WebApp[] = webApps): Promise<void> {
  await Promise.all(apps.map(async (app) => {
    await rm(join(webDist, app.name), { recursive: true, force: true });
    const { metafile } = await build({ ...options(app, true), metafile: true });
    await writePage(app, staticChunks(app, metafile));
  }));
}

async function watchWeb(apps: readonly WebApp[]): Promise<void> {
  for (const app of apps) {
    await writePage(app);
    const ctx = await context(options(app, false));
    await ctx.watch();
  }
  console.log(`watching ${apps.map((a) => a.name).join(', ')} → ${webDist}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const watch = process.argv.includes('--watch');
  const started = Date.now();
  (watch ? watchWeb(webApps) : buildWeb()).then(
    () => { if (!watch) console.log(`built ${webApps.length} web apps into ${webDist} in ${Date.now() - started} ms`); },
    (err: unknown) => { console.error(err); process.exitCode = 1; },
  );
}
