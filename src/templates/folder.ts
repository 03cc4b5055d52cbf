import Handlebars from 'handlebars';
import { compileStack, uncompiled } from './compile.js';
import { COMPILE_OPTIONS } from './helpers.js';
import { scanTemplates } from './scan.js';
import type { TemplateSource } from './types.js';

/** A templates folder of the user's (`--templates-dir`): scanned now, a stack compiled by Handlebars when first used. */
export async function folderSource(root: string): Promise<TemplateSource> {
  const scanned = scanTemplates(root);
  return {
    label: root,
    registry: scanned.registry,
    async loadStack(id) {
      const stack = scanned.stacks.find((s) => s.meta.id === id);
      if (!stack) throw new Error(`Unknown stack ${id}`);
      const env = Handlebars.create();
      return compileStack(stack.meta, uncompiled(stack, scanned.partials), env, (source) => env.compile(source, COMPILE_OPTIONS));
    },
  };
}
