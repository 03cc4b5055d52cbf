/**
 * Characters a name must not carry raw to a terminal: C0 and C1 controls (ESC starts a sequence that
 * can rewrite the screen, a newline can fake a line of output) and the bidirectional controls that
 * make text display in another order than it reads (U+202E shows `exe.txt` for `txt.exe`).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu;

/** A name as it may be printed in a message: each unsafe character shown as an escape (`\x1b`, `\u202e`). */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
