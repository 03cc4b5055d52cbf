/** What scripts/build.mjs needs from the source, bundled for it at build time. */
export { scanTemplates } from './scan.js';
export { uncompiled } from './compile.js';
export { precompiledModule } from './precompile.js';
export { migrationFacts } from '../check/shipped-migrations.js';
