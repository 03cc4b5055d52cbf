/**
 * The part of node-plop's API that create-agents' plopfile uses, without node-plop's start-up cost.
 * Same contract: generators hold prompts and actions, custom action types are functions
 * `(answers, config, plop) => string`, and running collects `{ changes, failures }` instead of
 * throwing half way. test/plopfile.test.ts runs the same plopfile through node-plop itself.
 */
export interface ActionConfig {
  type: string;
  [key: string]: unknown;
}

export type ActionFn = (answers: Record<string, unknown>, config: ActionConfig, plop: PlopApi) => string | Promise<string>;

export interface GeneratorConfig {
  description: string;
  prompts: unknown[];
  actions: ActionConfig[] | ((answers: Record<string, unknown>) => ActionConfig[]);
}

export interface RunResult {
  changes: Array<{ type: string; path: string }>;
  failures: Array<{ type: string; path: string; error: string }>;
}

/** What a plopfile may call: node-plop's `NodePlopAPI` narrowed to what we use. */
export interface PlopApi {
  setGenerator(name: string, config: GeneratorConfig): unknown;
  setActionType(name: string, fn: ActionFn): void;
}

export interface PlopHost extends PlopApi {
  getGeneratorList(): Array<{ name: string; description: string }>;
  getGenerator(name: string): GeneratorConfig & { runActions(answers: Record<string, unknown>): Promise<RunResult> };
}

export function createPlopHost(): PlopHost {
  const generators = new Map<string, GeneratorConfig>();
  const actionTypes = new Map<string, ActionFn>();
  const host: PlopHost = {
    setGenerator(name, config) {
      generators.set(name, config);
      return config;
    },
    setActionType(name, fn) {
      actionTypes.set(name, fn);
    },
    getGeneratorList: () => [...generators].map(([name, g]) => ({ name, description: g.description })),
    getGenerator(name) {
      const config = generators.get(name);
      if (!config) throw new Error(`No generator named ${name}`);
      return {
        description: config.description,
        actions: config.actions,
        // Read through: a generator may work its prompts out only when they are asked for.
        get prompts() {
          return config.prompts;
        },
        async runActions(answers) {
          const result: RunResult = { changes: [], failures: [] };
          const actions = typeof config.actions === 'function' ? config.actions(answers) : config.actions;
          for (const action of actions) {
            const fn = actionTypes.get(action.type);
            try {
              if (!fn) throw new Error(`unknown action type "${action.type}"`);
              result.changes.push({ type: action.type, path: await fn(answers, action, host) });
            } catch (error) {
              result.failures.push({ type: action.type, path: String(action.path ?? ''), error: (error as Error).message });
              break;
            }
          }
          return result;
        },
      };
    },
  };
  return host;
}
