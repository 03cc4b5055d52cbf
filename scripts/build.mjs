// Builds the published command: precompiles the built-in templates with Handlebars (one module per
// stack), then bundles everything into dist/ as CommonJS; a stack's templates load only when chosen.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { build, transform } from 'esbuild';
import Handlebars from 'handlebars';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.build');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// DIST_DIR builds the command elsewhere (scripts/phases.mjs builds an unminified copy with NO_MINIFY).
const dist = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(root, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'stacks'), { recursive: true });

await build({
  entryPoints: [join(root, 'src/build-entry.ts')],
  outfile: join(out, 'build-entry.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { scanTemplates, uncompiled, precompiledModule, compileStack, COMPILE_OPTIONS, defaultContext, defaultFrontMatter, emitFrontMatter, migrationFacts } =
  await import(pathToFileURL(join(out, 'build-entry.mjs')).href);
const templates = scanTemplates(process.env.TEMPLATES_DIR ?? join(root, 'templates'));

// Each stack's templates, precompiled by Handlebars: a run renders them with Handlebars' runtime. The
// front matter of the default answers goes along as YAML, so that a default scaffold loads no YAML library.
// Skills' descriptions in the registry are rendered with the default answers too.
for (const stack of templates.stacks) {
  const where = (template) => `templates/stacks/${stack.meta.id}: ${template}`;
  const sources = uncompiled(stack, templates.partials);
  const env = Handlebars.create();
  const compiled = compileStack(stack.meta, sources, env, (source) => env.compile(source, COMPILE_OPTIONS));
  const context = await defaultContext(compiled);
  const frontMatter = defaultFrontMatter(compiled, emitFrontMatter, context);
  // `list` shows a skill's description as the default answers render it.
  for (const skill of stack.meta.skills) skill.description = context.skills.find((s) => s.name === skill.name)?.description ?? skill.description;
  writeFileSync(join(out, 'stacks', `${stack.meta.id}.js`), precompiledModule(Handlebars, { ...sources, frontMatter }, where));
}
writeFileSync(
  join(out, 'stacks', 'index.js'),
  `export const stackLoaders = {\n${templates.stacks.map((s) => `  ${JSON.stringify(s.meta.id)}: () => import('./${s.meta.id}.js'),`).join('\n')}\n};\n`,
);
// The bundle reads the registry with JSON.parse: a large object is read faster as JSON than as JavaScript.
writeFileSync(join(out, 'registry.js'), `export default JSON.parse(${JSON.stringify(JSON.stringify(templates.registry))});\n`);

// The table events of the migrations the templates ship, read now with PostgreSQL's parser, so that
// `check` on a project whose migrations nobody edited does not load it (src/check/migration-facts.ts).
const shippedSql = templates.stacks.flatMap((s) => s.files).filter((f) => !f.template && /^supabase\/migrations\/[^/]+\.sql$/.test(f.path));
writeFileSync(join(out, 'migration-facts.json'), JSON.stringify(await migrationFacts(shippedSql.map((f) => f.source))));

/** The modules the build writes, as the sources name them (src/templates/built-stacks.d.ts). */
const BUILT = {
  'virtual:create-agents/registry': join(out, 'registry.js'),
  'virtual:create-agents/stacks': join(out, 'stacks/index.js'),
  'virtual:create-agents/migration-facts': join(out, 'migration-facts.json'),
};

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { cli: join(root, 'src/cli.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: !process.env.NO_MINIFY,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    // Every module of ours that is loaded with import() also imports the entry's main module, so that
    // the modules they share land in one chunk with it: a run reads a handful of files, not dozens.
    {
      name: 'one-shared-chunk',
      setup(b) {
        const src = join(root, 'src');
        const anchor = join(root, 'src/main.ts');
        const lazy = new Set();
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind !== 'dynamic-import' || args.pluginData?.inner || !args.importer.startsWith(src)) return undefined;
          const result = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } });
          if (result.path.startsWith(src) && result.path !== anchor) lazy.add(result.path);
          return result;
        });
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          if (!lazy.has(args.path)) return undefined;
          return { contents: `import ${JSON.stringify(anchor)};\n${readFileSync(args.path, 'utf8')}`, loader: 'ts', resolveDir: dirname(args.path) };
        });
      },
    },
    {
      name: 'built-modules',
      setup(b) {
        b.onResolve({ filter: /^virtual:create-agents\// }, (args) => ({ path: BUILT[args.path] }));
      },
    },
  ],
  logLevel: 'warning',
});

// The chunks are rewritten as CommonJS, which Node loads without starting its ES module loader (a
// cost of several milliseconds per run); `import()` of a chunk becomes `require`.
for (const file of readdirSync(dist, { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const path = join(dist, file);
  const { code } = await transform(readFileSync(path, 'utf8'), {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: !process.env.NO_MINIFY,
    supported: { 'dynamic-import': false },
    define: { 'import.meta.dirname': '__dirname' },
    logLevel: 'error',
  });
  writeFileSync(path, file === 'cli.js' ? `#!/usr/bin/env node\n${code}` : code, { mode: file === 'cli.js' ? 0o755 : 0o644 });
}
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');

// PostgreSQL's parser for `check` (libpg-query): its loader minified, its WebAssembly brotli-compressed
// (2 MB -> about 0.3 MB), decompressed in memory at first use. The slow compression is cached.
const pgScript = createRequire(import.meta.url).resolve('libpg-query/wasm/libpg-query.js');
const wasm = readFileSync(pgScript.replace(/\.js$/, '.wasm'));
const cached = join(root, 'node_modules/.cache/create-agents', `libpg-query-${createHash('sha256').update(wasm).digest('hex').slice(0, 16)}.wasm.br`);
if (!existsSync(cached)) {
  mkdirSync(dirname(cached), { recursive: true });
  const params = { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: wasm.length };
  writeFileSync(`${cached}.${process.pid}`, brotliCompressSync(wasm, { params }));
  renameSync(`${cached}.${process.pid}`, cached);
}
mkdirSync(join(dist, 'pg'), { recursive: true });
const loader = await transform(readFileSync(pgScript, 'utf8'), { minify: true, format: 'cjs', platform: 'node', target: 'node20' });
writeFileSync(join(dist, 'pg/libpg-query.cjs'), loader.code);
copyFileSync(cached, join(dist, 'pg/libpg-query.wasm.br'));
console.log(`built dist/ (${templates.stacks.length} stacks)`);
