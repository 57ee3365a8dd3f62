// Entry of the web UI end-to-end tests, called by CTest as `node tests/e2e/run.mjs` with
// FIADO_BINARY (the fiado executable) and FIADO_WEB_DIR (the built web/dist). Runs the
// *.test.mjs files here with node:test, prints a readable report and exits non-zero on
// any failure (or when no test ran).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => path.join(here, f));

for (const name of ['FIADO_BINARY', 'FIADO_WEB_DIR']) {
  if (!process.env[name]) {
    console.error(`e2e: falta a variável de ambiente ${name}`);
    process.exit(2);
  }
}

const passed = new Set();
const failed = new Set();
const keyOf = (event) => `${event.file ?? ''}:${event.line ?? ''}:${event.nesting}:${event.name}`;
const started = Date.now();
const stream = run({ files, concurrency: 1, timeout: 240_000 });
stream.on('test:pass', (event) => {
  if (!event.skip && !event.todo) passed.add(keyOf(event));
});
stream.on('test:fail', (event) => failed.add(keyOf(event)));
const report = stream.compose(new spec());
report.pipe(process.stdout, { end: false });
report.on('end', () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\ne2e: ${passed.size} passed, ${failed.size} failed (${seconds} s)`);
  if (failed.size > 0 || passed.size === 0) process.exitCode = 1;
});
