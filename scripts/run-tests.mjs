#!/usr/bin/env node
// The whole test run: lint, typecheck, then vitest (unit + integration on real
// PostgreSQL and Tesseract). Ends with one line "N passed, N failed", where lint
// and typecheck count as one check each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const extraArgs = process.argv.slice(2);
let passed = 0;
let failed = 0;

function check(name, command, args) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status === 0) {
    passed += 1;
    process.stdout.write(`${name}: ok\n`);
  } else {
    failed += 1;
    process.stdout.write(`${name}: FAILED\n`);
  }
}

if (extraArgs.length === 0) {
  check('lint', bin('eslint'), ['--max-warnings=0', '.']);
  check('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
  check('typecheck web', bin('tsc'), ['--noEmit', '-p', 'web']);
}

process.stdout.write('\n=== vitest ===\n');
const reportFile = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...extraArgs], { cwd: root, stdio: 'inherit' });
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + suitesFailedOutsideTests(report);
} else {
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed += 1; // vitest failed outside any test (e.g. global set-up)

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

/** A test file that failed before or outside its tests (import error, failing hook) counts as one failure. */
function suitesFailedOutsideTests(report) {
  return (report.testResults ?? []).filter((suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed')).length;
}
