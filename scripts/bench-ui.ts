/**
 * Opens a call through the review app's UI (web mode, Debian's Chromium) and reports how long it takes
 * from choosing the file to the review on screen, and how responsive the window stayed meanwhile: the
 * longest stall of a 50 ms heartbeat on the UI thread and the long tasks (> 50 ms) the browser saw.
 *
 *   npx tsx scripts/bench-ui.ts bench-out/call-60min.wav
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { e2eReady, openApp } from './app-harness.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/bench-ui.ts CALL.wav');
  process.exit(2);
}
if (!e2eReady()) process.exit(0);

const session = await openApp('');
try {
  const { page } = session;
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.waitForSelector('#open-demo');
  await page.evaluate(`(() => {
    window.__long = [];
    window.__stall = 0;
    let last = performance.now();
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__long.push(Math.round(entry.duration));
    }).observe({ entryTypes: ['longtask'] });
    setInterval(() => {
      const now = performance.now();
      window.__stall = Math.max(window.__stall, now - last - 50);
      last = now;
    }, 50);
  })()`);
  const started = Date.now();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open-call')]);
  await chooser.setFiles(resolve(file));
  await page.waitForSelector('#scorecard', { timeout: 15 * 60_000 });
  const openMs = Date.now() - started;
  await page.waitForTimeout(1000);
  const long = (await page.evaluate('window.__long')) as number[];
  const stall = (await page.evaluate('window.__stall')) as number;
  const zoomStarted = Date.now();
  await page.click('#zoom-in');
  await page.click('#zoom-out');
  const zoomMs = Date.now() - zoomStarted;
  const events = await page.locator('#event-list .event-item').count();
  const mb = statSync(file).size / 1e6;
  console.log(`${file} (${mb.toFixed(0)} MB) through the UI:`);
  console.log(`  chosen → review on screen   ${(openMs / 1000).toFixed(1)} s`);
  console.log(`  longest UI-thread stall     ${Math.round(stall)} ms`);
  console.log(`  long tasks (> 50 ms)        ${long.length ? long.join(', ') + ' ms' : 'none'}`);
  console.log(`  zoom in + out (2 clicks)    ${zoomMs} ms`);
  console.log(`  events listed               ${events}`);
  if (session.errors.length > 0) console.log(`  page errors: ${session.errors.join(' | ')}`);
} finally {
  await session.close();
}
