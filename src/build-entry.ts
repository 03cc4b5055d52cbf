/** What scripts/build.mjs needs from the source, bundled for it at build time. */

export { migrationFacts } from './check/shipped-migrations.js';
export { emitFrontMatter } from './front-matter/emit.js';
export { defaultContext, defaultFrontMatter } from './render/render.js';
export { compileStack, uncompiled } from './templates/compile.js';
export { COMPILE_OPTIONS } from './templates/helpers.js';
export { precompiledModule } from './templates/precompile.js';
export { scanTemplates } from './templates/scan.js';
