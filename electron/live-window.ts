/**
 * The app window during a live call: compact (420 x 560, the live view's size), always on top, and never
 * taking focus from the softphone: it is only shown inactive, never focused. After the call it gets its
 * size, place, minimum size, maximized and on-top state back. Written against the few BrowserWindow members
 * it uses, so it tests without Electron.
 */

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Electron's BrowserWindow used here. */
export interface CompactableWindow {
  getBounds(): Bounds;
  setBounds(bounds: Partial<Bounds>): void;
  getMinimumSize(): number[];
  setMinimumSize(width: number, height: number): void;
  isAlwaysOnTop(): boolean;
  setAlwaysOnTop(flag: boolean, level?: 'floating'): void;
  isMaximized(): boolean;
  unmaximize(): void;
  maximize(): void;
  isVisible(): boolean;
  isMinimized(): boolean;
  showInactive(): void;
}

/** The live window's size, px: what renderer/views/live-view.ts lays out for without scrolling. */
export const LIVE_WINDOW = Object.freeze({ width: 420, height: 560 });
/** How small the agent may make it during the call, px. */
const LIVE_MIN = Object.freeze({ width: 340, height: 440 });

interface Saved {
  bounds: Bounds;
  minimum: [number, number];
  onTop: boolean;
  maximized: boolean;
}

export class LiveWindowMode {
  private saved: Saved | null = null;

  constructor(private readonly window: () => CompactableWindow | null) {}

  get compact(): boolean {
    return this.saved !== null;
  }

  /** Compact and on top, shown without focus; a second call while compact changes nothing. */
  enter(): void {
    const w = this.window();
    if (w === null || this.saved !== null) return;
    const [minWidth = 0, minHeight = 0] = w.getMinimumSize();
    const maximized = w.isMaximized();
    if (maximized) w.unmaximize();
    const bounds = w.getBounds();
    this.saved = { bounds, minimum: [minWidth, minHeight], onTop: w.isAlwaysOnTop(), maximized };
    w.setMinimumSize(LIVE_MIN.width, LIVE_MIN.height);
    // keep the window's right edge where it was: the live view sits beside whatever the agent works in
    w.setBounds({
      x: bounds.x + Math.max(0, bounds.width - LIVE_WINDOW.width),
      y: bounds.y,
      width: LIVE_WINDOW.width,
      height: LIVE_WINDOW.height,
    });
    w.setAlwaysOnTop(true, 'floating');
    if (!w.isVisible() || w.isMinimized()) w.showInactive();
  }

  /** Back to the size, place and state from before the call. */
  leave(): void {
    const w = this.window();
    const saved = this.saved;
    this.saved = null;
    if (w === null || saved === null) return;
    w.setAlwaysOnTop(saved.onTop);
    w.setMinimumSize(saved.minimum[0], saved.minimum[1]);
    w.setBounds(saved.bounds);
    if (saved.maximized) w.maximize();
  }
}
