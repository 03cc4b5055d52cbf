import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from './helpers/cli.js';

describe('the published package', () => {
  it('installs from its tarball with no dependencies, scaffolds, and its output passes check', () => {
    const out = tempDir('pack-');
    const [info] = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
        cwd: REPO,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const files: string[] = info.files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/package.json');
    expect(files.some((f) => f.startsWith('dist/chunks/react-chat-'))).toBe(true);
    expect(files).toContain('dist/pg/libpg-query.wasm.br');
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 create-agents contributors\n/);
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('templates/'))).toBe(false);
    // The five stacks with their kits are most of it; the budget keeps an eye on what an npx download costs.
    expect(info.unpackedSize).toBeLessThanOrEqual(2_500_000);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg).toMatchObject({ license: 'MIT', keywords: ['claude-code', 'agents', 'supabase', 'scaffold', 'create'] });

    const project = tempDir('consumer-');
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, info.filename)], { cwd: project, stdio: 'ignore' });
    expect(readdirSync(join(project, 'node_modules'))).toEqual(['.bin', '.package-lock.json', 'create-agents']);
    const bin = join(project, 'node_modules/.bin/create-agents');
    execFileSync(bin, ['app', '--stack', 'astro-ims', '--yes', '--no-git'], { cwd: project, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    // check exits 1 on errors; drift/* findings on the built-in templates are test/drift-templates.test.ts's to report.
    const run = spawnSync(bin, ['check', 'app', '--json'], { cwd: project, encoding: 'utf8' });
    const check = JSON.parse(run.stdout) as { findings: Array<{ rule: string }> };
    expect(check.findings.filter((f) => !f.rule.startsWith('drift/'))).toEqual([]);
  });
});
