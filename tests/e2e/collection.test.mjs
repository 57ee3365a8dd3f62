// End-to-end tests of the régua de cobrança screens: the policy editor refusing a bad step
// (the server's error at the step's field, the stored policy unchanged), the template
// editor's live preview (rendered text, then a forbidden word at the body), "O que sai
// hoje" listing the call for a customer with a late installment and the reasons of the
// installments not acted on, a promise to pay added on the customer's page taking him out
// of the day's actions, and a simulated run in the history. A real `fiado serve --demo`
// and Debian's chromium, as sales.test.mjs. The server's clock is the real one: the late
// installment comes from a sale typed in with a past date (the API takes up to 31 days).
import assert from 'node:assert/strict';
import { apiAs, browserSuite, fieldErrorFor, randomCpf, randomWord, signIn as signInAt, visible } from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  customer: null, // { id, name }: one installment 10 days late
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha-cobranca', timeoutMs: 45_000 });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);
const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The shop's calendar (the demo store is in America/Sao_Paulo): YYYY-MM-DD of today + days.
function shopDate(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1, d + days, 12));
  return at.toISOString().slice(0, 10);
}

const brDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

uiTest('a Cobrança aparece no menu do dono, com as réguas de fábrica', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  const policies = await api('GET', '/api/v1/collection/policies');
  assert.equal(policies.status, 200, JSON.stringify(policies.body));
  assert.ok(policies.body.policies.some((p) => p.name === 'Varejo padrão'), 'a régua de fábrica foi instalada');
  // The daily run at the end of the day: the scheduler of `fiado serve` must not run the
  // day in the middle of these tests (the run here is a simulation made by hand).
  const settings = await api('GET', '/api/v1/collection/settings');
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const saved = await api('PUT', '/api/v1/collection/settings', { ...settings.body.settings, run_time: '23:59' });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Cobrança' }).click();
  await page.waitForURL(url('/cobranca'));
  await visible(page.getByRole('heading', { level: 1, name: 'Cobrança' }));
  await page.getByRole('navigation', { name: 'Cobrança' }).getByRole('link', { name: 'Réguas' }).click();
  await page.waitForURL(url('/cobranca/reguas'));
  const row = page.getByRole('table', { name: 'Réguas' }).getByRole('row').filter({ hasText: 'Varejo padrão' });
  await visible(row);
  assert.match(await row.innerText(), /D−3 WhatsApp[\s\S]*D\+7 Ligação[\s\S]*D\+30 Aviso de negativação/);
});

uiTest('o editor de régua recusa uma etapa inválida, com o erro no campo, e a régua salva não muda', async (page) => {
  const before = (await api('GET', '/api/v1/collection/policies')).body.policies.find((p) => p.name === 'Varejo padrão');
  assert.ok(before, 'Varejo padrão existe');
  const last = before.steps.length; // the latest step (D+30), last also in the server's order

  await page.goto(url('/cobranca/reguas'));
  await page.getByRole('table', { name: 'Réguas' }).getByRole('link', { name: 'Varejo padrão' }).click();
  await page.waitForURL(url(`/cobranca/reguas/${before.id}`));
  const steps = page.getByRole('table', { name: 'Etapas' });
  await visible(steps);
  assert.equal(await steps.locator('tbody tr').count(), before.steps.length);
  await visible(page.getByRole('group', { name: 'Linha do tempo das etapas' }).getByText('D+30'));

  // A step five thousand days after the due date: out of the range the server takes.
  const day = page.getByLabel(`Dia da etapa ${last}`, { exact: true });
  assert.equal(await day.inputValue(), '30');
  await day.fill('5000');
  await page.getByRole('button', { name: 'Salvar régua' }).click();
  const error = await fieldErrorFor(page, `steps[${last - 1}].day_offset`);
  assert.match(await error.innerText(), /1825/);
  assert.equal(await day.getAttribute('aria-invalid'), 'true');
  assert.equal(await day.inputValue(), '5000', 'o que foi digitado continua no formulário');

  const after = (await api('GET', '/api/v1/collection/policies')).body.policies.find((p) => p.id === before.id);
  assert.equal(after.version, before.version);
  assert.deepEqual(after.steps, before.steps);

  // Fixing the day clears the error; the unchanged policy is left as it was.
  await day.fill('30');
  assert.equal(await day.getAttribute('aria-invalid'), null);
  await page.reload();
  assert.equal(await page.getByLabel(`Dia da etapa ${last}`, { exact: true }).inputValue(), '30');
});

uiTest('o editor de modelo mostra a prévia ao vivo e o erro de palavra proibida', async (page) => {
  await page.goto(url('/cobranca/modelos'));
  await page.getByRole('link', { name: 'Novo modelo' }).click();
  await page.waitForURL(url('/cobranca/modelos/novo'));
  await page.getByLabel('Chave', { exact: true }).fill('lembrete-e2e');
  await page.getByLabel('Nome', { exact: true }).fill('Lembrete do e2e');
  await page.getByLabel('Canal', { exact: true }).selectOption('whatsapp');
  const body = page.getByLabel('Mensagem', { exact: true });
  await body.fill('Olá, {primeiro_nome}! Você tem {valor_em_aberto} em aberto. {loja_nome}, {loja_endereco}, CNPJ {loja_cnpj}.');

  const preview = page.getByTestId('template-preview');
  await visible(preview);
  const text = await preview.getByRole('region', { name: 'Mensagem renderizada' }).innerText();
  assert.match(text, /^Olá, \S+! Você tem R\$ \d/);
  assert.ok(!text.includes('{'), `variáveis trocadas: ${text}`);

  // A variable goes in at the cursor.
  await body.press('End');
  await page.getByRole('button', { name: /^Inserir \{loja_telefone\}/ }).click();
  assert.match(await body.inputValue(), /\{loja_telefone\}$/);

  // A forbidden word: the preview says why, at the body.
  await body.press('End');
  await body.pressSequentially(' Não seja caloteiro.');
  const error = await fieldErrorFor(page, 'body');
  assert.match(await error.innerText(), /caloteiro/);
  await visible(page.getByTestId('template-preview-errors'));
  await preview.waitFor({ state: 'detached' });

  // Without it the template is saved.
  await body.fill('Olá, {primeiro_nome}! Você tem {valor_em_aberto} em aberto. {loja_nome}, {loja_endereco}, CNPJ {loja_cnpj}.');
  await visible(preview);
  await page.getByRole('button', { name: 'Criar modelo' }).click();
  await page.waitForURL(url('/cobranca/modelos/lembrete-e2e'));
  await visible(page.getByText('Modelo criado.'));
  const templates = (await api('GET', '/api/v1/collection/templates')).body.templates;
  assert.ok(templates.some((t) => t.key === 'lembrete-e2e' && t.channel === 'whatsapp'));
});

uiTest('"O que sai hoje" lista a ligação de um cliente com parcela atrasada e os motivos das outras', async (page) => {
  // A customer whose first installment is 10 days late: the D+7 call of "Varejo padrão".
  const name = `Cliente Cobrança ${randomWord(7)}`;
  const phone = `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const created = await api('POST', '/api/v1/customers', {
    cpf: randomCpf(),
    full_name: name,
    phones: [phone],
    email: `${randomWord(8).toLowerCase()}@example.com`,
    address: { street: 'Rua das Flores', number: '100', complement: '', district: 'Centro', city: 'São Paulo', state: 'SP', postal_code: '01001000' },
    consents: [
      { channel: 'whatsapp', granted: true, source: 'in_store_form' },
      { channel: 'email', granted: true, source: 'in_store_form' },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  state.customer = { id: created.body.id, name };
  const limit = await api('PUT', `/api/v1/customers/${created.body.id}/credit-limit`, {
    credit_limit_cents: 1_000_000, reason: 'e2e da cobrança',
  });
  assert.equal(limit.status, 200, JSON.stringify(limit.body));
  const sale = await api('POST', '/api/v1/sales', {
    customer_id: created.body.id, description: `Fogão ${randomWord(5)}`, price_cents: 90_000, down_payment_cents: 0,
    installment_count: 3, sale_date: shopDate(-20), first_due_date: shopDate(-10),
  }, { 'Idempotency-Key': `e2e-cobranca-${randomWord(10)}` });
  assert.equal(sale.status, 201, JSON.stringify(sale.body));

  const preview = await api('GET', `/api/v1/collection/preview?date=${shopDate()}`);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  const mine = preview.body.actions.find((a) => a.customer_id === created.body.id);
  assert.ok(mine, 'o cliente tem uma ação hoje');
  assert.equal(mine.action, 'call_task');

  await page.goto(url('/cobranca'));
  await visible(page.getByRole('heading', { name: `O que sai em ${brDate(shopDate())}` }));
  const row = page.getByRole('table', { name: 'Ações' }).getByRole('row').filter({ hasText: name });
  await visible(row);
  const text = await row.innerText();
  assert.match(text, /Ligação/);
  assert.match(text, /Parcela 1\/3 de Fogão/);
  assert.match(text, /10 dias de atraso|9 dias de atraso|11 dias de atraso/);
  assert.match(text, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/, 'horário de envio');
  const actionsCount = page.locator('.collection-counts .dl-item').filter({ hasText: 'Ações' }).locator('dd');
  assert.ok(Number(await actionsCount.innerText()) >= 1);

  // The installments not acted on, by reason: one option per reason, with counts.
  const reasons = page.getByLabel('Motivo', { exact: true });
  await visible(reasons);
  const options = await reasons.locator('option').allInnerTexts();
  assert.match(options[0], /^Todos os motivos \(\d+\)$/);
  assert.ok(options.length >= 2, `motivos: ${options.join(', ')}`);
  const first = await reasons.locator('option').nth(1).getAttribute('value');
  await reasons.selectOption(first);
  const group = page.locator(`details.skip-group[data-reason="${first}"]`);
  await visible(group.locator('tbody tr'));
  assert.equal(await page.locator('details.skip-group').count(), 1, 'só o motivo escolhido');
});

uiTest('uma promessa de pagamento registrada na página do cliente o tira das ações do dia', async (page) => {
  assert.ok(state.customer, 'depende do teste anterior');
  await page.goto(url(`/clientes/${state.customer.id}`));
  const section = page.getByRole('region', { name: 'Cobrança' });
  await visible(section.getByText('Nenhuma pausa.'));
  await section.getByRole('button', { name: 'Pausar cobrança' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pausar a cobrança' });
  await visible(dialog);
  await dialog.getByRole('button', { name: 'Pausar', exact: true }).click();
  assert.equal(await (await fieldErrorFor(page, 'until')).innerText(), 'informe até quando o cliente prometeu pagar');
  assert.equal(await (await fieldErrorFor(page, 'reason')).innerText(), 'informe o motivo da pausa');

  const until = shopDate(7);
  await dialog.getByLabel('Prometeu pagar até').fill(brDate(until));
  await dialog.getByLabel('Observação').fill('prometeu pagar no balcão na semana que vem');
  await dialog.getByRole('button', { name: 'Pausar', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(section.getByText(`Cobrança pausada até ${brDate(until)}.`));
  const pause = section.getByRole('table', { name: 'Pausas' }).getByRole('row').filter({ hasText: 'Promessa de pagamento' });
  await visible(pause);
  assert.match(await pause.innerText(), new RegExp(`${escaped(brDate(until))}[\\s\\S]*prometeu pagar no balcão[\\s\\S]*ativa`));

  const stored = (await api('GET', `/api/v1/customers/${state.customer.id}/collection`)).body;
  assert.equal(stored.pauses.length, 1);
  assert.equal(stored.pauses[0].kind, 'promise');
  assert.equal(stored.pauses[0].until, until);
  assert.equal(stored.pauses[0].active, true);

  // Out of the day's actions; among the installments not acted on, for the promise.
  await page.goto(url('/cobranca'));
  await visible(page.getByRole('heading', { name: 'Parcelas sem ação', exact: false }));
  const actions = page.getByRole('table', { name: 'Ações' });
  if (await actions.count()) assert.equal(await actions.getByRole('row').filter({ hasText: state.customer.name }).count(), 0);
  await page.getByLabel('Motivo', { exact: true }).selectOption('promise');
  const skipped = page.locator('details.skip-group[data-reason="promise"]').getByRole('row').filter({ hasText: state.customer.name });
  await visible(skipped);
  assert.match(await skipped.innerText(), /promessa de pagamento/i);
});

uiTest('uma execução simulada aparece no histórico de execuções', async (page) => {
  const before = new Set((await api('GET', '/api/v1/collection/runs')).body.runs.map((r) => r.id));
  await page.goto(url('/cobranca'));
  await page.getByRole('button', { name: 'Executar agora' }).click();
  const dialog = page.getByRole('dialog', { name: 'Executar a régua agora' });
  await visible(dialog);
  await dialog.getByLabel('Só simular (nada é enviado nem registrado)').check();
  await dialog.getByRole('button', { name: 'Simular', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(page.getByText(new RegExp(`Simulação concluída para ${escaped(brDate(shopDate()))}`)));

  const runs = (await api('GET', '/api/v1/collection/runs')).body.runs.filter((r) => !before.has(r.id));
  const run = runs.find((r) => r.dry_run && r.trigger === 'api');
  assert.ok(run, `a simulação foi registrada: ${JSON.stringify(runs)}`);
  assert.equal(run.run_date, shopDate());

  await page.getByRole('link', { name: 'Ver execuções' }).click();
  await page.waitForURL(url('/cobranca/execucoes'));
  const row = page.locator(`table[aria-label="Execuções"] tr[data-run="${run.id}"]`);
  await visible(row);
  const text = await row.innerText();
  assert.match(text, new RegExp(escaped(brDate(run.run_date))));
  assert.match(text, /simulação/);
  assert.match(text, /Manual/);
  assert.ok(text.includes(String(run.actions)));
  // A simulation writes no action.
  const customer = (await api('GET', `/api/v1/customers/${state.customer.id}/collection`)).body;
  assert.ok(customer.actions.every((a) => a.run_id !== run.id), 'a simulação não registrou ações');
});

uiTest('uma execução de verdade põe as ligações do dia na lista de Ligações', async (page) => {
  const run = await api('POST', '/api/v1/collection/runs', {});
  assert.equal(run.status, 200, JSON.stringify(run.body));
  const calls = (await api('GET', '/api/v1/collection/actions?action=call_task')).body.actions;
  assert.ok(calls.length >= 1, 'a demonstração tem alguém para ligar');
  assert.ok(calls.every((a) => a.action === 'call_task'));

  await page.goto(url('/cobranca/ligacoes'));
  const table = page.getByRole('table', { name: 'Ligações' });
  await visible(table);
  const rows = table.locator('tbody tr[data-action]');
  assert.equal(await rows.count(), calls.length);
  const first = await rows.first().innerText();
  assert.match(first, /Ligação/);
  assert.ok(first.includes(calls[0].customer_name), `${first} / ${calls[0].customer_name}`);
});
