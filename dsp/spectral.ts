import MeydaModule from 'meyda';

/** The part of Meyda's (module-wide, mutable) API used here. */
interface MeydaApi {
  bufferSize: number;
  sampleRate: number;
  extract(feature: 'spectralCentroid', signal: Float32Array): unknown;
}
// meyda is CommonJS whose typings describe an ES default export: take whichever the runtime gives.
const Meyda = ((MeydaModule as unknown as { default?: MeydaApi }).default ??
  MeydaModule) as unknown as MeydaApi;

/**
 * Spectral features of speech frames through Meyda. Meyda keeps its configuration in a module-wide
 * object; this wrapper sets it on every call, so several users with different settings cannot
 * disturb each other.
 */
export class SpectralFeatures {
  constructor(
    readonly frameSamples: number,
    readonly sampleRateHz: number,
  ) {
    if ((frameSamples & (frameSamples - 1)) !== 0)
      throw new RangeError(`frameSamples must be a power of two, not ${frameSamples}`);
  }

  /**
   * Spectral centroid of a frame, Hz (the "brightness" of a voice: it rises with pitch and vocal
   * effort). NaN for a silent frame.
   */
  centroidHz(frame: Float32Array): number {
    Meyda.bufferSize = this.frameSamples;
    Meyda.sampleRate = this.sampleRateHz;
    const features = Meyda.extract('spectralCentroid', frame);
    const bin = typeof features === 'number' ? features : NaN;
    // Meyda gives the centroid as a spectrum bin index (0 .. frameSamples / 2).
    return Number.isFinite(bin) ? (bin * this.sampleRateHz) / this.frameSamples : NaN;
  }
}
