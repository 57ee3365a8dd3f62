// Shared helpers of the web UI end-to-end tests: the fiado server (started in a fresh
// temporary folder with demo data), Debian's chromium through playwright-core, and a
// generator of valid CPFs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const kActionTimeoutMs = 10_000;

export function requiredEnv() {
  const binary = process.env.FIADO_BINARY;
  const webDir = process.env.FIADO_WEB_DIR;
  const problems = [];
  if (!binary) problems.push('FIADO_BINARY não definido (caminho do executável fiado)');
  else if (!existsSync(binary)) problems.push(`FIADO_BINARY não existe: ${binary}`);
  if (!webDir) problems.push('FIADO_WEB_DIR não definido (caminho de web/dist)');
  else if (!existsSync(path.join(webDir, 'index.html'))) {
    problems.push(`${webDir}/index.html não existe: rode "npm run build" em web/`);
  }
  if (problems.length) throw new Error(problems.join('; '));
  return { binary, webDir };
}

export function makeTempDir() {
  return mkdtempSync(path.join(tmpdir(), 'fiado-e2e-'));
}

// Starts `fiado serve --demo` on a free port; resolves when it printed its address and the
// demo owner's login.
export function startServer({ binary, webDir, dir, timeoutMs = 30_000 }) {
  const args = [
    'serve', '--db', `sqlite:${path.join(dir, 'fiado.db')}`, '--address', '127.0.0.1', '--port', '0',
    '--web-dir', webDir, '--demo',
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const info = { child, url: '', email: '', password: '', output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`o servidor não ficou pronto em ${timeoutMs} ms; saída:\n${output.join('\n')}`));
    }, timeoutMs);
    const check = () => {
      if (info.url && info.email && info.password) {
        clearTimeout(timer);
        resolve(info);
      }
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      let m = /^Fiado \S+ em (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) info.url = m[1];
      m = /^\s+e-mail:\s*(\S+)/.exec(line);
      if (m) info.email = m[1];
      m = /^\s+senha:\s*(\S+)/.exec(line);
      if (m) info.password = m[1];
      check();
    });
    createInterface({ input: child.stderr }).on('line', (line) => output.push(`[stderr] ${line}`));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      if (!(info.url && info.email && info.password)) {
        clearTimeout(timer);
        reject(new Error(`o servidor terminou (código ${code}, sinal ${signal}) antes de ficar pronto; saída:\n${output.join('\n')}`));
      }
    });
  });
}

export function stopServer(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function launchBrowser(dir) {
  const userDataDir = mkdtempSync(path.join(dir, 'chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1280, height: 900 },
  });
}

// A valid CPF: 9 random digits (not all equal) and the two mod-11 check digits.
export function cpfCheckDigits(nine) {
  const digits = nine.split('').map(Number);
  for (let round = 0; round < 2; round++) {
    const weightStart = digits.length + 1;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) sum += digits[i] * (weightStart - i);
    const rest = sum % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return digits.slice(9).join('');
}

export function randomCpf() {
  let nine;
  do {
    nine = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('');
  } while (/^(\d)\1{8}$/.test(nine));
  return nine + cpfCheckDigits(nine);
}

export function formatCpf(d) {
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

// The same CPF with a wrong second check digit.
export function invalidCpf(valid) {
  const last = (Number(valid[10]) + 1) % 10;
  return valid.slice(0, 10) + last;
}

export function randomWord(length = 8) {
  const letters = 'bcdfghjklmnpqrstvxz';
  const vowels = 'aeiou';
  let word = '';
  for (let i = 0; i < length; i++) {
    const pool = i % 2 === 0 ? letters : vowels;
    word += pool[Math.floor(Math.random() * pool.length)];
  }
  return word[0].toUpperCase() + word.slice(1);
}

// ---- Helpers shared by the newer test files (sales.test.mjs) ---------------------------

// The element of class field-error tied (aria-describedby) to the input of an API field.
// Signs in through the login page and waits for the customers page.
export async function signIn(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/entrar`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(`${baseUrl}/clientes`);
}

// Waits until the first element the locator finds is visible.
export async function visible(locator) {
  await locator.first().waitFor({ state: 'visible' });
}

export async function fieldErrorFor(page, field, timeout = kActionTimeoutMs) {
  const input = page.locator(`[data-field="${field}"]`);
  await input.waitFor();
  await page.waitForFunction(
    (f) => {
      const el = document.querySelector(`[data-field="${f}"]`);
      const ids = (el?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      return ids.some((id) => document.getElementById(id)?.classList.contains('field-error'));
    },
    field,
    { timeout },
  );
  const ids = (await input.getAttribute('aria-describedby')).split(/\s+/);
  for (const id of ids) {
    const candidate = page.locator(`[id="${id}"].field-error`);
    if ((await candidate.count()) === 1) return candidate;
  }
  throw new Error(`nenhum erro ligado ao campo ${field}`);
}

// A JSON call to the API with the browser context's session cookie (and its CSRF token on
// unsafe methods). Resolves to { status, body }.
export async function apiAs(context, baseUrl, method, apiPath, body, headers = {}) {
  const extra = { ...headers };
  if (method !== 'GET') {
    const current = await context.request.get(`${baseUrl}/api/v1/sessions/current`);
    extra['X-CSRF-Token'] = (await current.json()).csrf_token;
  }
  const response = await context.request.fetch(`${baseUrl}${apiPath}`, {
    method,
    headers: extra,
    data: body === undefined ? undefined : body,
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status(), body: json };
}

// One demo server and one chromium shared by the tests of a file: started before them,
// closed after them; on a failure the screenshots, the database and the server's last
// output stay in the temporary folder. `state` gets dir, server, context, page, failed.
// Returns uiTest(name, body): a test step that takes a screenshot when it fails.
export function browserSuite(state, { screenshotPrefix = 'falha', timeoutMs = 45_000 } = {}) {
  process.on('exit', () => {
    // Last resort: never leave the server running.
    if (state.server?.child && state.server.child.exitCode === null) state.server.child.kill('SIGKILL');
  });
  before(async () => {
    try {
      const env = requiredEnv();
      state.dir = makeTempDir();
      console.log(`# pasta temporária: ${state.dir}`);
      state.server = await startServer({ ...env, dir: state.dir });
      console.log(`# servidor em ${state.server.url} (dono de demonstração: ${state.server.email})`);
      state.context = await launchBrowser(state.dir);
      state.context.setDefaultTimeout(kActionTimeoutMs);
      state.context.setDefaultNavigationTimeout(kActionTimeoutMs);
      state.page = state.context.pages()[0] ?? (await state.context.newPage());
      state.page.on('pageerror', (error) => console.log(`# erro de JavaScript na página: ${error.message}`));
    } catch (error) {
      state.failed = true;
      throw error;
    }
  });
  after(async () => {
    try {
      await state.context?.close();
    } catch {
      // The browser may already be gone.
    }
    await stopServer(state.server?.child);
    if (state.failed) {
      console.log(`# falhou: capturas de tela e banco em ${state.dir}`);
      if (state.server) console.log(`# saída do servidor:\n${state.server.output.slice(-40).map((l) => `#   ${l}`).join('\n')}`);
    } else if (state.dir) {
      rmSync(state.dir, { recursive: true, force: true });
    }
  });
  return function uiTest(name, body) {
    test(name, { timeout: timeoutMs }, async () => {
      try {
        await body(state.page);
      } catch (error) {
        state.failed = true;
        const file = path.join(state.dir || '.', `${screenshotPrefix}-${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
        try {
          await state.page?.screenshot({ path: file, fullPage: true });
          console.log(`# captura de tela: ${file} (URL ${state.page?.url()})`);
        } catch {
          // No screenshot: the page is gone.
        }
        throw error;
      }
    });
  };
}
