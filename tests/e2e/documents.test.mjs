// End-to-end tests of the printed documents: the shop's Pix and boleto settings (with the
// server's field errors on the inputs), the carnê dialog on the customer's page (choice of
// installments, preview of the slips, the PDF link), the sale contract and the payment
// receipts. A real `fiado serve --demo` and Debian's chromium, as sales.test.mjs.
import assert from 'node:assert/strict';
import { apiAs, browserSuite, fieldErrorFor, randomWord, signIn as signInAt, visible } from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  customer: null, // { id, name }
  sale: null, // { id, description }
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha-documentos', timeoutMs: 30_000 });

const url = (p) => `${state.server.url}${p}`;
const api = (method, p, body, headers) => apiAs(state.context, state.server.url, method, p, body, headers);

const signIn = (page, email, password) => signInAt(page, state.server.url, email, password);

// Fetches a link's address with the page's session, as the new tab would.
async function fetchPdf(page, link) {
  assert.equal(await link.getAttribute('target'), '_blank');
  const href = await link.getAttribute('href');
  const got = await page.evaluate(async (address) => {
    const response = await fetch(address, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      head: String.fromCharCode(...bytes.slice(0, 5)),
      size: bytes.length,
    };
  }, href);
  assert.equal(got.status, 200, `${href} → ${got.status}`);
  assert.match(got.type, /^application\/pdf/);
  assert.equal(got.head, '%PDF-');
  assert.ok(got.size > 500, `${href}: PDF de ${got.size} bytes`);
  return href;
}

// DD/MM/AAAA of today + `days` in the browser's calendar.
function dateInput(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

uiTest('o dono configura o Pix e o convênio de boleto, com os erros do servidor nos campos', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  const session = (await api('GET', '/api/v1/sessions/current')).body;
  const before = (await api('GET', `/api/v1/stores/${session.store.id}`)).body;
  await page.goto(url('/configuracoes/loja'));
  await visible(page.getByRole('heading', { name: 'Boleto (convênio bancário)' }));

  // A Pix key of no known type: the server's error shows at the field.
  await page.getByLabel('Chave Pix').fill('não é chave');
  await page.getByRole('button', { name: 'Salvar' }).click();
  const pixError = await fieldErrorFor(page, 'pix_key');
  assert.ok((await pixError.innerText()).length > 3);
  assert.equal(await page.getByLabel('Chave Pix').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Chave Pix').fill('pix@lojademo.com.br');
  await page.getByLabel('Nome no Pix').fill('Loja Demo');
  await page.getByLabel('Cidade no Pix').fill('Sao Paulo');
  await page.getByLabel('Emitir boletos').check();
  await page.getByLabel('Banco', { exact: true }).selectOption('237');
  // Only Sicredi has a posto.
  assert.equal(await page.getByLabel('Posto').count(), 0);
  await page.getByLabel('Agência', { exact: true }).fill('12345');
  await page.getByLabel('Conta', { exact: true }).fill('1234567');
  await page.getByLabel('Dígito da conta').fill('0');
  await page.getByLabel('Carteira').fill('09');
  await page.getByRole('button', { name: 'Salvar' }).click();
  const agencyError = await fieldErrorFor(page, 'settings.bank_agreement.agency');
  assert.ok((await agencyError.innerText()).length > 3);

  await page.getByLabel('Agência', { exact: true }).fill('1234');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await visible(page.getByText('Dados da loja salvos.'));

  const store = (await api('GET', `/api/v1/stores/${session.store.id}`)).body;
  assert.equal(store.pix_key, 'pix@lojademo.com.br');
  assert.equal(store.settings.pix_merchant_name, 'Loja Demo');
  assert.equal(store.settings.pix_merchant_city, 'Sao Paulo');
  assert.equal(store.settings.bank_agreement.bank_code, '237');
  assert.equal(store.settings.bank_agreement.agency, '1234');
  assert.equal(store.settings.bank_agreement.wallet, '09');
  // The other settings survive the save.
  assert.deepEqual(store.settings.credit, before.settings.credit);
  assert.deepEqual(store.settings.local_holidays, before.settings.local_holidays);
});

uiTest('carnê de uma venda: escolha das parcelas, prévia com Pix e boleto, e o PDF', async (page) => {
  const list = await api('GET', '/api/v1/customers?status=active&limit=5');
  assert.equal(list.status, 200);
  const customer = list.body.items[0];
  state.customer = { id: customer.id, name: customer.full_name };
  const limit = await api('PUT', `/api/v1/customers/${customer.id}/credit-limit`, {
    credit_limit_cents: 100_000_000, reason: 'e2e de documentos',
  });
  assert.equal(limit.status, 200, JSON.stringify(limit.body));
  const description = `Televisor ${randomWord(6)}`;
  const sale = await api('POST', '/api/v1/sales', {
    customer_id: customer.id, description, price_cents: 90_000, down_payment_cents: 15_000,
    down_payment_method: 'pix', installment_count: 3,
    // The demo customer may have a late history; the owner vouches for this sale.
    override_reason: 'cliente conhecido da loja (e2e de documentos)',
  }, { 'Idempotency-Key': `e2e-docs-${randomWord(10)}` });
  assert.equal(sale.status, 201, JSON.stringify(sale.body));
  state.sale = { id: sale.body.id, description };

  // Coming back from Nova venda, the new sale offers its documents.
  await page.goto(url(`/clientes/${customer.id}?venda=${sale.body.id}`));
  const news = page.locator('.doc-notice');
  await visible(news);
  await fetchPdf(page, news.getByRole('link', { name: 'Imprimir carnê' }));
  const contract = await fetchPdf(page, news.getByRole('link', { name: 'Contrato' }));
  assert.match(contract, new RegExp(`/api/v1/sales/${sale.body.id}/contract\\.pdf$`));

  const row = page.locator(`tr[data-sale="${sale.body.id}"]`);
  await visible(row);
  await row.getByRole('button', { name: /^Carnê/ }).click();
  const dialog = page.getByRole('dialog', { name: `Carnê · ${description}` });
  await visible(dialog);
  const boxes = dialog.getByRole('checkbox');
  assert.equal(await boxes.count(), 3);
  for (let i = 0; i < 3; i++) assert.equal(await boxes.nth(i).isChecked(), true);

  const preview = dialog.getByRole('table', { name: 'Prévia do carnê' });
  const rows = preview.locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Prévia do carnê"] tbody tr').length === 3);
  for (const text of await rows.allInnerTexts()) {
    assert.match(text, /^\d\/3/);
    assert.match(text, /R\$ \d/);
    assert.match(text, /Sim/, 'com Pix');
    assert.match(text, /Bradesco/, 'com boleto');
  }
  assert.match(await rows.nth(0).innerText(), /txid \S+/);

  // Only installments 1 and 3, updated to a later day.
  await dialog.getByLabel(/^Parcela 2\/3/).uncheck();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Prévia do carnê"] tbody tr').length === 2);
  assert.deepEqual((await rows.allInnerTexts()).map((t) => t.slice(0, 3)), ['1/3', '3/3']);
  await dialog.getByLabel('Atualizar valores até').fill(dateInput(5));
  const pdf = dialog.getByRole('link', { name: 'Abrir PDF' });
  await page.waitForFunction(() => /updated_to=/.test(document.querySelector('dialog a.button-primary')?.getAttribute('href') ?? ''));
  const href = await fetchPdf(page, pdf);
  assert.match(href, new RegExp(`/api/v1/sales/${sale.body.id}/carne\\.pdf\\?installments=1,3&updated_to=\\d{4}-\\d{2}-\\d{2}$`));
  await visible(rows);

  // An impossible date shows at the field, and there is nothing to open.
  await dialog.getByLabel('Atualizar valores até').fill('31/02/2027');
  await visible(await fieldErrorFor(page, 'updated_to'));
  assert.equal(await dialog.getByRole('link', { name: 'Abrir PDF' }).count(), 0);

  await dialog.getByRole('button', { name: 'Voltar' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

uiTest('recibos do pagamento em A4 e 80 mm, no registro e no extrato', async (page) => {
  assert.ok(state.sale, 'depende da venda');
  await page.getByRole('button', { name: 'Receber pagamento' }).click();
  const dialog = page.getByRole('dialog', { name: 'Receber pagamento' });
  await dialog.getByLabel(new RegExp(`^Parcela 1/3 · ${state.sale.description}`)).check();
  await dialog.getByRole('button', { name: 'Registrar pagamento' }).click();
  const done = page.getByRole('dialog', { name: 'Pagamento registrado' });
  await visible(done);
  const a4 = await fetchPdf(page, done.getByRole('link', { name: 'Recibo A4' }));
  assert.match(a4, /\/api\/v1\/payments\/[^/]+\/receipt\.pdf\?paper=a4$/);
  const thermal = await fetchPdf(page, done.getByRole('link', { name: 'Recibo 80 mm' }));
  assert.match(thermal, /\?paper=80mm$/);
  await done.getByRole('button', { name: 'Concluir' }).click();
  await done.waitFor({ state: 'hidden' });

  // The statement offers the receipts of the payment and of the down payment.
  const extrato = page.getByRole('region', { name: 'Extrato' });
  const payment = extrato.locator('.event-payment').filter({ has: page.locator(`a[href="${a4}"]`) });
  await visible(payment);
  assert.match(await payment.locator(`a[href="${a4}"]`).innerText(), /^Recibo A4/);
  const down = extrato.locator('.event-down_payment').filter({ hasText: 'R$ 150,00' }).first();
  await visible(down);
  await fetchPdf(page, down.getByRole('link', { name: /^Recibo 80 mm/ }));

  // Installment 1 is paid: the carnê now offers the other two.
  await page.locator(`tr[data-sale="${state.sale.id}"]`).getByRole('button', { name: /^Carnê/ }).click();
  const carne = page.getByRole('dialog', { name: `Carnê · ${state.sale.description}` });
  await visible(carne);
  assert.equal(await carne.getByRole('checkbox').count(), 2);
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Prévia do carnê"] tbody tr').length === 2);
  await carne.getByRole('button', { name: 'Voltar' }).click();
});
