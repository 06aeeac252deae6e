// Renders of cluster snapshots, one at a time: what arrives meanwhile waits, and only the newest waiting one is kept.

/**
 * Runs `render` for one snapshot at a time. A snapshot pushed while a render runs waits for it, replacing any that
 * was already waiting: on a cluster that keeps changing, every render finishes and the next one shows the newest
 * state. (Cancelling the render in flight instead would, on such a cluster, never show anything.)
 */
export class RenderQueue<T> {
  private waiting: T | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly render: (item: T) => Promise<void>, private readonly onError: (error: unknown) => void) {}

  /** Renders `item` now, or when the render in flight ends. */
  push(item: T): void {
    this.waiting = item;
    this.running ??= this.drain();
  }

  /** Forgets the waiting item (a refresh is about to push a new one). */
  clear(): void {
    this.waiting = undefined;
  }

  /** Settles when nothing runs or waits any more. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      for (let item = this.waiting; item !== undefined; item = this.waiting) {
        this.waiting = undefined;
        try {
          await this.render(item);
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
