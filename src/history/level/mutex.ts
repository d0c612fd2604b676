/**
 * Runs async sections one at a time, in call order. Used where a read decides a write (does the
 * instance exist?) so that two starts of one id cannot both create it.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `section` after every section started before it has settled. */
  async run<T>(section: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release: () => void = () => {};
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await section();
    } finally {
      release();
    }
  }
}
