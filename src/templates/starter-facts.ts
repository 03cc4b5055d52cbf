import type { StarterFacts } from './types.js';

const MIGRATION = /^supabase\/migrations\/[0-9]+_(.+)\.sql$/;
const TEST = /^supabase\/tests\/[^/]+\.test\.sql$/;
const SHARED_MODULE = /^supabase\/functions\/_shared\/[^/]+\.ts$/;
/** `create [or replace] function schema.name(args) returns type`, as the migrations write it. */
const FUNCTION = /\bcreate\s+(?:or\s+replace\s+)?function\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\s*\(([^)]*)\)\s*returns\s+([a-z_][a-z0-9_]*)/gi;
const EXPORT = /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;

/**
 * Reads what the Supabase starter's files define (policy helpers, the updated_at trigger, tests, the
 * seed and the modules of functions/_shared/) from the files a stack renders with the starter. Templates are
 * read as written: a name that only a Handlebars expression produces is not found.
 */
export function starterFacts(files: ReadonlyArray<{ path: string; source: string }>): StarterFacts {
  const facts: StarterFacts = { tests: [], seed: null, policyHelpers: [], updatedAtTrigger: null, sharedModules: [] };
  for (const file of files) {
    const migration = MIGRATION.exec(file.path)?.[1];
    if (migration) {
      for (const [, schema, name, args, returns] of file.source.matchAll(FUNCTION)) {
        const signature = `${schema!.toLowerCase()}.${name!.toLowerCase()}(${args!.trim().replace(/\s+/g, ' ')})`;
        if (schema!.toLowerCase() === 'private' && !facts.policyHelpers.some((h) => h.signature === signature)) {
          facts.policyHelpers.push({ signature, migration });
        }
        if (name!.toLowerCase() === 'set_updated_at' && returns!.toLowerCase() === 'trigger') facts.updatedAtTrigger ??= signature;
      }
    } else if (TEST.test(file.path)) facts.tests.push(file.path);
    else if (file.path === 'supabase/seed.sql') facts.seed = file.path;
    else if (SHARED_MODULE.test(file.path) && !file.path.endsWith('.test.ts')) {
      facts.sharedModules.push({ path: file.path, exports: [...new Set([...file.source.matchAll(EXPORT)].map((m) => m[1]!))] });
    }
  }
  return facts;
}
