// Builds the published command: precompiles the built-in templates into one module per stack,
// then bundles everything into dist/ (a stack's templates load only when that stack is chosen).
import { build, transform } from 'esbuild';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.build');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'stacks'), { recursive: true });

// The content hash's WebAssembly (src/hash/fnv1a64.wat), assembled with wabt.
const wabt = await (await import('wabt')).default();
const wat = join(root, 'src/hash/fnv1a64.wat');
const wasmModule = wabt.parseWat(wat, readFileSync(wat, 'utf8'));
writeFileSync(join(out, 'fnv1a64.json'), JSON.stringify({ base64: Buffer.from(wasmModule.toBinary({}).buffer).toString('base64') }));
wasmModule.destroy();

await build({
  entryPoints: [join(root, 'src/templates/build-entry.ts')],
  outfile: join(out, 'build-entry.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { scanTemplates, compileStack, compileToJs, defaultFrontMatter } = await import(pathToFileURL(join(out, 'build-entry.mjs')).href);
const templates = scanTemplates(process.env.TEMPLATES_DIR ?? join(root, 'templates'));

// Each template becomes a plain function (src/templates/codegen.ts), so a run needs no Handlebars.
// The text of a stack (the templates' longer pieces of text, the files copied as they are) goes to a
// file of its own next to its module, read as data: parsing it as JavaScript would cost a run more.
const SEPARATOR = '\0';
let texts = [];
const text = (value) => {
  if (value.includes(SEPARATOR)) throw new Error('A template holds a NUL character, which the build uses to separate texts.');
  return value.length < 32 ? JSON.stringify(value) : `t[${texts.push(value) - 1}]`;
};
const spec = (source, where) => {
  try {
    return compileToJs((template) => Handlebars.parse(template), source, text);
  } catch (error) {
    throw new Error(`${where}: ${error.message} Use what templates/README.md lists.`);
  }
};
const value = (v, where) => (typeof v === 'string' && v.includes('{{') ? `{ render: ${spec(v, where)} }` : `{ literal: ${JSON.stringify(v)} }`);

for (const stack of templates.stacks) {
  const dir = `templates/stacks/${stack.meta.id}`;
  texts = [];
  const agents = stack.agents.map(
    (a) => `${JSON.stringify(a.name)}: { name: ${JSON.stringify(a.name)}, frontMatter: [${a.frontMatter
      .map(([k, v]) => `[${JSON.stringify(k)}, ${value(v, `${dir}/agents/${a.name}.md.hbs, front matter "${k}"`)}]`)
      .join(', ')}], body: ${spec(a.body, `${dir}/agents/${a.name}.md.hbs`)} }`,
  );
  const files = stack.files.map(
    (f) =>
      `{ path: ${JSON.stringify(f.path)}, part: ${JSON.stringify(f.part)}, render: ${f.template ? spec(f.source, `the template of ${f.path} (stack ${stack.meta.id})`) : 'null'}, content: ${f.template ? '""' : text(f.source)} }`,
  );
  const partials = templates.partials.map((p) => `${JSON.stringify(p.name)}: ${spec(p.source, `templates/partials/${p.name}.hbs`)}`);
  // The front matter of the default answers, written as YAML now, so that rendering them needs no YAML library.
  const frontMatterCache = defaultFrontMatter(compileStack(Handlebars, stack, templates.partials));
  const cache = text(JSON.stringify(frontMatterCache));
  writeFileSync(join(out, 'stacks', `${stack.meta.id}.txt`), texts.join(SEPARATOR));
  writeFileSync(
    join(out, 'stacks', `${stack.meta.id}.ts`),
    // Data at the module's top level (not inside a function), so that the engine parses it once.
    `// @ts-nocheck\n// Compiled from ${dir}: r is the template runtime, p the partials, t the stack's texts.\nimport { readFileSync } from 'node:fs';\nimport { runtime as r } from '../../src/templates/runtime.js';\nconst t = readFileSync(\`\${import.meta.dirname}/${stack.meta.id}.txt\`, 'utf8').split(${JSON.stringify(SEPARATOR)});\nconst p = {${partials.join(',\n')}};\nexport default {\n  agents: {\n${agents.join(',\n')}\n},\n  files: [\n${files.join(',\n')}\n],\n  partials: p,\n  frontMatterCache: JSON.parse(${cache}),\n};\n`,
  );
}
writeFileSync(join(out, 'registry.json'), JSON.stringify(templates.registry, null, 2));
writeFileSync(
  join(out, 'stacks', 'index.ts'),
  `// Loaders for the precompiled stacks, one chunk each.\nexport const stackLoaders = {\n${templates.stacks
    .map((s) => `  ${JSON.stringify(s.meta.id)}: () => import('./${s.meta.id}.js'),`)
    .join('\n')}\n};\n`,
);

// The table events of the migrations the templates ship, read now with PostgreSQL's parser, so that
// `check` on a project whose migrations nobody edited does not load it (src/check/migration-facts.ts).
writeFileSync(join(out, 'migration-facts.json'), '{}');
await build({
  entryPoints: [join(root, 'src/check/migration-facts.ts')],
  outfile: join(out, 'migration-facts-build.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { migrationFacts } = await import(pathToFileURL(join(out, 'migration-facts-build.mjs')).href);
const shippedSql = templates.stacks.flatMap((s) => s.files).filter((f) => !f.template && /^supabase\/migrations\/[^/]+\.sql$/.test(f.path));
writeFileSync(join(out, 'migration-facts.json'), JSON.stringify(await migrationFacts(shippedSql.map((f) => f.source))));

rmSync(join(root, 'dist'), { recursive: true, force: true });
const bundled = await build({
  entryPoints: { cli: join(root, 'src/cli.ts') },
  outdir: join(root, 'dist'),
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
    // Every module of ours that is loaded with import() (commands, stacks) also imports the commands
    // module, so that all the modules they share with the commands land in one chunk: a run loads a
    // handful of files, not a dozen small shared ones. The modules loaded later by check and lint
    // (lint --fix, check --templates, --with-claude, the SQL parser) import the check command too, so
    // that the checks they share land in one chunk of their own.
    {
      name: 'one-shared-chunk',
      setup(b) {
        const ours = [join(root, 'src'), out];
        const isOurs = (path) => ours.some((dir) => path.startsWith(dir));
        const anchor = join(root, 'src/main.ts');
        const checks = join(root, 'src/commands/check.ts');
        const withChecks = new Set(['src/commands/lint.ts', 'src/lint/fix.ts', 'src/check/templates.ts', 'src/check/with-claude.ts', 'src/check/pg-parser.ts'].map((p) => join(root, p)));
        const lazy = new Set();
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind !== 'dynamic-import' || args.pluginData?.inner || !isOurs(args.importer)) return undefined;
          const result = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } });
          if (isOurs(result.path) && result.path !== anchor) lazy.add(result.path);
          return result;
        });
        b.onLoad({ filter: /\.ts$/ }, (args) => {
          if (!lazy.has(args.path)) return undefined;
          const anchors = withChecks.has(args.path) ? [anchor, checks] : [anchor];
          return { contents: `${anchors.map((a) => `import ${JSON.stringify(a)};\n`).join('')}${readFileSync(args.path, 'utf8')}`, loader: 'ts', resolveDir: dirname(args.path) };
        });
      },
    },
    // yaml's ES module build (the same code as its CommonJS one) lets esbuild keep only what we use.
    {
      name: 'yaml-esm',
      setup(b) {
        const esm = join(root, 'node_modules/yaml/browser/index.js');
        b.onResolve({ filter: /^yaml$/ }, () => ({ path: esm }));
      },
    },
  ],
  logLevel: 'warning',
  metafile: true,
}).then((result) => result.metafile);
writeFileSync(join(out, 'meta.json'), JSON.stringify(bundled));

// esbuild imports the chunk of its runtime helpers from every chunk, also from those that use none of
// them. Such an import does nothing but load a file (the helpers chunk has no code of ours, so nothing
// runs), and is dropped.
const helperChunks = Object.entries(bundled.outputs)
  .filter(([path, output]) => path.endsWith('.js') && Object.keys(output.inputs).length === 0)
  .map(([path]) => path.split('/').pop());
const idleImport = new RegExp(`import\\s*"\\.\\/(?:chunks\\/)?(?:${helperChunks.map((name) => name.replace(/[.$]/g, '\\$&')).join('|')})";?`, 'g');

// The chunks are then rewritten as CommonJS: Node loads CommonJS without starting its ES module loader
// (which costs a run several milliseconds), and `import()` of a chunk becomes `require`.
for (const file of readdirSync(join(root, 'dist'), { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const path = join(root, 'dist', file);
  const esm = readFileSync(path, 'utf8');
  const { code } = await transform(helperChunks.length ? esm.replace(idleImport, '') : esm, {
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
writeFileSync(join(root, 'dist/package.json'), '{ "type": "commonjs" }\n');
for (const stack of templates.stacks) copyFileSync(join(out, 'stacks', `${stack.meta.id}.txt`), join(root, 'dist/chunks', `${stack.meta.id}.txt`));

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
mkdirSync(join(root, 'dist/pg'), { recursive: true });
const loader = await transform(readFileSync(pgScript, 'utf8'), { minify: true, format: 'cjs', platform: 'node', target: 'node20' });
writeFileSync(join(root, 'dist/pg/libpg-query.cjs'), loader.code);
copyFileSync(cached, join(root, 'dist/pg/libpg-query.wasm.br'));

// V8 code caches of the chunks (src/code-cache.ts), for this Node.js version: the command runs once
// per case and, as it ends, writes the cache of every chunk it loaded that has none yet, holding the
// functions the run compiled. The scaffold of the largest stack (react-chat) goes first, so the shared
// chunk's cache is the one of a full scaffold.
const training = mkdtempSync(join(tmpdir(), 'create-agents-build-'));
try {
  const run = (...args) =>
    spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], {
      cwd: training,
      env: { ...process.env, CREATE_AGENTS_WRITE_CODE_CACHE: '1', CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
  const stacks = templates.stacks.map((s) => s.meta.id).sort((a, b) => (a === 'react-chat' ? -1 : b === 'react-chat' ? 1 : 0));
  for (const id of stacks) {
    const scaffold = run(id, '--stack', id, '--yes', '--no-git');
    if (scaffold.status !== 0) throw new Error(`The built command could not scaffold ${id}: ${scaffold.stderr}`);
  }
  // Their findings, if any, are the tests' business; here they only load their chunks.
  run('check', stacks[0]);
  run('lint', `${stacks[0]}/.claude/agents`);
} finally {
  rmSync(training, { recursive: true, force: true });
}
console.log(`built dist/ (${templates.stacks.length} stacks)`);
