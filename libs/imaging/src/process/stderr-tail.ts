import { stripVTControlCharacters } from 'node:util';
/**
 * Keeps the last `maxLines` lines a tool printed (stderr), with progress redraws (`\r`) and ANSI escapes removed,
 * so a failure can carry what the tool said without buffering its whole output.
 */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 20) {}

  /** Adds a chunk of output. */
  push(chunk: Buffer | string): void {
    const text = stripVTControlCharacters(this.partial + chunk.toString());
    const parts = text.split(/\r\n|\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  /** The kept lines joined with `\n` (the unfinished last line included). */
  text(): string {
    const all = this.partial.trim() ? [...this.lines, this.partial.trim()] : this.lines;
    return all.slice(-this.maxLines).join('\n');
  }

  private add(line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    this.lines.push(trimmed);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
