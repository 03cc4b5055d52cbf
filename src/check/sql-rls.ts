import type { PgNode, PgParseResult } from './pg-parser.js';

/** What a migration does to tables, in statement order, as PostgreSQL's parser reads it. */
export type TableEvent =
  | { kind: 'create'; table: string; offset: number; ifMissing?: boolean }
  | { kind: 'enable' | 'disable' | 'drop' | 'policy' | 'drop-policy'; table: string; offset: number }
  | { kind: 'rename'; table: string; to: string; offset: number }
  /** A view or function made or dropped: what the team's text may name besides tables (drift rules). */
  | { kind: 'object'; object: 'view' | 'function'; name: string; drop?: true; offset: number };

interface RangeVar {
  schemaname?: string;
  relname: string;
  relpersistence?: string;
  location?: number;
}

const tableKey = (schema: string | undefined, name: string) => `${schema ?? 'public'}.${name}`;
const keyOf = (rel: RangeVar) => tableKey(rel.schemaname, rel.relname);

/** Byte offsets of table statements → events; temporary tables are left out. */
export function tableEvents(tree: PgParseResult): TableEvent[] {
  const events: TableEvent[] = [];
  for (const { stmt, stmt_location = 0 } of tree.stmts) {
    const [type, node] = Object.entries(stmt)[0] as [string, PgNode];
    const at = (rel?: RangeVar) => rel?.location ?? stmt_location;
    if (type === 'CreateStmt' && node.relation?.relpersistence !== 't') {
      events.push({ kind: 'create', table: keyOf(node.relation), offset: at(node.relation), ...(node.if_not_exists ? { ifMissing: true } : {}) });
    } else if (type === 'CreateTableAsStmt' && node.objtype === 'OBJECT_TABLE' && node.into?.rel?.relpersistence !== 't') {
      events.push({ kind: 'create', table: keyOf(node.into.rel), offset: at(node.into.rel), ...(node.if_not_exists ? { ifMissing: true } : {}) });
    } else if (type === 'AlterTableStmt' && node.objtype === 'OBJECT_TABLE') {
      for (const cmd of node.cmds ?? []) {
        const subtype = cmd.AlterTableCmd?.subtype;
        if (subtype === 'AT_EnableRowSecurity') events.push({ kind: 'enable', table: keyOf(node.relation), offset: at(node.relation) });
        if (subtype === 'AT_DisableRowSecurity') events.push({ kind: 'disable', table: keyOf(node.relation), offset: at(node.relation) });
      }
    } else if (type === 'CreatePolicyStmt' && node.table) {
      events.push({ kind: 'policy', table: keyOf(node.table), offset: at(node.table) });
    } else if (type === 'DropStmt' && node.removeType === 'OBJECT_POLICY') {
      for (const object of node.objects ?? []) {
        const parts = (object.List?.items ?? []).map((i: PgNode) => i.String?.sval as string);
        if (parts.length >= 2)
          events.push({ kind: 'drop-policy', table: tableKey(parts.length > 2 ? parts.at(-3) : undefined, parts.at(-2)!), offset: stmt_location });
      }
    } else if (type === 'DropStmt' && node.removeType === 'OBJECT_TABLE') {
      for (const object of node.objects ?? []) {
        const parts = (object.List?.items ?? []).map((i: PgNode) => i.String?.sval as string);
        const name = parts.at(-1);
        if (name) events.push({ kind: 'drop', table: tableKey(parts.length > 1 ? parts.at(-2) : undefined, name), offset: stmt_location });
      }
    } else if (type === 'RenameStmt' && node.renameType === 'OBJECT_TABLE' && node.relation && node.newname) {
      events.push({ kind: 'rename', table: keyOf(node.relation), to: tableKey(node.relation.schemaname, node.newname), offset: at(node.relation) });
    } else if (type === 'ViewStmt' && node.view) {
      events.push({ kind: 'object', object: 'view', name: keyOf(node.view), offset: at(node.view) });
    } else if (type === 'CreateTableAsStmt' && node.objtype === 'OBJECT_MATVIEW' && node.into?.rel) {
      events.push({ kind: 'object', object: 'view', name: keyOf(node.into.rel), offset: at(node.into.rel) });
    } else if (type === 'CreateFunctionStmt' && !node.is_procedure) {
      const parts = (node.funcname ?? []).map((i: PgNode) => i.String?.sval as string);
      if (parts.length)
        events.push({ kind: 'object', object: 'function', name: tableKey(parts.length > 1 ? parts.at(-2) : undefined, parts.at(-1)!), offset: stmt_location });
    } else if (type === 'DropStmt' && (node.removeType === 'OBJECT_VIEW' || node.removeType === 'OBJECT_MATVIEW')) {
      for (const object of node.objects ?? []) {
        const parts = (object.List?.items ?? []).map((i: PgNode) => i.String?.sval as string);
        const name = parts.at(-1);
        if (name)
          events.push({ kind: 'object', object: 'view', name: tableKey(parts.length > 1 ? parts.at(-2) : undefined, name), drop: true, offset: stmt_location });
      }
    } else if (type === 'DropStmt' && node.removeType === 'OBJECT_FUNCTION') {
      for (const object of node.objects ?? []) {
        const parts = (object.ObjectWithArgs?.objname ?? []).map((i: PgNode) => i.String?.sval as string);
        const name = parts.at(-1);
        if (name)
          events.push({
            kind: 'object',
            object: 'function',
            name: tableKey(parts.length > 1 ? parts.at(-2) : undefined, name),
            drop: true,
            offset: stmt_location,
          });
      }
    }
  }
  return events;
}

export interface CreatedTable<T> {
  table: string;
  where: T;
}

/**
 * Replays the events of every migration in order; returns the tables that exist at the end with row
 * level security not enabled, and those with it enabled but no policy (nobody but the service role
 * can then use them), each with where it was created.
 */
export function rlsProblems<T>(migrations: Array<{ events: TableEvent[]; where: (offset: number) => T }>): {
  missing: CreatedTable<T>[];
  noPolicy: CreatedTable<T>[];
} {
  const tables = new Map<string, { where: T; rls: boolean; policies: number }>();
  for (const migration of migrations) {
    for (const e of migration.events) {
      if (e.kind === 'object') continue;
      const current = tables.get(e.table);
      if (e.kind === 'create') {
        if (!(current && e.ifMissing)) tables.set(e.table, { where: migration.where(e.offset), rls: false, policies: 0 });
      } else if (e.kind === 'drop') tables.delete(e.table);
      else if (!current) continue;
      else if (e.kind === 'enable' || e.kind === 'disable') current.rls = e.kind === 'enable';
      else if (e.kind === 'policy') current.policies++;
      else if (e.kind === 'drop-policy') current.policies = Math.max(0, current.policies - 1);
      else if (e.kind === 'rename') {
        tables.delete(e.table);
        tables.set(e.to, current);
      }
    }
  }
  const all = [...tables].map(([table, t]) => ({ table, where: t.where, t }));
  return {
    missing: all.filter(({ t }) => !t.rls).map(({ table, where }) => ({ table, where })),
    noPolicy: all.filter(({ t }) => t.rls && t.policies === 0).map(({ table, where }) => ({ table, where })),
  };
}
