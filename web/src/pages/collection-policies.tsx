// Réguas de cobrança: the list of the shop's policies and the editor of one (name,
// priority, audience, and the steps on a timeline by day relative to the due date plus an
// editable table). The server checks the policy; its 422 names the input
// ("steps[2].day_offset") and the previous version stays in force; a 409 means someone
// saved it since it was opened.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api';
import { CheckboxField, Notice, SelectField, TextField, focusFirstError, idFor, showFormErrors, type Errors } from '../components/fields';
import {
  actionLabel,
  collectionAccess,
  collectionFieldErrors,
  dayLabel,
  formatInstantIn,
  hasText,
  kActionOrder,
  kTenureLabels,
  splitErrors,
  useShopZone,
  type Audience,
  type MessageTemplate,
  type Policy,
  type PolicyStep,
  type StepAction,
  type Tenure,
} from '../collection-model';
import { centsToInput, formatBRL, maskMoney, parseMoneyToCents } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { kUfs } from '../validate';
import { Loading } from './common';
import { goWithFlash, takeFlash } from './collection-parts';

// ---- List -------------------------------------------------------------------------------------

function audienceText(a: Audience | undefined): string {
  if (!a) return 'Todos';
  const parts = [kTenureLabels[a.tenure] ?? a.tenure];
  if (a.states?.length) parts.push(a.states.join(', '));
  if (a.min_open_cents > 0) parts.push(`a partir de ${formatBRL(a.min_open_cents)}`);
  return parts.join(' · ');
}

export function PoliciesPage() {
  const { session } = useSession();
  const access = collectionAccess(session);
  const zone = useShopZone(session.store.id);
  const [policies, setPolicies] = useState<Policy[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<{ policies: Policy[] }>('/api/v1/collection/policies').then((r) => setPolicies(r.policies), (e) => setError(messageOf(e)));
  }, []);

  return (
    <section class="card" aria-labelledby="reguas-titulo">
      <div class="card-head">
        <h2 id="reguas-titulo">Réguas</h2>
        {access.manage ? (
          <Link href="/cobranca/reguas/nova" class="button button-primary">
            Nova régua
          </Link>
        ) : null}
      </div>
      <p class="field-hint">
        Para cada cliente vale a primeira régua ativa, na ordem de prioridade (o menor número primeiro), cujo público o inclui.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {policies === null && !error ? <Loading /> : null}
      {policies?.length === 0 ? <p>Nenhuma régua cadastrada.</p> : null}
      {policies?.length ? (
        <table class="table" aria-label="Réguas">
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col" class="num">Prioridade</th>
              <th scope="col">Situação</th>
              <th scope="col">Público</th>
              <th scope="col">Etapas</th>
              <th scope="col">Alterada em</th>
            </tr>
          </thead>
          <tbody>
            {[...policies].sort((a, b) => a.priority - b.priority).map((p) => (
              <tr key={p.id} class={p.active ? '' : 'inactive'} data-policy={p.id}>
                <td data-label="Nome" class="cell-title">
                  <Link href={`/cobranca/reguas/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </td>
                <td data-label="Prioridade" class="num">{p.priority}</td>
                <td data-label="Situação">
                  {p.active ? <span class="badge badge-active">ativa</span> : <span class="badge badge-written-off">inativa</span>}
                </td>
                <td data-label="Público">{audienceText(p.audience)}</td>
                <td data-label="Etapas">
                  {[...p.steps].sort((a, b) => a.day_offset - b.day_offset).map((s) => `${dayLabel(s.day_offset)} ${actionLabel(s.action)}`).join(' · ')}
                </td>
                <td data-label="Alterada em">
                  {formatInstantIn(p.updated_at, zone)}
                  {p.updated_by ? <span class="slip-detail">{p.updated_by}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

// ---- Editor: the draft ------------------------------------------------------------------------

interface StepDraft {
  uid: number;
  key: string;
  day: string;
  action: StepAction;
  template_key: string;
  min_open: string;
  audience?: Audience; // kept as read: the editor does not change a step's own audience
}

interface PolicyDraft {
  name: string;
  priority: string;
  active: boolean;
  tenure: Tenure;
  states: string[];
  min_open: string;
  steps: StepDraft[];
}

let uidCounter = 0;
const nextUid = () => ++uidCounter;

function draftOf(p: Policy | null): PolicyDraft {
  if (!p) {
    return {
      name: '', priority: '100', active: true, tenure: 'any', states: [], min_open: '',
      steps: [{ uid: nextUid(), key: 'd+1', day: '1', action: 'whatsapp', template_key: '', min_open: '' }],
    };
  }
  return {
    name: p.name,
    priority: String(p.priority),
    active: p.active,
    tenure: p.audience?.tenure ?? 'any',
    states: [...(p.audience?.states ?? [])],
    min_open: p.audience?.min_open_cents ? centsToInput(p.audience.min_open_cents) : '',
    steps: [...p.steps].sort((a, b) => a.day_offset - b.day_offset || byKey(a.key, b.key)).map((s) => ({
      uid: nextUid(),
      key: s.key,
      day: String(s.day_offset),
      action: s.action,
      template_key: s.template_key ?? '',
      min_open: s.min_open_cents ? centsToInput(s.min_open_cents) : '',
      audience: s.audience,
    })),
  };
}

// Keys compare as the server's std::string (code units), not by locale.
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The server sorts the steps by day, then key, before it checks them, and its errors
// ("steps[2].day_offset") count in that order: the rows are put in it before sending.
function sortedSteps(steps: StepDraft[]): StepDraft[] {
  const days = steps.map((s) => parseDay(s.day));
  if (days.some((d) => d === null)) return steps;
  return steps
    .map((s, i) => ({ s, day: days[i] as number }))
    .sort((a, b) => a.day - b.day || byKey(a.s.key.trim(), b.s.key.trim()))
    .map((x) => x.s);
}

const stepField = (i: number, name: string) => `steps[${i}].${name}`;

function parseDay(text: string): number | null {
  const t = text.trim().replace('−', '-');
  return /^[-+]?\d{1,4}$/.test(t) ? Number(t) : null;
}

// The mistakes seen before sending (the server checks the rest: ranges, overlaps,
// contradictions) and the API body.
function checkDraft(d: PolicyDraft): { errors: Errors; body: Omit<Policy, 'id' | 'version' | 'updated_at' | 'updated_by'> | null } {
  const errors: Errors = {};
  if (!d.name.trim()) errors.name = 'informe o nome da régua';
  const priority = /^\d{1,6}$/.test(d.priority.trim()) ? Number(d.priority.trim()) : null;
  if (priority === null) errors.priority = 'use um número inteiro (0 é a primeira)';
  const minOpen = parseMoneyToCents(d.min_open);
  if (minOpen === undefined) errors['audience.min_open_cents'] = 'valor inválido';
  if (d.steps.length === 0) errors.steps = 'a régua precisa de pelo menos uma etapa';
  const steps: PolicyStep[] = d.steps.map((s, i) => {
    const key = s.key.trim();
    if (!key) errors[stepField(i, 'key')] = 'informe a chave da etapa';
    else if (!/^[a-z0-9+-]{1,40}$/.test(key)) errors[stepField(i, 'key')] = 'use de 1 a 40 caracteres entre a-z, 0-9, + e -';
    const day = parseDay(s.day);
    if (day === null) errors[stepField(i, 'day_offset')] = 'use um número de dias (negativo antes do vencimento)';
    if (hasText(s.action) && !s.template_key) errors[stepField(i, 'template_key')] = 'escolha o modelo de mensagem desta etapa';
    const stepMin = parseMoneyToCents(s.min_open);
    if (stepMin === undefined) errors[stepField(i, 'min_open_cents')] = 'valor inválido';
    const step: PolicyStep = {
      key,
      day_offset: day ?? 0,
      action: s.action,
      template_key: hasText(s.action) ? s.template_key : '',
      min_open_cents: stepMin ?? 0,
    };
    if (s.audience) step.audience = s.audience;
    return step;
  });
  if (Object.keys(errors).length) return { errors, body: null };
  return {
    errors,
    body: {
      name: d.name.trim(),
      priority: priority ?? 100,
      active: d.active,
      audience: { tenure: d.tenure, states: d.states, min_open_cents: minOpen ?? 0 },
      steps,
    },
  };
}

const kTopFields = new Set(['name', 'priority', 'active', 'audience.tenure', 'audience.states', 'audience.min_open_cents', 'steps']);
const kStepFields = /^steps\[(\d+)\]\.(key|day_offset|action|template_key|min_open_cents)$/;

// ---- Editor -------------------------------------------------------------------------------------

export function PolicyEditorPage({ id }: { id?: string }) {
  const { session } = useSession();
  const access = collectionAccess(session);
  const zone = useShopZone(session.store.id);
  const readOnly = !access.manage;
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<PolicyDraft | null>(id ? null : draftOf(null));
  const [templates, setTemplates] = useState<MessageTemplate[]>([]);
  const [loadError, setLoadError] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useState(() => takeFlash());

  async function loadPolicy() {
    if (!id) return;
    try {
      const all = (await api.get<{ policies: Policy[] }>('/api/v1/collection/policies')).policies;
      const found = all.find((p) => p.id === id) ?? null;
      if (!found) setNotFound(true);
      setPolicy(found);
      setDraft(draftOf(found));
      setLoadError('');
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }

  useEffect(() => {
    void loadPolicy();
    api.get<{ templates: MessageTemplate[] }>('/api/v1/collection/templates').then((r) => setTemplates(r.templates), () => setTemplates([]));
  }, [id]);

  if (notFound) {
    return (
      <section class="card">
        <h2>Régua não encontrada</h2>
        <p>
          <Link href="/cobranca/reguas">Voltar para as réguas</Link>
        </p>
      </section>
    );
  }
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!draft) return <Loading />;
  const d = draft;

  function change(next: Partial<PolicyDraft>, clearFields: string[] = []) {
    setDraft({ ...d, ...next });
    if (clearFields.some((f) => errors[f])) {
      const copy = { ...errors };
      for (const f of clearFields) delete copy[f];
      setErrors(copy);
    }
  }

  function changeStep(index: number, next: Partial<StepDraft>, field: string) {
    const steps = d.steps.map((s, i) => (i === index ? { ...s, ...next } : s));
    change({ steps }, [stepField(index, field)]);
  }

  // Adding or removing a row moves the indexes the errors name: they are cleared.
  function setSteps(steps: StepDraft[]) {
    setDraft({ ...d, steps });
    setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !f.startsWith('steps'))));
  }

  function addStep() {
    const days = d.steps.map((s) => parseDay(s.day)).filter((n): n is number => n !== null);
    const day = days.length ? Math.max(...days) + 7 : 1;
    setSteps([...d.steps, { uid: nextUid(), key: `d+${day}`, day: String(day), action: 'call_task', template_key: '', min_open: '' }]);
  }

  function showServerErrors(found: Errors) {
    const { fields, others: rest } = splitErrors(found, (f) => kTopFields.has(f) || kStepFields.test(f));
    setErrors(fields);
    setOthers(rest);
    setMessage(rest.length ? 'A régua não foi salva:' : null);
    if (Object.keys(fields).length) focusFirstError();
  }

  async function save(event: Event) {
    event.preventDefault();
    if (busy || readOnly) return;
    setFlash('');
    setConflict(false);
    setOthers([]);
    const ordered = { ...d, steps: sortedSteps(d.steps) };
    if (ordered.steps.some((s, i) => s !== d.steps[i])) setDraft(ordered);
    const { errors: found, body } = checkDraft(ordered);
    if (showFormErrors(found, setErrors, setMessage) || !body) return;
    setBusy(true);
    try {
      if (policy) {
        const saved = await api.put<Policy>(`/api/v1/collection/policies/${encodeURIComponent(policy.id)}`, { ...body, version: policy.version });
        setPolicy(saved);
        setDraft(draftOf(saved));
        setFlash('Régua salva.');
      } else {
        const created = await api.post<Policy>('/api/v1/collection/policies', body);
        goWithFlash(`/cobranca/reguas/${encodeURIComponent(created.id)}`, 'Régua criada.');
      }
    } catch (e) {
      const fields = collectionFieldErrors(e);
      if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        setMessage(null);
      } else if (fields) {
        showServerErrors(fields);
      } else {
        setMessage(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const title = policy ? `Régua: ${policy.name}` : 'Nova régua';
  return (
    <form class="policy-editor" onSubmit={save} noValidate aria-label={title}>
      <p>
        <Link href="/cobranca/reguas" class="back-link">
          ← Réguas
        </Link>
      </p>
      <h2>{title}</h2>
      {policy ? (
        <p class="field-hint">
          Versão {policy.version}, alterada em {formatInstantIn(policy.updated_at, zone)}
          {policy.updated_by ? ` por ${policy.updated_by}` : ''}.
        </p>
      ) : null}
      {flash ? <Notice kind="success">{flash}</Notice> : null}
      {conflict ? (
        <Notice kind="warning">
          <strong>Esta régua foi alterada por outra pessoa depois que você a abriu.</strong> Suas alterações não foram salvas, e a
          versão salva continua valendo. Recarregue para ver a versão atual e refaça as mudanças.{' '}
          <button type="button" class="button-quiet" onClick={() => { setConflict(false); setErrors({}); void loadPolicy(); }}>
            Recarregar a versão atual
          </button>
        </Notice>
      ) : null}
      {message ? (
        <Notice kind="error">
          {message}
          {others.length ? (
            <ul>
              {others.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {readOnly ? <Notice kind="info">Só o dono da loja altera as réguas.</Notice> : null}

      <fieldset class="card" disabled={readOnly}>
        <legend>Régua</legend>
        <div class="grid">
          <TextField label="Nome" field="name" value={d.name} required maxLength={80} error={errors.name}
            onValue={(v) => change({ name: v }, ['name'])} />
          <TextField label="Prioridade" field="priority" value={d.priority} inputMode="numeric" error={errors.priority}
            hint="A menor vale primeiro." onValue={(v) => change({ priority: v }, ['priority'])} />
        </div>
        <CheckboxField label="Ativa" field="active" checked={d.active} error={errors.active}
          onChecked={(v) => change({ active: v }, ['active'])} />
      </fieldset>

      <fieldset class="card" disabled={readOnly}>
        <legend>Público</legend>
        <div class="grid">
          <SelectField label="Clientes" field="audience.tenure" value={d.tenure} error={errors['audience.tenure']}
            options={(['any', 'new', 'established'] as Tenure[]).map((t) => ({ value: t, label: kTenureLabels[t] }))}
            hint="Novos: primeira compra há menos de 180 dias."
            onValue={(v) => change({ tenure: v as Tenure }, ['audience.tenure'])} />
          <TextField label="Valor mínimo em aberto (R$)" field="audience.min_open_cents" value={d.min_open} mask={maskMoney}
            inputMode="decimal" placeholder="0,00" error={errors['audience.min_open_cents']}
            onValue={(v) => change({ min_open: v }, ['audience.min_open_cents'])} />
        </div>
        <UfPicker value={d.states} error={errors['audience.states']}
          onValue={(states) => change({ states }, ['audience.states'])} />
      </fieldset>

      <section class="card" aria-labelledby="etapas-titulo">
        <h3 id="etapas-titulo" class="card-title">Etapas</h3>
        <Timeline steps={d.steps} errors={errors} />
        <StepsTable steps={d.steps} templates={templates} errors={errors} readOnly={readOnly} onChange={changeStep}
          onRemove={(i) => setSteps(d.steps.filter((_, j) => j !== i))} />
        {!readOnly ? (
          <div class="steps-add">
            <button type="button" data-field="steps" aria-describedby={errors.steps ? `${idFor('steps')}-error` : undefined}
              aria-invalid={errors.steps ? 'true' : undefined} id={idFor('steps')} onClick={addStep}>
              Adicionar etapa
            </button>
            {errors.steps ? (
              <span class="field-error" id={`${idFor('steps')}-error`} role="alert">
                {errors.steps}
              </span>
            ) : null}
          </div>
        ) : null}
        <p class="field-hint">
          Dia: dias depois do vencimento (negativo = antes; de −30 a 1825). Ao salvar, as etapas ficam na ordem dos dias. Cada
          etapa acontece uma vez por parcela. Mensagens e
          cartas precisam de um modelo do mesmo canal; negativação pede um aviso de negativação pelo menos 10 dias antes.
        </p>
      </section>

      {!readOnly ? (
        <div class="form-actions sticky-actions">
          <Link href="/cobranca/reguas" class="button">
            Cancelar
          </Link>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : policy ? 'Salvar régua' : 'Criar régua'}
          </button>
        </div>
      ) : null}
    </form>
  );
}

// ---- UFs ----------------------------------------------------------------------------------------

function UfPicker({ value, error, onValue }: { value: string[]; error?: string; onValue: (states: string[]) => void }) {
  const id = idFor('audience.states');
  return (
    <fieldset class={`plain-fieldset uf-picker ${error ? 'has-error' : ''}`} data-field="audience.states" id={id} tabIndex={-1}
      aria-invalid={error ? 'true' : undefined} aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend>Estados (UF)</legend>
      <small class="field-hint" id={`${id}-hint`}>
        Nenhum marcado = todos os estados. {value.length ? `Marcados: ${value.join(', ')}.` : ''}
      </small>
      <div class="uf-grid">
        {kUfs.map((uf) => (
          <label key={uf} class="uf-option">
            <input type="checkbox" checked={value.includes(uf)}
              onChange={(e) => onValue(e.currentTarget.checked ? [...value, uf].sort() : value.filter((x) => x !== uf))} />
            {uf}
          </label>
        ))}
      </div>
      {error ? (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

// ---- Timeline -----------------------------------------------------------------------------------

function Timeline({ steps, errors }: { steps: StepDraft[]; errors: Errors }) {
  // One point per day, in order, evenly spaced (a step at D+1825 would crush a linear
  // axis); the due date is always shown.
  const byDay = new Map<number, { s: StepDraft; index: number }[]>([[0, []]]);
  steps.forEach((s, index) => {
    const day = parseDay(s.day);
    if (day !== null) byDay.set(day, [...(byDay.get(day) ?? []), { s, index }]);
  });
  const days = [...byDay.entries()].sort((a, b) => a[0] - b[0]);
  return (
    <div class="timeline" role="group" aria-label="Linha do tempo das etapas">
      <ol class="timeline-steps">
        {days.map(([day, list]) => (
          <li key={day} class={`timeline-point ${day === 0 ? 'timeline-due' : ''} ${day < 0 ? 'timeline-before' : ''}`}>
            <span class="timeline-day">{dayLabel(day)}</span>
            <span class="timeline-dot" aria-hidden="true" />
            {day === 0 ? <span class="timeline-caption">vencimento</span> : null}
            {list.map(({ s, index }) => (
              <span key={s.uid} class={`timeline-step action-${s.action} ${Object.keys(errors).some((f) => f.startsWith(`steps[${index}]`) && errors[f]) ? 'timeline-error' : ''}`}>
                {actionLabel(s.action)}
              </span>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

// ---- Steps table --------------------------------------------------------------------------------

function StepsTable({ steps, templates, errors, readOnly, onChange, onRemove }: {
  steps: StepDraft[];
  templates: MessageTemplate[];
  errors: Errors;
  readOnly: boolean;
  onChange: (index: number, next: Partial<StepDraft>, field: string) => void;
  onRemove: (index: number) => void;
}) {
  return (
    <table class="table compact steps-table" aria-label="Etapas">
      <thead>
        <tr>
          <th scope="col">Chave</th>
          <th scope="col">Dia</th>
          <th scope="col">Ação</th>
          <th scope="col">Modelo</th>
          <th scope="col">Mínimo em aberto (R$)</th>
          <th scope="col"><span class="visually-hidden">Remover</span></th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => {
          const n = i + 1;
          const channelTemplates = templates.filter((t) => t.channel === s.action);
          const templateOptions = hasText(s.action)
            ? [
                { value: '', label: channelTemplates.length ? 'Escolha o modelo…' : 'Nenhum modelo deste canal' },
                ...channelTemplates.map((t) => ({ value: t.key, label: t.name || t.key })),
                ...(s.template_key && !channelTemplates.some((t) => t.key === s.template_key)
                  ? [{ value: s.template_key, label: `${s.template_key} (de outro canal ou inexistente)` }]
                  : []),
              ]
            : [{ value: '', label: '— (sem texto)' }];
          return (
            <tr key={s.uid} data-step={i}>
              <td>
                <TextField label={`Chave da etapa ${n}`} hideLabel field={stepField(i, 'key')} value={s.key} maxLength={40}
                  disabled={readOnly} error={errors[stepField(i, 'key')]} onValue={(v) => onChange(i, { key: v }, 'key')} />
                {s.audience && (s.audience.tenure !== 'any' || s.audience.states?.length || s.audience.min_open_cents) ? (
                  <small class="field-hint">público próprio: {audienceText(s.audience)}</small>
                ) : null}
              </td>
              <td class="cell-day">
                <TextField label={`Dia da etapa ${n}`} hideLabel field={stepField(i, 'day_offset')} value={s.day} inputMode="numeric"
                  disabled={readOnly} error={errors[stepField(i, 'day_offset')]} onValue={(v) => onChange(i, { day: v }, 'day_offset')} />
              </td>
              <td>
                <SelectField label={`Ação da etapa ${n}`} hideLabel field={stepField(i, 'action')} value={s.action} disabled={readOnly}
                  options={kActionOrder.map((a) => ({ value: a, label: actionLabel(a) }))} error={errors[stepField(i, 'action')]}
                  onValue={(v) => {
                    const action = v as StepAction;
                    const keep = templates.some((t) => t.key === s.template_key && t.channel === action);
                    onChange(i, { action, template_key: keep ? s.template_key : '' }, 'action');
                  }} />
              </td>
              <td>
                <SelectField label={`Modelo da etapa ${n}`} hideLabel field={stepField(i, 'template_key')} value={hasText(s.action) ? s.template_key : ''}
                  disabled={readOnly || !hasText(s.action)} options={templateOptions} error={errors[stepField(i, 'template_key')]}
                  onValue={(v) => onChange(i, { template_key: v }, 'template_key')} />
              </td>
              <td>
                <TextField label={`Mínimo em aberto da etapa ${n}`} hideLabel field={stepField(i, 'min_open_cents')} value={s.min_open}
                  mask={maskMoney} inputMode="decimal" placeholder="0,00" disabled={readOnly} error={errors[stepField(i, 'min_open_cents')]}
                  onValue={(v) => onChange(i, { min_open: v }, 'min_open_cents')} />
              </td>
              <td>
                {!readOnly ? (
                  <button type="button" class="button-small button-quiet" onClick={() => onRemove(i)}>
                    Remover<span class="visually-hidden"> a etapa {n}</span>
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
