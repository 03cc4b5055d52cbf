// Builds the published command: precompiles the built-in templates into one module per stack,
// then bundles everything into dist/ (a stack's templates load only when that stack is chosen).
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.build');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'stacks'), { recursive: true });

await build({
  entryPoints: [join(root, 'src/templates/build-entry.ts')],
  outfile: join(out, 'build-entry.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { scanTemplates, COMPILE_OPTIONS } = await import(pathToFileURL(join(out, 'build-entry.mjs')).href);
const templates = scanTemplates(process.env.TEMPLATES_DIR ?? join(root, 'templates'));

const spec = (source) => `t(${Handlebars.precompile(source, COMPILE_OPTIONS)})`;
const value = (v) => (typeof v === 'string' && v.includes('{{') ? `{ render: ${spec(v)} }` : `{ literal: ${JSON.stringify(v)} }`);

for (const stack of templates.stacks) {
  const agents = stack.agents.map(
    (a) => `${JSON.stringify(a.name)}: { name: ${JSON.stringify(a.name)}, frontMatter: [${a.frontMatter
      .map(([k, v]) => `[${JSON.stringify(k)}, ${value(v)}]`)
      .join(', ')}], body: ${spec(a.body)} }`,
  );
  const files = stack.files.map(
    (f) => `{ path: ${JSON.stringify(f.path)}, part: ${JSON.stringify(f.part)}, render: ${f.template ? spec(f.source) : 'null'}, content: ${f.template ? '""' : JSON.stringify(f.source)} }`,
  );
  const partials = templates.partials.map((p) => `${JSON.stringify(p.name)}: ${spec(p.source)}`);
  writeFileSync(
    join(out, 'stacks', `${stack.meta.id}.ts`),
    `// @ts-nocheck\n// Precompiled from templates/stacks/${stack.meta.id}.\nexport default function (t) {\n  return {\n    agents: {\n${agents.join(',\n')}\n},\n    files: [\n${files.join(',\n')}\n],\n    partials: {${partials.join(',\n')}},\n  };\n}\n`,
  );
}
writeFileSync(join(out, 'registry.json'), JSON.stringify(templates.registry, null, 2));
writeFileSync(
  join(out, 'stacks', 'index.ts'),
  `// Loaders for the precompiled stacks, one chunk each.\nexport const stackLoaders = {\n${templates.stacks
    .map((s) => `  ${JSON.stringify(s.meta.id)}: () => import('./${s.meta.id}.js'),`)
    .join('\n')}\n};\n`,
);

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: { cli: join(root, 'src/cli.ts') },
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
}).then((result) => writeFileSync(join(out, 'meta.json'), JSON.stringify(result.metafile)));
console.log(`built dist/ (${templates.stacks.length} stacks)`);
