/** A binary min-heap of timed events for the discrete-event simulation; ties keep insertion order. */

interface Entry<T> {
  at: number;
  seq: number;
  event: T;
}

export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, event: T): void {
    const entry: Entry<T> = { at, seq: this.seq++, event };
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parentAt = (i - 1) >> 1;
      const parent = this.entry(parentAt);
      if (!before(entry, parent)) break;
      heap[i] = parent;
      i = parentAt;
    }
    heap[i] = entry;
  }

  /** The earliest event, removed; undefined when empty. */
  pop(): { at: number; event: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last) return undefined;
    if (heap.length > 0) this.siftDown(last);
    return { at: top.at, event: top.event };
  }

  private siftDown(entry: Entry<T>): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      let child = l;
      if (r < heap.length && before(this.entry(r), this.entry(l))) child = r;
      const smallest = this.entry(child);
      if (!before(smallest, entry)) break;
      heap[i] = smallest;
      i = child;
    }
    heap[i] = entry;
  }

  private entry(i: number): Entry<T> {
    return this.heap[i] as Entry<T>;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
