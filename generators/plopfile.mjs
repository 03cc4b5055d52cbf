// @ts-check
/**
 * Generators for people who maintain create-agents' templates, run by the plop CLI:
 *
 *   npm run new:stack               a stack: stack.json, its lead agent, CLAUDE.md and a first migration
 *   npm run new:agent               an agent added to a stack that exists
 *
 * They write into the built-in templates/ folder, or into a templates folder of one's own with
 * `-- --dest <folder>` (paths are relative to that folder). Layout: templates/README.md.
 *
 * Plain JavaScript on purpose: the plop CLI imports the plopfile with Node itself, and Node 20 cannot
 * load TypeScript. Nothing here is part of the create-agents command.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('node-plop').NodePlopAPI} NodePlopAPI */
/** @typedef {import('node-plop').ActionType} ActionType */
/** @typedef {Record<string, any>} Answers */
/**
 * A prompt in inquirer's format, narrowed to what these generators use.
 * @typedef {{
 *   type: 'input' | 'list' | 'checkbox',
 *   name: string,
 *   message: string,
 *   default?: unknown | ((answers: Answers) => unknown),
 *   choices?: string[] | ((answers: Answers) => string[]),
 *   filter?: (value: any, answers: Answers) => any,
 *   validate?: (value: any, answers: Answers) => true | string,
 * }} Prompt
 */
/**
 * @typedef {{ name: string, purpose?: string, aliases?: string[], [key: string]: unknown }} StackAgent
 * @typedef {{ description: string, defaults: { name: string }, lead: string, agents: StackAgent[], [key: string]: unknown }} StackJson
 */

const BUILTIN_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

/** Stack ids and agent names: lowercase words joined by hyphens, starting with a letter. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const MODELS = ['sonnet', 'opus', 'haiku', 'inherit'];
const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'];
const TOOLS = ['Read', 'Write', 'Edit', 'Glob', 'Grep', 'Bash', 'WebFetch', 'WebSearch', 'NotebookEdit', 'TodoWrite', 'Task', 'Skill'];
const LEAD_TOOLS = ['Read', 'Write', 'Edit', 'Bash', 'Grep', 'Glob'];
/** PostgreSQL's reserved key words: a table named one of these needs quotes everywhere. */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic ' +
    'when where window with'
  ).split(' '),
);
/** The values a Handlebars text in a new agent's front matter may use. */
const CONTEXT_TAGS = /\{\{\s*(project\.name|project\.id|stack\.id|stack\.description)\s*\}\}/g;

// ---------------------------------------------------------------------------------------------------
// The templates folder

/**
 * The templates folder written to: plop's --dest, or the built-in templates/ when none is given
 * (plop then uses the plopfile's own folder).
 * @param {NodePlopAPI} plop
 */
function templatesRoot(plop) {
  const dest = plop.getDestBasePath();
  return resolve(dest) === resolve(plop.getPlopfilePath()) ? BUILTIN_TEMPLATES : resolve(dest);
}

/** @param {string} path */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${/** @type {Error} */ (error).message}).`);
  }
}

/** @param {string} root @returns {{ stacks: string[], defaultStack?: string, [key: string]: unknown } | null} */
function readRegistry(root) {
  const path = join(root, 'registry.json');
  if (!existsSync(path)) return null;
  const registry = readJson(path);
  if (!Array.isArray(registry?.stacks)) throw new Error(`${path}: "stacks" must be a list of stack ids.`);
  return registry;
}

/** @param {string} root @param {string} id @returns {StackJson} */
function readStack(root, id) {
  const stack = readJson(join(root, 'stacks', id, 'stack.json'));
  if (!Array.isArray(stack?.agents)) throw new Error(`${join(root, 'stacks', id, 'stack.json')}: "agents" must be a list.`);
  return stack;
}

/** @param {string} root @returns {string[]} the stacks an agent can be added to */
function knownStacks(root) {
  const registry = readRegistry(root);
  if (!registry) throw new Error(`${root} has no registry.json: it is not a templates folder (pass one with --dest <folder>).`);
  return registry.stacks.filter((id) => existsSync(join(root, 'stacks', id, 'stack.json')));
}

/**
 * The text of each member's value at the top level of a JSON object, by key, exactly as written.
 * `text` is valid JSON (it was parsed first).
 * @param {string} text
 * @returns {Map<string, string>}
 */
function memberTexts(text) {
  /** @type {Map<string, string>} */
  const members = new Map();
  let depth = 0;
  let key = '';
  let afterColon = false;
  let from = -1;
  /** @param {number} at */
  const end = (at) => {
    members.set(key, text.slice(from, at).trimEnd());
    afterColon = false;
    from = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && c === ':' && !afterColon) {
      afterColon = true;
      continue;
    }
    if (depth === 1 && afterColon && from === -1) from = i;
    if (c === '"') {
      const begin = i;
      for (i++; text.charAt(i) !== '"'; i++) if (text.charAt(i) === '\\') i++;
      if (depth === 1 && !afterColon) key = JSON.parse(text.slice(begin, i + 1));
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && afterColon) end(i);
    } else if (c === ',' && depth === 1) end(i);
  }
  return members;
}

/**
 * JSON in the templates' own style: one key of the top object a line, a list of objects one object a
 * line, everything else on one line. Given the text the value was read from, a member whose value did
 * not change keeps its text as it was written (a hand-laid-out "supabase" block stays as it is), and
 * so does a list that only gained items at its end.
 * @param {unknown} value
 * @param {string} [original]
 */
export function formatJson(value, original) {
  /** @param {unknown} v @returns {string} */
  const inline = (v) => {
    if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`);
      return entries.length ? `{ ${entries.join(', ')} }` : '{}';
    }
    return JSON.stringify(v);
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `${inline(value)}\n`;
  const kept = original === undefined ? new Map() : memberTexts(original);
  const lines = Object.entries(value).map(([k, v]) => {
    const before = kept.get(k);
    if (before !== undefined && JSON.stringify(JSON.parse(before)) === JSON.stringify(v)) return `  ${JSON.stringify(k)}: ${before}`;
    // A list that only gained items at its end keeps its text as written, the new items a line each.
    const old = before === undefined ? undefined : JSON.parse(before);
    if (
      Array.isArray(old) &&
      Array.isArray(v) &&
      v.length > old.length &&
      JSON.stringify(v.slice(0, old.length)) === JSON.stringify(old) &&
      /\n\s*\]$/.test(before)
    ) {
      const added = v.slice(old.length).map((x) => `    ${inline(x)}`);
      return `  ${JSON.stringify(k)}: ${before.replace(/\n\s*\]$/, `,\n${added.join(',\n')}\n  ]`)}`;
    }
    const listOfObjects = Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object' && !Array.isArray(x));
    const text = listOfObjects ? `[\n${v.map((x) => `    ${inline(x)}`).join(',\n')}\n  ]` : inline(v);
    return `  ${JSON.stringify(k)}: ${text}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Answers

/** @param {string} what @param {unknown} value */
function kebab(what, value) {
  if (typeof value !== 'string' || !KEBAB.test(value)) {
    return `${what} ${JSON.stringify(value)} is not kebab-case: lowercase letters and digits in words joined by hyphens, starting with a letter (e.g. next-saas).`;
  }
  return true;
}

/** @param {string} value */
function agentName(value) {
  const format = kebab('The agent name', value);
  if (format !== true) return format;
  if (value.length < 3 || value.length > 50) return `The agent name "${value}" must be 3 to 50 characters long.`;
  return true;
}

/**
 * One line of plain text (it goes into JSON and Markdown as it is).
 * @param {string} what
 * @param {{ tags?: boolean }} [options] tags: the front matter's Handlebars values are allowed
 */
function oneLine(what, options = {}) {
  /** @param {unknown} value */
  return (value) => {
    if (typeof value !== 'string' || value.trim() === '') return `${what} is empty.`;
    if (/[\r\n]/.test(value)) return `${what} must be one line.`;
    const rest = options.tags ? value.replace(CONTEXT_TAGS, '') : value;
    if (rest.includes('{{') || rest.includes('}}')) {
      return options.tags
        ? `${what} may use {{project.name}}, {{project.id}}, {{stack.id}} and {{stack.description}}, no other Handlebars.`
        : `${what} is plain text: it must not contain {{ or }}.`;
    }
    return true;
  };
}

/** @param {string} text */
const trim = (text) => (typeof text === 'string' ? text.trim() : text);

/** @param {string} purpose */
const descriptionFrom = (purpose) => `Use this agent in {{project.name}} for ${purpose.replace(/\.$/, '')}.`;

/**
 * Gives every prompt its answer: the one given, or the prompt's default; then filters and validates it
 * the way the prompt does. Answers given up front (node-plop's `runActions(answers)`, or plop's bypass)
 * are held to the same rules as typed ones.
 * @param {Prompt[]} prompts
 * @param {Answers} given
 * @returns {Answers}
 */
function settle(prompts, given) {
  /** @type {Answers} */
  const answers = { ...given };
  for (const prompt of prompts) {
    let value = answers[prompt.name];
    if (value === undefined || value === '') {
      value = typeof prompt.default === 'function' ? prompt.default(answers) : prompt.default;
    }
    if (value === undefined) throw new Error(`No answer for "${prompt.name}" (${prompt.message}).`);
    if (prompt.type === 'checkbox' && typeof value === 'string')
      value = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (prompt.filter) value = prompt.filter(value, answers);
    const verdict = prompt.validate ? prompt.validate(value, answers) : true;
    if (verdict !== true) throw new Error(verdict);
    if (prompt.choices) {
      const choices = typeof prompt.choices === 'function' ? prompt.choices(answers) : prompt.choices;
      const values = Array.isArray(value) ? value : [value];
      const unknown = values.find((v) => !choices.includes(v));
      if (unknown !== undefined) throw new Error(`The ${prompt.name} ${JSON.stringify(unknown)} is not one of ${choices.join(', ')}.`);
    }
    answers[prompt.name] = value;
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------------
// What the generators write

/**
 * An agent template: YAML front matter (the description as a block scalar, so any text is valid
 * YAML) and a short Handlebars body. An agent hands what it does not own to the lead (`lead`); the
 * lead hands work to the team that is rendered.
 * @param {{ name: string, description: string, tools: string[], model: string, color: string, purpose: string, lead?: string }} agent
 */
export function agentTemplate(agent) {
  const purpose = agent.purpose.replace(/\.$/, '');
  const handoffs = agent.lead
    ? [`- Anything outside ${purpose}: ${agent.lead}, the lead of the team.`]
    : ['Hand work to the agent that owns it:', '', '{{#each team}}', '- `{{name}}`: {{purpose}}', '{{/each}}'];
  return [
    '---',
    `name: ${agent.name}`,
    'description: |-',
    `  ${agent.description}`,
    `tools: ${agent.tools.join(', ')}`,
    `model: ${agent.model}`,
    `color: ${agent.color}`,
    '---',
    '',
    `You are the ${agent.name.replace(/-/g, ' ')} of {{project.name}} ({{stack.description}}). You own: ${purpose}.`,
    '',
    '## How You Work',
    '',
    '- Read `CLAUDE.md` and the code you are about to change first; follow the conventions written there.',
    '- Keep each change small, and say what you ran to check it.',
    '{{#if supabase}}',
    '- Every table in `public` keeps row level security, with one policy per operation using `(select auth.uid())`.',
    '{{/if}}',
    '',
    '## Handoffs',
    '',
    ...handoffs,
    '',
  ].join('\n');
}

/** The stack's CLAUDE.md template. @param {{ table: string }} stack */
export function claudeTemplate(stack) {
  return `# {{project.name}}

{{stack.description}}.

## Agent team

The agents are in \`.claude/agents/\`. Hand work to the one that owns it:

{{#each team}}
- \`{{name}}\` — {{purpose}}
{{/each}}

## Layout

{{#if supabase}}
- \`supabase/migrations/*.sql\`: the schema, one migration per change. It starts with \`${stack.table}\`, rows owned by the user who created them.
- \`supabase/config.toml\`: the local Supabase settings.
{{else}}
- No \`supabase/\` folder yet: run \`npx supabase init\` to create it.
{{/if}}

## Conventions

- Every table in \`public\` has RLS enabled and one policy per operation using \`(select auth.uid())\`; \`insert\` and \`update\` policies have \`with check\`.
- Grant to \`authenticated\` only what a policy allows; nothing to \`anon\` without a written reason.
- Never edit an applied migration: add a new one.

## Commands

\`\`\`sh
{{#if supabase}}
npx supabase start              # local Supabase (Docker)
npx supabase db reset           # replay migrations and seed.sql
npx supabase migration new <name>
{{else}}
npx supabase init               # create the supabase/ folder
{{/if}}
\`\`\`
`;
}

/**
 * The first migration: one table owned by a user, row level security enabled, one policy per operation
 * using `(select auth.uid())`, and grants to authenticated only.
 * @param {{ id: string, table: string }} stack
 */
export function initMigration(stack) {
  const t = `public.${stack.table}`;
  const policy = (/** @type {string} */ what) => `"${stack.table}: owner ${what}"`;
  return `-- ${stack.id}: the first table. Each row belongs to the user who created it.

-- Keeps updated_at current (add the trigger to each new table).
create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table ${t} (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index ${stack.table}_owner_id_idx on ${t} (owner_id);

create trigger set_updated_at before update on ${t}
  for each row execute function public.set_updated_at();

-- Row Level Security: a user sees and changes only their own rows.
alter table ${t} enable row level security;

create policy ${policy('reads')} on ${t}
  for select to authenticated using (owner_id = (select auth.uid()));
create policy ${policy('creates')} on ${t}
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy ${policy('updates')} on ${t}
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy ${policy('deletes')} on ${t}
  for delete to authenticated using (owner_id = (select auth.uid()));

-- Grants: revoke what older projects give by default, then grant what the policies allow.
revoke all on table ${t} from anon, authenticated;
grant select, insert, update, delete on table ${t} to authenticated, service_role;
revoke execute on function public.set_updated_at() from public, anon, authenticated;
`;
}

/** A migration version: the UTC time, YYYYMMDDHHMMSS. */
const utcTimestamp = (date = new Date()) => date.toISOString().replace(/\D/g, '').slice(0, 14);

/** Colors the agents of a stack use, read from their templates' front matter. @param {string} dir */
function colorsIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md.hbs'))
    .map((f) => /^color:\s*([a-z]+)\s*$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1])
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------
// The generators

/** @param {NodePlopAPI} plop */
export default function plopfile(plop) {
  plop.setWelcomeMessage('create-agents templates: what do you want to add?');

  /**
   * Writes a file that must not exist yet (unless plop's --force).
   * @param {string} path absolute
   * @param {string} content
   * @returns {ActionType}
   */
  const add = (path, content) => ({ type: 'add', path, template: '', transform: () => content });
  /**
   * Reads a JSON file, changes the parsed value and writes it back in the templates' style.
   * @param {string} path absolute
   * @param {(json: any) => void} change
   * @returns {ActionType}
   */
  const editJson = (path, change) => ({
    type: 'modify',
    path,
    template: '',
    transform: (/** @type {string} */ text) => {
      let json;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new Error(`${path} is not valid JSON (${/** @type {Error} */ (error).message}).`);
      }
      change(json);
      return formatJson(json, text);
    },
  });

  /** @type {Prompt[]} */
  const stackPrompts = [
    {
      type: 'input',
      name: 'id',
      message: 'Stack id (kebab-case, e.g. next-saas)',
      filter: trim,
      validate: (id) => {
        const format = kebab('The stack id', id);
        if (format !== true) return format;
        const root = templatesRoot(plop);
        if (readRegistry(root)?.stacks.includes(id)) return `The stack "${id}" already exists: it is listed in ${join(root, 'registry.json')}.`;
        if (existsSync(join(root, 'stacks', id))) return `The stack "${id}" already exists: ${join(root, 'stacks', id)} is there.`;
        return true;
      },
    },
    { type: 'input', name: 'description', message: 'One line saying what the stack builds', filter: trim, validate: oneLine('The description') },
    {
      type: 'input',
      name: 'projectName',
      message: 'Default project name',
      default: (/** @type {Answers} */ a) =>
        String(a.id ?? '')
          .split('-')
          .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
          .join(' '),
      filter: trim,
      validate: oneLine('The project name'),
    },
    { type: 'input', name: 'lead', message: 'Lead agent (always rendered)', default: 'backend-architect', filter: trim, validate: agentName },
    { type: 'input', name: 'leadPurpose', message: 'What the lead agent owns (one line)', filter: trim, validate: oneLine("The lead agent's purpose") },
    {
      type: 'input',
      name: 'table',
      message: 'First table of the first migration (snake_case)',
      default: 'items',
      filter: trim,
      validate: (table) => {
        if (typeof table !== 'string' || !SNAKE.test(table) || table.length > 40)
          return `The table name ${JSON.stringify(table)} is not snake_case (lowercase letters, digits and _, starting with a letter, at most 40).`;
        if (RESERVED.has(table)) return `"${table}" is a reserved word in PostgreSQL; choose another table name.`;
        return true;
      },
    },
  ];

  plop.setGenerator('stack', {
    description: 'A new stack: stack.json, its lead agent, CLAUDE.md and a first migration',
    prompts: stackPrompts,
    actions: (given) => {
      const a = settle(stackPrompts, given ?? {});
      const root = templatesRoot(plop);
      const dir = join(root, 'stacks', a.id);
      /** @type {StackJson} */
      const stackJson = {
        description: a.description,
        defaults: { name: a.projectName },
        lead: a.lead,
        agents: [{ name: a.lead, purpose: a.leadPurpose }],
      };
      /** @type {ActionType[]} */
      const actions = [
        add(join(dir, 'stack.json'), formatJson(stackJson)),
        add(
          join(dir, 'agents', `${a.lead}.md.hbs`),
          agentTemplate({
            name: a.lead,
            purpose: a.leadPurpose,
            description: descriptionFrom(a.leadPurpose),
            tools: LEAD_TOOLS,
            model: 'sonnet',
            color: 'blue',
          }),
        ),
        add(join(dir, 'files', 'CLAUDE.md.hbs'), claudeTemplate({ table: a.table })),
        add(join(dir, 'supabase', 'migrations', `${utcTimestamp()}_init.sql`), initMigration({ id: a.id, table: a.table })),
      ];
      // Registered last, once every file of the stack is there.
      if (readRegistry(root)) {
        actions.push(
          editJson(join(root, 'registry.json'), (registry) => {
            if (!registry.stacks.includes(a.id)) registry.stacks.push(a.id);
          }),
        );
      } else {
        // A templates folder of one's own, started here: the shared files, the partials they use and the
        // MCP servers come from the built-in ones.
        for (const name of ['shared', 'partials', 'mcp-servers.json']) {
          if (!existsSync(join(root, name)) && existsSync(join(BUILTIN_TEMPLATES, name))) {
            actions.push(/** @type {ActionType} */ ({ type: 'copy-folder', from: join(BUILTIN_TEMPLATES, name), to: join(root, name) }));
          }
        }
        actions.push(add(join(root, 'registry.json'), formatJson({ stacks: [a.id], defaultStack: a.id })));
      }
      return actions;
    },
  });

  plop.setActionType('copy-folder', (_answers, config) => {
    cpSync(config.from, config.to, { recursive: true, errorOnExist: true, force: false });
    return config.to;
  });

  const stacksOrNone = () => {
    try {
      return knownStacks(templatesRoot(plop));
    } catch {
      return [];
    }
  };

  /**
   * Worked out each time they are asked for: the stacks to choose from are those of the templates
   * folder at that moment.
   * @returns {Prompt[]}
   */
  const agentPrompts = () => {
    const stacks = stacksOrNone();
    return [
      {
        // A list of the stacks; typed in (and refused with the reason) when there is none to choose.
        ...(stacks.length ? { type: /** @type {const} */ ('list'), choices: stacks } : { type: /** @type {const} */ ('input') }),
        name: 'stack',
        message: 'Stack to add the agent to',
        validate: (/** @type {unknown} */ id) => {
          const root = templatesRoot(plop);
          let stacks;
          try {
            stacks = knownStacks(root);
          } catch (error) {
            return /** @type {Error} */ (error).message;
          }
          const format = kebab('The stack id', id);
          if (format !== true) return format;
          if (!stacks.includes(String(id))) return `Unknown stack "${id}": ${join(root, 'registry.json')} lists ${stacks.join(', ') || 'no stack'}.`;
          return true;
        },
      },
      {
        type: 'input',
        name: 'name',
        message: 'Agent name (kebab-case, e.g. api-reviewer)',
        filter: trim,
        validate: (name, answers) => {
          const format = agentName(name);
          if (format !== true) return format;
          const root = templatesRoot(plop);
          const stack = readStack(root, answers.stack);
          const taken = stack.agents.find((agent) => agent.name === name || agent.aliases?.includes(name));
          if (taken) return `The stack "${answers.stack}" already has the agent "${name}"${taken.name === name ? '' : ` (an alias of ${taken.name})`}.`;
          if (existsSync(join(root, 'stacks', answers.stack, 'agents', `${name}.md.hbs`))) {
            return `stacks/${answers.stack}/agents/${name}.md.hbs already exists.`;
          }
          return true;
        },
      },
      { type: 'input', name: 'purpose', message: 'What the agent owns (one line, shown in CLAUDE.md)', filter: trim, validate: oneLine('The purpose') },
      {
        type: 'input',
        name: 'description',
        message: 'When Claude Code should use it (front matter description)',
        default: (/** @type {Answers} */ a) => descriptionFrom(String(a.purpose ?? '')),
        filter: trim,
        validate: oneLine('The description', { tags: true }),
      },
      {
        type: 'checkbox',
        name: 'tools',
        message: 'Tools',
        choices: TOOLS,
        default: ['Read', 'Grep', 'Glob'],
        validate: (tools) => (Array.isArray(tools) && tools.length > 0 ? true : 'Choose at least one tool.'),
      },
      { type: 'list', name: 'model', message: 'Model', choices: MODELS, default: 'sonnet' },
      {
        type: 'list',
        name: 'color',
        message: 'Color',
        choices: COLORS,
        default: (/** @type {Answers} */ a) => {
          const used = new Set(colorsIn(join(templatesRoot(plop), 'stacks', String(a.stack), 'agents')));
          return COLORS.find((c) => !used.has(c)) ?? COLORS[0];
        },
      },
    ];
  };

  plop.setGenerator('agent', {
    description: 'A new agent in a stack: its template and its entry in stack.json',
    get prompts() {
      return agentPrompts();
    },
    actions: (given) => {
      const a = settle(agentPrompts(), given ?? {});
      const root = templatesRoot(plop);
      const dir = join(root, 'stacks', a.stack);
      const lead = readStack(root, a.stack).lead;
      return [
        add(
          join(dir, 'agents', `${a.name}.md.hbs`),
          agentTemplate({ name: a.name, purpose: a.purpose, description: a.description, tools: a.tools, model: a.model, color: a.color, lead }),
        ),
        editJson(join(dir, 'stack.json'), (stack) => {
          if (stack.agents.some((/** @type {StackAgent} */ agent) => agent.name === a.name))
            throw new Error(`stacks/${a.stack}/stack.json already lists "${a.name}".`);
          stack.agents.push({ name: a.name, purpose: a.purpose });
        }),
      ];
    },
  });
}
