#!/usr/bin/env node
// Set-up for `npm start` and `npm test` on a fresh Debian machine: system packages
// (when missing), npm dependencies (when missing or stale), then migrations.
// Plain JavaScript with no dependencies: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const skipMigrate = process.argv.includes('--no-migrate');

const log = (message) => process.stderr.write(`[setup] ${message}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function missingDebianPackages() {
  const missing = [];
  if (!has('tesseract')) missing.push('tesseract-ocr');
  const languages = has('tesseract') ? spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout ?? '' : '';
  if (!/^deu$/m.test(languages)) missing.push('tesseract-ocr-deu');
  if (!has('pdftoppm') || !has('pdfunite') || !has('pdfseparate')) missing.push('poppler-utils');
  if (!has('qpdf')) missing.push('qpdf');
  // PDF/A-2b archive renditions (src/modules/archive); ships the sRGB ICC profile of the output intent.
  if (!has('gs')) missing.push('ghostscript');
  // The generator of demo and test letters writes G3 faxes with tiffcp.
  if (!has('tiffcp') || !has('tiffinfo')) missing.push('libtiff-tools');
  // The e-mail tests run a real IMAP server (src/modules/intake/mail, test/imap-server.ts); e-mail bodies are typeset in DejaVu Sans.
  if (!has('dovecot')) missing.push('dovecot-imapd');
  if (!fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) missing.push('fonts-dejavu-core');
  // The end-to-end tests of the web UI drive Debian's Chromium (playwright-core, no browser download).
  if (!has('chromium')) missing.push('chromium');
  // The long-lived tesseract of the OCR step (src/modules/ocr/native/tesseract-server.cpp) is compiled here.
  if (!has('g++')) missing.push('g++');
  if (!has('pkg-config')) missing.push('pkg-config');
  if (!fs.existsSync('/usr/include/tesseract/baseapi.h') || !fs.existsSync('/usr/include/leptonica/allheaders.h')) missing.push('libtesseract-dev');
  return [...new Set(missing)];
}

function installDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    log(`missing system packages: ${missing.join(' ')} — install them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(2);
  }
  log(`installing ${missing.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

function installNpmDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs - 1000;
  if (fresh && fs.existsSync(path.join(root, 'node_modules', '.bin', 'tsx'))) return;
  log('installing npm dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The React workspace (web/) is built into web/dist when that is missing or older than any source file. */
function buildWebUi() {
  const webDir = path.join(root, 'web');
  const built = path.join(webDir, 'dist', 'index.html');
  const newest = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  const sourcesChanged = () => Math.max(newest(path.join(webDir, 'src')), fs.statSync(path.join(webDir, 'index.html')).mtimeMs, fs.statSync(path.join(webDir, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sourcesChanged()) return;
  log('building the web UI (vite build)');
  execFileSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * Compiles a native helper into node_modules/.cache/poststelle when it is missing or older than its
 * source. A compiler or header mismatch must not stop set-up: each helper has a slower fallback.
 */
function buildNativeHelper({ source, name, what, flags = [], fallback }) {
  const target = path.join(root, 'node_modules', '.cache', 'poststelle', name);
  if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) return;
  log(`building ${what} (g++)`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}`;
  try {
    execFileSync('g++', ['-O2', '-o', temporary, source, ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    log(`building ${what} failed (${error instanceof Error ? error.message.split('\n')[0] : error}): ${fallback}`);
  }
}

/**
 * The OCR step's long-lived tesseract (src/modules/ocr/tesseract.server.ts); without it the OCR step
 * runs the tesseract CLI per page (slower, same results).
 */
function buildTesseractServer() {
  const fallback = 'the OCR step runs the tesseract CLI per page';
  if (!has('g++') || !has('pkg-config')) return log(`g++ or pkg-config missing: ${fallback}`);
  const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'tesseract', 'lept'], { encoding: 'utf8' });
  if (flags.status !== 0) return log(`libtesseract-dev missing: ${fallback}`);
  const source = path.join(root, 'src', 'modules', 'ocr', 'native', 'tesseract-server.cpp');
  buildNativeHelper({ source, name: 'poststelle-tesseract', what: 'the long-lived tesseract of the OCR step', flags: flags.stdout.trim().split(/\s+/), fallback });
}

/**
 * The process launcher (src/modules/shared/process-launcher.ts) starts external programs for a Node
 * process, which would otherwise fork its whole address space per program (~19 ms at 400 MB).
 */
function buildProcessLauncher() {
  const fallback = 'external programs are started by Node itself';
  if (!has('g++')) return log(`g++ missing: ${fallback}`);
  const source = path.join(root, 'src', 'modules', 'shared', 'native', 'process-launcher.cpp');
  buildNativeHelper({ source, name: 'poststelle-launcher', what: 'the process launcher', fallback });
}

function migrate() {
  log('starting the database and applying migrations');
  execFileSync(process.execPath, [path.join(root, 'bin', 'poststelle.js'), 'db', 'migrate'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

function trainDefaultModel() {
  if (fs.existsSync(path.join(root, 'models', 'request-type.model.json.gz'))) return;
  log('training the default request-type model from the generated corpus');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'train-default-model.ts')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

try {
  installDebianPackages();
  installNpmDependencies();
  trainDefaultModel();
  buildWebUi();
  buildTesseractServer();
  buildProcessLauncher();
  if (!skipMigrate) migrate();
} catch (error) {
  log(`set-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
