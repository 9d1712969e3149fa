/**
 * The colours and shapes of a call's timeline, shared by the review app's charts and the standalone
 * HTML report. Hues are the Okabe-Ito colour-blind-safe set (Okabe & Ito, "Color Universal Design",
 * 2008); where an Okabe-Ito hue is too light for a line or a marker on white, `color` is a darker shade
 * of it with at least 3:1 contrast (WCAG 2.1, 1.4.11) and `ink` at least 4.5:1 for text (1.4.3).
 * Colour is never the only cue: every role also has a shape (`symbol`), a text glyph and a label.
 */
import type { LiveCueKind } from '../live/protocol.js';

/** Marker shapes; the names are Chart.js `pointStyle` values, so the app can pass them through. */
export type MarkerSymbol = 'line' | 'rect' | 'rectRot' | 'rectRounded' | 'triangle' | 'circle' | 'crossRot';

/** How a band or bar is filled: a pattern is the non-colour cue of bands that could look alike. */
export type FillPattern = 'solid' | 'hatch' | 'dashed';

export interface RoleStyle {
  /** Lines, marker outlines, band edges: at least 3:1 against white. */
  color: string;
  /** Text in this role's colour: at least 4.5:1 against white. */
  ink: string;
  /** Band or bar fill (may be translucent); drawn under lines. */
  fill: string;
  symbol: MarkerSymbol;
  /** Marker drawn filled (true) or as an outline (false). */
  filled: boolean;
  pattern: FillPattern;
  /** One character for lists and legends (never alone: always next to `label`). */
  glyph: string;
  /** Legend and tooltip text. */
  label: string;
  /** Short form for crowded places (a chart's lane, a tag). */
  shortLabel: string;
}

export type PaletteRole =
  | 'agent'
  | 'customer'
  | 'peak'
  | 'interruption'
  | 'interruptionAtPeak'
  | 'backchannel'
  | 'raisedVoice'
  | 'gapOk'
  | 'gapBad'
  | 'note'
  | 'playhead';

const style = (s: RoleStyle): Readonly<RoleStyle> => Object.freeze(s);

export const PALETTE: Readonly<Record<PaletteRole, Readonly<RoleStyle>>> = Object.freeze({
  // Okabe-Ito blue.
  agent: style({
    color: '#0072B2',
    ink: '#0072B2',
    fill: 'rgba(0, 114, 178, 0.55)',
    symbol: 'line',
    filled: true,
    pattern: 'solid',
    glyph: '━',
    label: 'Agent',
    shortLabel: 'Agent',
  }),
  // Okabe-Ito orange (#E69F00) for fills; a darker shade of it for the line and text.
  customer: style({
    color: '#B36F00',
    ink: '#9A6100',
    fill: 'rgba(230, 159, 0, 0.6)',
    symbol: 'line',
    filled: true,
    pattern: 'solid',
    glyph: '━',
    label: 'Customer',
    shortLabel: 'Customer',
  }),
  // Neutral slate, not another orange: the customer's line (orange) stays readable over it, and the
  // peak's number (P1, P2, …) names it on the chart and in every list.
  peak: style({
    color: '#59636E',
    ink: '#4A525C',
    fill: 'rgba(89, 99, 110, 0.13)',
    symbol: 'rect',
    filled: true,
    pattern: 'solid',
    glyph: '▮',
    label: 'Customer peak (loud, venting)',
    shortLabel: 'Peak',
  }),
  // Near black, an outline: noted, not held against compliance (the palette's "info" tone, by shape).
  interruption: style({
    color: '#2F3640',
    ink: '#2F3640',
    fill: 'rgba(47, 54, 64, 0.2)',
    symbol: 'triangle',
    filled: false,
    pattern: 'solid',
    glyph: '▽',
    label: 'Interruption',
    shortLabel: 'Interruption',
  }),
  // Okabe-Ito vermillion, darkened: the strongest mark, a filled diamond.
  interruptionAtPeak: style({
    color: '#C25400',
    ink: '#B34F00',
    fill: 'rgba(213, 94, 0, 0.35)',
    symbol: 'rectRot',
    filled: true,
    pattern: 'solid',
    glyph: '◆',
    label: 'Interruption at a peak',
    shortLabel: 'Interrupted peak',
  }),
  backchannel: style({
    color: '#767676',
    ink: '#6E6E6E',
    fill: 'rgba(118, 118, 118, 0.25)',
    symbol: 'circle',
    filled: false,
    pattern: 'solid',
    glyph: '○',
    label: 'Backchannel (not counted)',
    shortLabel: 'Backchannel',
  }),
  // Okabe-Ito yellow for the band (hatched, so it differs from a peak's shading without colour).
  raisedVoice: style({
    color: '#8C7E00',
    ink: '#7A6E00',
    fill: 'rgba(240, 228, 66, 0.55)',
    symbol: 'rect',
    filled: true,
    pattern: 'hatch',
    glyph: '▲',
    label: 'Raised voice (agent)',
    shortLabel: 'Raised',
  }),
  // Okabe-Ito bluish green, darkened: a solid bar with a check.
  gapOk: style({
    color: '#007A5A',
    ink: '#007A5A',
    fill: 'rgba(0, 158, 115, 0.85)',
    symbol: 'rect',
    filled: true,
    pattern: 'solid',
    glyph: '✓',
    label: 'Waited for the pause',
    shortLabel: 'Waited',
  }),
  // Okabe-Ito reddish purple, darkened: told apart from the vermillion diamond of an interruption at a
  // peak and from the customer's orange; a dashed bar with a cross.
  gapBad: style({
    color: '#A34A85',
    ink: '#953F78',
    fill: 'rgba(204, 121, 167, 0.85)',
    symbol: 'crossRot',
    filled: false,
    pattern: 'dashed',
    glyph: '✗',
    label: 'Replied too soon or raised',
    shortLabel: 'Too soon',
  }),
  // A coach's note: Okabe-Ito sky blue, darkened for contrast; a rounded speech bubble, the only mark of
  // that shape (told apart from the agent's blue line by shape and place: notes sit in the marks row).
  note: style({
    color: '#1F78A8',
    ink: '#1B6C9C',
    fill: 'rgba(86, 180, 233, 0.35)',
    symbol: 'rectRounded',
    filled: true,
    pattern: 'solid',
    glyph: '✎',
    label: 'Coach’s note',
    shortLabel: 'Note',
  }),
  playhead: style({
    color: '#1A1A1A',
    ink: '#1A1A1A',
    fill: 'rgba(26, 26, 26, 0.1)',
    symbol: 'line',
    filled: true,
    pattern: 'solid',
    glyph: '│',
    label: 'Playhead',
    shortLabel: 'Now',
  }),
});

/** How an event list entry is judged. */
export type Severity = 'ok' | 'bad' | 'neutral' | 'info';

export interface SeverityStyle {
  /** Text and marks: at least 4.5:1 against white. */
  ink: string;
  /** A light row or badge background (text in `ink` stays readable on it). */
  background: string;
  glyph: string;
  /** One word, shown next to the glyph: colour is never the only cue. */
  label: string;
}

export const SEVERITY_STYLE: Readonly<Record<Severity, Readonly<SeverityStyle>>> = Object.freeze({
  ok: Object.freeze({ ink: '#007A5A', background: '#E6F4EF', glyph: '✓', label: 'OK' }),
  bad: Object.freeze({ ink: '#B34F00', background: '#FBEDE3', glyph: '✗', label: 'Problem' }),
  neutral: Object.freeze({ ink: '#6E6E6E', background: '#F2F2F2', glyph: '–', label: 'Not counted' }),
  info: Object.freeze({ ink: '#0072B2', background: '#E8F1F8', glyph: '•', label: 'Note' }),
});

/** Neutral chart furniture: axes, grid, threshold lines and text. */
export const CHART_CHROME = Object.freeze({
  background: '#FFFFFF',
  text: '#1F2328',
  mutedText: '#59636E',
  axis: '#8C959F',
  grid: '#E4E7EB',
  threshold: '#59636E',
  /** The 0 dB line of a loudness lane (the party's own level). */
  zero: '#8C959F',
  /** The background of a speech lane where the party is silent. */
  laneBackground: '#F1F3F6',
  /** The outline of the selected peak or span, and a selected chip. */
  selection: '#1F5F99',
  /** The outline drawn around a filled mark, to part it from what is under it. */
  markHalo: '#FFFFFF',
  /** Behind a label drawn over the plot (a peak's number). */
  labelBackground: 'rgba(255, 255, 255, 0.9)',
});

/**
 * The app stylesheet's colours that are the palette's: each custom property of `renderer/styles.css`'s
 * `:root` named here holds exactly this value (test/renderer/stylesheet-palette.test.ts), so the
 * stylesheet cannot drift from the chart, the list and the HTML report.
 */
export const STYLESHEET_COLOURS: Readonly<Record<`--${string}`, string>> = Object.freeze({
  '--ok': SEVERITY_STYLE.ok.ink,
  '--ok-soft': SEVERITY_STYLE.ok.background,
  '--bad': SEVERITY_STYLE.bad.ink,
  '--bad-soft': SEVERITY_STYLE.bad.background,
  '--note': PALETTE.note.ink,
  '--accent': CHART_CHROME.selection,
  '--focus': CHART_CHROME.selection,
});

/** WCAG 2.1 contrast ratio of two `#RRGGBB` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The look of a live cue (the live window, its history and the review's "Live cues" list). */
export interface LiveCueStyle {
  /** Icon and title text, and the panel's edge: at least 4.5:1 against `background` and white. */
  ink: string;
  /** The cue panel's background while the cue shows. */
  background: string;
  /**
   * The icon, an SVG path in a 24 x 24 box drawn with `ink` (stroked, 2 px, round caps): the non-colour cue
   * that tells the kinds apart at a glance, always next to the cue's words.
   */
  iconPath: string;
  /** The kind in a few words: the mute menu, the history, the review's list. */
  label: string;
}

/**
 * Live cues by kind: corrections in the palette's "bad" vermilion family (talk-over, a missed pause), the
 * customer's venting in the customer's orange, the agent's raised voice in its yellow-olive, a pause
 * waited for in the "ok" green. Shapes: pause bars (let them finish), sound waves (they are venting), an arrow down (lower
 * your voice), a check (you waited), an hourglass (wait next time).
 */
export const LIVE_CUE_STYLE: Readonly<Record<LiveCueKind, Readonly<LiveCueStyle>>> = Object.freeze({
  talkingOver: Object.freeze({
    ink: '#B34F00',
    background: '#FBEDE3',
    iconPath: 'M8 5v14M16 5v14',
    label: 'Talking over',
  }),
  customerVenting: Object.freeze({
    ink: '#9A6100',
    background: '#FDF3E1',
    iconPath: 'M4 12h2M9 8v8M14 5v14M19 9v6',
    label: 'Customer venting',
  }),
  louderThanNormal: Object.freeze({
    ink: '#7A6E00',
    background: '#FBF8DC',
    iconPath: 'M12 4v14M6 12l6 6 6-6',
    label: 'Louder than usual',
  }),
  waitedForPause: Object.freeze({
    ink: '#007A5A',
    background: '#E6F4EF',
    iconPath: 'M5 12.5l4.5 4.5L19 7',
    label: 'Waited for the pause',
  }),
  peakMissed: Object.freeze({
    ink: '#B34F00',
    background: '#FBEDE3',
    iconPath: 'M7 4h10M7 20h10M8 4c0 5 8 5 8 8s-8 3-8 8M16 4c0 5-8 5-8 8s8 3 8 8',
    label: 'Pause missed',
  }),
});
