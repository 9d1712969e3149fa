/** What the benchmarks (bench.ts, bench-folder.ts) share: the machine-speed loop and the result table. */

/** A fixed CPU-bound loop, ms: how fast this (shared, drifting) machine is right now. */
export function calibrationMs(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  if (x < 0) console.log(x); // keep the loop
  return performance.now() - started;
}

/** Prints `rows` (the first one the heading) as columns padded to their widest cell, after a blank line. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
}
