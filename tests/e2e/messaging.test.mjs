// End-to-end tests of the outbox screens: the owner's "Canais de mensagem" (a field error
// from the server in Portuguese at its input; the secrets shown as set after saving; a
// stale save explained), "Enviar teste" by e-mail through a real local SMTP server
// (tests/support/smtp_server.py) and by SMS through a provider that refuses, the
// collection's WhatsApp message of a shop without a WhatsApp API account waiting for a
// collector ("Abrir no WhatsApp", "Marquei como enviada"), a failed message under "Com
// problema" with its reason resent once the provider is fixed, and the customer's message
// history; the provider's receipt and a customer's "PARAR" under "Respostas e avisos
// recebidos". A real `fiado serve --demo` (which runs the outbox worker itself) and Debian's
// chromium, as collection.test.mjs; the SMS provider is a node http server here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { apiAs, browserSuite, fieldErrorFor, makeTempDir, randomCpf, randomWord, signIn as signInAt, visible } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const kSmtpScript = path.join(here, '..', 'support', 'smtp_server.py');
const kSmtpUser = 'loja-e2e';
const kSmtpPassword = 'senha-smtp-e2e';
const kTestPhone = '(11) 98765-4321';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  owner: null, // { name, email }
  smtp: null, // { child, port, dir }
  sms: null, // { server, port, mode: 'refuse' | 'accept', requests: [] }
  customer: null, // { id, name, phone }
  whatsapp: null, // { id, fromCollection }: the manual WhatsApp message
  providersDir: '',
  smsSent: null, // the SMS resent and accepted by the provider
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha-mensagens', timeoutMs: 60_000 });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);
const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- The local providers ----------------------------------------------------------------------

function startSmtp(dir) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const out = path.join(dir, 'correio');
  const child = spawn(python, [kSmtpScript, '--port', '0', '--dir', out, '--auth', `${kSmtpUser}:${kSmtpPassword}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`o servidor SMTP de teste não ficou pronto: ${errors.join('\n')}`));
    }, 15_000);
    createInterface({ input: child.stderr }).on('line', (line) => errors.push(line));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^READY (\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), dir: out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`o servidor SMTP de teste terminou (código ${code}): ${errors.join('\n')}`));
    });
  });
}

// A generic HTTP SMS provider: refuses with 400 or accepts with an id, as the test says.
function startSmsProvider() {
  const sms = { server: null, port: 0, mode: 'refuse', requests: [] };
  sms.server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      sms.requests.push({ url: request.url, authorization: request.headers.authorization ?? '', body });
      response.setHeader('Content-Type', 'application/json');
      if (sms.mode === 'refuse') {
        response.statusCode = 400;
        response.end(JSON.stringify({ error: 'numero bloqueado pela operadora' }));
      } else {
        response.statusCode = 200;
        response.end(JSON.stringify({ id: `sms-${sms.requests.length}` }));
      }
    });
  });
  return new Promise((resolve) => {
    sms.server.listen(0, '127.0.0.1', () => {
      sms.port = sms.server.address().port;
      resolve(sms);
    });
  });
}

before(async () => {
  state.providersDir = makeTempDir();
  state.smtp = await startSmtp(state.providersDir);
  state.sms = await startSmsProvider();
  console.log(`# SMTP de teste na porta ${state.smtp.port}; provedor de SMS na porta ${state.sms.port}`);
});

after(async () => {
  state.smtp?.child.kill('SIGTERM');
  await new Promise((resolve) => (state.sms?.server ? state.sms.server.close(resolve) : resolve()));
  if (state.providersDir && !state.failed) rmSync(state.providersDir, { recursive: true, force: true });
});

function mailTo(address) {
  if (!existsSync(state.smtp.dir)) return [];
  return readdirSync(state.smtp.dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(state.smtp.dir, f), 'utf-8')))
    .filter((m) => m.rcpt_tos.includes(address));
}

// Polls until `probe` answers something truthy.
async function until(what, probe, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await sleep(250);
  }
  throw new Error(`esperei demais: ${what}`);
}

async function messageNow(id) {
  const answer = await api('GET', `/api/v1/messages/${id}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

// The shop's calendar (the demo store is in America/Sao_Paulo): YYYY-MM-DD of today + days.
function shopDate(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
}

const chips = (page) => page.getByRole('group', { name: 'Situação' });
const chip = (page, label) => chips(page).getByRole('button', { name: new RegExp(`^${label} \\(\\d+\\)$`) });
const row = (page, id) => page.locator(`table[aria-label="Mensagens"] tr[data-message="${id}"]`);

// ---- Canais de mensagem -----------------------------------------------------------------------

uiTest('o dono abre Canais de mensagem e um erro do servidor aparece no campo, em português', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  const session = await api('GET', '/api/v1/sessions/current');
  state.owner = { name: session.body.user.name, email: session.body.user.email };
  // The daily run at the end of the day: the scheduler of `fiado serve` must not run the
  // day in the middle of these tests (the run here is made by hand).
  const rules = await api('GET', '/api/v1/collection/settings');
  assert.equal(rules.status, 200, JSON.stringify(rules.body));
  const quiet = await api('PUT', '/api/v1/collection/settings', { ...rules.body.settings, run_time: '23:59' });
  assert.equal(quiet.status, 200, JSON.stringify(quiet.body));
  const before = await api('GET', '/api/v1/messaging/settings');
  assert.equal(before.status, 200, JSON.stringify(before.body));

  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Configurações' }).getByRole('link', { name: 'Canais de mensagem' }).click();
  await page.waitForURL(url('/configuracoes/mensagens'));
  const email = page.getByRole('group', { name: 'E-mail (SMTP)', exact: true });
  await visible(email);
  // WhatsApp without an API account: the collectors send by the link.
  const whatsapp = page.getByRole('group', { name: 'WhatsApp (API do WhatsApp Cloud)', exact: true });
  assert.equal(await whatsapp.getByLabel('Usar a API do WhatsApp Cloud').isChecked(), false);
  await visible(whatsapp.getByText('os cobradores enviam pelo link do WhatsApp', { exact: false }));

  await email.getByLabel('Enviar e-mails').check();
  const server = email.getByLabel('Servidor SMTP');
  assert.equal(await server.getAttribute('placeholder'), 'smtp://smtp.exemplo.com.br:587');
  await server.fill('smtp.exemplo.com.br');
  await email.getByLabel('E-mail do remetente').fill('cobranca@loja-e2e.com.br');
  await page.getByRole('button', { name: 'Salvar canais' }).click();
  const error = await fieldErrorFor(page, 'email.smtp_url');
  assert.match(await error.innerText(), /informe o servidor como smtp:\/\/host:587/);
  assert.equal(await server.getAttribute('aria-invalid'), 'true');
  await visible(page.getByText('Os canais não foram salvos', { exact: false }));

  const unchanged = await api('GET', '/api/v1/messaging/settings');
  assert.equal(unchanged.body.settings.version, before.body.settings.version);
  assert.equal(unchanged.body.settings.email.enabled, false);

  // Typing in the field clears its error.
  await server.fill('smtp://smtp.exemplo.com.br:587');
  assert.equal(await server.getAttribute('aria-invalid'), null);
});

uiTest('o dono salva e-mail e SMS; as senhas e tokens aparecem como definidos, nunca o valor', async (page) => {
  const email = page.getByRole('group', { name: 'E-mail (SMTP)', exact: true });
  await email.getByLabel('Servidor SMTP').fill(`smtp://127.0.0.1:${state.smtp.port}`);
  await email.getByLabel('Usuário').fill(kSmtpUser);
  const password = email.getByLabel('Senha');
  assert.match(await email.getByText('Nenhuma senha definida.').innerText(), /Nenhuma senha/);
  await password.fill(kSmtpPassword);
  await email.getByLabel('Nome do remetente').fill('Loja do e2e');
  // The test server speaks plain SMTP.
  await email.getByLabel('Exigir STARTTLS (não enviar sem criptografia)').uncheck();

  const sms = page.getByRole('group', { name: 'SMS', exact: true });
  await sms.getByLabel('Enviar SMS').check();
  await sms.getByLabel('Endereço do provedor').fill(`http://127.0.0.1:${state.sms.port}/sms`);
  await sms.getByLabel('Cabeçalho de autenticação').fill('Authorization: Bearer sms-e2e');
  await sms.getByLabel('Token de retorno').fill('retorno-e2e');
  await page.getByRole('button', { name: 'Salvar canais' }).click();
  await visible(page.getByText('Canais de mensagem salvos.'));

  // Write-only: the inputs are empty again and say the secret is kept.
  assert.equal(await password.inputValue(), '');
  await visible(email.getByText('senha definida — deixe em branco para manter.'));
  assert.equal(await sms.getByLabel('Cabeçalho de autenticação').inputValue(), '');
  await visible(sms.getByText('cabeçalho definido — deixe em branco para manter.'));
  await visible(sms.getByText('token definido — deixe em branco para manter.'));
  const hook = await sms.getByRole('group', { name: 'Endereço de retorno do SMS' }).locator('code').innerText();
  assert.match(hook, /\/webhooks\/sms\/.+token=retorno-e2e/);

  const saved = (await api('GET', '/api/v1/messaging/settings')).body.settings;
  assert.equal(saved.email.enabled, true);
  assert.equal(saved.email.password_set, true);
  assert.equal(saved.email.starttls, false);
  assert.equal(saved.sms.auth_header_set, true);
  assert.equal(saved.sms.callback_token_set, true);
  assert.equal(saved.whatsapp.enabled, false);
  assert.ok(!JSON.stringify(saved).includes(kSmtpPassword), 'a senha nunca volta pela API');

  // Saved again without typing the password: it is kept.
  await page.reload();
  await page.getByRole('group', { name: 'E-mail (SMTP)', exact: true }).getByLabel('Nome do remetente').fill('Loja do e2e (cobrança)');
  await page.getByRole('button', { name: 'Salvar canais' }).click();
  await visible(page.getByText('Canais de mensagem salvos.'));
  const again = (await api('GET', '/api/v1/messaging/settings')).body.settings;
  assert.equal(again.version, saved.version + 1);
  assert.equal(again.email.password_set, true);
  assert.equal(again.email.from_name, 'Loja do e2e (cobrança)');
});

uiTest('quando outra pessoa salvou antes, o formulário explica e recarrega', async (page) => {
  await page.reload();
  const attempts = page.getByLabel('Tentativas por mensagem');
  await visible(attempts);
  const current = (await api('GET', '/api/v1/messaging/settings')).body.settings;
  assert.equal(await attempts.inputValue(), String(current.max_attempts));
  const other = await api('PUT', '/api/v1/messaging/settings', { ...current, max_attempts: 5 });
  assert.equal(other.status, 200, JSON.stringify(other.body));

  await attempts.fill('4');
  await page.getByRole('button', { name: 'Salvar canais' }).click();
  await visible(page.getByText('Outra pessoa salvou os canais de mensagem', { exact: false }));
  assert.equal((await api('GET', '/api/v1/messaging/settings')).body.settings.max_attempts, 5);
  await page.getByRole('button', { name: 'Recarregar' }).click();
  await visible(page.getByText('Canais recarregados', { exact: false }));
  assert.equal(await attempts.inputValue(), '5');
});

uiTest('"Enviar teste" por e-mail chega ao servidor SMTP local e diz "Enviada"', async (page) => {
  const box = page.getByRole('group', { name: 'Enviar teste por e-mail', exact: true });
  // A bad address: the server's error at "Para".
  await box.getByLabel('Para').fill('nao-e-um-email');
  await box.getByRole('button', { name: 'Enviar teste' }).click();
  const error = await fieldErrorFor(page, 'test.email.to');
  assert.match(await error.innerText(), /@/);

  const to = `${randomWord(8).toLowerCase()}@example.com`;
  await box.getByLabel('Para').fill(to);
  await box.getByRole('button', { name: 'Enviar teste' }).click();
  const result = box.getByRole('status').filter({ hasText: /^Enviada \(id .+\)\.$/ });
  await visible(result);
  const mail = await until('o e-mail de teste no servidor SMTP', () => mailTo(to)[0]);
  // The server requires AUTH: the message got in with the password saved before.
  assert.match(mail.text, /mensagem de teste/);
  assert.match(mail.headers.From, /cobranca@loja-e2e\.com\.br/);
});

uiTest('"Enviar teste" por SMS com o provedor recusando mostra o motivo', async (page) => {
  state.sms.mode = 'refuse';
  const box = page.getByRole('group', { name: 'Enviar teste por SMS', exact: true });
  await box.getByLabel('Para').fill(kTestPhone);
  assert.equal(await box.getByLabel('Para').inputValue(), kTestPhone);
  await box.getByRole('button', { name: 'Enviar teste' }).click();
  const result = box.getByRole('alert').filter({ hasText: /^Não enviada: / });
  await visible(result);
  assert.match(await result.innerText(), /recusou \(HTTP 400\)/);
  const request = state.sms.requests.at(-1);
  assert.equal(request.authorization, 'Bearer sms-e2e');
  assert.match(request.body, /5511987654321/);
});

// ---- Mensagens ------------------------------------------------------------------------------------

uiTest('uma mensagem de WhatsApp sem conta da API fica em "Envio manual" e "Marquei como enviada" a move para Enviadas', async (page) => {
  // A customer whose installment is due in 3 days: the D−3 WhatsApp of "Varejo padrão".
  const name = `Cliente Mensagens ${randomWord(7)}`;
  const phone = `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const created = await api('POST', '/api/v1/customers', {
    cpf: randomCpf(),
    full_name: name,
    phones: [phone],
    email: `${randomWord(8).toLowerCase()}@example.com`,
    address: { street: 'Rua das Flores', number: '100', complement: '', district: 'Centro', city: 'São Paulo', state: 'SP', postal_code: '01001000' },
    consents: [{ channel: 'whatsapp', granted: true, source: 'in_store_form' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  state.customer = { id: created.body.id, name, phone };
  const limit = await api('PUT', `/api/v1/customers/${created.body.id}/credit-limit`, {
    credit_limit_cents: 1_000_000, reason: 'e2e das mensagens',
  });
  assert.equal(limit.status, 200, JSON.stringify(limit.body));
  const sale = await api('POST', '/api/v1/sales', {
    customer_id: created.body.id, description: `Geladeira ${randomWord(5)}`, price_cents: 120_000, down_payment_cents: 0,
    installment_count: 4, sale_date: shopDate(0), first_due_date: shopDate(3),
  }, { 'Idempotency-Key': `e2e-mensagens-${randomWord(10)}` });
  assert.equal(sale.status, 201, JSON.stringify(sale.body));

  const run = await api('POST', '/api/v1/collection/runs', {});
  assert.equal(run.status, 200, JSON.stringify(run.body));
  const queued = await until('a mensagem de WhatsApp da régua', async () => {
    const list = await api('GET', `/api/v1/messages?customer_id=${created.body.id}&channel=whatsapp`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    return list.body.messages[0];
  });
  assert.equal(queued.source, 'collection');
  // The worker turns it into a manual message when it is due (inside the contact hours).
  let message = await until('a mensagem sair da fila ou ser adiada', async () => {
    const m = await messageNow(queued.id);
    // Deferred: due later than the server's own clock (its updated_at) says now.
    const future = Date.parse(m.next_attempt_at) > Date.parse(m.updated_at) + 5_000;
    return m.status !== 'queued' && m.status !== 'sending' ? m : m.status === 'queued' && future ? m : null;
  });
  state.whatsapp = { id: message.id, fromCollection: message.status === 'manual' };
  if (message.status !== 'manual') {
    // Outside the contact hours (night, Sunday, holiday) the régua's message waits for the
    // next window: the click-to-chat is shown with the owner's WhatsApp test instead.
    assert.equal(message.status, 'queued', JSON.stringify(message));
    console.log(`# fora do horário de contato (${message.next_attempt_at}): envio manual com a mensagem de teste do WhatsApp`);
    const test = await api('POST', '/api/v1/messaging/test', { channel: 'whatsapp', to: phone });
    assert.equal(test.status, 200, JSON.stringify(test.body));
    message = test.body;
    state.whatsapp = { id: message.id, fromCollection: false };
  }
  assert.equal(message.status, 'manual', JSON.stringify(message));
  assert.match(message.click_to_chat_url, /^https:\/\/wa\.me\/55/);

  await page.goto(url('/cobranca'));
  await page.getByRole('navigation', { name: 'Cobrança' }).getByRole('link', { name: 'Mensagens' }).click();
  await page.waitForURL(url('/cobranca/mensagens'));
  await chip(page, 'Envio manual').click();
  assert.equal(await chip(page, 'Envio manual').getAttribute('aria-pressed'), 'true');
  const manual = row(page, message.id);
  await visible(manual);
  const text = await manual.innerText();
  assert.match(text, /WhatsApp/);
  assert.match(text, /aguardando envio manual/);
  if (state.whatsapp.fromCollection) assert.ok(text.includes(name), text);
  const link = manual.getByRole('link', { name: /^Abrir no WhatsApp/ });
  assert.match(await link.getAttribute('href'), /^https:\/\/wa\.me\/55\d{10,11}\?text=/);
  assert.equal(await link.getAttribute('target'), '_blank');

  await manual.getByRole('button', { name: /^Marquei como enviada/ }).click();
  await visible(page.getByText('marcada como enviada', { exact: false }));
  await manual.waitFor({ state: 'detached' });
  await chip(page, 'Enviadas').click();
  const sent = row(page, message.id);
  await visible(sent);
  assert.match(await sent.innerText(), /enviada/);

  const stored = await messageNow(message.id);
  assert.equal(stored.status, 'sent');
  assert.equal(stored.sent_by, state.owner.name);
  assert.ok(stored.events.some((e) => e.status === 'manual'));
  assert.ok(stored.events.some((e) => e.status === 'sent' && e.detail.includes('link do WhatsApp')));
});

uiTest('uma mensagem que falhou aparece em "Com problema" com o motivo, e "Reenviar" a põe na fila de novo', async (page) => {
  const failed = (await api('GET', '/api/v1/messages?status=failed&channel=sms')).body.messages
    .find((m) => m.source === 'test' && m.recipient === '+5511987654321');
  assert.ok(failed, 'o teste de SMS recusado está entre as que falharam');
  assert.match(failed.last_error, /recusou \(HTTP 400\)/);

  // Opened without a choice, the tab shows the problems first.
  await page.goto(url('/cobranca/mensagens'));
  await visible(chip(page, 'Com problema'));
  await page.waitForFunction(() => document.querySelector('[data-group="problema"]')?.getAttribute('aria-pressed') === 'true');
  await visible(chip(page, 'Todas'));
  const problem = row(page, failed.id);
  await visible(problem);
  const text = await problem.innerText();
  assert.match(text, /SMS/);
  assert.match(text, /\(11\) 98765-4321/);
  assert.match(text, /falhou/);
  assert.match(text, /o provedor de SMS recusou \(HTTP 400\)/);

  // The channel filter keeps only SMS.
  await page.getByLabel('Canal', { exact: true }).selectOption('sms');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table[aria-label="Mensagens"] tbody tr[data-channel]')];
    return rows.length > 0 && rows.every((r) => r.dataset.channel === 'sms');
  });
  await visible(problem);

  // The provider fixed, the message is resent and goes out.
  state.sms.mode = 'accept';
  await problem.getByRole('button', { name: /^Reenviar/ }).click();
  await visible(page.getByText('reenviada: voltou para a fila de envio', { exact: false }));
  await problem.waitFor({ state: 'detached' });
  const sent = await until('a mensagem reenviada sair', async () => {
    const m = await messageNow(failed.id);
    return m.status === 'sent' ? m : null;
  });
  assert.match(sent.provider_id, /^sms-\d+$/);
  state.smsSent = sent;

  await chip(page, 'Enviadas').click();
  const done = row(page, failed.id);
  await visible(done);
  // The row opens the message's timeline and text.
  await done.locator('td[data-label="Canal"]').click();
  const dialog = page.getByRole('dialog', { name: 'Mensagem', exact: true });
  await visible(dialog);
  const timeline = dialog.getByRole('list', { name: 'Histórico da mensagem' });
  await visible(timeline);
  const events = await timeline.innerText();
  assert.match(events, /falhou[\s\S]*recusou \(HTTP 400\)/);
  assert.match(events, new RegExp(`na fila[\\s\\S]*reenviada por ${escaped(state.owner.name)}`));
  assert.match(events, /enviada[\s\S]*aceita pelo provedor/);
  assert.match(await dialog.getByRole('region', { name: 'Texto da mensagem' }).innerText(), /mensagem de teste/);
  await dialog.getByRole('button', { name: 'Fechar' }).first().click();
  await dialog.waitFor({ state: 'hidden' });
});

uiTest('a página do cliente mostra o histórico das mensagens', async (page) => {
  assert.ok(state.customer, 'depende do teste do envio manual');
  await page.goto(url(`/clientes/${state.customer.id}`));
  const section = page.getByRole('region', { name: 'Mensagens', exact: true });
  const list = section.getByRole('list', { name: 'Mensagens do cliente' });
  await visible(list);
  const collection = (await api('GET', `/api/v1/customers/${state.customer.id}/messages`)).body.messages;
  assert.ok(collection.length >= 1);
  const whatsapp = collection.find((m) => m.channel === 'whatsapp' && m.source === 'collection');
  assert.ok(whatsapp, 'a mensagem da régua está no histórico do cliente');
  const item = list.locator(`li[data-message="${whatsapp.id}"]`);
  await visible(item);
  const text = await item.innerText();
  assert.match(text, /WhatsApp/);
  assert.match(text, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  if (state.whatsapp.fromCollection) {
    assert.match(text, /enviada/);
    assert.ok(text.includes(`por ${state.owner.name}`), text);
    assert.ok(whatsapp.body.length > 0);
    assert.ok(text.includes(whatsapp.body.split('\n')[0]), 'o texto enviado aparece');
  } else {
    assert.match(text, /na fila/);
  }

  await item.getByText(/^Histórico da mensagem \(\d+\)$/).click();
  const timeline = item.getByRole('list', { name: 'Histórico da mensagem de WhatsApp' });
  await visible(timeline);
  const events = await timeline.innerText();
  assert.match(events, /na fila[\s\S]*decidida pela régua/);
  if (state.whatsapp.fromCollection) {
    assert.match(events, /aguardando envio manual/);
    assert.match(events, /enviada por .+ pelo link do WhatsApp/);
  }
});

uiTest('o recibo e o "PARAR" do provedor de SMS aparecem em "Respostas e avisos recebidos"', async (page) => {
  assert.ok(state.smsSent && state.customer, 'depende dos testes anteriores');
  const hook = (await api('GET', '/api/v1/messaging/settings')).body.webhooks.sms;
  assert.match(hook, /token=retorno-e2e/);
  const receipt = await state.context.request.post(hook, { data: { id: state.smsSent.provider_id, status: 'delivered' } });
  assert.equal(receipt.status(), 200, await receipt.text());
  const reply = await state.context.request.post(hook, { data: { from: state.customer.phone.slice(1), text: 'PARAR', id: 'mo-1' } });
  assert.equal(reply.status(), 200, await reply.text());
  assert.equal((await messageNow(state.smsSent.id)).status, 'delivered');

  await page.goto(url('/cobranca/mensagens?situacao=entregues'));
  assert.equal(await chip(page, 'Entregues').getAttribute('aria-pressed'), 'true');
  const delivered = row(page, state.smsSent.id);
  await visible(delivered);
  assert.match(await delivered.innerText(), /entregue/);

  await page.getByText('Respostas e avisos recebidos').click();
  const table = page.getByRole('table', { name: 'Respostas e avisos recebidos' });
  await visible(table);
  const optOut = table.locator('tr[data-outcome="opt_out"]');
  await visible(optOut);
  const optOutText = await optOut.innerText();
  assert.match(optOutText, /SMS[\s\S]*Resposta[\s\S]*PARAR[\s\S]*descadastro/);
  const applied = table.locator('tr[data-outcome="applied"]');
  await visible(applied);
  assert.match(await applied.innerText(), new RegExp(`Aviso de situação[\\s\\S]*entregue[\\s\\S]*id ${state.smsSent.provider_id}[\\s\\S]*aplicado à mensagem`));

  // The customer's SMS consent is withdrawn by the reply.
  const customer = (await api('GET', `/api/v1/customers/${state.customer.id}`)).body;
  const sms = customer.consents.find((c) => c.channel === 'sms');
  assert.ok(!sms || sms.granted === false, JSON.stringify(customer.consents));
});
