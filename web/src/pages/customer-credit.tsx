// The Crédito part of a customer's page: the behavioural score with its band and reasons,
// the limit (em aberto, disponível) and the limit ladder's next step, the owner's limit
// changes (by hand, the suggested first limit, the ladder's raise or cut), the profitability
// of the customer; the bureau lookups (SPC/Serasa) with the manual record and the online
// consultation; the credit analysis ("Analisar crédito", "Quanto pode comprar?") with the
// owner's override, and the history of credit decisions.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf, type Customer, type Page, type User } from '../api';
import { Dialog } from '../components/dialog';
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
import { showSubmitError } from '../components/submit';
import {
  actorName,
  analysisBodyOf,
  bandLabel,
  counterOfferHints,
  creditAccess,
  fieldErrorsOf,
  formatBps,
  kKindLabels,
  kKnownBureaus,
  kLadderMoveLabels,
  kLgpdNote,
  kOutcomeLabels,
  kPurposeOptions,
  outcomeOf,
  plural,
  purposeLabel,
  type AnalysisBody,
  type AnalysisForm,
  type BehaviourScore,
  type BureauLookup,
  type CreditAnalysis,
  type CreditProfile,
  type CreditSettings,
  type FullCreditDecision,
  type LookupDraft,
  type LookupPurpose,
  type RestrictionDraft,
} from '../credit-model';
import {
  addDaysIso,
  centsToInput,
  formatBRL,
  formatDate,
  formatInstant,
  maskDate,
  maskMoney,
  parseMoneyToCents,
  todayIso,
  validDateInputToIso,
} from '../format';
import { useSession } from '../session';
import { Loading } from './common';
import '../credit.css';

// ---- Names of the people who decided or consulted ------------------------------------------

// id → name of the shop's users (the owner may list them; anyone knows their own name).
export function useUserNames(): Map<string, string> {
  const { session, can } = useSession();
  const [names, setNames] = useState<Map<string, string>>(() => new Map([[session.user.id, session.user.name]]));
  useEffect(() => {
    if (!can('users:manage')) return;
    api.get<Page<User> | User[]>('/api/v1/users').then(
      (data) => {
        const list = Array.isArray(data) ? data : data.items;
        setNames(new Map([[session.user.id, session.user.name], ...list.map((u) => [u.id, u.name] as [string, string])]));
      },
      () => {},
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.user.id]);
  return names;
}

// ---- The section ----------------------------------------------------------------------------

export function CustomerCreditSection({ customer, onLimitSaved }: {
  customer: Customer;
  onLimitSaved: (saved: Customer, message: string) => void;
}) {
  const { session } = useSession();
  const access = creditAccess(session);
  const names = useUserNames();
  const [profile, setProfile] = useState<CreditProfile | null>(null);
  const [profileError, setProfileError] = useState('');
  const [hidden, setHidden] = useState(false);
  const [settings, setSettings] = useState<CreditSettings | null>(null);
  const [decisions, setDecisions] = useState<FullCreditDecision[] | null>(null);
  const [decisionsError, setDecisionsError] = useState('');
  const path = `/api/v1/customers/${encodeURIComponent(customer.id)}`;

  async function loadProfile() {
    try {
      setProfile(await api.get<CreditProfile>(`${path}/credit`));
      setProfileError('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setHidden(true);
      else setProfileError(messageOf(e));
    }
  }

  async function loadDecisions() {
    try {
      const data = await api.get<Page<FullCreditDecision> | FullCreditDecision[]>(`${path}/credit-decisions`);
      setDecisions(Array.isArray(data) ? data : data.items);
      setDecisionsError('');
    } catch (e) {
      setDecisionsError(messageOf(e));
    }
  }

  useEffect(() => {
    void loadProfile();
    void loadDecisions();
    api.get<CreditSettings>('/api/v1/credit/settings').then(setSettings, () => setSettings(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customer.id]);

  // The limit changed (or a sale was made elsewhere): the profile follows the customer.
  useEffect(() => {
    if (profile && profile.credit_limit_cents !== customer.credit_limit_cents) void loadProfile();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customer.credit_limit_cents]);

  // Without access to the credit profile, the limit alone (as before the analysis existed).
  if (hidden) {
    return <CreditCard customer={customer} profile={null} error="" denied onReload={loadProfile} onProfile={setProfile}
      onLimitSaved={onLimitSaved} />;
  }

  return (
    <>
      <CreditCard customer={customer} profile={profile} error={profileError} onReload={loadProfile}
        onProfile={setProfile} onLimitSaved={onLimitSaved} />
      <BureauCard customerId={customer.id} profile={profile} settings={settings} canWrite={access.analyse} names={names}
        onChanged={loadProfile} />
      <AnalysisCard customerId={customer.id} decisions={decisions} decisionsError={decisionsError} names={names}
        onDecided={async () => { await loadDecisions(); }} />
    </>
  );
}

function Item({ term, children, testId }: { term: string; children: ComponentChildren; testId?: string }) {
  return (
    <div class="dl-item">
      <dt>{term}</dt>
      <dd data-testid={testId}>{children === '' || children === null || children === undefined ? '—' : children}</dd>
    </div>
  );
}

// ---- Score, limit, ladder, profitability ----------------------------------------------------

function CreditCard({ customer, profile, error, denied, onReload, onProfile, onLimitSaved }: {
  customer: Customer;
  profile: CreditProfile | null;
  error: string;
  denied?: boolean;
  onReload: () => Promise<void>;
  onProfile: (p: CreditProfile) => void;
  onLimitSaved: (saved: Customer, message: string) => void;
}) {
  const { session } = useSession();
  const access = creditAccess(session);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const path = `/api/v1/customers/${encodeURIComponent(customer.id)}`;
  const limit = customer.credit_limit_cents ?? profile?.credit_limit_cents;

  async function refresh() {
    setBusy(true);
    setMessage(null);
    try {
      onProfile(await api.post<CreditProfile>(`${path}/credit/refresh`, {}));
      setMessage({ kind: 'success', text: 'Score recalculado.' });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function applyLimit(cents: number, reason: string, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      const saved = await api.put<Customer>(`${path}/credit-limit`, { credit_limit_cents: cents, reason });
      onLimitSaved(saved, done);
      await onReload();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  const b = profile?.behaviour;
  const ladder = profile?.ladder;
  const suggested = profile?.suggested_first_limit_cents ?? 0;
  const showSuggested = access.manage && profile && (limit ?? 0) === 0 && suggested > 0;
  const ladderAction = access.manage && ladder && (ladder.move === 'raise' || ladder.move === 'lower')
    && ladder.new_limit_cents !== (limit ?? 0);

  return (
    <section class="card credit-card" aria-labelledby="credito-titulo">
      <div class="card-head">
        <h2 id="credito-titulo">Crédito</h2>
        <div class="doc-links">
          {access.analyse && !denied ? (
            <button type="button" class="button-small" onClick={() => void refresh()} disabled={busy}>
              Recalcular score
            </button>
          ) : null}
          {access.manage ? (
            <button type="button" onClick={() => setEditing(true)}>
              Alterar limite
            </button>
          ) : null}
        </div>
      </div>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!profile && !error && !denied ? <Loading /> : null}

      <div class="credit-top">
        {b ? <ScoreBlock behaviour={b} computedAt={profile?.score_computed_at ?? null} /> : null}
        <div class="credit-limits">
          <dl class="dl totals credit-totals">
            <Item term="Limite de crédito" testId="credit-limit">{limit === undefined ? '—' : formatBRL(limit)}</Item>
            <Item term="Em aberto" testId="credit-open">{profile ? formatBRL(profile.open_cents) : '—'}</Item>
            <Item term="Disponível para novas compras" testId="credit-available">
              {profile ? formatBRL(Math.max(0, profile.available_cents)) : '—'}
            </Item>
            <Item term="Parcelas por mês">{profile ? formatBRL(profile.monthly_commitment_cents) : '—'}</Item>
          </dl>
          {customer.credit_limit_reason ? <p class="field-hint">Motivo do limite: {customer.credit_limit_reason}</p> : null}
          {profile?.monthly_income_cents ? (
            <p class="field-hint">Renda mensal declarada: {formatBRL(profile.monthly_income_cents)}</p>
          ) : profile ? (
            <p class="field-hint">Sem renda declarada.</p>
          ) : null}
          {ladder ? (
            <div class={`ladder ladder-${ladder.move}`} data-testid="credit-ladder" data-move={ladder.move}>
              <span class="ladder-move" title={kLadderMoveLabels[ladder.move]}>Escada de limites</span>
              <span class="ladder-text">{ladder.text}</span>
            </div>
          ) : null}
          {showSuggested || ladderAction ? (
            <div class="form-actions credit-actions">
              {showSuggested ? (
                <button type="button" class="button-primary" disabled={busy}
                  onClick={() => void applyLimit(suggested,
                    `limite inicial sugerido: faixa ${b?.band ?? ''}, score ${b?.score ?? ''}`.trim(),
                    `Limite sugerido de ${formatBRL(suggested)} aplicado.`)}>
                  Aplicar limite sugerido ({formatBRL(suggested)})
                </button>
              ) : null}
              {ladderAction && ladder ? (
                <button type="button" class={ladder.move === 'raise' ? 'button-primary' : 'button-danger'} disabled={busy}
                  onClick={() => void applyLimit(ladder.new_limit_cents, ladder.text,
                    `Limite alterado para ${formatBRL(ladder.new_limit_cents)}.`)}>
                  {ladder.move === 'raise' ? 'Aplicar aumento' : 'Aplicar redução'} para {formatBRL(ladder.new_limit_cents)}
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>

      {b ? <ScoreReasons behaviour={b} /> : null}
      {profile?.profitability ? (
        <>
          <h3>Rentabilidade do cliente</h3>
          <dl class="dl totals" aria-label="Rentabilidade do cliente">
            <Item term="Financiado">{formatBRL(profile.profitability.financed_cents)}</Item>
            <Item term="Receita (juros e encargos)">{formatBRL(profile.profitability.income_cents)}</Item>
            <Item term="Perdas">{formatBRL(profile.profitability.loss_cents)}</Item>
            <Item term="Resultado" testId="credit-result">
              <span class={profile.profitability.result_cents < 0 ? 'negative' : ''}>
                {formatBRL(profile.profitability.result_cents)}
              </span>{' '}
              <span class="muted">(margem {formatBps(profile.profitability.margin_bps)})</span>
            </Item>
          </dl>
        </>
      ) : null}
      {editing ? (
        <LimitDialog customer={customer} onClose={() => setEditing(false)}
          onSaved={(c) => { setEditing(false); onLimitSaved(c, 'Limite de crédito alterado.'); void onReload(); }} />
      ) : null}
    </section>
  );
}

export function BandBadge({ band }: { band: string }) {
  return (
    <span class={`band band-${band}`} title={bandLabel(band)}>
      Faixa {band}
    </span>
  );
}

function ScoreBlock({ behaviour: b, computedAt }: { behaviour: BehaviourScore; computedAt: string | null }) {
  const width = Math.max(0, Math.min(100, b.score / 10));
  return (
    <div class={`score-block score-${b.band}`} data-testid="credit-score-block">
      <div class="score-line">
        <span class="score-number" data-testid="credit-score">{b.score}</span>
        <span class="score-of">de 1000</span>
      </div>
      <div class="score-band-line">
        <span data-testid="credit-band"><BandBadge band={b.band} /></span>{' '}
        <span class="band-label" data-testid="credit-band-label">{bandLabel(b.band)}</span>
        {!b.has_history ? <span class="badge badge-open no-history">Sem histórico na loja</span> : null}
      </div>
      <div class="score-bar" aria-hidden="true">
        <span style={{ width: `${width}%` }} />
      </div>
      <p class="field-hint score-when">
        {computedAt ? `Calculado em ${formatInstant(computedAt)}.` : 'Calculado agora.'}
      </p>
    </div>
  );
}

function ScoreReasons({ behaviour: b }: { behaviour: BehaviourScore }) {
  const f = b.features;
  return (
    <>
      <h3>O que pesou no score</h3>
      {b.reasons.length === 0 ? (
        <p>Nada pesou contra: bom pagador.</p>
      ) : (
        <ul class="score-reasons" aria-label="Motivos do score">
          {b.reasons.map((r) => (
            <li key={r.code} data-code={r.code}>
              <span>{r.text}</span>
              {r.points_lost > 0 ? <span class="points-lost">−{r.points_lost} pontos</span> : null}
            </li>
          ))}
        </ul>
      )}
      {f ? (
        <details class="score-features">
          <summary>Como o score foi calculado</summary>
          <dl class="dl">
            <Item term="Parcelas vencidas">{f.installments_due}</Item>
            <Item term="Pagas em dia">{`${f.paid_on_time} (${formatBps(f.on_time_share_bps)})`}</Item>
            <Item term="Pagas com atraso nos últimos 6 meses">{f.paid_late_recent}</Item>
            <Item term="Atraso médio (ponderado)">{plural(f.weighted_avg_days_late, 'dia', 'dias')}</Item>
            <Item term="Maior atraso">{plural(f.max_days_late, 'dia', 'dias')}</Item>
            <Item term="Atraso atual">{plural(f.current_days_late, 'dia', 'dias')}</Item>
            <Item term="Cliente há">{plural(f.tenure_months, 'mês', 'meses')}</Item>
            <Item term="Promessas cumpridas / quebradas">{`${f.promises_kept} / ${f.promises_broken}`}</Item>
            <Item term="Acordos feitos / quebrados">{`${f.agreements} / ${f.agreements_broken}`}</Item>
            <Item term="Uso do limite">{formatBps(f.utilisation_bps)}</Item>
          </dl>
        </details>
      ) : null}
    </>
  );
}

// The owner's "Alterar limite" (the same dialog as before the credit analysis existed).
function LimitDialog({ customer, onClose, onSaved }: { customer: Customer; onClose: () => void; onSaved: (c: Customer) => void }) {
  const [amount, setAmount] = useState(centsToInput(customer.credit_limit_cents ?? null));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const cents = parseMoneyToCents(amount);
    const found: Errors = {};
    if (cents === null) found.credit_limit_cents = 'informe o novo limite';
    else if (cents === undefined) found.credit_limit_cents = 'valor inválido: use um valor como 1.500,00';
    if (!reason.trim()) found.reason = 'informe o motivo da alteração';
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      onSaved(await api.put<Customer>(`/api/v1/customers/${encodeURIComponent(customer.id)}/credit-limit`, {
        credit_limit_cents: cents,
        reason: reason.trim(),
      }));
    } catch (e) {
      setBusy(false);
      showSubmitError(e, setErrors, setMessage);
    }
  }

  return (
    <Dialog title="Alterar limite de crédito" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <p class="field-hint">Limite atual: {customer.credit_limit_cents === undefined ? '—' : formatBRL(customer.credit_limit_cents)}</p>
        <TextField label="Novo limite (R$)" field="credit_limit_cents" value={amount} mask={maskMoney} inputMode="decimal" required
          placeholder="1.500,00" autoFocus onValue={(v) => { setAmount(v); setErrors({}); }} error={errors.credit_limit_cents} />
        <TextAreaField label="Motivo" field="reason" id="f-limit-reason" value={reason} rows={2} maxLength={500} required
          onValue={(v) => { setReason(v); setErrors({}); }} error={errors.reason} />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : 'Salvar limite'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---- Bureau lookups -------------------------------------------------------------------------

function sortLookups(list: BureauLookup[]): BureauLookup[] {
  return [...list].sort((a, b) =>
    a.consulted_on !== b.consulted_on ? (a.consulted_on < b.consulted_on ? 1 : -1) : a.recorded_at < b.recorded_at ? 1 : -1);
}

function BureauCard({ customerId, profile, settings, canWrite, names, onChanged }: {
  customerId: string;
  profile: CreditProfile | null;
  settings: CreditSettings | null;
  canWrite: boolean;
  names: Map<string, string>;
  onChanged: () => Promise<void>;
}) {
  const [dialog, setDialog] = useState<{ kind: 'manual' } | { kind: 'online'; bureau: string } | null>(null);
  const [done, setDone] = useState('');
  const lookups = profile ? sortLookups(profile.bureau_lookups ?? []) : null;
  const online = settings?.bureaus ?? [];

  async function finished(text: string) {
    setDialog(null);
    setDone(text);
    await onChanged();
  }

  return (
    <section class="card" aria-labelledby="consultas-titulo">
      <div class="card-head">
        <h2 id="consultas-titulo">Consultas de crédito (SPC/Serasa)</h2>
        {canWrite ? (
          <div class="doc-links">
            <button type="button" onClick={() => { setDone(''); setDialog({ kind: 'manual' }); }}>
              Registrar consulta
            </button>
            {online.map((b) => (
              <button key={b.name} type="button" class="button-primary"
                onClick={() => { setDone(''); setDialog({ kind: 'online', bureau: b.name }); }}>
                Consultar {b.name} agora
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <p class="field-hint">{kLgpdNote}</p>
      {done ? <Notice kind="success">{done}</Notice> : null}
      {lookups === null ? null : lookups.length === 0 ? (
        <p>Nenhuma consulta registrada.</p>
      ) : (
        <table class="table lookups-table" aria-label="Consultas de crédito">
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Birô</th>
              <th scope="col">Finalidade</th>
              <th scope="col">Resultado</th>
              <th scope="col">Registrada por</th>
            </tr>
          </thead>
          <tbody>
            {lookups.map((l) => (
              <tr key={l.id} data-lookup={l.id} data-restricted={l.answer.restricted ? 'true' : 'false'}>
                <td data-label="Data" class="nowrap">{formatDate(l.consulted_on)}</td>
                <td data-label="Birô">
                  {l.bureau}
                  <span class="slip-detail">{l.source === 'http' ? 'consulta online' : 'registrada à mão'}</span>
                </td>
                <td data-label="Finalidade">{purposeLabel(l)}</td>
                <td data-label="Resultado">
                  <LookupAnswer lookup={l} />
                </td>
                <td data-label="Registrada por">
                  {actorName(l.requested_by, names)}
                  <span class="slip-detail">{formatInstant(l.recorded_at)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'manual' ? (
        <ManualLookupDialog customerId={customerId} onClose={() => setDialog(null)}
          onSaved={(l) => void finished(`Consulta ao ${l.bureau} registrada.`)} />
      ) : null}
      {dialog?.kind === 'online' ? (
        <OnlineLookupDialog customerId={customerId} bureau={dialog.bureau} onClose={() => setDialog(null)}
          onSaved={(l) => void finished(`${l.bureau} consultado: ${l.answer.restricted ? 'com restrição' : 'nada consta'}.`)} />
      ) : null}
    </section>
  );
}

function LookupAnswer({ lookup: l }: { lookup: BureauLookup }) {
  const a = l.answer;
  return (
    <div class="lookup-answer">
      {a.restricted ? <span class="badge badge-blocked">Com restrição</span> : <span class="badge badge-active">Nada consta</span>}
      {a.bureau_score !== null && a.bureau_score !== undefined ? <span class="muted"> · score do birô {a.bureau_score}</span> : null}
      {a.restrictions?.length ? (
        <ul class="plain-list restrictions-list">
          {a.restrictions.map((r, i) => (
            <li key={i}>
              {r.creditor} · {formatBRL(r.amount_cents)}
              {r.registered_on ? <span class="muted"> · desde {formatDate(r.registered_on)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {a.summary ? <p class="lookup-summary">{a.summary}</p> : null}
      {l.provider_reference ? <span class="slip-detail">Protocolo {l.provider_reference}</span> : null}
    </div>
  );
}

const kBureauOptions = [...kKnownBureaus.map((b) => ({ value: b, label: b })), { value: 'outro', label: 'Outro…' }];
const kPurposeSelect = kPurposeOptions.map((p) => ({ value: p.value, label: p.label }));

function todayText(): string {
  return formatDate(todayIso());
}

function ManualLookupDialog({ customerId, onClose, onSaved }: {
  customerId: string;
  onClose: () => void;
  onSaved: (l: BureauLookup) => void;
}) {
  const [d, setD] = useState<LookupDraft>({
    bureau: 'SPC',
    other: '',
    purpose: 'sale',
    consulted_on: todayText(),
    restricted: false,
    restrictions: [],
    bureau_score: '',
    summary: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function set<K extends keyof LookupDraft>(key: K, field: string) {
    return (value: LookupDraft[K]) => {
      setD((old) => ({ ...old, [key]: value }));
      if (errors[field]) setErrors({ ...errors, [field]: '' });
    };
  }

  function setRestriction(index: number, key: keyof RestrictionDraft, value: string) {
    setD((old) => ({ ...old, restrictions: old.restrictions.map((r, i) => (i === index ? { ...r, [key]: value } : r)) }));
    const field = `restrictions[${index}].${key === 'amount' ? 'amount_cents' : key}`;
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  }

  function setRestricted(checked: boolean) {
    setD((old) => ({
      ...old,
      restricted: checked,
      restrictions: checked && old.restrictions.length === 0 ? [{ creditor: '', amount: '', registered_on: '' }] : old.restrictions,
    }));
  }

  function addRestriction() {
    setD((old) => ({ ...old, restrictions: [...old.restrictions, { creditor: '', amount: '', registered_on: '' }] }));
  }

  function removeRestriction(index: number) {
    setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !f.startsWith('restrictions['))));
    setD((old) => ({ ...old, restrictions: old.restrictions.filter((_, i) => i !== index) }));
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found: Errors = {};
    const bureau = (d.bureau === 'outro' ? d.other : d.bureau).trim();
    if (!bureau) found.bureau = 'informe o birô consultado';
    const on = validDateInputToIso(d.consulted_on);
    const today = todayIso();
    if (!on) found.consulted_on = 'data inválida: use dd/mm/aaaa';
    else if (on > today) found.consulted_on = 'a data da consulta não pode ser futura';
    else if (on < addDaysIso(today, -90)) found.consulted_on = 'a consulta deve ser dos últimos 90 dias';
    const restrictions = d.restricted ? d.restrictions.map((r, i) => {
      const amount = parseMoneyToCents(r.amount);
      if (!r.creditor.trim()) found[`restrictions[${i}].creditor`] = 'informe o credor';
      if (amount === null || amount === undefined || amount <= 0) found[`restrictions[${i}].amount_cents`] = 'informe um valor maior que zero';
      let registered: string | null = null;
      if (r.registered_on.trim()) {
        registered = validDateInputToIso(r.registered_on);
        if (!registered) found[`restrictions[${i}].registered_on`] = 'data inválida: use dd/mm/aaaa';
        else if (registered > today) found[`restrictions[${i}].registered_on`] = 'a data não pode ser futura';
      }
      return { creditor: r.creditor.trim(), amount_cents: amount ?? 0, registered_on: registered || null };
    }) : [];
    let score: number | null = null;
    if (d.bureau_score.trim()) {
      if (!/^\d{1,4}$/.test(d.bureau_score.trim()) || Number(d.bureau_score) > 1000) found.bureau_score = 'use um número de 0 a 1000';
      else score = Number(d.bureau_score.trim());
    }
    if (showFormErrors(found, setErrors, setMessage)) return;
    const body: Record<string, unknown> = {
      bureau,
      purpose: d.purpose,
      consulted_on: on,
      restricted: d.restricted,
      restrictions: restrictions.map((r) => (r.registered_on ? r : { creditor: r.creditor, amount_cents: r.amount_cents })),
    };
    if (score !== null) body.bureau_score = score;
    if (d.summary.trim()) body.summary = d.summary.trim();
    setBusy(true);
    try {
      onSaved(await api.post<BureauLookup>(`/api/v1/customers/${encodeURIComponent(customerId)}/bureau-lookups`, body));
    } catch (e) {
      setBusy(false);
      const fields = fieldErrorsOf(e);
      if (fields) {
        showFormErrors(fields, setErrors, setMessage);
      } else {
        setMessage(messageOf(e));
      }
    }
  }

  const other = d.bureau === 'outro';
  return (
    <Dialog title="Registrar consulta ao birô" onClose={onClose} wide>
      <form onSubmit={submit} noValidate class="lookup-form">
        <p class="field-hint">Anote aqui o resultado de uma consulta feita no site ou no terminal do birô.</p>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <div class="grid">
          <SelectField label="Birô" field={other ? 'bureau_choice' : 'bureau'} value={d.bureau} options={kBureauOptions}
            onValue={set('bureau', 'bureau')} error={other ? undefined : errors.bureau} />
          {other ? (
            <TextField label="Nome do birô" field="bureau" value={d.other} maxLength={40} required
              onValue={set('other', 'bureau')} error={errors.bureau} />
          ) : null}
          <SelectField label="Finalidade da consulta" field="purpose" value={d.purpose} options={kPurposeSelect}
            onValue={(v) => set('purpose', 'purpose')(v as LookupPurpose)} error={errors.purpose} />
          <TextField label="Data da consulta" field="consulted_on" value={d.consulted_on} mask={maskDate} inputMode="numeric"
            placeholder="DD/MM/AAAA" required onValue={set('consulted_on', 'consulted_on')} error={errors.consulted_on}
            hint="Vale para as análises por alguns dias (conforme as regras da loja)." />
        </div>
        <CheckboxField label="Encontrou restrições (nome negativado, protesto, cheque sem fundo)" field="restricted"
          checked={d.restricted} onChecked={setRestricted} error={errors.restricted} />
        {d.restricted ? (
          <fieldset class="plain-fieldset restrictions-fieldset">
            <legend>Restrições</legend>
            {d.restrictions.map((r, i) => (
              <div class="grid restriction-row" key={i} data-restriction={i}>
                <TextField label={`Credor ${i + 1}`} field={`restrictions[${i}].creditor`} value={r.creditor} maxLength={80}
                  onValue={(v) => setRestriction(i, 'creditor', v)} error={errors[`restrictions[${i}].creditor`]} />
                <TextField label={`Valor ${i + 1} (R$)`} field={`restrictions[${i}].amount_cents`} value={r.amount} mask={maskMoney}
                  inputMode="decimal" placeholder="0,00" onValue={(v) => setRestriction(i, 'amount', v)}
                  error={errors[`restrictions[${i}].amount_cents`]} />
                <div class="row-with-action">
                  <TextField label={`Data ${i + 1} (opcional)`} field={`restrictions[${i}].registered_on`} value={r.registered_on}
                    mask={maskDate} inputMode="numeric" placeholder="DD/MM/AAAA"
                    onValue={(v) => setRestriction(i, 'registered_on', v)} error={errors[`restrictions[${i}].registered_on`]} />
                  <button type="button" class="button-quiet" onClick={() => removeRestriction(i)} aria-label={`Remover restrição ${i + 1}`}>
                    Remover
                  </button>
                </div>
              </div>
            ))}
            <button type="button" class="button-small" onClick={addRestriction}>
              Adicionar restrição
            </button>
          </fieldset>
        ) : null}
        <div class="grid">
          <TextField label="Score do birô (opcional)" field="bureau_score" value={d.bureau_score} inputMode="numeric" maxLength={4}
            mask={(t) => t.replace(/\D/g, '')} onValue={set('bureau_score', 'bureau_score')} error={errors.bureau_score} />
          <TextAreaField label="Resumo (opcional)" field="summary" class="span-2" rows={2} maxLength={500} value={d.summary}
            onValue={set('summary', 'summary')} error={errors.summary} />
        </div>
        <Notice kind="info">{kLgpdNote}</Notice>
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Registrando…' : 'Registrar consulta'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function OnlineLookupDialog({ customerId, bureau, onClose, onSaved }: {
  customerId: string;
  bureau: string;
  onClose: () => void;
  onSaved: (l: BureauLookup) => void;
}) {
  const [purpose, setPurpose] = useState<LookupPurpose>('sale');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      onSaved(await api.post<BureauLookup>(`/api/v1/customers/${encodeURIComponent(customerId)}/bureau-lookups`,
        { online: true, bureau, purpose }));
    } catch (e) {
      setBusy(false);
      showSubmitError(e, setErrors, setMessage);
    }
  }

  return (
    <Dialog title={`Consultar ${bureau} agora`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <SelectField label="Finalidade da consulta" field="purpose" id="f-online-purpose" value={purpose} options={kPurposeSelect}
          onValue={(v) => { setPurpose(v as LookupPurpose); setErrors({}); }} error={errors.purpose} />
        <Notice kind="info">{kLgpdNote}</Notice>
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Consultando…' : 'Consultar agora'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---- The analysis ---------------------------------------------------------------------------

const kNoticeKinds: Record<string, 'success' | 'warning' | 'error' | 'info'> = {
  approved: 'success',
  counter_offer: 'warning',
  refused: 'error',
  overridden: 'info',
};

// What an analysis decided, in words: the outcome, the counter-offer, the score and band,
// the reasons and the bureau lookup used. Shared with Nova venda.
export function AnalysisSummary({ analysis: a, headline, children }: {
  analysis: CreditAnalysis;
  headline?: string;
  children?: ComponentChildren;
}) {
  const hints = counterOfferHints(a);
  const b = a.inputs?.behaviour;
  const bureau = a.inputs?.bureau;
  const label = kOutcomeLabels[a.outcome] ?? a.outcome;
  return (
    <div class={`analysis-result analysis-${a.outcome}`} data-testid="credit-analysis" data-outcome={a.outcome}>
      <Notice kind={kNoticeKinds[a.outcome] ?? 'info'}>
        <p class="analysis-head">
          <strong class="analysis-outcome">{headline ?? label}</strong>
          {hints.length ? <span class="analysis-hints"> {hints.join(', ')}.</span> : null}
        </p>
        {b ? (
          <p class="analysis-score">
            Score {b.score} · <BandBadge band={b.band} /> {bandLabel(b.band)}
            {!b.has_history ? ' · sem histórico na loja' : ''}
          </p>
        ) : null}
        {a.reasons.length ? (
          <ul class="analysis-reasons" aria-label="Motivos da análise">
            {a.reasons.map((r) => (
              <li key={`${r.code}-${r.text}`} data-code={r.code}>{r.text}</li>
            ))}
          </ul>
        ) : null}
        {bureau ? (
          <p class="analysis-bureau">
            Consulta usada: {bureau.bureau} em {formatDate(bureau.consulted_on)} —{' '}
            {bureau.restricted
              ? `com restrição (${plural(bureau.restrictions, 'registro', 'registros')}, ${formatBRL(bureau.restricted_cents)})`
              : 'nada consta'}
            .
          </p>
        ) : null}
        {a.override_reason ? <p class="analysis-override">Motivo da exceção: {a.override_reason}</p> : null}
        {children}
      </Notice>
    </div>
  );
}

function AnalysisCard({ customerId, decisions, decisionsError, names, onDecided }: {
  customerId: string;
  decisions: FullCreditDecision[] | null;
  decisionsError: string;
  names: Map<string, string>;
  onDecided: () => Promise<void>;
}) {
  const { session } = useSession();
  const access = creditAccess(session);
  const [form, setForm] = useState<AnalysisForm>({ amount: '', count: '', installment: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ body: AnalysisBody; decision: FullCreditDecision } | null>(null);
  const [override, setOverride] = useState('');
  const [showAll, setShowAll] = useState(false);
  const path = `/api/v1/customers/${encodeURIComponent(customerId)}/credit/analysis`;

  const set = (key: keyof AnalysisForm, field: string) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  };

  async function send(body: AnalysisBody) {
    setBusy(true);
    setMessage(null);
    try {
      const decision = await api.post<FullCreditDecision>(path, body);
      setResult({ body, decision });
      if (!body.override_reason) setOverride('');
      await onDecided();
    } catch (e) {
      showSubmitError(e, setErrors, setMessage);
    } finally {
      setBusy(false);
    }
  }

  async function analyse(event: Event) {
    event.preventDefault();
    if (busy) return;
    const { errors: found, body } = analysisBodyOf(form);
    if (showFormErrors(found, setErrors, setMessage)) return;
    await send(body);
  }

  async function howMuch() {
    if (busy) return;
    setErrors({});
    await send({ requested_cents: 0, installment_count: 0, installment_cents: 0 });
  }

  async function approveAnyway() {
    if (!result || busy) return;
    if (!override.trim()) {
      setErrors({ override_reason: 'informe o motivo para aprovar mesmo assim' });
      focusFirstError();
      return;
    }
    await send({ ...result.body, override_reason: override.trim() });
  }

  const analysis = result?.decision.analysis ?? null;
  const outcome = result ? outcomeOf(result.decision) : '';
  const mayOverride = access.manage && result && (outcome === 'refused' || outcome === 'counter_offer')
    && result.body.requested_cents > 0;
  const shown = decisions ? (showAll ? decisions : decisions.slice(0, 5)) : [];

  return (
    <section class="card" aria-labelledby="analise-titulo">
      <h2 id="analise-titulo">Análise de crédito</h2>
      {access.analyse ? (
        <form class="analysis-form" onSubmit={analyse} noValidate aria-label="Analisar crédito">
          <p class="field-hint">
            Informe a compra para saber se o crédito é aprovado, ou clique em “Quanto pode comprar?” para saber o valor
            disponível para este cliente.
          </p>
          {message ? <Notice kind="error">{message}</Notice> : null}
          <div class="grid">
            <TextField label="Valor da compra (R$)" field="requested_cents" value={form.amount} mask={maskMoney} inputMode="decimal"
              placeholder="1.500,00" onValue={set('amount', 'requested_cents')} error={errors.requested_cents} />
            <TextField label="Parcelas" field="installment_count" value={form.count} inputMode="numeric" maxLength={2}
              mask={(t) => t.replace(/\D/g, '')} placeholder="10" onValue={set('count', 'installment_count')}
              error={errors.installment_count} hint="Em branco: sem plano (quanto pode comprar)." />
            <TextField label="Valor da parcela (R$)" field="installment_cents" value={form.installment} mask={maskMoney}
              inputMode="decimal" placeholder="150,00" onValue={set('installment', 'installment_cents')}
              error={errors.installment_cents} hint="Em branco: valor ÷ parcelas, sem juros." />
          </div>
          <div class="form-actions">
            <button type="button" onClick={() => void howMuch()} disabled={busy}>
              Quanto pode comprar?
            </button>
            <button type="submit" class="button-primary" disabled={busy}>
              {busy ? 'Analisando…' : 'Analisar crédito'}
            </button>
          </div>
        </form>
      ) : null}

      {result && analysis ? (
        <AnalysisSummary analysis={analysis} headline={headlineOf(analysis, result.body)}>
          {mayOverride ? (
            <div class="override-box">
              <TextAreaField label="Motivo para aprovar mesmo assim" field="override_reason" rows={2} maxLength={500}
                value={override} onValue={(v) => { setOverride(v); if (errors.override_reason) setErrors({ ...errors, override_reason: '' }); }}
                error={errors.override_reason} hint="Só o dono aprova uma exceção; o motivo fica registrado com o seu nome." />
              <button type="button" class="button-danger" onClick={() => void approveAnyway()} disabled={busy}>
                Aprovar mesmo assim
              </button>
            </div>
          ) : null}
        </AnalysisSummary>
      ) : result ? (
        <Notice kind={result.decision.outcome === 'refused' ? 'error' : 'success'}>
          <strong>{kOutcomeLabels[result.decision.outcome] ?? result.decision.outcome}</strong>
          {result.decision.reasons.length ? (
            <ul>
              {result.decision.reasons.map((r) => <li key={r}>{r}</li>)}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <h3>Decisões de crédito</h3>
      {decisionsError ? <Notice kind="error">{decisionsError}</Notice> : null}
      {decisions === null && !decisionsError ? <Loading /> : null}
      {decisions?.length === 0 ? <p>Nenhuma decisão de crédito ainda.</p> : null}
      {decisions?.length ? (
        <>
          <table class="table decisions-table" aria-label="Decisões de crédito">
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Tipo</th>
                <th scope="col" class="num">Valor</th>
                <th scope="col">Resultado</th>
                <th scope="col">Motivos</th>
                <th scope="col">Por</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <DecisionRow key={d.id ?? d.decided_at} decision={d} names={names} />
              ))}
            </tbody>
          </table>
          {decisions.length > 5 ? (
            <button type="button" class="button-quiet" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Mostrar só as 5 mais recentes' : `Mostrar todas (${decisions.length})`}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

// "Aprovado", "Pode comprar até R$ 300,00", "Contraproposta", "Recusado".
function headlineOf(a: CreditAnalysis, body: AnalysisBody): string {
  if (a.kind === 'on_demand' && body.requested_cents === 0 && a.outcome === 'approved') return 'Crédito disponível';
  return kOutcomeLabels[a.outcome] ?? a.outcome;
}

function DecisionRow({ decision: d, names }: { decision: FullCreditDecision; names: Map<string, string> }) {
  const outcome = outcomeOf(d);
  const a = d.analysis;
  const requested = a?.inputs?.requested_cents ?? d.inputs?.requested_cents;
  const count = a?.inputs?.installment_count ?? 0;
  const reasons = a ? a.reasons.map((r) => r.text) : d.reasons;
  const hints = a ? counterOfferHints(a) : [];
  return (
    <tr data-decision={d.id} data-outcome={outcome}>
      <td data-label="Quando" class="nowrap">{formatInstant(d.decided_at)}</td>
      <td data-label="Tipo">
        {kKindLabels[a?.kind ?? 'sale'] ?? a?.kind}
        {a?.inputs?.behaviour ? <span class="slip-detail">score {a.inputs.behaviour.score} · faixa {a.inputs.behaviour.band}</span> : null}
      </td>
      <td data-label="Valor" class="num nowrap">
        {requested ? formatBRL(requested) : '—'}
        {count ? <span class="slip-detail">{plural(count, 'parcela', 'parcelas')}</span> : null}
      </td>
      <td data-label="Resultado">
        <span class={`badge outcome-${outcome}`}>{kOutcomeLabels[outcome] ?? outcome}</span>
        {hints.length ? <span class="slip-detail">{hints.join(', ')}</span> : null}
      </td>
      <td data-label="Motivos">
        {reasons.length ? (
          <ul class="plain-list compact-list">
            {reasons.map((r) => <li key={r}>{r}</li>)}
          </ul>
        ) : '—'}
        {d.override_reason ? <span class="slip-detail">Exceção: {d.override_reason}</span> : null}
      </td>
      <td data-label="Por">{actorName(d.decided_by, names)}</td>
    </tr>
  );
}
