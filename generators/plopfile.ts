/**
 * create-agents' generators, one per stack, in plop's format: prompts (from the question schema) plus
 * actions. Actions render into an in-memory plan (`sink`); nothing here touches the disk.
 */
import type { Answers } from '../src/questions.js';
import { AGENTS_DIR } from '../src/names.js';
import { QUESTIONS, type QuestionContext } from '../src/questions.js';
import { buildContext } from '../src/render/context.js';
import { renderAgent, type PlannedFile } from '../src/render/render.js';
import type { ActionConfig, PlopApi } from '../src/plop-host.js';
import type { StackTemplates, TemplateSource } from '../src/templates/types.js';

export interface PlopfileOptions {
  source: TemplateSource;
  /** Receives every rendered file. */
  sink: PlannedFile[];
  /** The Supabase project_id (from the folder name). */
  projectId: string;
}

const PROMPT_TYPES = { input: 'input', select: 'list', confirm: 'confirm', checkbox: 'checkbox' } as const;

/** The generator's prompts in inquirer's format, from the same question schema the CLI uses. */
function promptsFor(stackId: string, source: TemplateSource) {
  const ctx: QuestionContext = { registry: source.registry, answers: { stack: stackId }, cwd: process.cwd() };
  return QUESTIONS.filter((q) => q.key !== 'stack' && q.key !== 'dir' && q.key !== 'git').map((q) => ({
    type: PROMPT_TYPES[q.prompt],
    name: q.key,
    message: q.message,
    default: q.default(ctx),
    ...(q.choices ? { choices: q.choices(ctx) } : {}),
  }));
}

export default function plopfile(plop: PlopApi, options: PlopfileOptions): void {
  const { source, sink, projectId } = options;
  const loaded = new Map<string, Promise<StackTemplates>>();
  const load = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, source.loadStack(id));
    return loaded.get(id)!;
  };
  // Worked out once per run of a generator: its actions all get the same answers.
  let last: { answers: Record<string, unknown>; context: ReturnType<typeof renderContextOf> } | undefined;
  const renderContextOf = async (answers: Record<string, unknown>) => {
    const a = answers as unknown as Answers;
    const templates = await load(a.stack);
    return { a, templates, context: buildContext(templates.meta, a, projectId) };
  };
  const contextOf = (answers: Record<string, unknown>) => {
    if (last?.answers !== answers) last = { answers, context: renderContextOf(answers) };
    return last.context;
  };

  plop.setActionType('agent', async (answers, config) => {
    const { a, templates, context } = await contextOf(answers);
    const file = await renderAgent(templates, String(config.name), context, a.model);
    sink.push(file);
    return file.path;
  });

  plop.setActionType('files', async (answers, config) => {
    const { templates, context } = await contextOf(answers);
    const written: string[] = [];
    for (const f of templates.files.filter((file) => file.part === config.part)) {
      const content = f.render ? f.render(context) : f.content;
      // A template that renders to nothing (all of it inside a false {{#has}}) is not written.
      if (f.render && content.trim() === '') continue;
      sink.push({ path: f.path, content });
      written.push(f.path);
    }
    return written.join(', ');
  });

  for (const stack of source.registry.stacks) {
    plop.setGenerator(stack.id, {
      description: stack.description,
      // Worked out when asked for: a run with every answer given never needs them.
      get prompts() {
        return promptsFor(stack.id, source);
      },
      actions: (answers) => {
        const a = answers as unknown as Answers;
        const chosen = new Set([stack.seedAgent, ...(a.agents ?? [])]);
        const actions: ActionConfig[] = stack.agents
          .filter((agent) => chosen.has(agent.name))
          .map((agent) => ({ type: 'agent', name: agent.name, path: `${AGENTS_DIR}/${agent.name}.md` }));
        actions.push({ type: 'files', part: 'files' });
        if (a.supabase) actions.push({ type: 'files', part: 'supabase' });
        return actions;
      },
    });
  }
}
