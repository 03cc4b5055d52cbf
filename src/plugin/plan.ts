import type { PlannedFile } from '../render/render.js';
import { MARKETPLACE_MANIFEST, marketplaceManifest, PLUGIN_MANIFEST, type PluginFacts, pluginManifest } from './manifest.js';
import type { TeamFiles } from './team-files.js';

/** Where a marketplace folder keeps its plugin. */
export const pluginDirIn = (name: string) => `plugins/${name}`;

/**
 * The files of the output folder: the plugin (manifest, agents, skills, .mcp.json) at its root, or,
 * with a marketplace, the marketplace manifest with the plugin in `plugins/<name>/`. Pure.
 */
export function planPlugin(team: TeamFiles, plugin: PluginFacts, marketplace: string | undefined): PlannedFile[] {
  const prefix = marketplace ? `${pluginDirIn(plugin.name)}/` : '';
  const files = [{ path: PLUGIN_MANIFEST, content: pluginManifest(plugin) }, ...team.files].map((f) => ({ path: prefix + f.path, content: f.content }));
  if (marketplace) files.unshift({ path: MARKETPLACE_MANIFEST, content: marketplaceManifest(marketplace, plugin, pluginDirIn(plugin.name)) });
  return files;
}
