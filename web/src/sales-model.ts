// The crediário on the screen: labels of statuses, methods and events, the sale form (what
// the clerk typed → the API body, with the server's checks repeated at the field), and
// the idempotency keys of money-moving writes.
import { ApiError, type InstallmentStatus, type PaymentMethod, type Store, type CreditTerms } from './api';
import type { Errors } from './components/fields';
import { addDaysIso, parseMoneyToCents, parseRateInput, todayIso, validDateInputToIso } from './format';

export const kStatusLabels: Record<InstallmentStatus, string> = {
  open: 'em aberto',
  partially_paid: 'parcialmente paga',
  paid: 'paga',
  renegotiated: 'renegociada',
  written_off: 'baixada',
};

export const kMethodOptions: { value: PaymentMethod; label: string }[] = [
  { value: 'cash', label: 'Dinheiro' },
  { value: 'debit_card', label: 'Cartão de débito' },
  { value: 'credit_card', label: 'Cartão de crédito' },
  { value: 'pix', label: 'Pix' },
  { value: 'boleto', label: 'Boleto' },
  { value: 'transfer', label: 'Transferência' },
];

export function methodLabel(method: string): string {
  if (method === 'credit') return 'Crédito do cliente';
  return kMethodOptions.find((m) => m.value === method)?.label ?? method;
}

export const kEventLabels: Record<string, string> = {
  sale: 'Venda',
  down_payment: 'Entrada',
  payment: 'Pagamento',
  reversal: 'Estorno',
  closure: 'Baixa',
};

// True for an installment that still has something to pay.
export function isOpen(status: InstallmentStatus): boolean {
  return status === 'open' || status === 'partially_paid';
}

export function creditTermsOf(store: Store | null): CreditTerms {
  const settings = store?.settings as { credit?: CreditTerms } | undefined;
  return settings?.credit ?? {};
}

// ---- Idempotency keys ------------------------------------------------------------------

// A random UUIDv4; crypto.randomUUID exists only in secure contexts (HTTPS, localhost),
// so a shop reaching the server over plain HTTP on its network gets the same from
// getRandomValues.
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The key of one confirmation attempt. A new attempt (another body, or after the server
// gave a definite answer) gets a fresh key; retrying the same body after a network
// failure or a 5xx (the write may have happened) keeps the key, so it is not written twice.
export class AttemptKey {
  private key = '';
  private body = '';

  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (!this.key || text !== this.body) {
      this.key = newIdempotencyKey();
      this.body = text;
    }
    return this.key;
  }

  // Called with the error of a failed attempt (or nothing after a success).
  settle(error?: unknown) {
    const unknownOutcome = error instanceof ApiError && (error.status === 0 || error.status >= 500);
    if (!unknownOutcome) this.key = '';
  }
}

// ---- Problems → field errors -----------------------------------------------------------

// The API's field names that the screens show under another name.
const kFieldAliases: Record<string, string> = { monthly_rate: 'monthly_rate_percent' };

// Field errors of a 422, keyed by field; null when the problem has none.
export function fieldErrorsOf(error: unknown): Errors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const out: Errors = {};
  for (const fe of error.problem.errors) {
    const field = kFieldAliases[fe.field] ?? fe.field;
    out[field] = out[field] ? `${out[field]}; ${fe.detail}` : fe.detail;
  }
  return out;
}

// ---- The sale form ---------------------------------------------------------------------

export interface SaleForm {
  customer_id: string;
  description: string;
  price: string;
  down_payment: string;
  rate: string;
  first_due: string; // DD/MM/AAAA or ''
  due_day: string;
  down_payment_method: PaymentMethod;
  installment_count: number; // 0 = not chosen yet
  override_reason: string;
}

export const kDownPaymentTooHigh = 'a entrada deve ser menor que o preço (o restante é que se parcela)';

// Only the fields the simulator needs; undefined when they are not usable yet.
export interface SimulationInput {
  price_cents: number;
  down_payment_cents: number;
  monthly_rate_percent?: string;
}

export function simulationInputOf(form: SaleForm): SimulationInput | undefined {
  const price = parseMoneyToCents(form.price);
  const down = parseMoneyToCents(form.down_payment);
  const rate = parseRateInput(form.rate);
  if (typeof price !== 'number' || price <= 0 || down === undefined || rate === undefined) return undefined;
  const downCents = down ?? 0;
  if (downCents >= price) return undefined;
  return rate === null ? { price_cents: price, down_payment_cents: downCents }
    : { price_cents: price, down_payment_cents: downCents, monthly_rate_percent: rate };
}

// Every mistake at once, keyed by API field, in Portuguese (the server's wording where
// there is one). `needCount` asks for the installment count too.
export function validateSale(form: SaleForm, needCount: boolean): Errors {
  const e: Errors = {};
  if (!form.customer_id) e.customer_id = 'escolha o cliente';
  if (!form.description.trim()) e.description = 'informe a descrição do que foi vendido';
  const price = parseMoneyToCents(form.price);
  if (price === null) e.price_cents = 'informe o preço à vista';
  else if (price === undefined) e.price_cents = 'valor inválido: use um valor como 1.234,56';
  else if (price <= 0) e.price_cents = 'o preço deve ser maior que zero';
  const down = parseMoneyToCents(form.down_payment);
  if (down === undefined) e.down_payment_cents = 'valor inválido: use um valor como 100,00';
  else if (typeof price === 'number' && price > 0 && (down ?? 0) >= price) e.down_payment_cents = kDownPaymentTooHigh;
  if (parseRateInput(form.rate) === undefined) e.monthly_rate_percent = 'taxa inválida: use um número como 4,99';
  if (form.first_due.trim()) {
    const iso = validDateInputToIso(form.first_due);
    if (!iso) e.first_due_date = 'data inválida: use dd/mm/aaaa';
    else if (iso < todayIso()) e.first_due_date = 'o primeiro vencimento não pode ser antes da data da venda';
  }
  if (form.due_day.trim()) {
    const day = Number(form.due_day);
    if (!/^\d{1,2}$/.test(form.due_day.trim()) || day < 1 || day > 31) e.due_day = 'o dia de vencimento deve ser de 1 a 31';
  }
  if (needCount && !form.installment_count) e.installment_count = 'escolha o número de parcelas';
  return e;
}

// The body of POST /sales/preview and POST /sales (the form must be valid).
export function saleBodyOf(form: SaleForm, withOverride: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    customer_id: form.customer_id,
    description: form.description.trim(),
    price_cents: parseMoneyToCents(form.price),
    down_payment_cents: parseMoneyToCents(form.down_payment) ?? 0,
    installment_count: form.installment_count,
    down_payment_method: form.down_payment_method,
  };
  const rate = parseRateInput(form.rate);
  if (rate) body.monthly_rate_percent = rate;
  const first = validDateInputToIso(form.first_due);
  if (first) body.first_due_date = first;
  if (form.due_day.trim()) body.due_day = Number(form.due_day);
  if (withOverride && form.override_reason.trim()) body.override_reason = form.override_reason.trim();
  return body;
}

// The first due date the server uses when none is given: 30 days after the sale.
export function defaultFirstDueIso(): string {
  return addDaysIso(todayIso(), 30);
}
