/**
 * The presentation data of a report, in one import: the palette (palette.ts), the timeline's lines,
 * bands, markers, gaps and ticks (timeline-data.ts), and the event list with its navigation
 * (event-list.ts). Pure and portable: the review app's renderer and the HTML report both use it.
 */
export * from './palette.js';
export * from './timeline-data.js';
export * from './event-list.js';
