// Nova venda: the customer, the goods and the terms; the simulator (POST /sales/simulate)
// shows the plans side by side and a click picks the number of installments; the legal
// information and the credit check (the analysis: score, band, reasons and the counter-offer,
// which a click applies to the form) come from POST /sales/preview; "Confirmar venda" posts
// the sale with an idempotency key, then opens the customer's page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  messageOf,
  type Customer,
  type Sale,
  type SalePreview,
  type Simulation,
  type Store,
  type CreditTerms,
} from '../api';
import { Notice, SelectField, TextAreaField, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import {
  centsToInput,
  formatBRL,
  formatCpf,
  formatDate,
  formatRate,
  maskDate,
  maskMoney,
  maskRate,
  parseMoneyToCents,
  rateToInput,
} from '../format';
import { Link, navigate, useLocation } from '../router';
import {
  AttemptKey,
  creditTermsOf,
  defaultFirstDueIso,
  fieldErrorsOf,
  kMethodOptions,
  saleBodyOf,
  simulationInputOf,
  validateSale,
  type SaleForm,
} from '../sales-model';
import { CustomerPicker } from '../components/customer-picker';
import { useSession } from '../session';
import { StatusBadge } from './customers';
import { Loading, NoPermission, PageHeader } from './common';
import { AnalysisSummary } from './customer-credit';
import type { FullCreditDecision } from '../credit-model';

const kSimulatedCounts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const kMaxCountChoice = 24;
// Fields the simulator reports on; its errors replace only these.
const kSimulatorFields = ['price_cents', 'down_payment_cents', 'monthly_rate_percent'];

function emptySaleForm(customerId: string): SaleForm {
  return {
    customer_id: customerId,
    description: '',
    price: '',
    down_payment: '',
    rate: '',
    first_due: '',
    due_day: '',
    down_payment_method: 'cash',
    installment_count: 0,
    override_reason: '',
  };
}

type Banner = { kind: 'error' | 'warning'; text: string; reasons?: string[] } | null;

export function SaleFormPage() {
  const { session, can } = useSession();
  const location = useLocation();
  const initialCustomer = location.query.get('cliente') ?? '';
  const [form, setForm] = useState<SaleForm>(() => emptySaleForm(initialCustomer));
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [terms, setTerms] = useState<CreditTerms>({});
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<Banner>(null);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [simulating, setSimulating] = useState(false);
  const [preview, setPreview] = useState<{ key: string; data: SalePreview } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const rateTouched = useRef(false);
  const attempt = useRef(new AttemptKey());
  const simGeneration = useRef(0);
  const previewGeneration = useRef(0);

  // The shop's terms: the default rate fills the rate field until the clerk types one.
  useEffect(() => {
    api.get<Store>(`/api/v1/stores/${encodeURIComponent(session.store.id)}`).then(
      (store) => {
        const t = creditTermsOf(store);
        setTerms(t);
        if (!rateTouched.current && t.default_monthly_rate_percent) {
          setForm((f) => ({ ...f, rate: rateToInput(t.default_monthly_rate_percent) }));
        }
      },
      () => setTerms({}),
    );
  }, [session.store.id]);

  useEffect(() => {
    if (!form.customer_id) {
      setCustomer(null);
      return;
    }
    if (customer?.id === form.customer_id) return;
    api.get<Customer>(`/api/v1/customers/${encodeURIComponent(form.customer_id)}`).then(setCustomer, (e) => {
      setBanner({ kind: 'error', text: e instanceof ApiError && e.status === 404 ? 'Cliente não encontrado.' : messageOf(e) });
      setForm((f) => ({ ...f, customer_id: '' }));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.customer_id]);

  // The simulator follows price, down payment and rate.
  const simInput = simulationInputOf(form);
  const simKey = simInput ? JSON.stringify(simInput) : '';
  useEffect(() => {
    const generation = ++simGeneration.current;
    if (!simInput) {
      setSimulation(null);
      setSimulating(false);
      return;
    }
    setSimulating(true);
    const timer = window.setTimeout(async () => {
      try {
        const result = await api.post<Simulation>('/api/v1/sales/simulate', { ...simInput, installment_counts: kSimulatedCounts });
        if (generation !== simGeneration.current) return;
        setSimulation(result);
        setErrors((old) => withoutFields(old, kSimulatorFields));
      } catch (e) {
        if (generation !== simGeneration.current) return;
        setSimulation(null);
        const found = fieldErrorsOf(e);
        if (found) setErrors((old) => ({ ...withoutFields(old, kSimulatorFields), ...pick(found, kSimulatorFields) }));
        else setBanner({ kind: 'error', text: messageOf(e) });
      } finally {
        if (generation === simGeneration.current) setSimulating(false);
      }
    }, 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [simKey]);

  // The legal information follows every term once the form is complete.
  const complete = Object.keys(validateSale(form, true)).length === 0;
  const bodyKey = complete ? JSON.stringify(saleBodyOf(form, false)) : '';
  useEffect(() => {
    const generation = ++previewGeneration.current;
    if (!bodyKey) {
      setPreviewing(false);
      return;
    }
    setPreviewing(true);
    const timer = window.setTimeout(() => void loadPreview(bodyKey, generation), 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyKey]);

  async function loadPreview(key: string, generation: number): Promise<SalePreview | null> {
    try {
      const data = await api.post<SalePreview>('/api/v1/sales/preview', JSON.parse(key));
      if (generation !== previewGeneration.current) return null;
      setPreview({ key, data });
      return data;
    } catch (e) {
      if (generation !== previewGeneration.current) return null;
      setPreview(null);
      const found = fieldErrorsOf(e);
      if (found) setErrors((old) => ({ ...old, ...found }));
      else setBanner({ kind: 'error', text: messageOf(e) });
      return null;
    } finally {
      if (generation === previewGeneration.current) setPreviewing(false);
    }
  }

  if (!can('sales:write')) return <NoPermission what="Seu usuário não pode registrar vendas." />;

  const set = (field: keyof SaleForm, errorField: string) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((old) => withoutFields(old, [errorField]));
    setBanner(null);
  };
  const checkOnBlur = (field: string) => () => {
    const problem = validateSale(form, false)[field];
    setErrors((old) => (problem ? { ...old, [field]: problem } : withoutFields(old, [field])));
  };
  const moneyBlur = (key: 'price' | 'down_payment', field: string) => () => {
    const cents = parseMoneyToCents(form[key]);
    if (typeof cents === 'number') setForm((f) => ({ ...f, [key]: centsToInput(cents) }));
    checkOnBlur(field)();
  };
  const chooseCount = (count: number) => {
    setForm((f) => ({ ...f, installment_count: count }));
    setErrors((old) => withoutFields(old, ['installment_count']));
  };

  const currentPreview = preview && preview.key === bodyKey ? preview.data : null;
  const refused = currentPreview?.credit.outcome === 'refused';
  const mayOverride = can('credit:manage');

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found = validateSale(form, true);
    if (showFormErrors(found, setErrors, setBanner)) return;
    const checked = currentPreview;
    if (!checked) {
      // The terms changed since the last preview: show the new one before confirming.
      setPreviewing(true);
      await loadPreview(bodyKey, ++previewGeneration.current);
      return;
    }
    if (checked.credit.outcome === 'refused') {
      if (!mayOverride) {
        setBanner({ kind: 'warning', text: 'Crédito recusado: só o dono da loja pode aprovar esta venda.', reasons: checked.credit.reasons });
        window.scrollTo(0, 0);
        return;
      }
      if (!form.override_reason.trim()) {
        setErrors({ override_reason: 'informe o motivo para aprovar mesmo assim' });
        focusFirstError();
        return;
      }
    }
    const body = saleBodyOf(form, checked.credit.outcome === 'refused');
    setBusy(true);
    setBanner(null);
    try {
      const sale = await api.post<Sale>('/api/v1/sales', body, { idempotencyKey: attempt.current.keyFor(body) });
      attempt.current.settle();
      navigate(`/clientes/${encodeURIComponent(form.customer_id)}?venda=${encodeURIComponent(sale.id ?? '')}`);
    } catch (e) {
      attempt.current.settle(e);
      setBusy(false);
      handleSaleError(e);
    }
  }

  function handleSaleError(e: unknown) {
    const found = fieldErrorsOf(e);
    if (found) {
      setErrors(found);
      focusFirstError();
      return;
    }
    if (e instanceof ApiError && e.status === 0) {
      setBanner({ kind: 'error', text: `${e.message} Ao confirmar de novo, a venda não será registrada duas vezes.` });
    } else if (e instanceof ApiError && (e.problem.code === 'limit_exceeded' || e.problem.code === 'failed_precondition')) {
      setBanner({ kind: 'warning', text: `Crédito recusado: ${e.message}` });
      setPreview(null);
      void loadPreview(bodyKey, ++previewGeneration.current);
    } else {
      setBanner({ kind: 'error', text: messageOf(e) });
    }
    window.scrollTo(0, 0);
  }

  const backHref = customer ? `/clientes/${customer.id}` : '/clientes';
  const countOptions = [{ value: '0', label: 'Escolha…' }];
  for (let n = 1; n <= kMaxCountChoice; n++) countOptions.push({ value: String(n), label: n === 1 ? '1 parcela' : `${n} parcelas` });

  return (
    <section>
      <PageHeader title="Nova venda" back={{ href: backHref, label: customer ? customer.full_name : 'Clientes' }} />
      {banner ? (
        <Notice kind={banner.kind}>
          {banner.text}
          {banner.reasons?.length ? (
            <ul>
              {banner.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <form class="sale-form" onSubmit={submit} noValidate>
        <fieldset class="card">
          <legend>Cliente</legend>
          {customer ? (
            <div class="chosen-customer">
              <div>
                <span class="customer-name">{customer.full_name}</span>{' '}
                <span class="customer-cpf">CPF {formatCpf(customer.cpf)}</span> <StatusBadge status={customer.status} />
                {customer.credit_limit_cents !== undefined ? (
                  <p class="field-hint">Limite de crédito: {formatBRL(customer.credit_limit_cents)}</p>
                ) : null}
              </div>
              <button type="button" class="button-quiet" onClick={() => { setCustomer(null); setForm((f) => ({ ...f, customer_id: '' })); }}>
                Trocar cliente
              </button>
            </div>
          ) : form.customer_id ? (
            <Loading />
          ) : (
            <CustomerPicker error={errors.customer_id} onPick={(c) => {
              setCustomer(c);
              setForm((f) => ({ ...f, customer_id: c.id }));
              setErrors((old) => withoutFields(old, ['customer_id']));
            }} />
          )}
        </fieldset>

        <fieldset class="card">
          <legend>Venda</legend>
          <div class="grid">
            <TextField label="Descrição da mercadoria" field="description" class="span-2" maxLength={200} required value={form.description}
              placeholder="Geladeira Frost Free 375 L" onValue={set('description', 'description')} error={errors.description} />
            <TextField label="Preço à vista (R$)" field="price_cents" required value={form.price} mask={maskMoney} inputMode="decimal"
              placeholder="1.234,56" onValue={set('price', 'price_cents')} onBlur={moneyBlur('price', 'price_cents')} error={errors.price_cents} />
            <TextField label="Entrada (R$)" field="down_payment_cents" value={form.down_payment} mask={maskMoney} inputMode="decimal"
              placeholder="0,00" onValue={set('down_payment', 'down_payment_cents')} onBlur={moneyBlur('down_payment', 'down_payment_cents')}
              error={errors.down_payment_cents} />
            <SelectField label="Forma de pagamento da entrada" field="down_payment_method" value={form.down_payment_method}
              options={kMethodOptions} onValue={set('down_payment_method', 'down_payment_method')} error={errors.down_payment_method} />
            <TextField label="Juros ao mês (%)" field="monthly_rate_percent" value={form.rate} mask={maskRate} inputMode="decimal"
              placeholder={rateToInput(terms.default_monthly_rate_percent) || '0'}
              hint={terms.max_monthly_rate_percent ? `Padrão da loja: ${formatRate(terms.default_monthly_rate_percent ?? '0')}; máximo ${formatRate(terms.max_monthly_rate_percent)}.` : undefined}
              onValue={(v) => { rateTouched.current = true; set('rate', 'monthly_rate_percent')(v); }}
              onBlur={checkOnBlur('monthly_rate_percent')} error={errors.monthly_rate_percent} />
            <TextField label="Primeiro vencimento" field="first_due_date" value={form.first_due} mask={maskDate} inputMode="numeric"
              placeholder="DD/MM/AAAA" hint={`Se ficar em branco: ${formatDate(defaultFirstDueIso())} (30 dias depois).`}
              onValue={set('first_due', 'first_due_date')} onBlur={checkOnBlur('first_due_date')} error={errors.first_due_date} />
            <TextField label="Dia fixo de vencimento" field="due_day" value={form.due_day} inputMode="numeric" maxLength={2}
              placeholder="1 a 31" hint="Opcional: todas as parcelas vencem neste dia do mês."
              mask={(t) => t.replace(/\D/g, '')} onValue={set('due_day', 'due_day')} onBlur={checkOnBlur('due_day')} error={errors.due_day} />
          </div>
        </fieldset>

        <section class="card" aria-labelledby="simulacao-titulo">
          <h2 id="simulacao-titulo">Simulação</h2>
          {simulation ? (
            <p class="field-hint">
              Financiado: {formatBRL(simulation.financed_cents)}
              {simulation.monthly_rate_percent
                ? ` · juros de ${formatRate(simulation.monthly_rate_percent)} ao mês (${formatRate(simulation.annual_rate_percent)} ao ano)`
                : ''}
              . Clique num plano para escolher.
            </p>
          ) : (
            <p class="field-hint" aria-live="polite">
              {simulating ? 'Calculando…' : 'Informe o preço (e a entrada, se houver) para ver os planos.'}
            </p>
          )}
          {simulation ? (
            <ul class="plans" aria-label="Planos" aria-busy={simulating ? 'true' : undefined}>
              {simulation.plans.map((p) => {
                const selected = p.installment_count === form.installment_count;
                return (
                  <li key={p.installment_count}>
                    <button type="button" class="plan" aria-pressed={selected ? 'true' : 'false'} onClick={() => chooseCount(p.installment_count)}>
                      <span class="plan-head">
                        {p.installment_count}x de {formatBRL(p.installment_cents)}
                      </span>
                      <span class="plan-line">Total {formatBRL(p.total_cents)}</span>
                      <span class="plan-line">CET {p.cet_annual_percent ? `${formatRate(p.cet_annual_percent)} a.a.` : '—'}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
          <div class="grid">
            <SelectField label="Número de parcelas" field="installment_count" value={String(form.installment_count)} options={countOptions}
              onValue={(v) => chooseCount(Number(v))} error={errors.installment_count} />
          </div>
        </section>

        {currentPreview ? (
          <LegalBox preview={currentPreview} />
        ) : complete && previewing ? (
          <div class="card">
            <Loading label="Calculando as condições…" />
          </div>
        ) : null}

        {currentPreview ? (
          <CreditCheck preview={currentPreview} onUseCount={chooseCount}
            onUseDownPayment={(cents) => set('down_payment', 'down_payment_cents')(centsToInput(cents))} />
        ) : null}
        {refused && mayOverride ? (
          <div class="card">
            <TextAreaField label="Aprovar mesmo assim" field="override_reason" rows={2} maxLength={500} value={form.override_reason}
              hint="Escreva o motivo para aprovar a venda acima do limite; ele fica registrado com o seu nome."
              onValue={set('override_reason', 'override_reason')} error={errors.override_reason} />
          </div>
        ) : null}
        {refused && !mayOverride ? (
          <Notice kind="warning">Só o dono da loja pode aprovar uma venda com o crédito recusado.</Notice>
        ) : null}

        <div class="form-actions sticky-actions">
          <Link href={backHref} class="button">
            Cancelar
          </Link>
          <button type="submit" class="button-primary" disabled={busy || (refused && !mayOverride)}>
            {busy ? 'Registrando…' : 'Confirmar venda'}
          </button>
        </div>
      </form>
    </section>
  );
}

function withoutFields(errors: Errors, fields: string[]): Errors {
  if (!fields.some((f) => f in errors)) return errors;
  const next = { ...errors };
  for (const f of fields) delete next[f];
  return next;
}

function pick(errors: Errors, fields: string[]): Errors {
  const out: Errors = {};
  for (const f of fields) if (errors[f]) out[f] = errors[f];
  return out;
}

// The consumer-code disclosure (CDC art. 52) of the sale about to be made.
export function LegalBox({ preview }: { preview: SalePreview }) {
  const d = preview.sale.disclosure;
  const lastDiffers = d.last_installment_cents !== d.installment_cents;
  return (
    <section class="card legal" aria-labelledby="legal-titulo">
      <h2 id="legal-titulo">Informações ao consumidor</h2>
      <p class="field-hint">Mostre ao cliente antes de confirmar (Código de Defesa do Consumidor, art. 52).</p>
      <dl class="dl legal-terms">
        <Term term="Preço à vista">{formatBRL(d.price_cents)}</Term>
        <Term term="Entrada">{formatBRL(d.down_payment_cents)}</Term>
        <Term term="Valor financiado">{formatBRL(d.financed_cents)}</Term>
        <Term term="Juros efetivos ao mês">{formatRate(d.monthly_rate_percent)} a.m.</Term>
        <Term term="Juros efetivos ao ano">{formatRate(d.annual_rate_percent)} a.a.</Term>
        <Term term="Custo efetivo total (CET)">{d.cet_annual_percent ? `${formatRate(d.cet_annual_percent)} a.a.` : '—'}</Term>
        <Term term="Multa por atraso">{formatRate(d.late_fee_percent)}</Term>
        <Term term="Juros de mora">{formatRate(d.moratory_monthly_rate_percent)} a.m.</Term>
        <Term term="Parcelas">
          {d.installment_count} × {formatBRL(d.installment_cents)}
          {lastDiffers ? ` (a última de ${formatBRL(d.last_installment_cents)})` : ''}
        </Term>
        <Term term="Total a prazo (com financiamento)">{formatBRL(d.total_with_financing_cents)}</Term>
        <Term term="Total à vista (sem financiamento)">{formatBRL(d.total_without_financing_cents)}</Term>
        <Term term="Total de juros">{formatBRL(d.total_interest_cents)}</Term>
      </dl>
      <table class="table compact schedule" aria-label="Cronograma das parcelas">
        <thead>
          <tr>
            <th scope="col">Parcela</th>
            <th scope="col">Vencimento</th>
            <th scope="col" class="num">Valor</th>
          </tr>
        </thead>
        <tbody>
          {preview.sale.installments.map((i) => (
            <tr key={i.number}>
              <td data-label="Parcela">{i.number}</td>
              <td data-label="Vencimento">{formatDate(i.due_date)}</td>
              <td data-label="Valor" class="num">{formatBRL(i.amount_cents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Term({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="dl-item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

// The credit check of the preview: the analysis (outcome, score and band, reasons, the
// counter-offer with buttons that apply it to the form), or the bare decision of an older
// server.
function CreditCheck({ preview, onUseCount, onUseDownPayment }: {
  preview: SalePreview;
  onUseCount: (count: number) => void;
  onUseDownPayment: (cents: number) => void;
}) {
  const c = preview.credit as FullCreditDecision;
  const inputs = c.inputs;
  const facts = inputs
    ? `Limite ${formatBRL(inputs.credit_limit_cents)} · em aberto ${formatBRL(inputs.open_amount_cents)} · esta venda ${formatBRL(inputs.requested_cents)}.`
    : '';
  const a = c.analysis;
  if (a) {
    const d = preview.sale.disclosure;
    const headline = a.outcome === 'approved' ? 'Crédito aprovado.'
      : a.outcome === 'counter_offer' ? 'Crédito não aprovado nestas condições — contraproposta:'
        : a.outcome === 'overridden' ? 'Crédito aprovado pelo dono (exceção).' : 'Crédito recusado.';
    const fewer = a.max_installments && a.max_installments < d.installment_count ? a.max_installments : 0;
    const minDown = a.max_amount_cents !== null && a.max_amount_cents > 0 && a.outcome === 'counter_offer'
      ? d.price_cents - a.max_amount_cents : 0;
    const raiseDown = minDown > d.down_payment_cents && minDown < d.price_cents ? minDown : 0;
    return (
      <div class="credit-check">
        <AnalysisSummary analysis={a} headline={headline}>
          {facts ? <p class="analysis-facts">{facts}</p> : null}
          {fewer || raiseDown ? (
            <div class="counter-actions">
              {fewer ? (
                <button type="button" class="button-small" onClick={() => onUseCount(fewer)}>
                  Usar {fewer} parcelas
                </button>
              ) : null}
              {raiseDown ? (
                <button type="button" class="button-small" onClick={() => onUseDownPayment(raiseDown)}>
                  Usar entrada de {formatBRL(raiseDown)}
                </button>
              ) : null}
            </div>
          ) : null}
        </AnalysisSummary>
      </div>
    );
  }
  if (c.outcome === 'refused') {
    return (
      <div class="credit-check">
        <Notice kind="warning">
          <strong>Crédito recusado.</strong> {facts}
          {c.reasons.length ? (
            <ul>
              {c.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      </div>
    );
  }
  return (
    <div class="credit-check">
      <Notice kind="success">
        <strong>Crédito aprovado.</strong> {facts}
      </Notice>
    </div>
  );
}
