// End-to-end tests of the crediário screens: credit limit, Nova venda with the simulator
// and the legal information, the installments on the customer's page, a payment with its
// allocation, the owner's reversal, what a clerk cannot do, and a field error in
// Portuguese. A real `fiado serve --demo` and Debian's chromium, as ui.test.mjs.
import assert from 'node:assert/strict';
import {
  apiAs,
  browserSuite,
  fieldErrorFor,
  randomWord,
  signIn as signInAt,
  visible,
} from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  customer: null, // { id, name }
  rate: null, // the store's default monthly rate ("4.99") or null
  description: '',
  installmentText: '', // "R$ 123,45": the value of one installment of the sale
  clerk: null,
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha-vendas', timeoutMs: 30_000 });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);

const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);

// The rows of the installments table that belong to the sale made here.
function saleRows(page) {
  return page.getByRole('table', { name: 'Parcelas' }).getByRole('row').filter({ hasText: state.description });
}

// "4.990000" → "4,99", as the rate field shows it.
function rateInput(rate) {
  return rate ? rate.replace('.', ',').replace(/(,\d*?)0+$/, '$1').replace(/,$/, '') : '';
}

uiTest('o dono define o limite de crédito de um cliente', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  const session = (await api('GET', '/api/v1/sessions/current')).body;
  const store = (await api('GET', `/api/v1/stores/${session.store.id}`)).body;
  state.rate = store.settings?.credit?.default_monthly_rate_percent ?? null;
  const list = await api('GET', '/api/v1/customers?status=active&limit=20');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length > 0, 'a demonstração tem clientes ativos');
  // A customer in good standing: the shop's rules refuse a behavioural score below 300.
  let customer = null;
  for (const item of list.body.items) {
    const credit = await api('GET', `/api/v1/customers/${item.id}/credit`);
    assert.equal(credit.status, 200, JSON.stringify(credit.body));
    if (credit.body.behaviour.score >= 400 && credit.body.behaviour.features.current_days_late === 0) {
      customer = item;
      break;
    }
  }
  assert.ok(customer, 'a demonstração tem um cliente com bom histórico');
  state.customer = { id: customer.id, name: customer.full_name };
  // Enough for what the customer already owes plus this sale, whatever the demo data holds.
  const statement = await api('GET', `/api/v1/customers/${customer.id}/statement`);
  assert.equal(statement.status, 200, JSON.stringify(statement.body));
  const open = statement.body.totals.principal_open_cents;
  const limitReais = Math.ceil(open / 100) + 5000;
  const limitText = `R$ ${limitReais.toLocaleString('pt-BR')},00`;

  await page.goto(url(`/clientes/${customer.id}`));
  await visible(page.getByRole('heading', { level: 1, name: customer.full_name }));
  await page.getByRole('button', { name: 'Alterar limite' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alterar limite de crédito' });
  await dialog.getByLabel('Novo limite (R$)').fill(`${limitReais},00`);
  await dialog.getByLabel('Motivo').fill('renda comprovada no e2e');
  await dialog.getByRole('button', { name: 'Salvar limite' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(page.getByText('Limite de crédito alterado.'));
  assert.equal(await page.getByTestId('credit-limit').innerText(), limitText);
});

uiTest('venda pelo simulador em 10 parcelas, com as informações legais, e confirmada', async (page) => {
  assert.ok(state.customer, 'depende do teste anterior');
  state.description = `Geladeira ${randomWord(6)}`;
  await page.getByRole('link', { name: 'Nova venda' }).click();
  await page.waitForURL(url(`/vendas/nova?cliente=${state.customer.id}`));
  await visible(page.getByText(state.customer.name));
  // The store's default rate fills the rate field.
  await page.waitForFunction((want) => document.querySelector('[data-field="monthly_rate_percent"]')?.value === want, rateInput(state.rate));

  await page.getByLabel('Descrição da mercadoria').fill(state.description);
  await page.getByLabel('Preço à vista (R$)').fill('1.200,00');
  await page.getByLabel('Entrada (R$)').fill('200,00');
  const plans = page.getByRole('list', { name: 'Planos' });
  const ten = plans.getByRole('button', { name: /^10x de/ });
  await visible(ten);
  // The plan shows what the API computes for the same terms.
  const simulated = await api('POST', '/api/v1/sales/simulate', {
    price_cents: 120000, down_payment_cents: 20000, installment_counts: [10],
    ...(state.rate ? { monthly_rate_percent: state.rate } : {}),
  });
  assert.equal(simulated.status, 200, JSON.stringify(simulated.body));
  const plan = simulated.body.plans[0];
  state.installmentText = `R$ ${(plan.installment_cents / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })}`;
  assert.match(await ten.innerText(), new RegExp(`10x de ${state.installmentText.replace(/[.$]/g, '\\$&')}`));
  assert.ok((await plans.getByRole('button').count()) >= 9, 'planos lado a lado');

  await ten.click();
  assert.equal(await ten.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByLabel('Número de parcelas').inputValue(), '10');

  const legal = page.getByRole('region', { name: 'Informações ao consumidor' });
  await visible(legal);
  const cet = legal.locator('.dl-item').filter({ hasText: 'Custo efetivo total (CET)' }).locator('dd');
  assert.match(await cet.innerText(), /^\d{1,3}(\.\d{3})*,\d{2}% a\.a\.$/);
  assert.match(await legal.locator('.dl-item').filter({ hasText: 'Valor financiado' }).innerText(), /R\$ 1\.000,00/);
  assert.match(await legal.locator('.dl-item').filter({ hasText: 'Preço à vista' }).innerText(), /R\$ 1\.200,00/);
  assert.match(await legal.locator('.dl-item').filter({ hasText: 'Parcelas' }).innerText(), /10 × /);
  assert.equal(await legal.getByRole('table', { name: 'Cronograma das parcelas' }).locator('tbody tr').count(), 10);
  await visible(page.getByText('Crédito aprovado.'));

  await page.getByRole('button', { name: 'Confirmar venda' }).click();
  await page.waitForURL(new RegExp(`/clientes/${state.customer.id}\\?venda=`));
  await visible(page.getByText('Venda registrada.'));
  await visible(saleRows(page));
  assert.equal(await saleRows(page).count(), 10);
  for (const text of await saleRows(page).allInnerTexts()) assert.match(text, /em aberto/);
});

uiTest('receber um pagamento mostra a distribuição', async (page) => {
  assert.ok(state.description, 'depende da venda');
  await page.getByRole('button', { name: 'Receber pagamento' }).click();
  const dialog = page.getByRole('dialog', { name: 'Receber pagamento' });
  await visible(dialog);
  assert.notEqual(await dialog.getByLabel('Valor recebido (R$)').inputValue(), '', 'valor já sugerido');
  await dialog.getByLabel(new RegExp(`^Parcela 1/10 · ${state.description}`)).check();
  assert.equal(`R$ ${await dialog.getByLabel('Valor recebido (R$)').inputValue()}`, state.installmentText);
  await dialog.getByLabel('Forma de pagamento').selectOption('pix');
  await dialog.getByRole('button', { name: 'Registrar pagamento' }).click();

  const done = page.getByRole('dialog', { name: 'Pagamento registrado' });
  await visible(done);
  const allocation = done.getByRole('table', { name: 'Como o pagamento foi distribuído' });
  const line = allocation.getByRole('row').filter({ hasText: `Parcela 1/10 · ${state.description}` });
  await visible(line);
  assert.match(await line.innerText(), /R\$ \d/);
  await done.getByRole('button', { name: 'Concluir' }).click();
  await done.waitFor({ state: 'hidden' });
  await page.waitForFunction((d) => [...document.querySelectorAll('table[aria-label="Parcelas"] tbody tr')]
    .filter((r) => r.textContent.includes(d)).length === 9, state.description);
});

uiTest('o dono estorna o pagamento e a parcela volta a ficar em aberto', async (page) => {
  const extrato = page.getByRole('region', { name: 'Extrato' });
  const payment = extrato.locator('.event-payment').filter({ hasText: 'Pix' }).filter({ has: page.getByRole('button', { name: /^Estornar/ }) }).first();
  await visible(payment);
  await payment.getByRole('button', { name: /^Estornar/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Estornar pagamento' });
  await dialog.getByRole('button', { name: 'Confirmar estorno' }).click();
  await visible(await fieldErrorFor(page, 'reason'));
  await dialog.getByLabel('Motivo do estorno').fill('pagamento lançado no cliente errado');
  await dialog.getByRole('button', { name: 'Confirmar estorno' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await visible(page.getByText('Pagamento estornado.'));
  await page.waitForFunction((d) => [...document.querySelectorAll('table[aria-label="Parcelas"] tbody tr')]
    .filter((r) => r.textContent.includes(d)).length === 10, state.description);
  for (const text of await saleRows(page).allInnerTexts()) assert.match(text, /em aberto/);
  await visible(extrato.locator('.event-reversal').filter({ hasText: 'pagamento lançado no cliente errado' }));
});

uiTest('o vendedor recebe pagamentos mas não vê "Estornar" nem "Alterar limite"', async (page) => {
  const word = randomWord(6).toLowerCase();
  state.clerk = { email: `vendas.${word}@example.com`, password: `senha-${word}-2026` };
  const created = await api('POST', '/api/v1/users', { email: state.clerk.email, name: `Vendedor ${randomWord(5)}`, role: 'clerk', password: state.clerk.password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.waitForURL(url('/entrar'));
  await signIn(page, state.clerk.email, state.clerk.password);
  await page.goto(url(`/clientes/${state.customer.id}`));
  await visible(saleRows(page));
  await visible(page.getByRole('button', { name: 'Receber pagamento' }));
  await visible(page.getByRole('region', { name: 'Extrato' }).locator('.event-reversal'));
  assert.equal(await page.getByRole('button', { name: /^Estornar/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Alterar limite' }).count(), 0);
});

uiTest('entrada igual ou maior que o preço mostra o erro em português no campo', async (page) => {
  await page.getByRole('link', { name: 'Nova venda' }).click();
  await page.waitForURL(/\/vendas\/nova\?cliente=/);
  await page.getByLabel('Descrição da mercadoria').fill('Fogão 4 bocas');
  await page.getByLabel('Preço à vista (R$)').fill('500,00');
  await page.getByLabel('Entrada (R$)').fill('500,00');
  await page.getByRole('button', { name: 'Confirmar venda' }).click();
  const error = await fieldErrorFor(page, 'down_payment_cents');
  assert.match(await error.innerText(), /a entrada deve ser menor que o preço/);
  assert.equal(await page.getByLabel('Entrada (R$)').getAttribute('aria-invalid'), 'true');
  assert.match(new URL(page.url()).pathname, /^\/vendas\/nova$/);
});
