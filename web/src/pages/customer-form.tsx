// Customer form, for both registering (POST) and editing (PUT with the version read).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf, type Customer } from '../api';
import {
  CheckboxField,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
  focusFirstError,
  showFormErrors,
  type Errors,
} from '../components/fields';
import {
  bodyOf,
  emptyForm,
  formFromCustomer,
  formPathOf,
  kChannelLabels,
  kConsentSources,
  kMaxPhones,
  kMaxReferences,
  validateForm,
  type CustomerForm,
} from '../customer-model';
import { maskCep, maskCpf, maskDate, maskMoney, maskPhone, parseMoneyToCents, centsToInput } from '../format';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { kUfs } from '../validate';
import { Loading, NoPermission, PageHeader } from './common';

// Every field path the form shows, so errors on other paths are listed at the top.
function shownPaths(form: CustomerForm): Set<string> {
  const paths = [
    'cpf', 'full_name', 'birth_date', 'email', 'monthly_income_cents', 'occupation', 'employer', 'notes',
    'address.postal_code', 'address.street', 'address.number', 'address.complement', 'address.district',
    'address.city', 'address.state',
  ];
  form.phones.forEach((_, i) => paths.push(`phones[${i}]`));
  form.references.forEach((_, i) => paths.push(`references[${i}].name`, `references[${i}].phone`, `references[${i}].relation`));
  if (form.hasGuarantor) paths.push('guarantor.name', 'guarantor.cpf', 'guarantor.phone');
  form.consents.forEach((_, i) => paths.push(`consents[${i}].granted`, `consents[${i}].source`));
  return new Set(paths);
}

const kFieldNames: Record<string, string> = {
  phones: 'Telefones',
  references: 'Referências',
  guarantor: 'Avalista',
  consents: 'Consentimentos',
  address: 'Endereço',
  version: 'Versão',
};

function friendlyPath(path: string): string {
  const root = path.split(/[.[]/)[0];
  return kFieldNames[root] ?? path;
}

type Banner =
  | { kind: 'duplicate'; href: string | null; detail: string }
  | { kind: 'stale'; detail: string }
  | { kind: 'error'; detail: string; extra?: { field: string; detail: string }[] };

export function CustomerFormPage({ id }: { id?: string }) {
  const { can } = useSession();
  const editing = !!id;
  const [form, setForm] = useState<CustomerForm>(emptyForm);
  const [version, setVersion] = useState<number | null>(null);
  const [loadError, setLoadError] = useState('');
  const [loaded, setLoaded] = useState(!editing);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<Banner | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    if (!id) return;
    try {
      const c = await api.get<Customer>(`/api/v1/customers/${encodeURIComponent(id)}`);
      setForm(formFromCustomer(c));
      setVersion(c.version);
      setLoaded(true);
      setErrors({});
      setBanner(null);
    } catch (e) {
      setLoadError(e instanceof ApiError && e.status === 404 ? 'Cliente não encontrado.' : messageOf(e));
    }
  }

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (!can('customers:write')) return <NoPermission what="Seu usuário não pode cadastrar nem alterar clientes." />;
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!loaded) return <Loading />;

  const update = (change: (draft: CustomerForm) => void) => {
    setForm((old) => {
      const draft: CustomerForm = structuredClone(old);
      change(draft);
      return draft;
    });
  };
  const clearError = (path: string) => {
    if (errors[path]) {
      const next = { ...errors };
      delete next[path];
      setErrors(next);
    }
  };
  const set = (path: string, change: (draft: CustomerForm, value: string) => void) => (value: string) => {
    update((d) => change(d, value));
    clearError(path);
  };
  // Checks one field when the person leaves it, so a mistake shows before sending.
  const checkOnBlur = (path: string) => () => {
    const problem = validateForm(form)[path];
    setErrors((old) => {
      const next = { ...old };
      if (problem) next[path] = problem;
      else delete next[path];
      return next;
    });
  };

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found = validateForm(form);
    if (showFormErrors(found, setErrors, setBanner)) return;
    setBusy(true);
    try {
      const body = bodyOf(form);
      const saved = editing
        ? await api.put<Customer>(`/api/v1/customers/${encodeURIComponent(id!)}`, { ...body, version })
        : await api.post<Customer>('/api/v1/customers', body);
      navigate(`/clientes/${saved.id}`);
    } catch (e) {
      setBusy(false);
      if (!(e instanceof ApiError)) {
        setBanner({ kind: 'error', detail: messageOf(e) });
        return;
      }
      const problem = e.problem;
      if (e.status === 409 && problem.existing) {
        const m = /\/api\/v1\/customers\/([^/?#]+)/.exec(problem.existing);
        setBanner({ kind: 'duplicate', href: m ? `/clientes/${m[1]}` : null, detail: problem.detail ?? '' });
        setErrors({ cpf: 'CPF já cadastrado' });
        focusFirstError();
        return;
      }
      if (e.status === 409) {
        setBanner({ kind: 'stale', detail: problem.detail || 'Outra pessoa alterou este cliente enquanto você editava.' });
        window.scrollTo(0, 0);
        return;
      }
      if (e.status === 422 && problem.errors?.length) {
        const shown = shownPaths(form);
        const byField: Errors = {};
        const extra: { field: string; detail: string }[] = [];
        for (const fe of problem.errors) {
          const path = formPathOf(form, fe.field);
          if (shown.has(path)) byField[path] = byField[path] ? `${byField[path]}; ${fe.detail}` : fe.detail;
          else extra.push({ field: fe.field, detail: fe.detail });
        }
        setErrors(byField);
        if (extra.length) setBanner({ kind: 'error', detail: problem.detail ?? 'Dados inválidos', extra });
        if (Object.keys(byField).length) focusFirstError();
        else window.scrollTo(0, 0);
        return;
      }
      setBanner({ kind: 'error', detail: problem.detail ?? e.message });
      window.scrollTo(0, 0);
    }
  }

  const title = editing ? 'Editar cliente' : 'Novo cliente';
  return (
    <section>
      <PageHeader title={title} back={editing ? { href: `/clientes/${id}`, label: 'Voltar ao cliente' } : { href: '/clientes', label: 'Clientes' }} />
      {banner?.kind === 'duplicate' ? (
        <Notice kind="error">
          Já existe um cliente com este CPF.{' '}
          {banner.href ? <Link href={banner.href}>Abrir o cadastro existente</Link> : null}
        </Notice>
      ) : null}
      {banner?.kind === 'stale' ? (
        <Notice kind="warning">
          {banner.detail}{' '}
          <button type="button" class="button-quiet" onClick={() => void load()}>
            Recarregar os dados atuais
          </button>
        </Notice>
      ) : null}
      {banner?.kind === 'error' ? (
        <Notice kind="error">
          {banner.detail}
          {banner.extra?.length ? (
            <ul>
              {banner.extra.map((x) => (
                <li key={x.field}>
                  {friendlyPath(x.field)}: {x.detail}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <form class="customer-form" onSubmit={submit} noValidate>
        <fieldset class="card">
          <legend>Identificação</legend>
          <div class="grid">
            <TextField label="CPF" field="cpf" required value={form.cpf} mask={maskCpf} inputMode="numeric" placeholder="000.000.000-00"
              onValue={set('cpf', (d, v) => (d.cpf = v))} onBlur={checkOnBlur('cpf')} error={errors.cpf} />
            <TextField label="Nome completo" field="full_name" maxLength={120} required class="span-2" value={form.full_name} autoComplete="off"
              onValue={set('full_name', (d, v) => (d.full_name = v))} error={errors.full_name} />
            <TextField label="Data de nascimento" field="birth_date" value={form.birth_date} mask={maskDate} inputMode="numeric" placeholder="DD/MM/AAAA"
              onValue={set('birth_date', (d, v) => (d.birth_date = v))} onBlur={checkOnBlur('birth_date')} error={errors.birth_date} />
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Contato</legend>
          <div class="grid">
            {form.phones.map((phone, i) => (
              <div class="row-with-action" key={`phone-${i}`}>
                <TextField label={i === 0 ? 'Telefone principal' : `Telefone ${i + 1}`} field={`phones[${i}]`} value={phone} mask={maskPhone}
                  inputMode="tel" placeholder="(00) 00000-0000" onValue={set(`phones[${i}]`, (d, v) => (d.phones[i] = v))}
                  onBlur={checkOnBlur(`phones[${i}]`)} error={errors[`phones[${i}]`]} />
                {form.phones.length > 1 ? (
                  <button type="button" class="button-quiet"
                    onClick={() => { update((d) => d.phones.splice(i, 1)); setErrors({}); }}>
                    Remover<span class="visually-hidden"> telefone {i + 1}</span>
                  </button>
                ) : null}
              </div>
            ))}
          </div>
          {form.phones.length < kMaxPhones ? (
            <button type="button" class="button-quiet" onClick={() => update((d) => d.phones.push(''))}>
              + Adicionar telefone
            </button>
          ) : (
            <p class="field-hint">Até {kMaxPhones} telefones.</p>
          )}
          <div class="grid">
            <TextField label="E-mail" field="email" type="email" inputMode="email" class="span-2" value={form.email}
              onValue={set('email', (d, v) => (d.email = v))} onBlur={checkOnBlur('email')} error={errors.email} />
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Endereço</legend>
          <div class="grid">
            <TextField label="CEP" field="address.postal_code" value={form.address.postal_code} mask={maskCep} inputMode="numeric" placeholder="00000-000"
              onValue={set('address.postal_code', (d, v) => (d.address.postal_code = v))} onBlur={checkOnBlur('address.postal_code')} error={errors['address.postal_code']} />
            <TextField label="Rua" field="address.street" maxLength={120} class="span-2" value={form.address.street}
              onValue={set('address.street', (d, v) => (d.address.street = v))} error={errors['address.street']} />
            <TextField label="Número" field="address.number" maxLength={20} value={form.address.number}
              onValue={set('address.number', (d, v) => (d.address.number = v))} error={errors['address.number']} />
            <TextField label="Complemento" field="address.complement" maxLength={120} value={form.address.complement}
              onValue={set('address.complement', (d, v) => (d.address.complement = v))} error={errors['address.complement']} />
            <TextField label="Bairro" field="address.district" maxLength={120} value={form.address.district}
              onValue={set('address.district', (d, v) => (d.address.district = v))} error={errors['address.district']} />
            <TextField label="Cidade" field="address.city" maxLength={120} value={form.address.city}
              onValue={set('address.city', (d, v) => (d.address.city = v))} error={errors['address.city']} />
            <SelectField label="UF" field="address.state" value={form.address.state}
              options={[{ value: '', label: '—' }, ...kUfs.map((uf) => ({ value: uf, label: uf }))]}
              onValue={set('address.state', (d, v) => (d.address.state = v))} error={errors['address.state']} />
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Renda e trabalho</legend>
          <div class="grid">
            <TextField label="Renda mensal declarada (R$)" field="monthly_income_cents" value={form.income} mask={maskMoney} inputMode="decimal" placeholder="2.500,00"
              onValue={set('monthly_income_cents', (d, v) => (d.income = v))}
              onBlur={() => {
                const cents = parseMoneyToCents(form.income);
                if (typeof cents === 'number') update((d) => (d.income = centsToInput(cents)));
                checkOnBlur('monthly_income_cents')();
              }}
              error={errors.monthly_income_cents} />
            <TextField label="Profissão" field="occupation" maxLength={120} value={form.occupation}
              onValue={set('occupation', (d, v) => (d.occupation = v))} error={errors.occupation} />
            <TextField label="Empregador" field="employer" maxLength={120} value={form.employer}
              onValue={set('employer', (d, v) => (d.employer = v))} error={errors.employer} />
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Referências pessoais</legend>
          <p class="field-hint">Referências nunca são contatadas sobre débitos.</p>
          {form.references.map((r, i) => (
            <div class="subcard" key={`ref-${i}`}>
              <div class="grid">
                <TextField label={`Referência ${i + 1}: nome`} field={`references[${i}].name`} maxLength={120} value={r.name}
                  onValue={set(`references[${i}].name`, (d, v) => (d.references[i].name = v))} error={errors[`references[${i}].name`]} />
                <TextField label={`Referência ${i + 1}: telefone`} field={`references[${i}].phone`} value={r.phone} mask={maskPhone} inputMode="tel" placeholder="(00) 00000-0000"
                  onValue={set(`references[${i}].phone`, (d, v) => (d.references[i].phone = v))} onBlur={checkOnBlur(`references[${i}].phone`)} error={errors[`references[${i}].phone`]} />
                <TextField label={`Referência ${i + 1}: relação`} field={`references[${i}].relation`} maxLength={60} value={r.relation} placeholder="mãe, vizinho, colega…"
                  onValue={set(`references[${i}].relation`, (d, v) => (d.references[i].relation = v))} error={errors[`references[${i}].relation`]} />
              </div>
              <button type="button" class="button-quiet" onClick={() => { update((d) => d.references.splice(i, 1)); setErrors({}); }}>
                Remover referência {i + 1}
              </button>
            </div>
          ))}
          {form.references.length < kMaxReferences ? (
            <button type="button" class="button-quiet" onClick={() => update((d) => d.references.push({ name: '', phone: '', relation: '' }))}>
              + Adicionar referência
            </button>
          ) : null}
        </fieldset>

        <fieldset class="card">
          <legend>Avalista</legend>
          <CheckboxField label="Tem avalista" field="guarantor" checked={form.hasGuarantor}
            onChecked={(checked) => update((d) => (d.hasGuarantor = checked))} />
          {form.hasGuarantor ? (
            <div class="grid">
              <TextField label="Nome do avalista" field="guarantor.name" maxLength={120} value={form.guarantor.name}
                onValue={set('guarantor.name', (d, v) => (d.guarantor.name = v))} error={errors['guarantor.name']} />
              <TextField label="CPF do avalista" field="guarantor.cpf" value={form.guarantor.cpf} mask={maskCpf} inputMode="numeric" placeholder="000.000.000-00"
                onValue={set('guarantor.cpf', (d, v) => (d.guarantor.cpf = v))} onBlur={checkOnBlur('guarantor.cpf')} error={errors['guarantor.cpf']} />
              <TextField label="Telefone do avalista" field="guarantor.phone" value={form.guarantor.phone} mask={maskPhone} inputMode="tel" placeholder="(00) 00000-0000"
                onValue={set('guarantor.phone', (d, v) => (d.guarantor.phone = v))} onBlur={checkOnBlur('guarantor.phone')} error={errors['guarantor.phone']} />
            </div>
          ) : null}
        </fieldset>

        <fieldset class="card">
          <legend>Consentimentos de contato</legend>
          <p class="field-hint">Só usamos um canal para falar sobre valores em aberto com o consentimento do cliente.</p>
          {form.consents.map((c, i) => (
            <div class="consent-row" key={c.channel}>
              <CheckboxField label={`Aceita contato por ${kChannelLabels[c.channel]}`} field={`consents[${i}].granted`} checked={c.granted}
                onChecked={(checked) => { update((d) => (d.consents[i].granted = checked)); clearError(`consents[${i}].source`); }}
                error={errors[`consents[${i}].granted`]} />
              <SelectField label={`Como foi obtido (${kChannelLabels[c.channel]})`} field={`consents[${i}].source`} value={c.source}
                options={[
                  { value: '', label: 'Selecione…' },
                  ...kConsentSources,
                  ...(c.source && !kConsentSources.some((s) => s.value === c.source) ? [{ value: c.source, label: c.source }] : []),
                ]}
                onValue={set(`consents[${i}].source`, (d, v) => (d.consents[i].source = v))} error={errors[`consents[${i}].source`]} />
            </div>
          ))}
        </fieldset>

        <fieldset class="card">
          <legend>Observações</legend>
          <TextAreaField label="Observações" field="notes" hideLabel maxLength={2000} value={form.notes} rows={3}
            onValue={set('notes', (d, v) => (d.notes = v))} error={errors.notes} />
        </fieldset>

        <div class="form-actions sticky-actions">
          <Link href={editing ? `/clientes/${id}` : '/clientes'} class="button">
            Cancelar
          </Link>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : editing ? 'Salvar alterações' : 'Cadastrar cliente'}
          </button>
        </div>
      </form>
    </section>
  );
}
