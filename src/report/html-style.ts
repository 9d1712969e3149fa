/**
 * The HTML report's stylesheet: system fonts only (nothing to fetch), light background, accessible
 * contrast, and print rules for A4 and Letter (whole table rows and timeline rows per page, colours kept).
 */
import { CHART_CHROME as C, SEVERITY_STYLE as S } from './palette.js';

export const REPORT_CSS = `
:root { color-scheme: light; --text: ${C.text}; --muted: ${C.mutedText}; --line: #D0D7DE; --soft: #F6F8FA; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #EEF1F4; color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  font-variant-numeric: tabular-nums; }
.page { max-width: 1120px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; min-height: 100vh; }
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px;
  border-bottom: 2px solid var(--text); padding-bottom: 12px; margin-bottom: 20px; }
.brand { font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
h1 { font-size: 24px; line-height: 1.2; margin: 2px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0; font-size: 13px; overflow-wrap: anywhere; }
.meta span + span::before { content: " · "; }
.stamp { text-align: right; font-size: 12px; color: var(--muted); white-space: nowrap; }
.verdict { display: grid; grid-template-columns: minmax(220px, 1fr) 2.4fr; gap: 16px; align-items: stretch; }
.hero { border-radius: 8px; padding: 16px 18px; border-left: 6px solid; }
.hero .k { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.hero .figure { font-size: 40px; font-weight: 700; line-height: 1.1; margin-top: 6px; }
.missed { margin: 8px 0 0; padding-left: 18px; font-size: 13px; }
.missed b { color: var(--sev); }
.unanswered { margin: 6px 0 0; padding-left: 18px; font-size: 13px; color: var(--muted); list-style-type: "${S.neutral.glyph}  "; }
.unanswered b { color: var(--text); }
.hero .figure small { font-size: 18px; font-weight: 600; }
.hero .headline { font-size: 15px; font-weight: 600; margin-top: 6px; }
.kpis { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.kpi .k { font-size: 12px; color: var(--muted); font-weight: 600; }
.kpi .v { font-size: 24px; font-weight: 700; line-height: 1.2; margin-top: 2px; }
.kpi .s { font-size: 12px; color: var(--muted); }
${(['ok', 'bad', 'neutral', 'info'] as const)
  .map((k) => `.sev-${k} { --sev: ${S[k].ink}; --sev-bg: ${S[k].background}; }`)
  .join('\n')}
.hero { background: var(--sev-bg); border-color: var(--sev); }
.hero .figure, .hero .headline { color: var(--sev); }
.kpi .v .mark { color: var(--sev); font-size: 18px; margin-right: 4px; }
.badge { display: inline-block; white-space: nowrap; font-size: 12px; font-weight: 600; color: var(--sev);
  background: var(--sev-bg); border-radius: 10px; padding: 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 8px; padding: 0; list-style: none; font-size: 12px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { flex: none; }
.timeline { display: block; width: 100%; height: auto; margin-bottom: 6px; break-inside: avoid; }
.timeline text { font-family: inherit; }
.timeline .lane { font-size: 13px; font-weight: 600; fill: ${C.text}; }
.timeline .lane-sub { font-size: 11px; fill: ${C.mutedText}; }
.timeline .db, .timeline .thr-label { font-size: 10.5px; fill: ${C.mutedText}; }
.timeline .tick-label { font-size: 12px; fill: ${C.text}; }
.timeline .peak-label { font-size: 11px; font-weight: 700; fill: #6B4200; }
.timeline .gap-label { font-size: 11px; font-weight: 600; }
.timeline text.peak-label, .timeline text.gap-label, .timeline text.thr-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.timeline .grid { stroke: ${C.grid}; stroke-width: 1; }
.timeline .tick { stroke: ${C.axis}; stroke-width: 1; }
.timeline .panel { fill: none; stroke: ${C.grid}; }
.timeline .zero { stroke: ${C.axis}; stroke-width: 1; }
.timeline .threshold { stroke: ${C.threshold}; stroke-width: 1; stroke-dasharray: 5 4; }
.note { font-size: 12.5px; color: var(--muted); margin: 6px 0 0; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; }
th.result { width: 34%; }
td .why { font-size: 12px; color: var(--muted); margin-top: 2px; }
tr { break-inside: avoid; }
tbody tr.sev-bad td:first-child, tbody tr.sev-ok td:first-child, tbody tr.sev-neutral td:first-child,
tbody tr.sev-info td:first-child { box-shadow: inset 4px 0 0 var(--sev); padding-left: 12px; }
.ev-title { font-weight: 600; }
.glyph { display: inline-block; width: 1.3em; text-align: center; }
.talkbar { display: flex; height: 18px; border-radius: 4px; overflow: hidden; border: 1px solid var(--line); margin: 6px 0; }
.talkbar div { height: 100%; }
.dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: -1px; }
table.thresholds td:first-child { width: 62%; }
table.thresholds td.num { white-space: normal; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
.warnings { margin: 0; padding: 10px 14px 10px 30px; background: #FFF8E1; border: 1px solid #E6C200; border-radius: 6px; }
.warnings li { overflow-wrap: anywhere; }
dl.source { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; font-size: 13px; }
dl.source dt { color: var(--muted); }
dl.source dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 28px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media screen and (max-width: 760px) { .verdict, .cols { grid-template-columns: 1fr; } header { display: block; } .stamp { text-align: left; } }
@page { margin: 12mm 11mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  header { display: flex; }
  .verdict { grid-template-columns: 1fr 1.5fr; gap: 10px; }
  .hero .figure { font-size: 30px; }
  .kpi .v { font-size: 18px; }
  table { font-size: 9pt; }
  th, td { padding: 4px 6px; }
  .page { max-width: none; padding: 0; min-height: 0; }
  h2 { break-after: avoid; margin-top: 18px; }
  thead { display: table-header-group; }
  .verdict, .kpis, .legend, .cols > div { break-inside: avoid; }
  .cols { gap: 16px; }
}
`;
