/** The manifests Claude Code reads: `.claude-plugin/plugin.json` and `.claude-plugin/marketplace.json`. */

export const PLUGIN_MANIFEST = '.claude-plugin/plugin.json';
export const MARKETPLACE_MANIFEST = '.claude-plugin/marketplace.json';

/** A plugin or marketplace name as Claude Code wants it: kebab-case. */
export const PLUGIN_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The first version a plugin gets; each run that changes its files bumps the patch number. */
export const FIRST_VERSION = '0.1.0';

export interface PluginFacts {
  name: string;
  version: string;
  description: string;
  author: string;
}

/** The next patch version: `0.1.4` -> `0.1.5` (a pre-release suffix is dropped: `1.0.0-rc.1` -> `1.0.0`). */
export function nextVersion(version: string): string {
  const [core, pre] = version.split('-', 2);
  const [major, minor, patch] = core!.split('.').map(Number);
  return pre ? core! : `${major}.${minor}.${patch! + 1}`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function pluginManifest(plugin: PluginFacts): string {
  return json({ name: plugin.name, version: plugin.version, description: plugin.description, author: { name: plugin.author } });
}

/** A marketplace with one plugin, kept in `plugins/<name>/` next to it. */
export function marketplaceManifest(name: string, plugin: PluginFacts, pluginDir: string): string {
  return json({
    name,
    owner: { name: plugin.author },
    description: `Claude Code plugins of ${plugin.author}.`,
    plugins: [
      {
        name: plugin.name,
        source: `./${pluginDir}`,
        description: plugin.description,
        version: plugin.version,
        author: { name: plugin.author },
      },
    ],
  });
}
