// End-to-end tests of the credit screens: a new customer's Crédito section (the neutral
// score 500, band C, "sem histórico", the owner's "Aplicar limite sugerido" and the limit
// ladder), a manual SPC lookup with a restriction in the history, the analysis refusing
// because of it and, after a clean lookup, a counter-offer the owner approves anyway; the
// analysis of Nova venda with its counter-offer applied by a click; Configurações › Crédito
// (a field error from the server at its input, a save, a stale save explained, an HTTP
// bureau whose secret is write-only) and "Consultar agora" against a local bureau; the
// profitability ranking; a scorecard trained from a CSV built here (skipped while the
// server answers 404); and what a clerk sees. A real `fiado serve --demo` and Debian's
// chromium, as the other files; the bureau is a node http server here.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { apiAs, browserSuite, fieldErrorFor, randomCpf, randomWord, signIn as signInAt, visible } from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  customer: null, // { id, name, cpf }
  bureau: null, // { server, port, requests: [] }
  clerk: null,
};

const kTimeoutMs = 60_000;
const uiTest = browserSuite(state, { screenshotPrefix: 'falha-credito', timeoutMs: kTimeoutMs });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);
const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The shop's calendar (the demo store is in America/Sao_Paulo): YYYY-MM-DD of today + days.
function shopDate(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
}

const brDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

// A test that also gets node:test's context (to skip), with the screenshot on failure of
// browserSuite's tests.
function uiTestWithContext(name, body, timeoutMs = kTimeoutMs) {
  test(name, { timeout: timeoutMs }, async (t) => {
    try {
      await body(state.page, t);
    } catch (error) {
      state.failed = true;
      const file = path.join(state.dir || '.', `falha-credito-${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
      try {
        await state.page?.screenshot({ path: file, fullPage: true });
        console.log(`# captura de tela: ${file} (URL ${state.page?.url()})`);
      } catch {
        // No screenshot: the page is gone.
      }
      throw error;
    }
  });
}

// ---- A local HTTP bureau ------------------------------------------------------------------------

function startBureau() {
  const bureau = { server: null, port: 0, requests: [] };
  bureau.server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bureau.requests.push({ url: request.url, authorization: request.headers.authorization ?? '', body });
      response.setHeader('Content-Type', 'application/json');
      response.statusCode = 200;
      response.end(JSON.stringify({ restricted: false, restrictions: [], score: 710, protocol: 'PROTO-E2E-1' }));
    });
  });
  return new Promise((resolve) => {
    bureau.server.listen(0, '127.0.0.1', () => {
      bureau.port = bureau.server.address().port;
      resolve(bureau);
    });
  });
}

before(async () => {
  state.bureau = await startBureau();
  console.log(`# birô de teste na porta ${state.bureau.port}`);
});

after(async () => {
  await new Promise((resolve) => (state.bureau?.server ? state.bureau.server.close(resolve) : resolve()));
});

const creditCard = (page) => page.getByRole('region', { name: 'Crédito', exact: true });
const lookupsCard = (page) => page.getByRole('region', { name: 'Consultas de crédito (SPC/Serasa)' });
const analysisCard = (page) => page.getByRole('region', { name: 'Análise de crédito' });

// ---- The customer's Crédito section ------------------------------------------------------------

uiTest('cliente novo: score 500, faixa C, sem histórico, e o dono aplica o limite sugerido', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  const name = `Cliente Crédito ${randomWord(7)}`;
  const cpf = randomCpf();
  const created = await api('POST', '/api/v1/customers', {
    cpf,
    full_name: name,
    phones: ['+5511987654321'],
    monthly_income_cents: 200_000,
    consents: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  state.customer = { id: created.body.id, name, cpf };
  const profile = await api('GET', `/api/v1/customers/${created.body.id}/credit`);
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  assert.equal(profile.body.suggested_first_limit_cents, 30_000, 'faixa C: R$ 300,00 (até 30% da renda de R$ 2.000,00)');

  await page.goto(url(`/clientes/${created.body.id}`));
  await visible(page.getByRole('heading', { level: 1, name }));
  const card = creditCard(page);
  await visible(card.getByTestId('credit-score'));
  assert.equal(await card.getByTestId('credit-score').innerText(), '500');
  assert.match(await card.getByTestId('credit-band').innerText(), /Faixa C/);
  assert.equal(await card.getByTestId('credit-band-label').innerText(), 'regular');
  await visible(card.getByText('Sem histórico na loja'));
  const reasons = card.getByRole('list', { name: 'Motivos do score' });
  assert.match(await reasons.innerText(), /cliente sem parcelas vencidas na loja ainda/);
  assert.match(await reasons.innerText(), /−400 pontos/);
  assert.equal(await card.getByTestId('credit-limit').innerText(), 'R$ 0,00');
  assert.match(await card.getByTestId('credit-ladder').innerText(), /o primeiro limite é decidido pelo dono/);

  await card.getByRole('button', { name: 'Aplicar limite sugerido (R$ 300,00)' }).click();
  await visible(page.getByText('Limite sugerido de R$ 300,00 aplicado.'));
  assert.equal(await card.getByTestId('credit-limit').innerText(), 'R$ 300,00');
  await page.waitForFunction(() => /R\$ 300,00/.test(document.querySelector('[data-testid="credit-available"]')?.textContent ?? ''));
  await page.waitForFunction(() => /subir para R\$ 375,00/.test(document.querySelector('[data-testid="credit-ladder"]')?.textContent ?? ''));
  assert.equal(await card.getByRole('button', { name: /Aplicar limite sugerido/ }).count(), 0);
  const saved = await api('GET', `/api/v1/customers/${created.body.id}`);
  assert.equal(saved.body.credit_limit_cents, 30_000);
});

uiTest('uma consulta ao SPC com restrição, registrada à mão, aparece no histórico de consultas', async (page) => {
  assert.ok(state.customer, 'depende do teste anterior');
  const card = lookupsCard(page);
  await visible(card.getByText('Nenhuma consulta registrada.'));
  await card.getByRole('button', { name: 'Registrar consulta' }).click();
  const dialog = page.getByRole('dialog', { name: 'Registrar consulta ao birô' });
  await visible(dialog);
  await visible(dialog.getByText('registrada com quem pediu', { exact: false }));
  assert.equal(await dialog.getByLabel('Data da consulta').inputValue(), brDate(shopDate()));
  await dialog.getByLabel('Birô', { exact: true }).selectOption('SPC');
  await dialog.getByLabel('Finalidade da consulta').selectOption({ label: 'Análise para venda a prazo' });
  await dialog.getByLabel('Data da consulta').fill(brDate(shopDate(-1)));
  await dialog.getByLabel(/Encontrou restrições/).check();
  // A restriction without creditor nor amount: the mistakes at the fields.
  await dialog.getByRole('button', { name: 'Registrar consulta' }).click();
  assert.match(await (await fieldErrorFor(page, 'restrictions[0].creditor')).innerText(), /informe o credor/);
  await dialog.getByLabel('Credor 1').fill('Banco Exemplo S.A.');
  await dialog.getByLabel('Valor 1 (R$)').fill('1.234,56');
  await dialog.getByLabel('Resumo (opcional)').fill('consulta no balcão, e2e');
  await dialog.getByRole('button', { name: 'Registrar consulta' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(card.getByText('Consulta ao SPC registrada.'));

  const table = card.getByRole('table', { name: 'Consultas de crédito' });
  const row = table.locator('tbody tr').filter({ hasText: 'Banco Exemplo S.A.' });
  await visible(row);
  const text = await row.innerText();
  assert.match(text, new RegExp(escaped(brDate(shopDate(-1)))));
  assert.match(text, /SPC/);
  assert.match(text, /Análise para venda a prazo/);
  assert.match(text, /Com restrição/);
  assert.match(text, /R\$ 1\.234,56/);
  assert.match(text, /registrada à mão/);
  assert.equal(await row.getAttribute('data-restricted'), 'true');

  const lookups = await api('GET', `/api/v1/customers/${state.customer.id}/bureau-lookups`);
  assert.equal(lookups.status, 200, JSON.stringify(lookups.body));
  assert.equal(lookups.body.items.length, 1);
  assert.equal(lookups.body.items[0].answer.restrictions[0].amount_cents, 123_456);
  assert.equal(lookups.body.items[0].purpose, 'sale');
});

uiTest('a análise recusa pela restrição; com consulta limpa, contraproposta até o limite, e o dono aprova mesmo assim', async (page) => {
  assert.ok(state.customer, 'depende dos testes anteriores');
  const card = analysisCard(page);
  await card.getByLabel('Valor da compra (R$)').fill('1.000,00');
  await card.getByRole('button', { name: 'Analisar crédito' }).click();
  const result = card.getByTestId('credit-analysis');
  await visible(result);
  assert.equal(await result.getAttribute('data-outcome'), 'refused');
  let text = await result.innerText();
  assert.match(text, /Recusado/);
  assert.match(text, /restrição encontrada no SPC/);
  assert.match(text, /Score 500/);
  assert.match(text, /Faixa C/);
  await visible(card.getByRole('table', { name: 'Decisões de crédito' }).locator('tbody tr[data-outcome="refused"]'));

  // A clean lookup today: the restriction of yesterday's is no longer the last word.
  const clean = await api('POST', `/api/v1/customers/${state.customer.id}/bureau-lookups`, {
    bureau: 'Serasa', purpose: 'credit_review', consulted_on: shopDate(), restricted: false, restrictions: [],
  });
  assert.equal(clean.status, 201, JSON.stringify(clean.body));
  await card.getByRole('button', { name: 'Analisar crédito' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="credit-analysis"]')?.getAttribute('data-outcome') === 'counter_offer');
  text = await result.innerText();
  assert.match(text, /Contraproposta/);
  assert.match(text, /aprovado até R\$ 300,00/);
  assert.match(text, /passam do limite de R\$ 300,00/);
  assert.match(text, /Consulta usada: Serasa/);

  // The owner approves anyway, with a reason.
  await card.getByRole('button', { name: 'Aprovar mesmo assim' }).click();
  assert.match(await (await fieldErrorFor(page, 'override_reason')).innerText(), /informe o motivo/);
  await card.getByLabel('Motivo para aprovar mesmo assim').fill('cliente antigo de outra loja, e2e');
  await card.getByRole('button', { name: 'Aprovar mesmo assim' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="credit-analysis"]')?.getAttribute('data-outcome') === 'overridden');
  assert.match(await result.innerText(), /Aprovado pelo dono \(exceção\)/);
  assert.match(await result.innerText(), /cliente antigo de outra loja, e2e/);
  const decisions = card.getByRole('table', { name: 'Decisões de crédito' });
  await visible(decisions.locator('tbody tr[data-outcome="overridden"]'));
  assert.equal(await decisions.locator('tbody tr[data-outcome="counter_offer"]').count(), 1);

  // "Quanto pode comprar?": the headroom, R$ 300,00.
  await card.getByRole('button', { name: 'Quanto pode comprar?' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="credit-analysis"]')?.getAttribute('data-outcome') === 'approved');
  assert.match(await result.innerText(), /pode comprar até R\$ 300,00/);
});

uiTest('Nova venda mostra a análise com score, faixa e contraproposta, que um clique aplica', async (page) => {
  assert.ok(state.customer, 'depende dos testes anteriores');
  await page.getByRole('link', { name: 'Nova venda' }).click();
  await page.waitForURL(url(`/vendas/nova?cliente=${state.customer.id}`));
  await page.getByLabel('Descrição da mercadoria').fill(`Televisor ${randomWord(5)}`);
  await page.getByLabel('Preço à vista (R$)').fill('500,00');
  await visible(page.getByRole('list', { name: 'Planos' }));
  await page.getByLabel('Número de parcelas').selectOption('14');
  const check = page.locator('.credit-check [data-testid="credit-analysis"]');
  await visible(check);
  assert.equal(await check.getAttribute('data-outcome'), 'counter_offer');
  const text = await check.innerText();
  assert.match(text, /contraproposta/);
  assert.match(text, /aprovado até R\$ 300,00/);
  assert.match(text, /em até 12 parcelas/);
  assert.match(text, /Score 500/);
  assert.match(text, /até 12 parcelas para a faixa C/);

  await check.getByRole('button', { name: 'Usar 12 parcelas' }).click();
  assert.equal(await page.getByLabel('Número de parcelas').inputValue(), '12');
  await visible(page.locator('.credit-check').getByRole('button', { name: 'Usar entrada de R$ 200,00' }));
  await page.locator('.credit-check').getByRole('button', { name: 'Usar entrada de R$ 200,00' }).click();
  assert.equal(await page.getByLabel('Entrada (R$)').inputValue(), '200,00');
  await visible(page.getByText('Crédito aprovado.'));
  assert.equal(await page.locator('.credit-check [data-testid="credit-analysis"]').getAttribute('data-outcome'), 'approved');
});

// ---- Configurações › Crédito ---------------------------------------------------------------------

uiTest('Configurações › Crédito: erro do servidor no campo, salvar, salvamento desatualizado e birô com segredo', async (page) => {
  const before = await api('GET', '/api/v1/credit/settings');
  assert.equal(before.status, 200, JSON.stringify(before.body));
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Configurações' }).getByRole('link', { name: 'Crédito' }).click();
  await page.waitForURL(url('/configuracoes/credito'));
  const rules = page.getByRole('group', { name: 'Regras de aprovação' });
  await visible(rules);
  const minScore = rules.getByLabel('Score mínimo');
  assert.equal(await minScore.inputValue(), String(before.body.rules.min_score));
  // Basis points as percent: 3000 → "30".
  assert.equal(await rules.getByLabel('Parcelas até (% da renda)').inputValue(), String(before.body.rules.max_commitment_income_bps / 100));

  await minScore.fill('1500');
  await page.getByRole('button', { name: 'Salvar regras de crédito' }).click();
  const error = await fieldErrorFor(page, 'rules.min_score');
  assert.match(await error.innerText(), /entre 0 e 1000/);
  assert.equal(await minScore.getAttribute('aria-invalid'), 'true');
  await visible(page.getByText('As regras não foram salvas', { exact: false }));
  const unchanged = await api('GET', '/api/v1/credit/settings');
  assert.equal(unchanged.body.version, before.body.version);

  await minScore.fill('320');
  assert.equal(await minScore.getAttribute('aria-invalid'), null);
  const ladder = page.getByRole('group', { name: 'Escada de limites' });
  await ladder.getByLabel('Aumento (%)').fill('20');
  // An HTTP bureau: the local one.
  await page.getByRole('button', { name: 'Adicionar birô' }).click();
  const bureau = page.locator('[data-bureau="0"]');
  await bureau.getByLabel('Nome', { exact: true }).fill('Birô Teste');
  await bureau.getByLabel('Endereço da API').fill(`http://127.0.0.1:${state.bureau.port}/consulta/{cpf}`);
  await bureau.getByLabel('Cabeçalho de autenticação').fill('Authorization: Bearer bureau-e2e');
  await page.getByRole('button', { name: 'Salvar regras de crédito' }).click();
  await visible(page.getByText('Regras de crédito salvas.'));
  const saved = await api('GET', '/api/v1/credit/settings');
  assert.equal(saved.body.rules.min_score, 320);
  assert.equal(saved.body.ladder.raise_bps, 2000);
  assert.equal(saved.body.bureaus.length, 1);
  assert.equal(saved.body.bureaus[0].name, 'Birô Teste');
  assert.equal(saved.body.bureaus[0].auth_header, '', 'o segredo nunca volta');
  assert.equal(saved.body.bureaus[0].auth_header_set, true);
  // The secret: an empty input, "definido".
  assert.equal(await bureau.getByLabel('Cabeçalho de autenticação').inputValue(), '');
  await visible(bureau.getByText('cabeçalho definido', { exact: false }));

  // Someone else saves meanwhile: the stale save is explained, and "Recarregar" shows theirs.
  const other = await api('PUT', '/api/v1/credit/settings', { ...saved.body, rules: { ...saved.body.rules, min_score: 330 } });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await minScore.fill('340');
  await page.getByRole('button', { name: 'Salvar regras de crédito' }).click();
  await visible(page.getByText('Outra pessoa salvou as regras de crédito', { exact: false }));
  await page.getByRole('button', { name: 'Recarregar' }).click();
  await visible(page.getByText('Regras recarregadas', { exact: false }));
  assert.equal(await minScore.inputValue(), '330');
  const now = await api('GET', '/api/v1/credit/settings');
  assert.equal(now.body.bureaus[0].auth_header_set, true, 'salvar sem digitar o cabeçalho mantém o guardado');
  const restored = await api('PUT', '/api/v1/credit/settings', { ...now.body, rules: { ...now.body.rules, min_score: before.body.rules.min_score } });
  assert.equal(restored.status, 200, JSON.stringify(restored.body));
});

uiTest('"Consultar agora" pergunta a finalidade, consulta o birô configurado e registra a consulta online', async (page) => {
  assert.ok(state.customer, 'depende dos testes anteriores');
  await page.goto(url(`/clientes/${state.customer.id}`));
  const card = lookupsCard(page);
  await card.getByRole('button', { name: 'Consultar Birô Teste agora' }).click();
  const dialog = page.getByRole('dialog', { name: 'Consultar Birô Teste agora' });
  await visible(dialog);
  await visible(dialog.getByText('registrada com quem pediu', { exact: false }));
  await dialog.getByLabel('Finalidade da consulta').selectOption({ label: 'Revisão de limite' });
  await dialog.getByRole('button', { name: 'Consultar agora' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(card.getByText('Birô Teste consultado: nada consta.'));
  const row = card.getByRole('table', { name: 'Consultas de crédito' }).locator('tbody tr').filter({ hasText: 'Birô Teste' });
  await visible(row);
  const text = await row.innerText();
  assert.match(text, /consulta online/);
  assert.match(text, /Nada consta/);
  assert.match(text, /score do birô 710/);
  assert.match(text, /Revisão de limite/);
  assert.match(text, /PROTO-E2E-1/);
  assert.equal(state.bureau.requests.length, 1);
  assert.equal(state.bureau.requests[0].authorization, 'Bearer bureau-e2e');
  assert.equal(state.bureau.requests[0].url, `/consulta/${state.customer.cpf}`);
});

// ---- Crédito › Rentabilidade ----------------------------------------------------------------------

uiTest('Crédito › Rentabilidade lista os clientes, com link para a página de cada um', async (page) => {
  const ranking = await api('GET', '/api/v1/credit/profitability?limit=50');
  assert.equal(ranking.status, 200, JSON.stringify(ranking.body));
  assert.ok(ranking.body.items.length > 0, 'a demonstração tem vendas a prazo');
  const first = ranking.body.items[0];
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Crédito' }).click();
  await page.waitForURL(url('/credito/rentabilidade'));
  const table = page.getByRole('table', { name: 'Rentabilidade por cliente' });
  await visible(table);
  assert.equal(await table.locator('tbody tr').count(), ranking.body.items.length);
  const row = table.locator(`tbody tr[data-customer="${first.customer_id}"]`);
  const text = await row.innerText();
  assert.match(text, new RegExp(escaped(first.customer_name)));
  const brl = (cents) => `R$ ${Math.trunc(cents / 100).toLocaleString('pt-BR')},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
  assert.match(text, new RegExp(escaped(brl(first.financed_cents))));
  assert.match(text, new RegExp(escaped(brl(first.result_cents))));
  await row.getByRole('link', { name: first.customer_name }).click();
  await page.waitForURL(url(`/clientes/${first.customer_id}`));
  await visible(page.getByRole('heading', { level: 1, name: first.customer_name }));
});

// ---- Crédito › Modelos de score -------------------------------------------------------------------

// A deterministic CSV of past customers: more past delays and less income, more "mau"; one
// row in four is for the test (split = test).
function trainingCsv(rows) {
  let seed = 20261123;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const jobs = ['autonomo', 'clt', 'servidor', 'aposentado'];
  const lines = ['id,renda,idade,profissao,atrasos_anteriores,mau,split'];
  for (let i = 1; i <= rows; i++) {
    const income = 1000 + Math.floor(random() * 6000);
    const age = 18 + Math.floor(random() * 60);
    const job = jobs[Math.floor(random() * jobs.length)];
    const delays = Math.floor(random() * 6);
    const risk = 0.08 + delays * 0.12 + (income < 2500 ? 0.15 : 0) + (job === 'autonomo' ? 0.05 : 0);
    lines.push(`${i},${income},${age},${job},${delays},${random() < risk ? 1 : 0},${i % 4 === 0 ? 'test' : 'train'}`);
  }
  return `${lines.join('\n')}\n`;
}

uiTestWithContext('Modelos de score: treinar com um CSV, ver AUC/Gini/KS e as faixas, baixar o model.json', async (page, t) => {
  const list = await api('GET', '/api/v1/scorecards');
  if (list.status === 404) {
    t.skip('o servidor ainda não tem /api/v1/scorecards (404)');
    return;
  }
  assert.equal(list.status, 200, JSON.stringify(list.body));
  await page.goto(url('/credito/modelos'));
  await page.getByRole('link', { name: 'Treinar novo modelo' }).click();
  await page.waitForURL(url('/credito/modelos/novo'));
  const form = page.getByRole('form', { name: 'Treinar novo modelo' });

  // A broken CSV: the server's Portuguese detail names the line.
  const broken = 'id,renda,mau\n1,1000,0\n2,2000\n3,1500,1\n';
  await form.getByLabel('Arquivo CSV').setInputFiles({ name: 'quebrado.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await visible(form.getByTestId('csv-summary'));
  await form.getByRole('button', { name: 'Treinar modelo' }).click();
  await visible(form.locator('.notice-error, .field-error').filter({ hasText: /linha/ }));

  const name = `Modelo e2e ${randomWord(5)}`;
  await form.getByLabel('Arquivo CSV').setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(trainingCsv(600)) });
  await page.waitForFunction(() => /600 linhas de dados, 7 colunas \(com a coluna split/.test(document.querySelector('[data-testid="csv-summary"]')?.textContent ?? ''));
  await form.getByLabel('Nome do modelo').fill(name);
  assert.equal(await form.getByLabel('Coluna do resultado (alvo)').inputValue(), 'mau');
  assert.equal(await form.getByLabel('Valor que indica problema (evento)').inputValue(), '1');
  assert.equal(await form.getByLabel('id', { exact: true }).isChecked(), true, 'o id fica de fora');
  assert.equal(await form.getByLabel('renda', { exact: true }).isChecked(), false);
  assert.equal(await form.getByLabel('split', { exact: true }).count(), 0, 'a coluna split não é variável');
  await form.getByRole('button', { name: 'Treinar modelo' }).click();
  await page.waitForURL((u) => /^\/credito\/modelos\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/novo'), { timeout: 45_000 });

  await visible(page.getByRole('heading', { name }));
  for (const metric of ['metric-auc', 'metric-gini', 'metric-ks']) {
    assert.match(await page.getByTestId(metric).innerText(), /^-?\d,\d{3}$/, metric);
  }
  const variables = page.getByRole('table', { name: 'Variáveis do modelo' });
  await visible(variables);
  assert.match(await variables.innerText(), /atrasos_anteriores/);
  assert.doesNotMatch(await variables.innerText(), /\bid\b/);
  const bins = page.getByRole('table', { name: 'Faixas de atrasos_anteriores' });
  await visible(bins);
  assert.ok((await bins.locator('tbody tr').count()) >= 2, 'faixas da variável');
  assert.match(await bins.locator('tbody tr').first().innerText(), /\d+,\d%/);

  const download = page.getByRole('link', { name: 'Baixar modelo (model.json)' });
  const href = await download.getAttribute('href');
  assert.match(href, /^\/api\/v1\/scorecards\/[^/]+\/model\.json$/);
  const model = await api('GET', href);
  assert.equal(model.status, 200, JSON.stringify(model.body));
  assert.equal(typeof model.body, 'object');

  await page.getByRole('link', { name: '← Modelos de score' }).click();
  await visible(page.getByRole('table', { name: 'Modelos de score' }).getByRole('link', { name }));
}, 120_000);

// ---- What a clerk sees ---------------------------------------------------------------------------

uiTest('o vendedor vê o score e analisa o crédito, mas não muda limites, não aprova exceções nem vê a área Crédito', async (page) => {
  assert.ok(state.customer, 'depende dos testes anteriores');
  const word = randomWord(6).toLowerCase();
  state.clerk = { email: `credito.${word}@example.com`, password: `senha-${word}-2026` };
  const created = await api('POST', '/api/v1/users', { email: state.clerk.email, name: `Vendedora ${randomWord(5)}`, role: 'clerk', password: state.clerk.password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.waitForURL(url('/entrar'));
  await signIn(page, state.clerk.email, state.clerk.password);
  assert.equal(await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Crédito' }).count(), 0);

  await page.goto(url(`/clientes/${state.customer.id}`));
  const card = creditCard(page);
  await visible(card.getByTestId('credit-score'));
  assert.equal(await card.getByRole('button', { name: 'Alterar limite' }).count(), 0);
  const analysis = analysisCard(page);
  await analysis.getByLabel('Valor da compra (R$)').fill('5.000,00');
  await analysis.getByRole('button', { name: 'Analisar crédito' }).click();
  const result = analysis.getByTestId('credit-analysis');
  await visible(result);
  assert.notEqual(await result.getAttribute('data-outcome'), 'approved');
  assert.equal(await analysis.getByRole('button', { name: 'Aprovar mesmo assim' }).count(), 0);

  await page.goto(url('/credito/rentabilidade'));
  await visible(page.getByRole('heading', { name: 'Sem permissão' }));
});
