import { execFileSync } from 'node:child_process';

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A program running in a real pseudo-terminal (a detached tmux session), driven by keys. */
export class TmuxSession {
  readonly name = `ca-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(command: string, cwd: string) {
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '140', '-y', '50', '-c', cwd, command]);
  }

  /** The visible screen, or everything since the start with `history`. */
  screen(history = false): string {
    return execFileSync('tmux', ['capture-pane', '-p', ...(history ? ['-S', '-'] : []), '-t', this.name], { encoding: 'utf8' });
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  async waitFor(pattern: RegExp, { timeoutMs = 15_000, history = false } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen(history);
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}; screen:\n${screen}`);
      await sleep(100);
    }
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
