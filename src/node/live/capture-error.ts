/**
 * The one error type of live capture: a device cannot be listed, opened or kept open. Its message is a
 * single line for the user that names the problem and says what to do; no stack trace is shown.
 */
export class CaptureError extends Error {
  override name = 'CaptureError';
}

/** How to install sox, on each system. */
export const SOX_INSTALL =
  'Debian/Ubuntu: apt-get install sox; macOS: brew install sox; Windows: install SoX and add it to PATH';

/** The message for a missing sox, the same from the capture, the device test and the start of a call. */
export const SOX_MISSING = `sox is not installed: install it (${SOX_INSTALL}), then start again`;
