/**
 * Asks Claude Code 2.1.197 itself what it makes of a project's `.claude/settings.json`, offline:
 * - `claudeDoctor`: `claude doctor` (a terminal program, run in tmux) lists every settings file that
 *   fails its validation, rule by rule, under "Invalid settings"; `claude -p` ignores such a file silently.
 * - `permissionProbe`: `claude -p` against a stand-in for the Messages API that answers the first turn
 *   with the given tool calls; Claude Code's own permission check decides each one, and the result
 *   event lists what it refused. The model is the only part stood in for.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLAUDE_BIN } from './claude.js';
import { tempDir } from './cli.js';
import { TmuxSession } from './tmux.js';

/** A project folder holding only this settings file (doctor starts the project's MCP servers: there are none). */
export function settingsProject(settings: string): string {
  const dir = realpathSync(tempDir('settings-'));
  mkdirSync(join(dir, '.claude'));
  writeFileSync(join(dir, '.claude/settings.json'), settings);
  return dir;
}

/** What `claude doctor` prints under "Invalid settings", or null when it lists no such section. */
export async function claudeDoctor(dir: string): Promise<{ invalid: string | null; screen: string }> {
  const home = tempDir('home-');
  // No update check or other traffic: the settings are all it is asked about.
  const session = new TmuxSession(
    `env HOME=${home} NO_COLOR=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 ${CLAUDE_BIN} doctor; sleep 60`,
    dir,
  );
  try {
    const screen = await session.waitFor(/Still having issues|Enter to close/, { timeoutMs: 60_000 });
    const invalid = /Invalid settings[\s\S]*?(?=\n\s*\n\s*(Permission rules|Updates|Background|Remote|Still)|$)/.exec(screen)?.[0] ?? null;
    return { invalid, screen };
  } finally {
    session.kill();
  }
}

export interface ToolCall {
  id: string;
  name: 'Read' | 'Bash';
  input: Record<string, string>;
}

export interface ProbeResult {
  /** Each call's tool result as Claude Code sent it back to the model. */
  results: Map<string, { isError: boolean; content: string }>;
  /** The calls the result event lists as refused. */
  denied: string[];
  stderr: string;
}

function sse(res: ServerResponse, blocks: Array<{ type: 'text'; text: string } | ({ type: 'tool_use' } & ToolCall)>, stop: string) {
  const events: object[] = [
    {
      type: 'message_start',
      message: {
        id: 'msg_probe',
        type: 'message',
        role: 'assistant',
        model: 'claude-probe',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    },
  ];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 1 } });
  events.push({ type: 'message_stop' });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const event of events) res.write(`event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`);
  res.end();
}

type ToolResult = { type: string; tool_use_id: string; is_error?: boolean; content: unknown };

/**
 * Runs `claude -p` in `dir` (trusted, with a throwaway HOME) against a local stand-in for the API that
 * asks for `calls` in its first answer and ends the turn once their results come back. `bin` goes first
 * on PATH (a fake `npx`, so that an allowed command runs without the network).
 */
export async function permissionProbe(dir: string, calls: ToolCall[], extraArgs: string[] = []): Promise<ProbeResult> {
  const results = new Map<string, { isError: boolean; content: string }>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (!req.url?.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"input_tokens":1}');
        return;
      }
      const request = JSON.parse(body || '{}') as { messages?: Array<{ content: unknown }>; tools?: unknown[] };
      const returned = (request.messages ?? [])
        .flatMap((m) => (Array.isArray(m.content) ? (m.content as ToolResult[]) : []))
        .filter((c) => c.type === 'tool_result');
      for (const r of returned) {
        const content = typeof r.content === 'string' ? r.content : JSON.stringify(r.content);
        results.set(r.tool_use_id, { isError: r.is_error === true, content });
      }
      // Side requests (no tools) and the turn after the results get a plain answer.
      if (returned.length || !request.tools?.length) sse(res, [{ type: 'text', text: 'done' }], 'end_turn');
      else
        sse(
          res,
          calls.map((c) => ({ type: 'tool_use' as const, ...c })),
          'tool_use',
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const home = tempDir('home-');
  // Claude Code ignores a project's allow rules until its folder is trusted.
  writeFileSync(join(home, '.claude.json'), JSON.stringify({ projects: { [dir]: { hasTrustDialogAccepted: true } } }));
  const bin = tempDir('bin-');
  writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "ran npx $*"\n');
  chmodSync(join(bin, 'npx'), 0o755);
  try {
    const child = spawn(CLAUDE_BIN, ['-p', 'probe', '--output-format', 'stream-json', '--verbose', ...extraArgs], {
      cwd: dir,
      env: { ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH}`, ANTHROPIC_API_KEY: 'sk-probe', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`claude -p did not finish\n${stderr}`));
      }, 120_000);
      child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const result = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; permission_denials?: Array<{ tool_use_id: string }> })
      .find((event) => event.type === 'result');
    if (!result) throw new Error(`claude -p printed no result event\n${stderr}\n${stdout.slice(-2000)}`);
    return { results, denied: (result.permission_denials ?? []).map((d) => d.tool_use_id), stderr };
  } finally {
    server.close();
  }
}
