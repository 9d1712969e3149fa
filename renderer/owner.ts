/**
 * The DOM-free core of a view's scope (scope.ts): one owner of cleanups (timers, charts, workers,
 * subscriptions), run once, newest first, when it closes; and child owners, closed with their parent or
 * on their own before it (then forgotten by the parent), as wavesurfer.js's `Scope.child()`. A part of a
 * view that is drawn again asks for a child; a child of a closed owner is born closed.
 */
export class Owner {
  private readonly cleanups: (() => void)[] = [];
  private closed = false;

  /** Registers a cleanup; runs it at once if the owner is already closed. */
  add(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  interval(callback: () => void, ms: number): void {
    const id = setInterval(callback, ms);
    this.add(() => clearInterval(id));
  }

  /** An owner of the same kind that closes with this one, or earlier on its own (this one then forgets it). */
  child(): this {
    const child = new (this.constructor as new () => this)();
    if (this.closed) {
      child.close();
      return child;
    }
    const closeChild = (): void => child.close();
    this.cleanups.push(closeChild);
    child.add(() => {
      const at = this.cleanups.indexOf(closeChild);
      if (at >= 0) this.cleanups.splice(at, 1);
    });
    return child;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs every cleanup, newest first. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch (error) {
        console.error('cleanup failed', error);
      }
    }
  }
}
