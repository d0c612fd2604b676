/** A binary min-heap ordered by a comparison function. */
export class MinHeap<T> {
  private items: T[] = [];

  /** @param before true when `a` must come out before `b`. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  /** Number of items, stale ones included. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds an item in O(log n). */
  push(item: T): void {
    const items = this.items;
    let index = items.length;
    items.push(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent] as T;
      if (!this.before(item, above)) break;
      items[index] = above;
      index = parent;
    }
    items[index] = item;
  }

  /** Removes and returns the smallest item in O(log n). */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) this.siftDown(last);
    return top;
  }

  /** Keeps only the items `keep` accepts, rebuilding the heap in O(n). */
  retain(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep);
    this.items = [];
    for (const item of kept) this.push(item);
  }

  private siftDown(item: T): void {
    const items = this.items;
    const length = items.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.before(items[right] as T, items[left] as T)) child = right;
      const smaller = items[child] as T;
      if (!this.before(smaller, item)) break;
      items[index] = smaller;
      index = child;
    }
    items[index] = item;
  }
}
