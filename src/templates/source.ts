import { builtinSource } from './builtin.js';
import type { TemplateSource } from './types.js';

/** The built-in templates, or a templates folder of the user's (`--templates-dir <dir>`). */
export async function loadSource(templates: string | boolean | undefined): Promise<TemplateSource> {
  if (typeof templates === 'string') return (await import('./folder.js')).folderSource(templates);
  return builtinSource;
}
