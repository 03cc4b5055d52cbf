import { join } from 'node:path';
import { UserError } from '../errors.js';
import { SEMVER } from '../names.js';
import type { RecordedFile } from '../project-record.js';
import { safeForTerminal } from '../terminal-text.js';
import { VERSION } from '../version.js';
import { NotRegularFileError, readRegularFile } from '../write/read-regular.js';
import { PLUGIN_NAME } from './manifest.js';

/**
 * What `create-agents plugin` wrote into its output folder: the plugin, its version, the marketplace
 * (if any) and the SHA-256 of every file, so that a later run updates its own files only and leaves
 * yours alone.
 */
export const OUT_RECORD_FILE = '.create-agents-plugin.json';

export interface OutRecord {
  tool: 'create-agents';
  /** The create-agents version that wrote it. */
  version: string;
  plugin: string;
  pluginVersion: string;
  marketplace?: string;
  files: RecordedFile[];
}

export function outRecordText(record: OutRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export function newOutRecord(fields: Omit<OutRecord, 'tool' | 'version'>): OutRecord {
  return { tool: 'create-agents', version: VERSION, ...fields };
}

/** A relative POSIX path that stays inside the folder, printable. */
const isSafePath = (path: unknown): path is string =>
  typeof path === 'string' &&
  !path.startsWith('/') &&
  !/[\\\u0000-\u001f\u007f]/.test(path) &&
  path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');

function damaged(path: string, what: string): UserError {
  return new UserError(`${safeForTerminal(path)} is damaged: ${what}.`, {
    exitCode: 2,
    hint: `Restore it from version control, or write the plugin into a new folder (--out).`,
  });
}

/** The record in `out`, or null when there is none. It is input like any other: every field is checked. */
export function readOutRecord(out: string): OutRecord | null {
  const path = join(out, OUT_RECORD_FILE);
  let bytes: Buffer | null;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw damaged(path, `it is ${error.kind}`);
    throw error;
  }
  if (!bytes) return null;
  let data: Partial<OutRecord>;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(path, 'not valid JSON');
  }
  if (!data || typeof data !== 'object' || data.tool !== 'create-agents') throw damaged(path, '"tool" is not "create-agents"');
  if (typeof data.plugin !== 'string' || !PLUGIN_NAME.test(data.plugin)) throw damaged(path, '"plugin" is not a plugin name');
  if (typeof data.pluginVersion !== 'string' || !SEMVER.test(data.pluginVersion)) throw damaged(path, '"pluginVersion" is not a version number');
  if (data.marketplace !== undefined && (typeof data.marketplace !== 'string' || !PLUGIN_NAME.test(data.marketplace)))
    throw damaged(path, '"marketplace" is not a marketplace name');
  const files = data.files;
  if (!Array.isArray(files) || !files.every((f) => isSafePath(f?.path) && /^[0-9a-f]{64}$/.test(String(f?.sha256))))
    throw damaged(path, '"files" is not a list of paths in the folder with their SHA-256');
  return {
    tool: 'create-agents',
    version: String(data.version ?? ''),
    plugin: data.plugin,
    pluginVersion: data.pluginVersion,
    ...(data.marketplace ? { marketplace: data.marketplace } : {}),
    files: files.map((f) => ({ path: f.path, sha256: f.sha256 })),
  };
}
