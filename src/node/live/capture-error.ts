/**
 * The one error type of live capture: a device cannot be listed, opened or kept open. Its message is a
 * single line for the user that names the problem and says what to do; no stack trace is shown.
 */
export class CaptureError extends Error {
  override name = 'CaptureError';
}

/** The message for a missing sox, the same from the device list, the capture and the device test. */
export const SOX_MISSING =
  'sox is not installed: install it (Debian/Ubuntu: apt-get install sox; macOS: brew install sox; ' +
  'Windows: install SoX and add it to PATH), then start again';
