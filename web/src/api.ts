// The REST client (docs/api.md): JSON in and out, the session's CSRF token on every
// unsafe request, problem+json errors as ApiError, and a 401 anywhere sends the user back
// to the sign-in screen.

export interface FieldProblem {
  field: string;
  detail: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  existing?: string;
  request_id?: string;
  decision_id?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `erro ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string) {
  csrfToken = token;
}

export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  // The sign-in request answers 401 for a wrong password: that is not "signed out".
  ignore401?: boolean;
  signal?: AbortSignal;
  // Money-moving writes (POST /sales, POST /customers/{id}/payments): a retry with the
  // same key answers the first result instead of writing twice.
  idempotencyKey?: string;
}

const kUnsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A Blob (a file the person chose) goes as its raw bytes; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? 'application/octet-stream' : 'application/json';
  if (kUnsafe.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      title: 'Sem conexão',
      detail: 'Não foi possível falar com o servidor. Verifique a conexão e tente de novo.',
    });
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object'
        ? { ...(data as Problem), status: response.status }
        : { status: response.status, detail: defaultDetail(response.status) };
    if (!problem.detail) problem.detail = defaultDetail(response.status);
    if (response.status === 401 && !options.ignore401) onUnauthenticated();
    throw new ApiError(problem);
  }
  return data as T;
}

function defaultDetail(status: number): string {
  switch (status) {
    case 400: return 'Pedido inválido.';
    case 401: return 'Sua sessão terminou. Entre de novo.';
    case 403: return 'Sem permissão para esta ação.';
    case 404: return 'Não encontrado.';
    case 409: return 'Conflito com outra alteração.';
    case 413: return 'Dados grandes demais.';
    case 429: return 'Muitas tentativas. Aguarde alguns minutos e tente de novo.';
    default: return status >= 500 ? 'Erro no servidor. Tente de novo em instantes.' : `Erro ${status}.`;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  del: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
  upload: <T>(path: string, file: Blob, options?: RequestOptions) => request<T>('POST', path, file, options),
};

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

// ---- Resources -----------------------------------------------------------------------

export type Role = 'owner' | 'clerk' | 'collector' | 'viewer';

export interface Session {
  user: { id: string; email: string; name: string; role: Role };
  store: { id: string; name: string };
  permissions: string[];
  csrf_token: string;
  expires_at: string;
}

export interface Address {
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
  postal_code: string;
}

export interface Store {
  id: string;
  name: string;
  legal_id: string;
  legal_id_kind: 'cnpj' | 'cpf';
  address: Address;
  phone: string;
  email: string;
  time_zone: string;
  pix_key: string;
  settings?: unknown;
  created_at: string;
  updated_at: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  secret?: string;
}

export type Channel = 'whatsapp' | 'sms' | 'email';

export interface Consent {
  channel: Channel;
  granted: boolean;
  recorded_at: string | null;
  source: string;
}

export interface Reference {
  name: string;
  phone: string;
  relation: string;
}

export interface Guarantor {
  name: string;
  cpf: string;
  phone: string;
}

export interface Customer {
  id: string;
  cpf: string;
  full_name: string;
  birth_date: string | null;
  phones: string[];
  email: string;
  address: Address;
  monthly_income_cents: number | null;
  occupation: string;
  employer: string;
  references: Reference[];
  guarantor: Guarantor | null;
  consents: Consent[];
  notes: string;
  status: 'active' | 'blocked';
  blocked_reason: string;
  // The crediário limit (owner-managed); absent from servers older than the sales API.
  credit_limit_cents?: number;
  credit_limit_reason?: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AuditEntry {
  id: string;
  occurred_at: string;
  actor: string;
  actor_name?: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

// ---- Sales and payments (crediário) ---------------------------------------------------
// Rates are decimal strings in percent ("4.99" = 4,99 % a.m.); money is integer centavos.

export interface CreditTerms {
  default_monthly_rate_percent?: string;
  max_monthly_rate_percent?: string;
  late_fee_percent?: string;
  moratory_monthly_rate_percent?: string;
}

export interface SimulatedPlan {
  installment_count: number;
  installment_cents: number;
  last_installment_cents: number;
  total_cents: number;
  total_interest_cents: number;
  cet_annual_percent: string | null;
}

export interface Simulation {
  monthly_rate_percent?: string;
  annual_rate_percent?: string;
  financed_cents: number;
  plans: SimulatedPlan[];
}

export interface Disclosure {
  price_cents: number;
  down_payment_cents: number;
  financed_cents: number;
  monthly_rate_percent: string;
  annual_rate_percent: string;
  cet_annual_percent: string | null;
  late_fee_percent: string;
  moratory_monthly_rate_percent: string;
  installment_count: number;
  installment_cents: number;
  last_installment_cents: number;
  total_with_financing_cents: number;
  total_without_financing_cents: number;
  total_interest_cents: number;
}

export type InstallmentStatus = 'open' | 'partially_paid' | 'paid' | 'renegotiated' | 'written_off';

export interface Position {
  status: InstallmentStatus;
  charge_free_until?: string | null;
  days_late: number;
  principal_open_cents: number;
  late_fee_open_cents: number;
  interest_open_cents: number;
  updated_value_cents: number;
  paid_cents: number;
  discount_cents: number;
}

export interface SaleInstallment {
  number: number;
  due_date: string;
  amount_cents: number;
  interest_cents: number;
  amortization_cents: number;
  position?: Position;
}

export type PaymentMethod = 'cash' | 'debit_card' | 'credit_card' | 'pix' | 'boleto' | 'transfer';

export interface Sale {
  id?: string;
  customer_id: string;
  description: string;
  sale_date: string;
  down_payment_method: PaymentMethod | string;
  due_day: number | null;
  credit_decision_id?: string;
  created_at?: string;
  created_by?: string;
  disclosure: Disclosure;
  installments: SaleInstallment[];
}

export interface CreditDecision {
  id?: string;
  customer_id: string;
  outcome: 'approved' | 'refused' | 'overridden';
  reasons: string[];
  override_reason: string;
  decided_by?: string;
  decided_at?: string;
  inputs?: {
    customer_status: string;
    credit_limit_cents: number;
    open_amount_cents: number;
    requested_cents: number;
  };
}

export interface SalePreview {
  sale: Sale;
  credit: CreditDecision;
}

export interface AllocationLine {
  sale_id: string;
  number: number;
  late_fee_cents: number;
  interest_cents: number;
  principal_cents: number;
  discount_cents: number;
}

export interface Payment {
  id: string;
  customer_id: string;
  paid_on: string;
  amount_cents: number;
  method: string;
  memo: string;
  credit_change_cents: number;
  down_payment_of: string | null;
  lines: AllocationLine[];
  reversal: null | { reversed_on: string; reason: string; recorded_at: string; recorded_by: string };
  recorded_at: string;
  recorded_by: string;
}

export type StatementEventKind = 'sale' | 'down_payment' | 'payment' | 'reversal' | 'closure';

export interface StatementEvent {
  on: string;
  kind: StatementEventKind;
  reference_id: string;
  amount_cents: number;
  description: string;
  lines: AllocationLine[];
  credit_change_cents: number;
}

export interface StatementInstallment {
  sale_id: string;
  number: number;
  sale_date: string;
  due_date: string;
  amount_cents: number;
  position: Position;
}

export interface StatementTotals {
  principal_open_cents: number;
  late_fee_open_cents: number;
  interest_open_cents: number;
  updated_value_cents: number;
  overdue_value_cents: number;
  credit_cents: number;
  open_installments: number;
  overdue_installments: number;
}

export interface Statement {
  customer_id: string;
  as_of: string;
  events: StatementEvent[];
  installments: StatementInstallment[];
  totals: StatementTotals;
}

// ---- Bank files and reconciliation ------------------------------------------------------

export type BankSource = 'cnab' | 'pix' | 'statement';

export type BankOutcome =
  | 'posted'
  | 'already_imported'
  | 'queued'
  | 'registered'
  | 'registration_rejected'
  | 'reversed'
  | 'informational';

export interface FileProblem {
  line: number;
  field: string;
  message: string;
}

// The result of one import of a bank file (CNAB return or OFX statement).
export interface ImportReport {
  id: string;
  kind: string; // "cnab240", "cnab400", "ofx"; '' when the file was not recognised
  file_name: string;
  bank_code: string;
  agreement: string;
  duplicate_of: string | null;
  refused: boolean;
  problems: FileProblem[];
  records: number;
  posted: number;
  already_imported: number;
  queued: number;
  registered: number;
  registration_rejected: number;
  reversed: number;
  informational: number;
  posted_cents: number;
  already_imported_cents: number;
  queued_cents: number;
  fee_cents: number;
  started_at: string;
  finished_at: string;
  started_by: string;
}

export interface InstallmentRef {
  sale_id: string;
  number: number;
}

// One thing the bank says happened.
export interface BankEvent {
  key: string;
  source: BankSource;
  line: number;
  reference: string; // nosso número, txid or the statement's FITID
  occurrence: string;
  occurred_on: string | null;
  paid_cents: number;
  fee_cents: number;
  charges_cents: number;
  face_cents: number;
  payer_name: string;
  detail: string;
}

export interface BankEventRecord extends BankEvent {
  outcome: BankOutcome;
  installment: InstallmentRef | null;
  payment_id: string | null;
  note: string;
}

export interface ImportDetail extends ImportReport {
  events: BankEventRecord[];
}

export interface QueueResolution {
  action: 'assigned' | 'dismissed';
  installment: InstallmentRef | null;
  payment_id: string | null;
  reason: string;
  resolved_at: string;
  resolved_by: string;
}

export interface QueueItem {
  id: string;
  event: BankEvent;
  reason: string;
  import_id: string;
  created_at: string;
  status: 'open' | 'resolved';
  resolution: QueueResolution | null;
}

export interface PixWebhook {
  id: string;
  provider: string;
  auth: 'token' | 'hmac-sha256';
  path: string;
  created_at: string;
  revoked: boolean;
  secret?: string; // only in the answer that created it
}
