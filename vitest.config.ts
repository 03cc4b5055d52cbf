import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The modules the build writes (src/templates/built-stacks.d.ts): the tests run after `npm run build`. */
const built = (path: string) => fileURLToPath(new URL(`./.build/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      'virtual:create-agents/registry': built('registry.js'),
      'virtual:create-agents/stacks': built('stacks/index.js'),
      'virtual:create-agents/migration-facts': built('migration-facts.json'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
