/**
 * A plain-text progress bar on stderr: redrawn in place on a terminal, one line every few seconds
 * when stderr is a file or a pipe (a log stays readable).
 */
export class Progress {
  private done = 0;
  private errors = 0;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private lastLine = 0;

  constructor(
    private readonly label: string,
    private readonly totalCount: number,
    private readonly out: NodeJS.WriteStream | null = process.stderr,
  ) {
    if (!out) return;
    this.timer = setInterval(() => this.draw(false), out.isTTY ? 250 : 5000);
    this.timer.unref();
  }

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.errors++;
  }

  finish(): void {
    clearInterval(this.timer);
    this.draw(true);
  }

  private draw(final: boolean): void {
    if (!this.out) return;
    const width = 30;
    const filled = Math.round((this.done / Math.max(1, this.totalCount)) * width);
    const seconds = (Date.now() - this.started) / 1000;
    const rate = this.done / Math.max(seconds, 0.001);
    const line =
      `${this.label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
      `${this.done}/${this.totalCount} ${rate.toFixed(1)}/s ${seconds.toFixed(0)}s` +
      (this.errors ? ` errors ${this.errors}` : '');
    if (this.out.isTTY) this.out.write(`\r${line}${final ? '\n' : ''}`);
    else if (final || Date.now() - this.lastLine >= 5000) {
      this.out.write(`${line}\n`);
      this.lastLine = Date.now();
    }
  }
}
