/** The PulseAudio rig of the live tests (it lives in scripts/, which the live benchmark shares). */
export * from '../../scripts/pulse-rig.js';
