/**
 * Child process of decoder-fuzz.test.ts: runs the cases named on its command line, in order, and prints a
 * JSON line as each one starts (so a hang is named by the parent, which kills it) and one as it ends, with
 * the process's peak memory so far. Errors that escape a case (an unhandled rejection) are that case's problem.
 * Usage: tsx fuzz-child.ts SEED FORMAT:INDEX…
 */
import { describeCase, runCase } from './fuzz-case.js';

const [seedArg, ...keys] = process.argv.slice(2);
const seed = Number(seedArg);
const escaped: string[] = [];

for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (error: unknown) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    escaped.push(`${event}: ${text.split('\n')[0]}`);
  });
}

const send = (line: object): boolean => process.stdout.write(`${JSON.stringify(line)}\n`);

for (const key of keys) {
  send({ type: 'start', key, ...describeCase(seed, key) });
  const report = await runCase(seed, key);
  // let a rejection left behind by the case surface before it is reported
  await new Promise((resolve) => setImmediate(resolve));
  report.problems.push(...escaped.splice(0));
  const { rss } = process.memoryUsage();
  send({ type: 'done', ...report, rssMb: rss / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 });
}
