/** Initialises a git repository with a first branch named main. Returns an error message or null. */
export async function gitInit(dir: string): Promise<string | null> {
  const { execa } = await import('execa');
  try {
    await execa('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir, timeout: 30_000, stdin: 'ignore' });
    return null;
  } catch (error) {
    const e = error as { code?: string; shortMessage?: string; message: string };
    return e.code === 'ENOENT' ? 'git is not installed' : (e.shortMessage ?? e.message);
  }
}
