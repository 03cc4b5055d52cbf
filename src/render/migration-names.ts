import type { PlannedFile } from './render.js';

const MIGRATION = /^supabase\/migrations\/\d+_(.+\.sql)$/;

/** How migration files are named in a render: from the clock, keeping the names a project recorded. */
export interface MigrationNames {
  now: Date;
  /** File names recorded in the project (`.create-agents.json`): a migration keeps its name there. */
  recorded?: readonly string[];
}

/** A migration version as the Supabase CLI writes it: the UTC time, YYYYMMDDHHMMSS. */
const versionAt = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\D/g, '').slice(0, 14);

/**
 * Names the plan's migrations by the clock (UTC, one second apart, in the templates' order, the last one
 * a second before now), so that a starter added to a repository sorts after the migrations it has and
 * before any `supabase migration new` run after it; a migration the project recorded (same name after
 * the version) keeps its recorded file name, so update and add never add it twice.
 */
export function nameMigrations(files: readonly PlannedFile[], names: MigrationNames): PlannedFile[] {
  const recorded = new Map((names.recorded ?? []).map((file) => [file.replace(/^\d+_/, ''), file]));
  const fresh = files.filter((f) => {
    const name = MIGRATION.exec(f.path)?.[1];
    return name && !recorded.has(name);
  }).length;
  let next = Math.floor(names.now.getTime() / 1000) - fresh;
  const renamed = new Map<string, string>();
  for (const path of files.map((f) => f.path).sort()) {
    const name = MIGRATION.exec(path)?.[1];
    if (name) renamed.set(path, `supabase/migrations/${recorded.get(name) ?? `${versionAt(next++)}_${name}`}`);
  }
  return files.map((f) => (renamed.has(f.path) ? { ...f, path: renamed.get(f.path)! } : f));
}
