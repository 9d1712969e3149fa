/**
 * What both transports of live mode carry between a host of live capture and the live window: Electron's
 * IPC (the `live:*` channels of contract.ts and the `live:push` channel) and web mode's `/api/live/` routes
 * (src/node/live/live-http.ts). One set of types, so the renderer's two hosts hand the views the same data.
 * Types and constants only, plus the URL of a recording: no Node, no DOM.
 */
import type { LiveDevice, RecoverableSession } from '../live/controller.js';
import type { LiveUpdate } from '../live/protocol.js';
import type { Report } from '../report/schema.js';

export type { LiveDevice, RecoverableSession };

/** A device's level during its test, about 10 a second (LiveController.testDevice's `onLevel`). */
export interface LiveMeter {
  type: 'meter';
  device: string;
  /** dBFS. */
  db: number;
}

/** Everything pushed to the live window: the session's updates and, during a device test, its meter. */
export type LiveMessage = LiveUpdate | LiveMeter;

/** Whether live calls can be made from this host, and whether one is running now. */
export type LiveStatus = { available: true; running: boolean } | { available: false; message: string };

/** A session ended or recovered, as the review opens it. */
export interface LiveOpened {
  sessionId: string;
  report: Report;
  /** Where the page can play the call's recording (same origin), or null: recording was off or is gone. */
  recordingUrl: string | null;
}

/** How long a device test runs unless asked otherwise, s. */
export const DEVICE_TEST_SEC = 3;
/** The longest device test a request may ask for, s (a test holds the device; a typo should not hold it long). */
export const MAX_DEVICE_TEST_SEC = 10;

/** The web-mode routes (src/node/live/live-http.ts); GET unless marked POST. */
export const LIVE_ROUTES = Object.freeze({
  status: '/api/live/status',
  events: '/api/live/events',
  devices: '/api/live/devices',
  recoverable: '/api/live/recoverable',
  /** POST */
  start: '/api/live/start',
  /** POST */
  action: '/api/live/action',
  /** POST */
  stop: '/api/live/stop',
  /** POST */
  testDevice: '/api/live/test-device',
  /** POST */
  recover: '/api/live/recover',
  /** followed by the session id */
  recording: '/api/live/recording/',
});

/** Electron's main → renderer channel of LiveMessages (not a request channel: the preload only listens). */
export const LIVE_PUSH_CHANNEL = 'live:push';
