#!/usr/bin/env node
// The softspoken command: runs the compiled CLI (npm install builds it into dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/node/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "softspoken: not built yet: run 'npm install' (or 'npm run build') in the project first\n",
  );
  process.exit(2);
}
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // a broken build or a bug, never bad input (the CLI reports that itself): one line, no stack trace
  process.stderr.write(
    `softspoken: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 70;
}
