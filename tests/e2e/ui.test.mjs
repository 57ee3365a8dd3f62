// End-to-end tests of the web UI: a real `fiado serve --demo` and Debian's chromium.
// Run through run.mjs (which sets the reporter and the exit code), or directly with
// `node --test tests/e2e/ui.test.mjs`, with FIADO_BINARY and FIADO_WEB_DIR set.
import assert from 'node:assert/strict';
import {
  browserSuite,
  fieldErrorFor,
  formatCpf,
  invalidCpf,
  randomCpf,
  randomWord,
} from './lib.mjs';

const state = {
  dir: '',
  server: null,
  context: null,
  page: null,
  failed: false,
  customer: null, // { id, name, cpf }
  clerk: null, // { email, password, name }
};

const uiTest = browserSuite(state, { screenshotPrefix: 'falha', timeoutMs: 45_000 });

const url = (p) => `${state.server.url}${p}`;

async function signIn(page, email, password) {
  await page.goto(url('/entrar'));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

function mainNav(page) {
  return page.getByRole('navigation', { name: 'Principal' });
}

uiTest('entrar com senha errada mostra o erro do servidor', async (page) => {
  await signIn(page, state.server.email, 'senha-errada-123');
  await page.getByRole('alert').filter({ hasText: 'e-mail ou senha incorretos' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/entrar/);
  await assertVisible(page.getByRole('heading', { name: 'Entrar' }));
});

uiTest('o dono entra e vê Clientes', async (page) => {
  await signIn(page, state.server.email, state.server.password);
  await page.waitForURL(url('/clientes'));
  await assertVisible(page.getByRole('heading', { level: 1, name: 'Clientes' }));
  await assertVisible(mainNav(page).getByRole('link', { name: 'Clientes' }));
  await assertVisible(mainNav(page).getByRole('link', { name: 'Configurações' }));
  await assertVisible(page.getByRole('button', { name: 'Sair' }));
  await assertVisible(mainNav(page).getByRole('link', { name: 'Vendas' }));
  // Areas not built yet are absent.
  assert.equal(await mainNav(page).getByRole('link', { name: 'Painel' }).count(), 0);
});

uiTest('CPF inválido mostra o erro no campo CPF; corrigido, o cliente é salvo', async (page) => {
  const cpf = randomCpf();
  const name = `Joana Conceição Ávila ${randomWord()}`;
  await page.goto(url('/clientes'));
  await page.getByRole('link', { name: 'Novo cliente' }).click();
  await page.waitForURL(url('/clientes/novo'));
  await page.getByLabel('CPF', { exact: true }).fill(invalidCpf(cpf));
  await page.getByLabel('Nome completo').fill(name);
  await page.getByLabel('Telefone principal').fill('11987654321');
  assert.equal(await page.getByLabel('Telefone principal').inputValue(), '(11) 98765-4321', 'máscara do telefone');
  assert.equal(await page.getByLabel('CPF', { exact: true }).inputValue(), formatCpf(invalidCpf(cpf)), 'máscara do CPF');
  await page.getByLabel('Profissão').fill('Vendedora');
  await page.getByLabel('Renda mensal declarada (R$)').fill('2.500,00');
  await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
  const cpfError = await fieldErrorFor(page, 'cpf');
  await assertVisible(cpfError);
  assert.match(await cpfError.innerText(), /dígito verificador/);
  assert.equal(new URL(page.url()).pathname, '/clientes/novo', 'não salvou com CPF inválido');

  await page.getByLabel('CPF', { exact: true }).fill(cpf);
  await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
  await page.waitForURL(/\/clientes\/[0-9a-f-]{36}$/);
  await assertVisible(page.getByRole('heading', { level: 1, name }));
  await assertVisible(page.getByText(formatCpf(cpf)));
  await assertVisible(page.getByText('R$ 2.500,00'));
  const id = new URL(page.url()).pathname.split('/').pop();
  state.customer = { id, name, cpf };
});

uiTest('CPF já cadastrado mostra o aviso com o link para o cliente existente', async (page) => {
  assert.ok(state.customer, 'depende do cadastro do teste anterior');
  await page.goto(url('/clientes/novo'));
  await page.getByLabel('CPF', { exact: true }).fill(formatCpf(state.customer.cpf));
  await page.getByLabel('Nome completo').fill('Outra Pessoa Qualquer');
  await page.getByRole('button', { name: 'Cadastrar cliente' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Já existe um cliente com este CPF' });
  await assertVisible(notice);
  await notice.getByRole('link').click();
  await page.waitForURL(url(`/clientes/${state.customer.id}`));
  await assertVisible(page.getByRole('heading', { level: 1, name: state.customer.name }));
});

uiTest('o cliente é achado pelo nome sem acentos e pelo começo do CPF', async (page) => {
  assert.ok(state.customer, 'depende do cadastro do teste anterior');
  const { name, cpf } = state.customer;
  await page.goto(url('/clientes'));
  const search = page.getByLabel('Buscar');
  const results = page.getByRole('list', { name: 'Clientes' });

  await search.fill('conceicao avila');
  await assertVisible(results.getByRole('link', { name: new RegExp(name) }));
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'conceicao avila');

  await search.fill(cpf.slice(0, 7));
  await assertVisible(results.getByRole('link', { name: new RegExp(name) }));
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, cpf.slice(0, 7));
  const rows = await results.getByRole('listitem').allInnerTexts();
  for (const row of rows) {
    assert.ok(row.includes(formatCpf(cpf).slice(0, 7)) || row.includes(cpf.slice(0, 3)), `linha sem o CPF buscado: ${row}`);
  }

  await search.fill('zzzz nenhum nome assim');
  await page.getByText('Nenhum cliente encontrado.').waitFor();
});

uiTest('editar a profissão deixa uma Alteração no histórico', async (page) => {
  assert.ok(state.customer, 'depende do cadastro');
  await page.goto(url(`/clientes/${state.customer.id}`));
  await page.getByRole('link', { name: 'Editar' }).click();
  await page.waitForURL(url(`/clientes/${state.customer.id}/editar`));
  const occupation = page.getByLabel('Profissão');
  assert.equal(await occupation.inputValue(), 'Vendedora');
  await occupation.fill('Costureira');
  await page.getByRole('button', { name: 'Salvar alterações' }).click();
  await page.waitForURL(url(`/clientes/${state.customer.id}`));
  const history = page.getByRole('list', { name: 'Histórico' });
  const change = history.locator('.history-entry').filter({ hasText: 'Alteração' }).first();
  await assertVisible(change);
  const text = await change.innerText();
  assert.match(text, /Profissão/);
  assert.match(text, /Vendedora/);
  assert.match(text, /Costureira/);
  await assertVisible(history.locator('.history-entry').filter({ hasText: 'Cadastro' }));
});

uiTest('o dono cria um usuário vendedor na tela Usuários', async (page) => {
  const word = randomWord(6).toLowerCase();
  state.clerk = { email: `vendedor.${word}@example.com`, password: `senha-${word}-2026`, name: `Vendedor ${randomWord(6)}` };
  await page.goto(url('/clientes'));
  await mainNav(page).getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Configurações' }).getByRole('link', { name: 'Usuários' }).click();
  await page.waitForURL(url('/configuracoes/usuarios'));
  await page.getByLabel('E-mail', { exact: true }).fill(state.clerk.email);
  await page.getByLabel('Nome', { exact: true }).fill(state.clerk.name);
  await page.getByLabel('Papel', { exact: true }).selectOption('clerk');
  await page.getByLabel('Senha inicial').fill(state.clerk.password);
  await page.getByRole('button', { name: 'Adicionar usuário' }).click();
  const row = page.getByRole('table', { name: 'Usuários' }).getByRole('row').filter({ hasText: state.clerk.email });
  await assertVisible(row);
  assert.match(await row.innerText(), /Ativo/);
  assert.equal(await row.getByRole('combobox').inputValue(), 'clerk');
});

uiTest('o vendedor não vê Configurações e por URL vê "Sem permissão"', async (page) => {
  assert.ok(state.clerk, 'depende da criação do usuário');
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.waitForURL(url('/entrar'));
  await assertVisible(page.getByRole('heading', { name: 'Entrar' }));
  // Signed out for real: the API no longer knows the session.
  await page.goto(url('/clientes'));
  await page.waitForURL(/\/entrar/);

  await signIn(page, state.clerk.email, state.clerk.password);
  await page.waitForURL(url('/clientes'));
  await assertVisible(page.getByText(state.clerk.name));
  await assertVisible(mainNav(page).getByRole('link', { name: 'Clientes' }));
  assert.equal(await mainNav(page).getByRole('link', { name: 'Configurações' }).count(), 0);

  await page.goto(url('/configuracoes/usuarios'));
  await assertVisible(page.getByRole('heading', { name: 'Sem permissão' }));
  assert.equal(await page.getByLabel('Senha inicial').count(), 0);
});

async function assertVisible(locator) {
  await locator.first().waitFor({ state: 'visible' });
}
