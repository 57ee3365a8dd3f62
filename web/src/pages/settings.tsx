// Configurações: the store, its users, its API keys, its Pix notifications (webhooks), its
// messaging channels and its credit rules.
// Each tab needs its own permission; opening one without it (by URL) says "Sem permissão".
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf, type ApiKey, type Page, type Role, type Store, type User } from '../api';
import { SecretBox } from '../components/secret-box';
import { CheckboxField, Notice, SelectField, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import {
  agreementBodyOf,
  agreementFormOf,
  bankOf,
  kAgreementPrefix,
  kBanks,
  kPixMerchantCityMax,
  kPixMerchantNameMax,
  kSicredi,
  storeFieldOf,
  storeSettingLabel,
  validatePaymentSettings,
  type AgreementForm,
  type PaymentSettings,
} from '../documents';
import { formatCep, formatInstant, formatLegalId, formatPhone, maskCep, maskLegalId, maskPhone } from '../format';
import { allowed, kSettingsTabs } from '../nav';
import { Link, navigate } from '../router';
import { kRoleLabels, useSession } from '../session';
import { cepProblem, emailProblem, kUfs, passwordProblem, phoneProblem } from '../validate';
import { Loading, NoPermission, NotFound, PageHeader } from './common';
import { PixWebhooksSettings } from './pix-webhooks';
import { MessagingSettingsPage } from './messaging-settings';
import { CreditSettingsPage } from './credit-settings';

export function SettingsPage({ path }: { path: string }) {
  const { session } = useSession();
  const tabs = kSettingsTabs.filter((t) => t.built && allowed(t, session.permissions));
  const tab = kSettingsTabs.find((t) => t.path === path);

  useEffect(() => {
    if (path === '/configuracoes' && tabs.length) navigate(tabs[0].path, { replace: true });
  }, [path]);

  if (path === '/configuracoes') return tabs.length ? null : <NoPermission />;
  if (!tab) return <NotFound />;
  if (!allowed(tab, session.permissions)) return <NoPermission />;

  return (
    <section>
      <PageHeader title="Configurações" />
      <nav class="tabs" aria-label="Configurações">
        {tabs.map((t) => (
          <Link key={t.path} href={t.path} aria-current={t.path === path ? 'page' : undefined}>
            {t.area}
          </Link>
        ))}
      </nav>
      {path === '/configuracoes/loja' ? <StoreSettings /> : null}
      {path === '/configuracoes/usuarios' ? <UsersSettings /> : null}
      {path === '/configuracoes/chaves' ? <ApiKeysSettings /> : null}
      {path === '/configuracoes/pix' ? <PixWebhooksSettings /> : null}
      {path === '/configuracoes/mensagens' ? <MessagingSettingsPage /> : null}
      {path === '/configuracoes/credito' ? <CreditSettingsPage /> : null}
    </section>
  );
}

function problemErrors(e: unknown): Errors | null {
  if (e instanceof ApiError && e.problem.errors?.length) {
    const out: Errors = {};
    for (const fe of e.problem.errors) out[fe.field] = out[fe.field] ? `${out[fe.field]}; ${fe.detail}` : fe.detail;
    return out;
  }
  return null;
}

// ---- Loja ------------------------------------------------------------------------------

const kTimeZones = [
  { value: 'America/Sao_Paulo', label: 'Brasília (America/Sao_Paulo)' },
  { value: 'America/Bahia', label: 'Bahia (America/Bahia)' },
  { value: 'America/Fortaleza', label: 'Fortaleza (America/Fortaleza)' },
  { value: 'America/Recife', label: 'Recife (America/Recife)' },
  { value: 'America/Maceio', label: 'Maceió (America/Maceio)' },
  { value: 'America/Belem', label: 'Belém (America/Belem)' },
  { value: 'America/Araguaina', label: 'Araguaína (America/Araguaina)' },
  { value: 'America/Santarem', label: 'Santarém (America/Santarem)' },
  { value: 'America/Manaus', label: 'Manaus (America/Manaus)' },
  { value: 'America/Cuiaba', label: 'Cuiabá (America/Cuiaba)' },
  { value: 'America/Campo_Grande', label: 'Campo Grande (America/Campo_Grande)' },
  { value: 'America/Porto_Velho', label: 'Porto Velho (America/Porto_Velho)' },
  { value: 'America/Boa_Vista', label: 'Boa Vista (America/Boa_Vista)' },
  { value: 'America/Rio_Branco', label: 'Rio Branco (America/Rio_Branco)' },
  { value: 'America/Eirunepe', label: 'Eirunepé (America/Eirunepe)' },
  { value: 'America/Noronha', label: 'Fernando de Noronha (America/Noronha)' },
];

interface StoreForm {
  name: string;
  legal_id: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
  postal_code: string;
  phone: string;
  email: string;
  time_zone: string;
  pix_key: string;
  pix_merchant_name: string;
  pix_merchant_city: string;
  boleto: AgreementForm;
}

// The inputs of the store form, by API field; an error naming another field goes to the
// form's message.
const kStoreFields = new Set([
  'name', 'legal_id', 'address.postal_code', 'address.street', 'address.number', 'address.complement',
  'address.district', 'address.city', 'address.state', 'phone', 'email', 'time_zone', 'pix_key',
  'settings.pix_merchant_name', 'settings.pix_merchant_city', kAgreementPrefix,
  ...['bank_code', 'agency', 'agency_digit', 'account', 'account_digit', 'wallet', 'agreement', 'station', 'wallet_variation'].map((k) => `${kAgreementPrefix}.${k}`),
]);

const kBankOptions = [{ value: '', label: 'Escolha o banco…' }, ...kBanks.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))];

function StoreSettings() {
  const { session } = useSession();
  const [store, setStore] = useState<Store | null>(null);
  const [form, setForm] = useState<StoreForm | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/v1/stores/${encodeURIComponent(session.store.id)}`;

  function fill(s: Store) {
    setStore(s);
    setForm({
      name: s.name ?? '',
      legal_id: formatLegalId(s.legal_id ?? ''),
      street: s.address?.street ?? '',
      number: s.address?.number ?? '',
      complement: s.address?.complement ?? '',
      district: s.address?.district ?? '',
      city: s.address?.city ?? '',
      state: s.address?.state ?? '',
      postal_code: formatCep(s.address?.postal_code ?? ''),
      phone: formatPhone(s.phone ?? ''),
      email: s.email ?? '',
      time_zone: s.time_zone || 'America/Sao_Paulo',
      pix_key: s.pix_key ?? '',
      pix_merchant_name: (s.settings as PaymentSettings | undefined)?.pix_merchant_name ?? '',
      pix_merchant_city: (s.settings as PaymentSettings | undefined)?.pix_merchant_city ?? '',
      boleto: agreementFormOf(s.settings as PaymentSettings | undefined),
    });
  }

  useEffect(() => {
    api.get<Store>(path).then(fill, (e) => setMessage({ kind: 'error', text: messageOf(e) }));
  }, [path]);

  if (!form || !store) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <Loading />;

  const clearError = (field: string) => {
    if (errors[field]) {
      const next = { ...errors };
      delete next[field];
      setErrors(next);
    }
  };
  const set = (key: Exclude<keyof StoreForm, 'boleto'>, field: string) => (value: string) => {
    setForm({ ...form, [key]: value });
    clearError(field);
  };
  const setBoleto = (key: keyof AgreementForm) => (value: string | boolean) => {
    setForm({ ...form, boleto: { ...form.boleto, [key]: value } });
    clearError(key === 'enabled' ? kAgreementPrefix : `${kAgreementPrefix}.${key}`);
  };
  const boletoField = (key: keyof AgreementForm) => `${kAgreementPrefix}.${key}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (!form || !store) return;
    const found: Errors = {};
    if (!form.name.trim()) found.name = 'informe o nome da loja';
    if (!form.legal_id.trim()) found.legal_id = 'não informado';
    if (!form.city.trim()) found['address.city'] = 'informe a cidade';
    if (!form.state) found['address.state'] = 'UF inválida: use a sigla do estado, como SP ou MG';
    const cep = cepProblem(form.postal_code);
    if (cep) found['address.postal_code'] = cep;
    const phone = phoneProblem(form.phone, false);
    if (phone) found.phone = phone;
    const email = emailProblem(form.email);
    if (email) found.email = email;
    Object.assign(found, validatePaymentSettings(form.boleto, form.pix_merchant_name, form.pix_merchant_city));
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      const body: Record<string, unknown> = {
        name: form.name.trim(),
        legal_id: form.legal_id.trim(),
        address: {
          street: form.street.trim(),
          number: form.number.trim(),
          complement: form.complement.trim(),
          district: form.district.trim(),
          city: form.city.trim(),
          state: form.state,
          postal_code: form.postal_code.trim(),
        },
        phone: form.phone.trim(),
        email: form.email.trim(),
        time_zone: form.time_zone,
        pix_key: form.pix_key.trim(),
      };
      // The payment settings go as the server knows them (a server without them gets
      // them only when filled in, and then says what it does not know).
      const settings: Record<string, unknown> = { ...((store.settings as Record<string, unknown> | undefined) ?? {}) };
      const payment: Record<string, unknown> = {
        pix_merchant_name: form.pix_merchant_name.trim(),
        pix_merchant_city: form.pix_merchant_city.trim(),
        bank_agreement: agreementBodyOf(form.boleto),
      };
      for (const [key, value] of Object.entries(payment)) {
        if (key in settings || (value !== '' && value !== null)) settings[key] = value;
      }
      if (store.settings !== undefined || Object.keys(settings).length) body.settings = settings;
      const saved = await api.put<Store>(path, body);
      fill(saved);
      setMessage({ kind: 'success', text: 'Dados da loja salvos.' });
    } catch (e) {
      const raw = problemErrors(e);
      const fields: Errors | null = raw ? {} : null;
      for (const [field, detail] of Object.entries(raw ?? {})) fields![storeFieldOf(field)] = detail;
      if (fields) {
        setErrors(fields);
        focusFirstError();
      }
      // Errors about fields without an input here are spelled out in the message.
      const loose = Object.entries(fields ?? {}).filter(([field]) => !kStoreFields.has(field));
      // The server's detail repeats a field's path; with every error at its input, a plain
      // sentence says where to look.
      const text = fields && Object.keys(fields).length > loose.length ? 'Confira os campos marcados.' : messageOf(e);
      setMessage({
        kind: 'error',
        text: loose.length ? `${text} ${loose.map(([f, d]) => `${storeSettingLabel(f) || f}: ${d}`).join('; ')}` : text,
      });
    } finally {
      setBusy(false);
    }
  }

  const bank = bankOf(form.boleto.bank_code);
  const tzOptions = kTimeZones.some((t) => t.value === form.time_zone)
    ? kTimeZones
    : [...kTimeZones, { value: form.time_zone, label: form.time_zone }];

  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>Loja</h2>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <div class="grid">
        <TextField label="Nome da loja" field="name" class="span-2" required value={form.name} onValue={set('name', 'name')} error={errors.name} />
        <TextField label="CNPJ/CPF" field="legal_id" required value={form.legal_id} mask={maskLegalId} onValue={set('legal_id', 'legal_id')} error={errors.legal_id} />
        <TextField label="CEP" field="address.postal_code" value={form.postal_code} mask={maskCep} inputMode="numeric" placeholder="00000-000"
          onValue={set('postal_code', 'address.postal_code')} error={errors['address.postal_code']} />
        <TextField label="Rua" field="address.street" class="span-2" value={form.street} onValue={set('street', 'address.street')} error={errors['address.street']} />
        <TextField label="Número" field="address.number" value={form.number} onValue={set('number', 'address.number')} error={errors['address.number']} />
        <TextField label="Complemento" field="address.complement" value={form.complement} onValue={set('complement', 'address.complement')} error={errors['address.complement']} />
        <TextField label="Bairro" field="address.district" value={form.district} onValue={set('district', 'address.district')} error={errors['address.district']} />
        <TextField label="Cidade" field="address.city" required value={form.city} onValue={set('city', 'address.city')} error={errors['address.city']} />
        <SelectField label="UF" field="address.state" required value={form.state}
          options={[{ value: '', label: '—' }, ...kUfs.map((uf) => ({ value: uf, label: uf }))]} onValue={set('state', 'address.state')} error={errors['address.state']} />
        <TextField label="Telefone" field="phone" value={form.phone} mask={maskPhone} inputMode="tel" placeholder="(00) 0000-0000"
          onValue={set('phone', 'phone')} error={errors.phone} />
        <TextField label="E-mail" field="email" type="email" value={form.email} onValue={set('email', 'email')} error={errors.email} />
        <SelectField label="Fuso horário" field="time_zone" value={form.time_zone} options={tzOptions} onValue={set('time_zone', 'time_zone')} error={errors.time_zone} />
      </div>
      <section class="subcard" aria-labelledby="pix-titulo">
        <h3 id="pix-titulo">Pix</h3>
        <p class="field-hint">Com a chave Pix, cada parcela do carnê sai com um QR Code "copia e cola" do valor exato.</p>
        <div class="grid">
          <TextField label="Chave Pix" field="pix_key" class="span-2" value={form.pix_key} onValue={set('pix_key', 'pix_key')} error={errors.pix_key}
            hint="CNPJ, CPF, e-mail, celular (+55 DDD número) ou chave aleatória que recebe os pagamentos." />
          <TextField label="Nome no Pix" field="settings.pix_merchant_name" value={form.pix_merchant_name} maxLength={kPixMerchantNameMax}
            onValue={set('pix_merchant_name', 'settings.pix_merchant_name')} error={errors['settings.pix_merchant_name']}
            placeholder={[...form.name].length <= kPixMerchantNameMax ? form.name : ''}
            hint={`Opcional: até ${kPixMerchantNameMax} caracteres. Em branco, vale o nome da loja (se couber).`} />
          <TextField label="Cidade no Pix" field="settings.pix_merchant_city" value={form.pix_merchant_city} maxLength={kPixMerchantCityMax}
            onValue={set('pix_merchant_city', 'settings.pix_merchant_city')} error={errors['settings.pix_merchant_city']}
            placeholder={[...form.city].length <= kPixMerchantCityMax ? form.city : ''}
            hint={`Opcional: até ${kPixMerchantCityMax} caracteres. Em branco, vale a cidade da loja.`} />
        </div>
      </section>
      <section class="subcard" aria-labelledby="boleto-titulo">
        <h3 id="boleto-titulo">Boleto (convênio bancário)</h3>
        <CheckboxField label="Emitir boletos" field={kAgreementPrefix} class="wide-hint" checked={form.boleto.enabled} onChecked={setBoleto('enabled')}
          error={errors[kAgreementPrefix]} hint="Com o convênio de cobrança do banco, cada parcela do carnê sai também com o código de barras do boleto." />
        {form.boleto.enabled ? (
          <div class="grid">
            <SelectField label="Banco" field={boletoField('bank_code')} required value={form.boleto.bank_code} options={kBankOptions}
              onValue={setBoleto('bank_code')} error={errors[boletoField('bank_code')]} />
            <div class="pair">
              <TextField label="Agência" field={boletoField('agency')} required value={form.boleto.agency} inputMode="numeric" maxLength={10}
                onValue={setBoleto('agency')} error={errors[boletoField('agency')]}
                hint={form.boleto.bank_code === kSicredi || form.boleto.bank_code === '756' ? 'A cooperativa (4 dígitos).' : undefined} />
              <TextField label="Dígito da agência" field={boletoField('agency_digit')} value={form.boleto.agency_digit} maxLength={2}
                onValue={setBoleto('agency_digit')} error={errors[boletoField('agency_digit')]} />
            </div>
            <div class="pair">
              <TextField label="Conta" field={boletoField('account')} value={form.boleto.account} inputMode="numeric" maxLength={20}
                onValue={setBoleto('account')} error={errors[boletoField('account')]} />
              <TextField label="Dígito da conta" field={boletoField('account_digit')} value={form.boleto.account_digit} maxLength={2}
                onValue={setBoleto('account_digit')} error={errors[boletoField('account_digit')]} />
            </div>
            <TextField label="Carteira" field={boletoField('wallet')} required value={form.boleto.wallet} maxLength={10}
              placeholder={bank?.wallet ?? ''} onValue={setBoleto('wallet')} error={errors[boletoField('wallet')]}
              hint={bank ? `Como consta no contrato de cobrança; ${bank.article} ${bank.name} costuma ser ${bank.wallet}.` : undefined} />
            <TextField label="Convênio / código do beneficiário" field={boletoField('agreement')} value={form.boleto.agreement} maxLength={20}
              inputMode="numeric" onValue={setBoleto('agreement')} error={errors[boletoField('agreement')]} hint={bank?.agreementHint} />
            {form.boleto.bank_code === '001' ? (
              <TextField label="Variação da carteira" field={boletoField('wallet_variation')} value={form.boleto.wallet_variation} inputMode="numeric" maxLength={3}
                onValue={setBoleto('wallet_variation')} error={errors[boletoField('wallet_variation')]} hint="3 dígitos, do contrato com o Banco do Brasil (só para a remessa CNAB)." />
            ) : null}
            {form.boleto.bank_code === kSicredi ? (
              <TextField label="Posto" field={boletoField('station')} required value={form.boleto.station} inputMode="numeric" maxLength={2}
                onValue={setBoleto('station')} error={errors[boletoField('station')]} hint="O posto da cooperativa (2 dígitos)." />
            ) : null}
          </div>
        ) : null}
      </section>
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Salvando…' : 'Salvar'}
        </button>
      </div>
    </form>
  );
}

// ---- Usuários --------------------------------------------------------------------------

const kRoleOptions = (['owner', 'clerk', 'collector', 'viewer'] as Role[]).map((r) => ({ value: r, label: kRoleLabels[r] }));

function listItems<T>(data: Page<T> | T[]): T[] {
  return Array.isArray(data) ? data : data.items;
}

// Reads a list into `setItems`; a failure becomes the screen's error message.
async function loadList<T>(path: string, setItems: (items: T[]) => void,
                           setMessage: (message: { kind: 'error'; text: string }) => void) {
  try {
    setItems(listItems(await api.get<Page<T> | T[]>(path)));
  } catch (e) {
    setMessage({ kind: 'error', text: messageOf(e) });
  }
}

function UsersSettings() {
  const { session } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('clerk');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const load = () => loadList<User>('/api/v1/users', setUsers, setMessage);

  useEffect(() => {
    void load();
  }, []);

  async function add(event: Event) {
    event.preventDefault();
    const found: Errors = {};
    const emailIssue = emailProblem(email, true);
    if (emailIssue) found.email = emailIssue;
    if (!name.trim()) found.name = 'informe o nome';
    const policy = passwordProblem(password);
    if (policy) found.password = policy;
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      const user = await api.post<User>('/api/v1/users', { email: email.trim(), name: name.trim(), role, password });
      setEmail('');
      setName('');
      setPassword('');
      setRole('clerk');
      setMessage({ kind: 'success', text: `Usuário ${user.name} adicionado.` });
      await load();
    } catch (e) {
      const fields = problemErrors(e);
      if (fields) {
        setErrors(fields);
        focusFirstError();
      } else if (e instanceof ApiError && e.status === 409) {
        setErrors({ email: e.problem.detail ?? 'já existe um usuário com este e-mail' });
        focusFirstError();
      } else {
        setMessage({ kind: 'error', text: messageOf(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  async function patch(user: User, change: Partial<Pick<User, 'role' | 'active' | 'name'>>, done: string) {
    setMessage(null);
    try {
      await api.patch<User>(`/api/v1/users/${encodeURIComponent(user.id)}`, change);
      setMessage({ kind: 'success', text: done });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
    await load();
  }

  return (
    <>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <div class="card">
        <h2>Usuários</h2>
        {users === null ? (
          <Loading />
        ) : (
          <table class="table" aria-label="Usuários">
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">E-mail</th>
                <th scope="col">Papel</th>
                <th scope="col">Situação</th>
                <th scope="col"><span class="visually-hidden">Ações</span></th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const self = u.id === session.user.id;
                return (
                  <tr key={u.id} class={u.active ? '' : 'inactive'}>
                    <td data-label="Nome">{u.name}{self ? ' (você)' : ''}</td>
                    <td data-label="E-mail">{u.email}</td>
                    <td data-label="Papel">
                      <SelectField label={`Papel de ${u.name}`} field={`users.${u.id}.role`} hideLabel value={u.role} options={kRoleOptions}
                        disabled={self} onValue={(v) => void patch(u, { role: v as Role }, `Papel de ${u.name} alterado para ${kRoleLabels[v]}.`)} />
                    </td>
                    <td data-label="Situação">{u.active ? 'Ativo' : 'Desativado'}</td>
                    <td>
                      {self ? null : u.active ? (
                        <button type="button" class="button-quiet" onClick={() => void patch(u, { active: false }, `${u.name} foi desativado(a).`)}>
                          Desativar
                        </button>
                      ) : (
                        <button type="button" class="button-quiet" onClick={() => void patch(u, { active: true }, `${u.name} foi reativado(a).`)}>
                          Reativar
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <form class="card" onSubmit={add} noValidate>
        <h2>Adicionar usuário</h2>
        <div class="grid">
          <TextField label="E-mail" field="email" type="email" inputMode="email" required value={email} onValue={(v) => { setEmail(v); setErrors({ ...errors, email: '' }); }} error={errors.email} />
          <TextField label="Nome" field="name" required value={name} onValue={(v) => { setName(v); setErrors({ ...errors, name: '' }); }} error={errors.name} />
          <SelectField label="Papel" field="role" value={role} options={kRoleOptions} onValue={setRole} error={errors.role} />
          <TextField label="Senha inicial" field="password" type="password" autoComplete="new-password" required value={password}
            onValue={(v) => { setPassword(v); setErrors({ ...errors, password: '' }); }} error={errors.password} hint="Pelo menos 8 caracteres. Peça para a pessoa trocar no primeiro acesso." />
        </div>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Adicionando…' : 'Adicionar usuário'}
          </button>
        </div>
      </form>
    </>
  );
}

// ---- Chaves de API ----------------------------------------------------------------------

const kKeyRoleOptions = (['clerk', 'collector', 'viewer'] as Role[]).map((r) => ({ value: r, label: kRoleLabels[r] }));

function ApiKeysSettings() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => loadList<ApiKey>('/api/v1/api-keys', setKeys, setMessage);

  useEffect(() => {
    void load();
  }, []);

  async function create(event: Event) {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'informe um nome para a chave' });
      focusFirstError();
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const key = await api.post<ApiKey>('/api/v1/api-keys', { name: name.trim(), role });
      setCreated(key);
      setName('');
      await load();
    } catch (e) {
      const fields = problemErrors(e);
      if (fields) setErrors(fields);
      else setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(key: ApiKey) {
    if (!window.confirm(`Revogar a chave "${key.name}"? Os sistemas que a usam deixarão de funcionar.`)) return;
    setMessage(null);
    try {
      await api.del(`/api/v1/api-keys/${encodeURIComponent(key.id)}`);
      setMessage({ kind: 'success', text: `Chave "${key.name}" revogada.` });
      if (created?.id === key.id) setCreated(null);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
    await load();
  }

  return (
    <>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {created?.secret ? (
        <SecretBox secret={created.secret} testId="api-key-secret" onDone={() => setCreated(null)}
          intro={<><strong>Chave "{created.name}" criada.</strong> Esta é a chave secreta: copie agora; ela não será mostrada de novo.</>} />
      ) : null}
      <div class="card">
        <h2>Chaves de API</h2>
        <p class="field-hint">Para integrar o Fiado ao caixa, ao ERP ou a outros sistemas.</p>
        {keys === null ? (
          <Loading />
        ) : keys.length === 0 ? (
          <p>Nenhuma chave criada.</p>
        ) : (
          <table class="table" aria-label="Chaves de API">
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Papel</th>
                <th scope="col">Início da chave</th>
                <th scope="col">Criada em</th>
                <th scope="col">Último uso</th>
                <th scope="col">Situação</th>
                <th scope="col"><span class="visually-hidden">Ações</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} class={k.revoked_at ? 'inactive' : ''}>
                  <td data-label="Nome">{k.name}</td>
                  <td data-label="Papel">{kRoleLabels[k.role] ?? k.role}</td>
                  <td data-label="Início da chave"><code>{k.prefix}…</code></td>
                  <td data-label="Criada em">{formatInstant(k.created_at)}</td>
                  <td data-label="Último uso">{k.last_used_at ? formatInstant(k.last_used_at) : '—'}</td>
                  <td data-label="Situação">{k.revoked_at ? `Revogada em ${formatInstant(k.revoked_at)}` : 'Ativa'}</td>
                  <td>
                    {k.revoked_at ? null : (
                      <button type="button" class="button-quiet" onClick={() => void revoke(k)}>
                        Revogar
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <form class="card" onSubmit={create} noValidate>
        <h2>Criar chave</h2>
        <div class="grid">
          <TextField label="Nome da chave" field="name" required value={name} placeholder="Caixa da loja" onValue={setName} error={errors.name} />
          <SelectField label="Papel da chave" field="role" value={role} options={kKeyRoleOptions} onValue={setRole} error={errors.role} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Criando…' : 'Criar chave'}
          </button>
        </div>
      </form>
    </>
  );
}
