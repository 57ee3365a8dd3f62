// Credit on the screen: the shapes of the credit API (behavioural score, limit ladder,
// bureau lookups, decisions with their analysis, the shop's credit settings, profitability
// and scorecards), labels in Portuguese, the settings form (text as typed, percent for
// basis points) with its conversion to the PUT body, and a small CSV reader for training
// a scorecard.
import { ApiError, type CreditDecision, type Session } from './api';
import type { Errors } from './components/fields';
import { centsToInput, formatBRL, parseMoneyToCents } from './format';

// ---- Shapes -------------------------------------------------------------------------------

export type Band = 'A' | 'B' | 'C' | 'D' | 'E';

export interface BehaviourFeatures {
  installments_due: number;
  paid_on_time: number;
  paid_late_recent: number;
  on_time_share_bps: number;
  weighted_avg_days_late: number;
  max_days_late: number;
  current_days_late: number;
  tenure_months: number;
  promises_kept: number;
  promises_broken: number;
  agreements: number;
  agreements_broken: number;
  utilisation_bps: number;
}

export interface ScoreReason {
  code: string;
  points_lost: number;
  text: string;
}

export interface BehaviourScore {
  score: number;
  band: Band | string;
  has_history: boolean;
  features: BehaviourFeatures;
  reasons: ScoreReason[];
}

export type LadderMove = 'raise' | 'hold' | 'frozen' | 'lower' | 'at_cap';

export interface LadderStep {
  move: LadderMove | string;
  current_limit_cents: number;
  new_limit_cents: number;
  next_limit_cents: number;
  installments_to_next: number;
  text: string;
}

export interface Restriction {
  creditor: string;
  amount_cents: number;
  registered_on: string | null;
}

export type LookupPurpose = 'sale' | 'credit_review' | 'registration';

export interface BureauLookup {
  id: string;
  customer_id: string;
  bureau: string;
  source: 'manual' | 'http' | string;
  purpose: LookupPurpose | string;
  purpose_text: string;
  consulted_on: string;
  answer: {
    restricted: boolean;
    restrictions: Restriction[];
    bureau_score: number | null;
    summary: string;
  };
  provider_reference: string;
  requested_by: string;
  recorded_at: string;
}

export interface Profitability {
  customer_id: string;
  customer_name: string;
  financed_cents: number;
  income_cents: number;
  loss_cents: number;
  result_cents: number;
  margin_bps: number;
}

export interface CreditProfile {
  behaviour: BehaviourScore;
  score_computed_at: string | null;
  credit_limit_cents: number;
  open_cents: number;
  available_cents: number;
  monthly_commitment_cents: number;
  monthly_income_cents: number | null;
  ladder: LadderStep;
  suggested_first_limit_cents: number;
  bureau_lookups: BureauLookup[];
  profitability: Profitability | null;
}

export type AnalysisOutcome = 'approved' | 'counter_offer' | 'refused' | 'overridden';

export interface AnalysisBureau {
  bureau: string;
  consulted_on: string;
  restricted: boolean;
  restrictions: number;
  restricted_cents: number;
}

export interface CreditAnalysis {
  kind: 'sale' | 'on_demand' | string;
  outcome: AnalysisOutcome | string;
  reasons: { code: string; text: string }[];
  max_amount_cents: number | null;
  max_installments: number | null;
  override_reason: string;
  inputs?: {
    today?: string;
    customer_status?: string;
    credit_limit_cents?: number;
    open_cents?: number;
    monthly_commitment_cents?: number;
    monthly_income_cents?: number | null;
    behaviour?: BehaviourScore;
    application_score?: number | null;
    bureau?: AnalysisBureau | null;
    requested_cents?: number;
    installment_cents?: number;
    installment_count?: number;
  };
}

// A credit decision as the API sends it now: the old fields plus the analysis (null for
// decisions made before the analysis existed).
export type FullCreditDecision = CreditDecision & { analysis?: CreditAnalysis | null };

export interface CreditRules {
  min_score: number;
  bureau_required: boolean;
  bureau_valid_days: number;
  refuse_on_restriction: boolean;
  max_commitment_income_bps: number;
  income_required: boolean;
  max_installments_by_band: number[];
}

export interface LadderPolicy {
  first_limit_by_band_cents: number[];
  first_limit_max_income_bps: number;
  raise_after_on_time: number;
  raise_bps: number;
  cap_cents: number;
  freeze_days_late: number;
  lower_days_late: number;
  lower_bps: number;
}

export interface HttpBureau {
  name: string;
  url: string;
  auth_header: string;
  auth_header_set?: boolean;
  body_template: string;
  restricted_pointer: string;
  restrictions_pointer: string;
  creditor_field: string;
  amount_cents_field: string;
  date_field: string;
  score_pointer: string;
  reference_pointer: string;
  timeout_ms: number;
}

export interface CreditSettings {
  rules: CreditRules;
  ladder: LadderPolicy;
  ladder_automatic: boolean;
  bureaus: HttpBureau[];
  version: number;
}

export interface RefreshResult {
  scored: number;
  raised: number;
  lowered: number;
}

export interface ScorecardSummary {
  id: string;
  name: string;
  target: string;
  event: string;
  created_at: string;
  created_by: string;
  test_auc: number | null;
  test_ks: number | null;
  test_rows: number | null;
}

export interface ScorecardFeature {
  name: string;
  kind: 'numeric' | 'categorical' | string;
  iv: number;
}

export interface ScorecardBin {
  feature: string;
  label: string;
  count: number;
  event_rate: number;
  woe: number;
  points: number;
}

export interface Scorecard {
  id: string;
  name: string;
  target: string;
  event: string;
  created_at: string;
  created_by: string;
  features: ScorecardFeature[];
  warnings?: string[]; // e.g. a possible leak (a column too good to be true)
  report: {
    test_rows_only?: boolean; // evaluated on the rows whose split column is "test"
    rows: number;
    events: number;
    auc: number;
    gini: number;
    ks: number;
    bins: ScorecardBin[];
  };
}

// ---- Labels -------------------------------------------------------------------------------

export const kBands: Band[] = ['A', 'B', 'C', 'D', 'E'];

export const kBandLabels: Record<string, string> = {
  A: 'ótimo',
  B: 'bom',
  C: 'regular',
  D: 'atenção',
  E: 'alto risco',
};

export function bandLabel(band: string): string {
  return kBandLabels[band] ?? '';
}

// "Score 500 · faixa C (regular)".
export function scoreText(b: { score: number; band: string }): string {
  const label = bandLabel(b.band);
  return `Score ${b.score} · faixa ${b.band}${label ? ` (${label})` : ''}`;
}

export const kLadderMoveLabels: Record<string, string> = {
  raise: 'Limite pode subir',
  hold: 'Limite mantido',
  frozen: 'Limite congelado',
  lower: 'Limite deve baixar',
  at_cap: 'Limite no teto',
};

export const kOutcomeLabels: Record<string, string> = {
  approved: 'Aprovado',
  counter_offer: 'Contraproposta',
  refused: 'Recusado',
  overridden: 'Aprovado pelo dono (exceção)',
};

export function outcomeOf(d: FullCreditDecision): string {
  return d.analysis?.outcome ?? d.outcome;
}

export const kKindLabels: Record<string, string> = {
  sale: 'Venda',
  on_demand: 'Análise avulsa',
};

export const kPurposeOptions: { value: LookupPurpose; label: string }[] = [
  { value: 'sale', label: 'Análise para venda a prazo' },
  { value: 'credit_review', label: 'Revisão de limite' },
  { value: 'registration', label: 'Cadastro de cliente' },
];

export function purposeLabel(l: { purpose: string; purpose_text?: string }): string {
  return kPurposeOptions.find((p) => p.value === l.purpose)?.label ?? l.purpose_text ?? l.purpose;
}

export const kKnownBureaus = ['SPC', 'Serasa', 'Boa Vista'];

export const kLgpdNote =
  'Cada consulta fica registrada com quem pediu, quando e para quê (LGPD). Consulte só com uma finalidade real: venda a prazo, revisão de limite ou cadastro.';

// "user:0192…" → a name when known; "system" → "Sistema"; a plain name as it is.
export function actorName(actor: string | undefined, names: Map<string, string>): string {
  if (!actor) return '';
  if (actor === 'system') return 'Sistema';
  const id = actor.replace(/^(user|api_key):/, '');
  const name = names.get(id) ?? names.get(actor);
  if (name) return name;
  if (actor.startsWith('api_key:')) return 'integração (chave de API)';
  if (actor.startsWith('user:') || /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(actor)) return 'outro usuário';
  return actor;
}

// ---- Who may do what ----------------------------------------------------------------------

export interface CreditAccess {
  analyse: boolean; // run an analysis, record a bureau lookup, recompute the score
  manage: boolean; // limits, override, settings, profitability, scorecards (the owner)
}

export function creditAccess(session: Session): CreditAccess {
  const p = session.permissions;
  const manage = p.includes('credit:manage');
  return { analyse: manage || p.includes('sales:write'), manage };
}

// ---- Numbers ------------------------------------------------------------------------------

// 3000 → "30%", 1250 → "12,50%", -666 → "-6,66%".
export function formatBps(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return '';
  const negative = bps < 0;
  const abs = Math.abs(Math.trunc(bps));
  const fraction = abs % 100;
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}${fraction ? `,${fraction.toString().padStart(2, '0')}` : ''}%`;
}

// 3000 → "30", 1250 → "12,5", 5 → "0,05".
export function bpsToInput(bps: number): string {
  const negative = bps < 0;
  const abs = Math.abs(Math.trunc(bps));
  const whole = Math.floor(abs / 100);
  const fraction = (abs % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `,${fraction}` : ''}`;
}

// "30", "12,5", "12.5", "0,05 %" → basis points; null when empty; undefined when invalid.
export function parsePercentToBps(text: string): number | null | undefined {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return null;
  const m = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// A decimal as pt-BR text with a fixed number of places: 0.81234 → "0,812".
export function formatDecimal(value: number | null | undefined, places = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('pt-BR', { minimumFractionDigits: places, maximumFractionDigits: places });
}

// A share 0..1 as percent: 0.1234 → "12,3%".
export function formatShare(value: number | null | undefined, places = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toLocaleString('pt-BR', { minimumFractionDigits: places, maximumFractionDigits: places })}%`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// ---- The analysis form ----------------------------------------------------------------------

export interface AnalysisForm {
  amount: string;
  count: string;
  installment: string;
}

export interface AnalysisBody {
  requested_cents: number;
  installment_count: number;
  installment_cents: number;
  override_reason?: string;
}

// The POST body and the mistakes seen before sending. An empty installment value is the
// amount divided by the count, rounded up to the centavo (no interest), as the server
// assumes for an on-demand analysis.
export function analysisBodyOf(form: AnalysisForm): { errors: Errors; body: AnalysisBody } {
  const errors: Errors = {};
  const amount = parseMoneyToCents(form.amount);
  if (amount === undefined) errors.requested_cents = 'valor inválido: use um valor como 1.500,00';
  const countText = form.count.trim();
  let count = 0;
  if (countText !== '') {
    if (!/^\d{1,2}$/.test(countText) || Number(countText) > 48) errors.installment_count = 'informe de 0 a 48 parcelas';
    else count = Number(countText);
  }
  const installment = parseMoneyToCents(form.installment);
  if (installment === undefined) errors.installment_cents = 'valor inválido: use um valor como 150,00';
  const requested = typeof amount === 'number' ? amount : 0;
  if (count > 0 && requested === 0) errors.requested_cents = 'informe o valor da compra para analisar em parcelas';
  let installmentCents = typeof installment === 'number' ? installment : 0;
  if (count > 0 && installmentCents === 0) installmentCents = Math.ceil(requested / count);
  if (count === 0) installmentCents = 0;
  return { errors, body: { requested_cents: requested, installment_count: count, installment_cents: installmentCents } };
}

// The counter-offer in words: "aprovado até R$ 300,00", "em até 12 parcelas".
export function counterOfferHints(a: CreditAnalysis): string[] {
  const hints: string[] = [];
  if (a.max_amount_cents !== null && a.max_amount_cents !== undefined) {
    hints.push(a.kind === 'on_demand' && a.outcome === 'approved'
      ? `pode comprar até ${formatBRL(a.max_amount_cents)}`
      : `aprovado até ${formatBRL(a.max_amount_cents)}`);
  }
  if (a.max_installments !== null && a.max_installments !== undefined) {
    hints.push(`em até ${plural(a.max_installments, 'parcela', 'parcelas')}`);
  }
  return hints;
}

// ---- The manual bureau lookup form -----------------------------------------------------------

export interface RestrictionDraft {
  creditor: string;
  amount: string;
  registered_on: string; // DD/MM/AAAA or ''
}

export interface LookupDraft {
  bureau: string; // one of kKnownBureaus or 'outro'
  other: string;
  purpose: LookupPurpose;
  consulted_on: string; // DD/MM/AAAA
  restricted: boolean;
  restrictions: RestrictionDraft[];
  bureau_score: string;
  summary: string;
}

// ---- The settings form ----------------------------------------------------------------------

export interface BureauDraft {
  name: string;
  url: string;
  auth_header: string;
  auth_header_set: boolean;
  body_template: string;
  restricted_pointer: string;
  restrictions_pointer: string;
  creditor_field: string;
  amount_cents_field: string;
  date_field: string;
  score_pointer: string;
  reference_pointer: string;
  timeout_ms: string;
}

export interface SettingsDraft {
  rules: {
    min_score: string;
    bureau_required: boolean;
    bureau_valid_days: string;
    refuse_on_restriction: boolean;
    max_commitment_income_bps: string; // percent
    income_required: boolean;
    max_installments_by_band: string[];
  };
  ladder: {
    first_limit_by_band_cents: string[]; // money
    first_limit_max_income_bps: string; // percent
    raise_after_on_time: string;
    raise_bps: string; // percent
    cap_cents: string; // money
    freeze_days_late: string;
    lower_days_late: string;
    lower_bps: string; // percent
  };
  ladder_automatic: boolean;
  bureaus: BureauDraft[];
}

// A new bureau with the server's defaults (src/credit/bureau.h).
export function emptyBureau(): BureauDraft {
  return {
    name: '',
    url: '',
    auth_header: '',
    auth_header_set: false,
    body_template: '',
    restricted_pointer: '/restricted',
    restrictions_pointer: '/restrictions',
    creditor_field: 'creditor',
    amount_cents_field: 'amount_cents',
    date_field: 'date',
    score_pointer: '/score',
    reference_pointer: '/protocol',
    timeout_ms: '10000',
  };
}

export function settingsDraftOf(s: CreditSettings): SettingsDraft {
  const five = <T,>(list: T[] | undefined, fallback: T) => kBands.map((_, i) => list?.[i] ?? fallback);
  return {
    rules: {
      min_score: String(s.rules.min_score),
      bureau_required: s.rules.bureau_required,
      bureau_valid_days: String(s.rules.bureau_valid_days),
      refuse_on_restriction: s.rules.refuse_on_restriction,
      max_commitment_income_bps: bpsToInput(s.rules.max_commitment_income_bps),
      income_required: s.rules.income_required,
      max_installments_by_band: five(s.rules.max_installments_by_band, 0).map(String),
    },
    ladder: {
      first_limit_by_band_cents: five(s.ladder.first_limit_by_band_cents, 0).map((c) => centsToInput(c)),
      first_limit_max_income_bps: bpsToInput(s.ladder.first_limit_max_income_bps),
      raise_after_on_time: String(s.ladder.raise_after_on_time),
      raise_bps: bpsToInput(s.ladder.raise_bps),
      cap_cents: centsToInput(s.ladder.cap_cents),
      freeze_days_late: String(s.ladder.freeze_days_late),
      lower_days_late: String(s.ladder.lower_days_late),
      lower_bps: bpsToInput(s.ladder.lower_bps),
    },
    ladder_automatic: s.ladder_automatic,
    bureaus: (s.bureaus ?? []).map((b) => ({
      name: b.name ?? '',
      url: b.url ?? '',
      auth_header: '',
      auth_header_set: Boolean(b.auth_header_set),
      body_template: b.body_template ?? '',
      restricted_pointer: b.restricted_pointer ?? '',
      restrictions_pointer: b.restrictions_pointer ?? '',
      creditor_field: b.creditor_field ?? '',
      amount_cents_field: b.amount_cents_field ?? '',
      date_field: b.date_field ?? '',
      score_pointer: b.score_pointer ?? '',
      reference_pointer: b.reference_pointer ?? '',
      timeout_ms: String(b.timeout_ms ?? ''),
    })),
  };
}

// The PUT body (the auth header sent only when typed: "" keeps the stored one) and the
// mistakes seen before sending: numbers that are not numbers. Ranges are the server's to
// check (its 422 names the field).
export function settingsBodyOf(d: SettingsDraft, saved: CreditSettings): { errors: Errors; body: CreditSettings } {
  const errors: Errors = {};
  const whole = (field: string, text: string, fallback: number) => {
    const t = text.trim();
    if (!/^\d{1,7}$/.test(t)) {
      errors[field] = 'use um número inteiro';
      return fallback;
    }
    return Number(t);
  };
  const percent = (field: string, text: string, fallback: number) => {
    const bps = parsePercentToBps(text);
    if (bps === null || bps === undefined) {
      errors[field] = 'use uma porcentagem como 30 ou 12,5';
      return fallback;
    }
    return bps;
  };
  const money = (field: string, text: string, fallback: number) => {
    const cents = parseMoneyToCents(text);
    if (cents === null || cents === undefined) {
      errors[field] = 'use um valor como 1.500,00';
      return fallback;
    }
    return cents;
  };
  const body: CreditSettings = {
    rules: {
      min_score: whole('rules.min_score', d.rules.min_score, saved.rules.min_score),
      bureau_required: d.rules.bureau_required,
      bureau_valid_days: whole('rules.bureau_valid_days', d.rules.bureau_valid_days, saved.rules.bureau_valid_days),
      refuse_on_restriction: d.rules.refuse_on_restriction,
      max_commitment_income_bps: percent('rules.max_commitment_income_bps', d.rules.max_commitment_income_bps,
        saved.rules.max_commitment_income_bps),
      income_required: d.rules.income_required,
      max_installments_by_band: d.rules.max_installments_by_band.map((t, i) =>
        whole(`rules.max_installments_by_band[${i}]`, t, saved.rules.max_installments_by_band[i] ?? 0)),
    },
    ladder: {
      first_limit_by_band_cents: d.ladder.first_limit_by_band_cents.map((t, i) =>
        money(`ladder.first_limit_by_band_cents[${i}]`, t, saved.ladder.first_limit_by_band_cents[i] ?? 0)),
      first_limit_max_income_bps: percent('ladder.first_limit_max_income_bps', d.ladder.first_limit_max_income_bps,
        saved.ladder.first_limit_max_income_bps),
      raise_after_on_time: whole('ladder.raise_after_on_time', d.ladder.raise_after_on_time, saved.ladder.raise_after_on_time),
      raise_bps: percent('ladder.raise_bps', d.ladder.raise_bps, saved.ladder.raise_bps),
      cap_cents: money('ladder.cap_cents', d.ladder.cap_cents, saved.ladder.cap_cents),
      freeze_days_late: whole('ladder.freeze_days_late', d.ladder.freeze_days_late, saved.ladder.freeze_days_late),
      lower_days_late: whole('ladder.lower_days_late', d.ladder.lower_days_late, saved.ladder.lower_days_late),
      lower_bps: percent('ladder.lower_bps', d.ladder.lower_bps, saved.ladder.lower_bps),
    },
    ladder_automatic: d.ladder_automatic,
    bureaus: d.bureaus.map((b, i) => ({
      name: b.name.trim(),
      url: b.url.trim(),
      auth_header: b.auth_header.trim(),
      body_template: b.body_template,
      restricted_pointer: b.restricted_pointer.trim(),
      restrictions_pointer: b.restrictions_pointer.trim(),
      creditor_field: b.creditor_field.trim(),
      amount_cents_field: b.amount_cents_field.trim(),
      date_field: b.date_field.trim(),
      score_pointer: b.score_pointer.trim(),
      reference_pointer: b.reference_pointer.trim(),
      timeout_ms: whole(`bureaus[${i}].timeout_ms`, b.timeout_ms, 10000),
    })),
    version: saved.version,
  };
  return { errors, body };
}

// The field errors of a 422 by the inputs' data-field ("rules.min_score",
// "bureaus[0].url"); a leading "settings." dropped.
export function fieldErrorsOf(error: unknown): Errors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const out: Errors = {};
  for (const fe of error.problem.errors as { field: string; detail?: string; message?: string }[]) {
    const field = (fe.field ?? '').replace(/^settings\./, '');
    const detail = fe.detail ?? fe.message ?? 'valor inválido';
    out[field] = out[field] ? `${out[field]}; ${detail}` : detail;
  }
  return out;
}

// ---- CSV (training a scorecard) -------------------------------------------------------------

// The separator of a CSV by its header line: ';' (the Brazilian spreadsheet's), tab or ','.
export function csvSeparator(headerLine: string): string {
  const counts = [';', '\t', ','].map((s) => ({ s, n: splitCsvLine(headerLine, s).length }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 1 ? counts[0].s : ',';
}

// One line of CSV, with "quoted, fields" and "" for a quote inside quotes.
export function splitCsvLine(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === separator) {
      out.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export interface CsvSummary {
  columns: string[];
  rows: number;
  // Up to 20 distinct values of each column, in the order first seen.
  values: Record<string, string[]>;
}

// The header, the number of data rows and some values of each column (for the target and
// event selects). Reads at most 5000 rows for the values; counts all.
export function summarizeCsv(text: string): CsvSummary {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return { columns: [], rows: 0, values: {} };
  const separator = csvSeparator(lines[0]);
  const columns = splitCsvLine(lines[0], separator);
  const values: Record<string, string[]> = {};
  for (const c of columns) values[c] = [];
  for (const line of lines.slice(1, 5001)) {
    const fields = splitCsvLine(line, separator);
    columns.forEach((c, i) => {
      const v = fields[i] ?? '';
      const list = values[c];
      if (list.length < 20 && !list.includes(v)) list.push(v);
    });
  }
  return { columns, rows: lines.length - 1, values };
}

// The value of a target column that most likely means "the bad outcome" (1, sim, true…).
export function likelyEvent(values: string[]): string {
  const wanted = ['1', 'sim', 's', 'true', 'yes', 'y', 'mau', 'ruim', 'inadimplente', 'bad', 'default'];
  return values.find((v) => wanted.includes(v.toLowerCase())) ?? values[0] ?? '';
}
