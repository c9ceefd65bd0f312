/** Number and table formatting for reports. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A live progress line on a terminal (stderr), erased when done; silent elsewhere. */
export class ProgressLine {
  private shown = false;
  constructor(private readonly enabled = Boolean(process.stderr.isTTY) && !process.env.CI) {}
  update(text: string): void {
    if (!this.enabled) return;
    // longer than the terminal, the line would wrap and \r would no longer erase it
    const width = Math.max(20, (process.stderr.columns || 100) - 1); // 0: a terminal that does not say
    process.stderr.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
    this.shown = false;
  }
}
