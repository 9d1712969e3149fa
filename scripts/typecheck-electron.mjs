// Type-checks electron/ (tsconfig.electron.json) against Electron's own types, when Electron is installed:
// it is an optional dependency, absent where its download failed, and then electron/ is skipped with a note.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const types = new URL('../node_modules/electron/electron.d.ts', import.meta.url);

if (!existsSync(types)) {
  console.log(
    'typecheck: electron/ was not type-checked because Electron is not installed (node_modules/electron)',
  );
  process.exit(0);
}
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.electron.json'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
