import type { KitPart } from './kit.js';

/** A compiled Handlebars template: context in, text out. */
export type TemplateFn = (context: object) => string;

export interface AgentMeta {
  name: string;
  /** One line on when to use the agent (CLAUDE.md, `list`, the prompt). */
  purpose: string;
  /** Other names the templates use for this agent. */
  aliases?: string[];
  /** Whom the agent usually hands work to next, and what to give them (`{{> handoffs}}`). */
  handoffs?: Handoff[];
  /** Read from the template's front matter, for listings. */
  model?: string;
  color?: string;
  tools?: string;
  /** Skills the agent preloads (front matter `skills:`), when they are rendered. */
  skills?: string[];
  /** The MCP tools its `tools` line names (`{{mcpTools ...}}`), by server. */
  mcp?: Record<string, string[]>;
}

/** A skill a stack can render (`skills/<name>/SKILL.md.hbs`): its front matter's name and description. */
export interface SkillMeta {
  name: string;
  description: string;
}

/**
 * What the Supabase starter's files define, read from them when the templates are scanned, so that
 * text naming them (skills, CLAUDE.md) is rendered from what the project really has.
 */
export interface StarterFacts {
  /** pgTAP test files (`supabase/tests/*.test.sql`). */
  tests: string[];
  /** `supabase/seed.sql`, when the starter has it. */
  seed: string | null;
  /**
   * Functions the migrations create in the `private` schema (policy helpers): the signature as
   * written, and the migration's name without its version (`rls_policies`).
   */
  policyHelpers: Array<{ signature: string; migration: string }>;
  /** The trigger function that keeps `updated_at` current (`public.set_updated_at()`), if a migration has one. */
  updatedAtTrigger: string | null;
  /** Modules in `supabase/functions/_shared/` (tests left out) and the names each exports. */
  sharedModules: Array<{ path: string; exports: string[] }>;
}

/** An MCP server as templates/mcp-servers.json defines it. */
export interface McpServer {
  name: string;
  note: Note;
  /** Its entry in .mcp.json, as written there (`${VAR}` expanded by Claude Code). */
  config: Record<string, unknown>;
  /** The variables `config` reads, with where their values come from. */
  env: Array<{ name: string; note: Note }>;
  /** The tools agents may name (`mcp__<name>__<tool>`). */
  tools: string[];
}

export interface Handoff {
  /** An agent of the same stack. */
  to: string;
  /** What to give it, as a phrase: "the migration and the tables it touches". */
  give: string;
}

/** A command CLAUDE.md lists, with what it does. */
export interface Command {
  run: string;
  what: string;
}

/** The app the agents work on, which create-agents does not generate (`{{> app}}`). */
export interface AppMeta {
  /** What it is built with: "Vue 3 + Vite + Pinia". */
  framework: string;
  /**
   * The shell lines that create the app in the project folder with the framework's own create command
   * (stack.json: a string or a list of strings), leaving the files already there as they are.
   */
  create: string[];
  /** How that command coexists with the files already there. */
  note: Note;
  /** Variables the app reads, for .env.example. */
  env: Array<{ name: string; note: Note }>;
  /** Commands that work once the app exists. */
  commands: Command[];
}

export interface StackMeta {
  id: string;
  description: string;
  defaults: { name: string };
  lead: string;
  agents: AgentMeta[];
  /** Names of the Edge Functions the Supabase starter ships, for listings. */
  functions: string[];
  /** File names of the migrations it ships. */
  migrations: string[];
  /** Skills it can render, in name order (its own and the shared ones). */
  skills: SkillMeta[];
  /** What the Supabase starter's files define. */
  starter: StarterFacts;
  /** What the stack's supabase/config.toml sets (stack.json "supabase", defaults filled in). */
  supabase: SupabaseConfig;
  /** The app, when the stack has one. */
  app?: AppMeta;
  /**
   * Names the lead's own text uses for things this project calls otherwise (its body is the user's, kept
   * as written). A rename whose `to` is an agent of the stack is rendered only when that agent is.
   */
  renames: Array<{ from: string; to: string }>;
  /** Stack commands CLAUDE.md lists besides the shared ones: `now` work in a fresh project, `local` need local services. */
  commands: { now: Command[]; local: Command[] };
  /**
   * The names the stack's code shares with the outside (headers, parameters, variables, payload keys),
   * defined once: the functions' code and the team's text are both rendered from it (`stack.contract`).
   */
  contract?: Record<string, unknown>;
  /**
   * Variables a service other than the functions and the app reads (n8n), for .env.example: `for` names
   * the service. One that is also a function secret is listed once, with the secrets, when they are.
   */
  env?: Array<{ name: string; for: string; note: Note }>;
  /** The MCP servers its agents name tools of, in the order mcp-servers.json lists them. */
  mcpServers?: McpServer[];
}

/** A comment: one or more lines, each written after `# `. */
export type Note = string[];

/** The per-stack settings of supabase/config.toml; templates see them as `stack.supabase`. */
export interface SupabaseConfig {
  /** `[auth] site_url`. */
  siteUrl: string;
  /** `[auth] additional_redirect_urls`, with a comment above it. */
  redirectUrls: string[];
  redirectUrlsNote: Note;
  /** A comment in `[realtime]` (why the stack uses it). */
  realtimeNote: Note;
  /**
   * Enabled `[auth.external.<name>]` providers; client id and secret are usually env(...) references,
   * whose variables (`env`) .env.example lists under `envNote`.
   */
  authProviders: Array<{ name: string; note: Note; clientId: string; secret: string; env: string[]; envNote: Note }>;
  /** Variables the Edge Functions read (supabase/functions/.env, `supabase secrets set`), for .env.example. */
  secrets: Array<{ name: string; note: Note }>;
  /**
   * One entry per Edge Function folder (supabase/functions/<name>/index.ts): first in the order
   * stack.json lists them, then the others by name.
   */
  functions: Array<{ name: string; auth: FunctionAuth; note: Note }>;
}

/**
 * Who may call an Edge Function, in @supabase/server's words. Every function runs with
 * `verify_jwt = false` and checks its caller in code: `user` functions verify the caller's Supabase JWT
 * (`currentUser` in functions/_shared/supabase.ts); `none` functions are public receivers (webhooks,
 * callbacks) that check a signature of their own.
 */
export const FUNCTION_AUTH = ['user', 'none'] as const;
export type FunctionAuth = (typeof FUNCTION_AUTH)[number];

export interface RegistryMeta {
  stacks: StackMeta[];
  defaultStack: string;
}

/** A front-matter value: literal data, or a string that is a template. */
export type FrontMatterValue = { literal: unknown } | { render: TemplateFn };

export interface AgentTemplate {
  name: string;
  frontMatter: Array<[key: string, value: FrontMatterValue]>;
  body: TemplateFn;
}

/** Which run renders a file: always, only with the Supabase starter, or only with a part of the kit. */
export type FilePart = 'files' | 'supabase' | KitPart;

export interface FileTemplate {
  /** Path in the project, POSIX separators, `.hbs` removed and dotfile names restored. */
  path: string;
  part: FilePart;
  /** A template, or the file's bytes as text when it is copied as it is. */
  render: TemplateFn | null;
  content: string;
}

export interface StackTemplates {
  meta: StackMeta;
  agents: Record<string, AgentTemplate>;
  files: FileTemplate[];
  /**
   * Front matter the build already wrote as YAML (the built-in stacks' default answers), by the JSON
   * of its data: rendering it needs no YAML library at run time.
   */
  frontMatter?: Record<string, string>;
}

/**
 * A stack's templates before they are compiled: each template is a `T`, the Handlebars source (a
 * templates folder, at run time) or what `Handlebars.precompile` made of it (the built-in templates,
 * at build time).
 */
export interface UncompiledStack<T> {
  agents: Array<{ name: string; frontMatter: Array<[key: string, value: { literal: unknown } | { template: T }]>; body: T }>;
  files: Array<{ path: string; part: FilePart; template: T | null; content: string }>;
  partials: Record<string, T>;
  frontMatter?: Record<string, string>;
}

/** Where templates come from: the built-in ones (precompiled) or a folder (`--templates-dir`). */
export interface TemplateSource {
  /** `builtin` or the folder's path. */
  label: string;
  registry: RegistryMeta;
  loadStack(id: string): Promise<StackTemplates>;
}
