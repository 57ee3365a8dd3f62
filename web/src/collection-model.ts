// The régua de cobrança on the screen: the API's shapes (docs: /collection/*), labels in
// Portuguese, who may do what, the shop's time zone for instants, and the translation of
// the server's field names (which may come with the domain's prefixes) to the inputs'.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Session, type Store } from './api';
import type { Errors } from './components/fields';
import { formatInstant } from './format';

// ---- Shapes -------------------------------------------------------------------------------

export type StepAction =
  | 'whatsapp'
  | 'sms'
  | 'email'
  | 'letter'
  | 'call_task'
  | 'bureau_notice'
  | 'bureau_registration'
  | 'suspension'
  | 'webhook';

export type Tenure = 'any' | 'new' | 'established';

export interface Audience {
  tenure: Tenure;
  states: string[];
  min_open_cents: number;
}

export interface PolicyStep {
  key: string;
  day_offset: number;
  action: StepAction;
  template_key: string;
  min_open_cents: number;
  audience?: Audience;
}

export interface Policy {
  id: string;
  name: string;
  priority: number;
  active: boolean;
  audience: Audience;
  steps: PolicyStep[];
  version: number;
  updated_at: string;
  updated_by: string;
}

export type TextChannel = 'whatsapp' | 'sms' | 'email' | 'letter';

export interface MessageTemplate {
  key: string;
  name: string;
  channel: TextChannel;
  subject: string;
  body: string;
}

export interface TemplateVariable {
  name: string;
  description: string;
}

export interface RenderedTemplate {
  subject: string;
  body: string;
  customer_id: string | null;
  customer_name: string;
}

export const kWeekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof kWeekdays)[number];

export const kWeekdayLabels: Record<Weekday, string> = {
  sunday: 'Domingo',
  monday: 'Segunda-feira',
  tuesday: 'Terça-feira',
  wednesday: 'Quarta-feira',
  thursday: 'Quinta-feira',
  friday: 'Sexta-feira',
  saturday: 'Sábado',
};

export interface DayHours {
  open: string; // "08:00"
  close: string; // "20:00"
}

export type WeekHours = Record<Weekday, DayHours | null>;

export interface CollectionSettings {
  run_time: string;
  daily_cap: number;
  weekly_cap: number;
  payment_link: string;
  hours: WeekHours;
  by_state: Record<string, { hours: WeekHours }>;
}

export interface LawHours {
  hours: WeekHours;
  // The states with a law of their own; the spec sends the hours themselves, an older
  // draft {hours}: both are read.
  states: Record<string, WeekHours | { hours: WeekHours }>;
}

export interface SettingsAnswer {
  settings: CollectionSettings;
  law: LawHours;
}

export interface ListedInstallment {
  number: number;
  count: number;
  description: string;
  due_date: string;
  open_cents: number;
  days_late: number;
}

export interface ActionStep {
  sale_id: string;
  number: number;
  step_key: string;
}

export interface CollectionAction {
  customer_id: string;
  customer_name: string;
  action: StepAction;
  template_key: string;
  policy_id: string;
  send_at: string;
  deferred: boolean;
  steps: ActionStep[];
  listed: ListedInstallment[];
  open_total_cents: number;
  subject: string;
  body: string;
  // Stored actions (GET /collection/actions, the customer's page).
  id?: string;
  run_id?: string;
  created_at?: string;
}

export interface CollectionSkip {
  customer_id: string;
  customer_name: string;
  sale_id: string;
  number: number;
  due_date?: string;
  step_key: string; // "<policy id>/<step key>"
  reason: string;
  reason_pt: string;
}

export interface PreviewCounts {
  customers: number;
  installments: number;
  actions: number;
  deferred: number;
  skipped: Record<string, number>;
}

export interface DayPreview {
  date: string;
  actions: CollectionAction[];
  skips: CollectionSkip[];
  counts: PreviewCounts;
}

export interface CollectionRun {
  id: string;
  run_date: string;
  trigger: string;
  dry_run: boolean;
  started_at: string;
  finished_at: string | null;
  customers: number;
  installments: number;
  actions: number;
  deferred: number;
  skipped: Record<string, number>;
  actor: string;
}

export type PauseKind = 'promise' | 'agreement' | 'dispute';

export interface CollectionPause {
  id: string;
  kind: PauseKind;
  from: string;
  until: string | null;
  reason: string;
  created_at: string;
  created_by: string;
  ended_at: string | null;
  end_reason: string;
  active: boolean;
}

export interface CollectionExemption {
  id: string;
  sale_id: string | null;
  number: number | null;
  reason: string;
  created_at: string;
  created_by: string;
  ended_at: string | null;
  end_reason: string;
  active: boolean;
}

export interface CustomerCollection {
  pauses: CollectionPause[];
  exemptions: CollectionExemption[];
  actions: CollectionAction[];
}

// ---- Labels ---------------------------------------------------------------------------------

export const kActionOrder: StepAction[] = [
  'whatsapp', 'sms', 'email', 'letter', 'call_task', 'bureau_notice', 'bureau_registration', 'suspension', 'webhook',
];

export const kActionLabels: Record<StepAction, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'E-mail',
  letter: 'Carta',
  call_task: 'Ligação',
  bureau_notice: 'Aviso de negativação',
  bureau_registration: 'Negativação',
  suspension: 'Suspensão do crédito',
  webhook: 'Webhook',
};

export function actionLabel(action: string): string {
  return kActionLabels[action as StepAction] ?? action;
}

export const kTextChannels: TextChannel[] = ['whatsapp', 'sms', 'email', 'letter'];

// Messages and letters carry a text, so their step needs a template.
export function hasText(action: string): action is TextChannel {
  return (kTextChannels as string[]).includes(action);
}

// E-mails and letters have a subject; WhatsApp and SMS do not.
export function hasSubject(channel: string): boolean {
  return channel === 'email' || channel === 'letter';
}

export const kTenureLabels: Record<Tenure, string> = { any: 'Todos', new: 'Novos', established: 'Antigos' };

export const kTriggerLabels: Record<string, string> = {
  scheduler: 'Automática',
  api: 'Manual (API ou tela)',
  cli: 'Linha de comando',
  manual: 'Manual',
};

export const kPauseKindLabels: Record<PauseKind, string> = {
  promise: 'Promessa de pagamento',
  agreement: 'Acordo',
  dispute: 'Contestação',
};

// The engine's reasons; the API sends reason_pt with each skip, this is for the counts.
export const kReasonLabels: Record<string, string> = {
  nothing_due: 'nenhuma etapa prevista para hoje',
  already_done: 'etapa já realizada',
  covered: 'incluída na mensagem de hoje',
  exempt_customer: 'cliente isento da régua',
  exempt_installment: 'parcela isenta da régua',
  promise: 'promessa de pagamento em vigor',
  agreement: 'acordo em andamento',
  dispute: 'contestação em análise',
  below_minimum: 'valor abaixo do mínimo da etapa',
  audience: 'etapa não se aplica a este cliente',
  no_consent: 'sem consentimento para o canal',
  no_contact_data: 'sem dados de contato para o canal',
  daily_cap: 'limite diário atingido',
  weekly_cap: 'limite semanal atingido',
  no_window: 'sem horário permitido nos próximos 14 dias',
  no_bureau_notice: 'sem comunicado prévio há pelo menos 10 dias',
  too_old: 'vencida há mais de 5 anos',
  no_policy: 'nenhuma régua se aplica ao cliente',
  deferred: 'fora do horário: enviada no próximo horário permitido',
};

export function reasonLabel(reason: string, fromSkips: Map<string, string>): string {
  return fromSkips.get(reason) ?? kReasonLabels[reason] ?? reason;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// "D−3", "D0", "D+7".
export function dayLabel(offset: number): string {
  if (offset === 0) return 'D0';
  return offset < 0 ? `D−${-offset}` : `D+${offset}`;
}

// ---- Who may do what ------------------------------------------------------------------------

export interface CollectionAccess {
  read: boolean; // the screens of Cobrança and the customer's section
  manage: boolean; // policies, templates, rules and runs
  pauses: boolean; // add and end pauses and exemptions
}

// The server's permissions: collection:read (every screen), collection:work (pauses and
// exemptions: the owner and the collector) and collection:manage (policies, templates,
// rules and runs: the owner). A server older than them: the role decides.
export function collectionAccess(session: Session): CollectionAccess {
  const p = session.permissions;
  if (p.some((x) => x.startsWith('collection:'))) {
    const manage = p.includes('collection:manage');
    const pauses = p.includes('collection:work');
    return { read: p.includes('collection:read') || manage || pauses, manage, pauses };
  }
  const role = session.user.role;
  return { read: role === 'owner' || role === 'collector', manage: role === 'owner', pauses: role === 'owner' || role === 'collector' };
}

// ---- The shop's time zone -------------------------------------------------------------------

const kDefaultZone = 'America/Sao_Paulo';
let zoneCache: Promise<string> | null = null;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('pt-BR', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The store's time zone (America/Sao_Paulo until it is known or when it is not set).
export function useShopZone(storeId: string): string {
  const [zone, setZone] = useState(kDefaultZone);
  useEffect(() => {
    if (!zoneCache) {
      zoneCache = api
        .get<Store>(`/api/v1/stores/${encodeURIComponent(storeId)}`)
        .then((s) => (s.time_zone && validZone(s.time_zone) ? s.time_zone : kDefaultZone))
        .catch(() => {
          zoneCache = null;
          return kDefaultZone;
        });
    }
    let live = true;
    void zoneCache.then((z) => {
      if (live) setZone(z);
    });
    return () => {
      live = false;
    };
  }, [storeId]);
  return zone;
}

function partsIn(date: Date, zone: string): Record<string, string> {
  const out: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

// An RFC 3339 instant in the shop's zone: "23/11/2026 09:00".
export function formatInstantIn(instant: string | null | undefined, zone: string): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  try {
    const p = partsIn(d, zone);
    return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
  } catch {
    return formatInstant(instant);
  }
}

// Today's date in the shop's zone, YYYY-MM-DD.
export function todayIn(zone: string): string {
  try {
    const p = partsIn(new Date(), zone);
    return `${p.year}-${p.month}-${p.day}`;
  } catch {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
}

// ---- Field errors ---------------------------------------------------------------------------

// The field errors of a 422 keyed by the inputs' names: the domain's prefixes dropped
// ("contact_rules.hours.saturday" → "hours.saturday"), "min_open" → "min_open_cents",
// "by_state.RJ.saturday" → "by_state.RJ.hours.saturday", "audience.states[1]" →
// "audience.states". Null when the problem names no field.
export function collectionFieldErrors(error: unknown): Errors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const out: Errors = {};
  for (const fe of error.problem.errors) {
    const field = normalizeField(fe.field);
    out[field] = out[field] ? `${out[field]}; ${fe.detail}` : fe.detail;
  }
  return out;
}

export function normalizeField(raw: string): string {
  let f = raw.replace(/^(contact_rules|settings|policy|template)\./, '');
  f = f.replace(/(^|\.)min_open$/, '$1min_open_cents');
  f = f.replace(/(^|\.)states\[\d+\]$/, '$1states');
  const m = /^by_state\.([A-Za-z]{2})\.(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(.*)$/.exec(f);
  if (m) f = `by_state.${m[1]}.hours.${m[2]}${m[3]}`;
  return f;
}

// Splits errors into those some input shows (`shown` tells) and the rest, which the form's
// message lists.
export function splitErrors(errors: Errors, shown: (field: string) => boolean): { fields: Errors; others: string[] } {
  const fields: Errors = {};
  const others: string[] = [];
  for (const [field, detail] of Object.entries(errors)) {
    if (!detail) continue;
    if (shown(field)) fields[field] = detail;
    else others.push(detail);
  }
  return { fields, others };
}

// The law's hours of a state, whatever the shape.
export function lawStateHours(value: WeekHours | { hours: WeekHours }): WeekHours {
  return 'hours' in value ? value.hours : value;
}

export function describeDay(hours: DayHours | null | undefined): string {
  return hours ? `${hours.open}–${hours.close}` : 'fechado';
}
