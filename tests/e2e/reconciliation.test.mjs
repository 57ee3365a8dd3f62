// End-to-end tests of bank reconciliation: the owner's Pix notification (webhook) with its
// secret shown once, the import of a CNAB 240 return made by `fiado demo cnab-return` and
// its report, the same file again ("já importados", nothing posted twice), a refused file
// with its problem in Portuguese, an OFX statement sent to its own endpoint, a Pix of no
// installment in the queue (pendências) that is dismissed and another assigned to an
// installment, each with a reason, and the revocation of the webhook. A real
// `fiado serve --demo` and Debian's chromium, as sales.test.mjs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiAs, browserSuite, fieldErrorFor, signIn as signInAt, visible } from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  webhook: null, // { path, secret }
  returnFile: '', // the CNAB 240 return's path
  paidText: '', // "R$ 321,87": what the return pays
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha-conciliacao', timeoutMs: 30_000 });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);
const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);

const kDemoStoreCnpj = '11222333000181';
const kFileLabel = 'Arquivo de retorno (CNAB) ou extrato (OFX)';

// `fiado demo cnab-return` on the running server's database (SQLite takes both).
async function writeReturnFile(titles) {
  const file = path.join(state.dir, 'retorno-e2e.ret');
  const { stdout } = await promisify(execFile)(process.env.FIADO_BINARY, [
    'demo', 'cnab-return', '--db', `sqlite:${path.join(state.dir, 'fiado.db')}`, '--store', kDemoStoreCnpj,
    '--out', file, '--titles', String(titles),
  ]);
  const m = /total pago:\s*R\$\s*([\d.,]+)/.exec(stdout);
  assert.ok(m, `saída inesperada: ${stdout}`);
  return { file, paidText: `R$ ${m[1]}` };
}

// A provider's notification of one Pix, signed with the webhook's secret (HMAC-SHA256).
async function notifyPix(txid, valor, payer) {
  const endToEndId = `E2E${Date.now()}${Math.floor(Math.random() * 1e6)}`.slice(0, 32);
  const body = JSON.stringify({ pix: [{ endToEndId, txid, valor, horario: new Date().toISOString(), infoPagador: payer }] });
  const signature = createHmac('sha256', state.webhook.secret).update(body).digest('hex');
  const response = await fetch(url(state.webhook.path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Signature': `sha256=${signature}` },
    body,
  });
  return { status: response.status, body: await response.json() };
}

// The value shown for a line of the import report ("3 · R$ 321,87").
async function reportValue(report, label) {
  const item = report.locator('.dl-item').filter({ has: report.page().getByText(label, { exact: true }) });
  return (await item.locator('dd').innerText()).replace(/\s+/g, ' ').trim();
}

async function upload(page, file) {
  await page.getByLabel(kFileLabel).setInputFiles(file);
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
}

const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function queueRow(page, text) {
  return page.getByRole('table', { name: 'Pendências' }).getByRole('row').filter({ hasText: text });
}

uiTest('o dono cria uma notificação Pix e vê o segredo e o endereço uma única vez', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  await page.goto(url('/configuracoes/pix'));
  await visible(page.getByRole('heading', { name: 'Notificações Pix (webhooks)' }));
  await page.getByRole('button', { name: 'Criar notificação' }).click();
  assert.equal(await (await fieldErrorFor(page, 'provider')).innerText(), 'informe o nome do provedor');

  await page.getByLabel('Nome do provedor').fill('Banco Exemplo');
  await page.getByLabel('Autenticação').selectOption('hmac-sha256');
  await page.getByRole('button', { name: 'Criar notificação' }).click();
  const secret = page.getByTestId('pix-webhook-secret');
  await visible(secret);
  const address = await page.getByTestId('pix-webhook-url').innerText();
  assert.match(address, new RegExp(`^${escaped(url('/webhooks/pix/'))}\\S+$`));
  await visible(page.getByText('X-Signature: sha256=<HMAC do corpo>'));
  state.webhook = { path: new URL(address).pathname, secret: (await secret.innerText()).trim() };
  assert.match(state.webhook.secret, /^\S{16,}$/);

  await page.getByRole('button', { name: 'Já copiei' }).click();
  await secret.waitFor({ state: 'hidden' });
  const row = page.getByRole('table', { name: 'Notificações Pix' }).getByRole('row').filter({ hasText: 'Banco Exemplo' });
  await visible(row);
  assert.match(await row.innerText(), /Ativa/);
  assert.equal(await page.getByText(state.webhook.secret).count(), 0, 'o segredo não aparece de novo');
});

uiTest('importa um retorno CNAB 240 e mostra o relatório em português', async (page) => {
  const made = await writeReturnFile(3);
  state.returnFile = made.file;
  state.paidText = made.paidText;
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Conciliação' }).click();
  await page.waitForURL(url('/conciliacao'));
  await visible(page.getByRole('heading', { level: 1, name: 'Conciliação' }));

  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  assert.equal(await (await fieldErrorFor(page, 'arquivo')).innerText(), 'escolha o arquivo do banco');

  await upload(page, state.returnFile);
  const report = page.getByRole('region', { name: 'Resultado da importação de retorno-e2e.ret' });
  await visible(report);
  assert.match(await report.innerText(), /CNAB 240 · Banco do Brasil \(001\) · convênio 1238798 · 3 registros/);
  assert.equal(await reportValue(report, 'Lançados'), `3 · ${state.paidText}`);
  assert.equal(await reportValue(report, 'Já importados antes'), '0 · R$ 0,00');
  assert.equal(await reportValue(report, 'Na fila de pendências'), '0 · R$ 0,00');
  assert.equal(await reportValue(report, 'Tarifas do banco'), 'R$ 0,00');

  const imports = page.getByRole('table', { name: 'Arquivos importados' });
  await visible(imports.getByRole('row').filter({ hasText: 'retorno-e2e.ret' }));
});

uiTest('o mesmo arquivo de novo: já importados, nada lançado em dobro', async (page) => {
  assert.ok(state.returnFile, 'depende da importação anterior');
  await upload(page, state.returnFile);
  const report = page.getByRole('region', { name: 'Resultado da importação de retorno-e2e.ret' });
  await visible(report.getByText('Este arquivo já foi importado antes; nada foi lançado em dobro.'));
  assert.equal(await reportValue(report, 'Lançados'), '0 · R$ 0,00');
  assert.equal(await reportValue(report, 'Já importados antes'), `3 · ${state.paidText}`);

  // The first import's events: three payments posted, each on its installment.
  const rows = page.getByRole('table', { name: 'Arquivos importados' }).getByRole('row').filter({ hasText: 'retorno-e2e.ret' });
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Arquivos importados"] tbody tr').length === 2);
  await rows.filter({ hasNotText: 'repetido' }).getByRole('button', { name: /^Ver registros/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Importação de retorno-e2e.ret' });
  const events = dialog.getByRole('table', { name: 'Registros do arquivo' });
  await visible(events);
  const lines = events.locator('tbody tr');
  assert.equal(await lines.count(), 3);
  for (const text of await lines.allInnerTexts()) assert.match(text, /Lançado[\s\S]*parcela \d+/);
  await dialog.getByRole('button', { name: 'Voltar', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
});

uiTest('um arquivo que não é CNAB é recusado, com o problema em português', async (page) => {
  await page.getByLabel(kFileLabel).setInputFiles({
    name: 'extrato.txt', mimeType: 'text/plain', buffer: Buffer.from('isto não é um CNAB\r\n'),
  });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  const report = page.getByRole('region', { name: 'Resultado da importação de extrato.txt' });
  await visible(report.getByText('Arquivo recusado: nada foi lançado.'));
  assert.match(await report.locator('li').first().innerText(), /não é um retorno CNAB 240 nem CNAB 400/);
  const row = page.getByRole('table', { name: 'Arquivos importados' }).getByRole('row').filter({ hasText: 'extrato.txt' });
  await visible(row);
  assert.match(await row.innerText(), /recusado/);
});

uiTest('um extrato .OFX vai para a importação de extratos bancários', async (page) => {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/v1/')),
    upload(page, { name: 'EXTRATO.OFX', mimeType: 'application/x-ofx', buffer: Buffer.from('OFXHEADER:100\r\n') }),
  ]);
  const address = new URL(response.url());
  assert.equal(address.pathname, '/api/v1/bank-statements');
  assert.equal(address.searchParams.get('name'), 'EXTRATO.OFX');
  assert.equal(response.request().headers()['content-type'], 'application/octet-stream');
  // Refused (the statement import exists) or not offered by this server: said in Portuguese.
  await visible(page.getByText(/Arquivo recusado: nada foi lançado\.|Este servidor ainda não importa extratos OFX\./));
});

uiTest('um Pix sem parcela vai para as pendências e é descartado com um motivo', async (page) => {
  assert.ok(state.webhook, 'depende da notificação criada');
  const sent = await notifyPix('FD9999999999', '110.00', 'Pagador Desconhecido');
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.received[0].outcome, 'queued');

  await page.reload();
  const row = queueRow(page, 'FD9999999999');
  await visible(row);
  const text = await row.innerText();
  for (const want of ['Pix', 'R$ 110,00', 'Pagador Desconhecido', 'não corresponde a nenhuma parcela']) assert.ok(text.includes(want), `${want} em ${text}`);

  await row.getByRole('button', { name: /^Descartar/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Descartar pendência' });
  await visible(dialog);
  await dialog.getByRole('button', { name: 'Descartar', exact: true }).click();
  assert.equal(await (await fieldErrorFor(page, 'reason')).innerText(), 'informe o motivo do descarte');
  await dialog.getByLabel('Motivo do descarte').fill('Pix de teste devolvido ao pagador');
  await dialog.getByRole('button', { name: 'Descartar', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(page.getByText('Pendência descartada.'));
  await row.waitFor({ state: 'detached' });

  await page.getByLabel('Mostrar também as resolvidas').check();
  await visible(row);
  assert.match(await row.innerText(), /Descartado em \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: Pix de teste devolvido ao pagador/);
  assert.equal(await row.getByRole('button').count(), 0, 'resolvida: sem ações');
  await page.getByLabel('Mostrar também as resolvidas').uncheck();
});

uiTest('um Pix sem parcela é atribuído a uma parcela do cliente que pagou', async (page) => {
  // A customer with an open installment.
  const list = await api('GET', '/api/v1/customers?status=active&limit=50');
  let customer = null;
  for (const c of list.body.items) {
    const statement = (await api('GET', `/api/v1/customers/${c.id}/statement`)).body;
    if (statement.installments.some((i) => i.position.status === 'open')) {
      customer = c;
      break;
    }
  }
  assert.ok(customer, 'a demonstração tem um cliente com parcela em aberto');
  const sent = await notifyPix('FD9999999998', '50.00', 'Pagador Conhecido');
  assert.equal(sent.body.received[0].outcome, 'queued');

  await page.reload();
  const row = queueRow(page, 'FD9999999998');
  await row.getByRole('button', { name: /^Atribuir a uma parcela/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Atribuir a uma parcela' });
  await visible(dialog);
  await dialog.getByRole('button', { name: 'Atribuir', exact: true }).click();
  assert.equal(await (await fieldErrorFor(page, 'customer_id')).innerText(), 'escolha o cliente que pagou');
  assert.equal(await (await fieldErrorFor(page, 'reason')).innerText(), 'informe o motivo da atribuição');

  await dialog.getByLabel('Buscar cliente').fill(customer.full_name);
  await dialog.getByRole('list', { name: 'Clientes encontrados' }).getByRole('button', { name: new RegExp(escaped(customer.full_name)) }).first().click();
  const installment = dialog.getByLabel('Parcela paga');
  await visible(installment);
  await dialog.getByRole('button', { name: 'Atribuir', exact: true }).click();
  assert.equal(await (await fieldErrorFor(page, 'installment')).innerText(), 'escolha a parcela paga');
  await installment.selectOption({ index: 1 });
  await dialog.getByLabel('Motivo da atribuição').fill('cliente mostrou o comprovante no balcão');
  await dialog.getByRole('button', { name: 'Atribuir', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(page.getByText(new RegExp(`Pagamento de R\\$ 50,00 atribuído: Parcela \\d+.* de ${escaped(customer.full_name)}`)));
  await row.waitFor({ state: 'detached' });

  const all = (await api('GET', '/api/v1/reconciliation?status=all')).body.items;
  const item = all.find((i) => i.event.reference === 'FD9999999998');
  assert.equal(item.status, 'resolved');
  assert.equal(item.resolution.action, 'assigned');
  assert.ok(item.resolution.payment_id, 'um pagamento foi lançado');
});

uiTest('o dono revoga a notificação Pix, com confirmação', async (page) => {
  await page.goto(url('/configuracoes/pix'));
  const row = page.getByRole('table', { name: 'Notificações Pix' }).getByRole('row').filter({ hasText: 'Banco Exemplo' });
  await visible(row);
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: /^Revogar/ }).click();
  await visible(page.getByText('Notificação de "Banco Exemplo" revogada.'));
  await visible(row.getByText('Revogada'));  // the list reloads after the notice
  const refused = await notifyPix('FD9999999997', '10.00', 'Ninguém');
  assert.equal(refused.status, 401);
});
