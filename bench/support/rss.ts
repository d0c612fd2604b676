/** Samples the process's resident set size until stopped; reports the peak in MB. */
export class RssSampler {
  #peak = process.memoryUsage.rss();
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 25) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes one sample now. */
  sample(): void {
    this.#peak = Math.max(this.#peak, process.memoryUsage.rss());
  }

  /** Stops sampling and returns the peak RSS in MB. */
  stop(): number {
    this.sample();
    clearInterval(this.#timer);
    return Math.round(this.#peak / 1024 / 1024);
  }
}
