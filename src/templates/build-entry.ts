/** What scripts/build.mjs needs from the source, bundled for it at build time. */
export { scanTemplates } from './scan.js';
export { compileStack } from './compile.js';
export { defaultFrontMatter } from './front-matter-cache.js';
export { compileToJs } from './codegen.js';
