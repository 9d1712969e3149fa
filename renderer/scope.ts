/**
 * One owner for a view's listeners, timers, charts and workers, so leaving the view tears everything down.
 * A part of a view that is drawn again (after a coach's edit) asks for a child scope: closed with its
 * parent, or on its own before the part is drawn again (as wavesurfer.js's `Scope.child()`).
 */
export class Scope {
  private readonly cleanups: (() => void)[] = [];
  private closed = false;

  /** Registers a cleanup; runs it at once if the scope is already closed. */
  add(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  listen<K extends keyof HTMLElementEventMap>(
    target: HTMLElement,
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
  ): void;
  listen<K extends keyof WindowEventMap>(
    target: Window,
    type: K,
    listener: (event: WindowEventMap[K]) => void,
  ): void;
  listen<K extends keyof DocumentEventMap>(
    target: Document,
    type: K,
    listener: (event: DocumentEventMap[K]) => void,
  ): void;
  listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.add(() => target.removeEventListener(type, listener));
  }

  interval(callback: () => void, ms: number): void {
    const id = setInterval(callback, ms);
    this.add(() => clearInterval(id));
  }

  /**
   * A scope that closes with this one, or earlier on its own (then this one forgets it). A child of a
   * closed scope is born closed.
   */
  child(): Scope {
    const child = new Scope();
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
