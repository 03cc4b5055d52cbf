/** What scripts/build.mjs needs from the source, bundled for it at build time. */

export { migrationFacts } from './check/shipped-migrations.js';
export { uncompiled } from './templates/compile.js';
export { precompiledModule } from './templates/precompile.js';
export { scanTemplates } from './templates/scan.js';
