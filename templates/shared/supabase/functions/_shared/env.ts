/** Reads one environment variable. Handlers receive one instead of reading Deno.env themselves. */
export type Env = (name: string) => string | undefined;

/** The real environment: Supabase secrets and the variables the runtime sets. */
export const denoEnv: Env = (name) => Deno.env.get(name);

/** An environment backed by a plain object, for tests. */
export function envFrom(values: Record<string, string>): Env {
  return (name) => values[name];
}

export class MissingEnvError extends Error {
  constructor(public readonly variable: string) {
    super(`Missing environment variable ${variable}`);
    this.name = "MissingEnvError";
  }
}

/** The value of a variable that must be set and non-empty. */
export function requireEnv(env: Env, name: string): string {
  const value = env(name);
  if (value === undefined || value === "") throw new MissingEnvError(name);
  return value;
}
