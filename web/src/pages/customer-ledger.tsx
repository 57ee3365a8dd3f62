// The crediário part of a customer's page: the credit limit (and the owner's dialog to
// change it), the installments with their position today, the statement (extrato) as of
// a date, the payment dialog and the owner's reversal of a payment; the printed documents:
// each sale's carnê (a dialog to choose the installments, with a preview of the slips) and
// contract, each payment's receipt.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  messageOf,
  type AllocationLine,
  type Customer,
  type Payment,
  type Statement,
  type StatementEvent,
  type StatementInstallment,
} from '../api';
import { CheckboxField, Notice, SelectField, TextAreaField, TextField, showFormErrors, type Errors } from '../components/fields';
import { Dialog } from '../components/dialog';
import { showSubmitError } from '../components/submit';
import {
  carneJsonUrl,
  carnePdfUrl,
  contractPdfUrl,
  receiptPdfUrl,
  storeSettingLabel,
  type Carne,
  type CarneChoice,
} from '../documents';
import {
  centsToInput,
  formatBRL,
  formatDate,
  maskDate,
  maskMoney,
  parseMoneyToCents,
  todayIso,
  validDateInputToIso,
} from '../format';
import { AttemptKey, fieldErrorsOf, isOpen, kEventLabels, kMethodOptions, kStatusLabels, methodLabel } from '../sales-model';
import { Link } from '../router';
import { useSession } from '../session';
import { Loading } from './common';

// ---- Helpers over a statement -----------------------------------------------------------

// Sale id → its description and number of installments, for "Parcela 3/10 · Geladeira".
export interface SaleInfo {
  description: string;
  count: number;
}

export function salesOf(statement: Statement): Map<string, SaleInfo> {
  const sales = new Map<string, SaleInfo>();
  for (const e of statement.events) {
    if (e.kind === 'sale') sales.set(e.reference_id, { description: e.description, count: 0 });
  }
  for (const i of statement.installments) {
    const info = sales.get(i.sale_id) ?? { description: '', count: 0 };
    info.count = Math.max(info.count, i.number);
    sales.set(i.sale_id, info);
  }
  return sales;
}

export function installmentName(sales: Map<string, SaleInfo>, saleId: string, number: number): string {
  const info = sales.get(saleId);
  const count = info?.count ? `/${info.count}` : '';
  return `Parcela ${number}${count}${info?.description ? ` · ${info.description}` : ''}`;
}

// The customer's sales, oldest first, with what the documents need.
interface SaleRow {
  id: string;
  description: string;
  on: string;
  financed_cents: number;
  count: number;
  open: StatementInstallment[];
}

function saleRowsOf(statement: Statement): SaleRow[] {
  const rows = new Map<string, SaleRow>();
  for (const e of statement.events) {
    if (e.kind === 'sale') {
      rows.set(e.reference_id, { id: e.reference_id, description: e.description, on: e.on, financed_cents: e.amount_cents, count: 0, open: [] });
    }
  }
  for (const i of statement.installments) {
    let row = rows.get(i.sale_id);
    if (!row) {
      row = { id: i.sale_id, description: '', on: i.sale_date, financed_cents: 0, count: 0, open: [] };
      rows.set(i.sale_id, row);
    }
    row.count = Math.max(row.count, i.number);
    if (isOpen(i.position.status)) row.open.push(i);
  }
  for (const row of rows.values()) row.open.sort((a, b) => a.number - b.number);
  return [...rows.values()];
}

// Payment ids that a reversal event refers to.
function reversedIds(statements: (Statement | null)[]): Set<string> {
  const ids = new Set<string>();
  for (const s of statements) for (const e of s?.events ?? []) if (e.kind === 'reversal') ids.add(e.reference_id);
  return ids;
}

// ---- Credit limit ---------------------------------------------------------------------

export function CreditLimitCard({ customer, statement, onSaved }: {
  customer: Customer;
  statement: Statement | null;
  onSaved: (c: Customer) => void;
}) {
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const limit = customer.credit_limit_cents;
  const open = statement?.totals.principal_open_cents;
  const available = limit !== undefined && open !== undefined ? limit - open : undefined;
  return (
    <div class="card">
      <div class="card-head">
        <h2>Crédito</h2>
        {can('credit:manage') ? (
          <button type="button" onClick={() => setEditing(true)}>
            Alterar limite
          </button>
        ) : null}
      </div>
      <dl class="dl totals">
        <div class="dl-item">
          <dt>Limite de crédito</dt>
          <dd data-testid="credit-limit">{limit === undefined ? '—' : formatBRL(limit)}</dd>
        </div>
        <div class="dl-item">
          <dt>Disponível para novas compras</dt>
          <dd>{available === undefined ? '—' : formatBRL(Math.max(0, available))}</dd>
        </div>
        {customer.credit_limit_reason ? (
          <div class="dl-item">
            <dt>Motivo do limite</dt>
            <dd>{customer.credit_limit_reason}</dd>
          </div>
        ) : null}
      </dl>
      {editing ? (
        <CreditLimitDialog customer={customer} onClose={() => setEditing(false)} onSaved={(c) => { setEditing(false); onSaved(c); }} />
      ) : null}
    </div>
  );
}

function CreditLimitDialog({ customer, onClose, onSaved }: {
  customer: Customer;
  onClose: () => void;
  onSaved: (c: Customer) => void;
}) {
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
      const saved = await api.put<Customer>(`/api/v1/customers/${encodeURIComponent(customer.id)}/credit-limit`, {
        credit_limit_cents: cents,
        reason: reason.trim(),
      });
      onSaved(saved);
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

// ---- Installments ---------------------------------------------------------------------

export function InstallmentsCard({ customerId, statement, error, newSaleId, onChanged }: {
  customerId: string;
  statement: Statement | null;
  error: string;
  newSaleId: string;
  onChanged: () => Promise<void>;
}) {
  const { can } = useSession();
  const [showClosed, setShowClosed] = useState(false);
  const [paying, setPaying] = useState(false);
  const [printing, setPrinting] = useState<SaleRow | null>(null);
  const sales = statement ? salesOf(statement) : new Map<string, SaleInfo>();
  const saleRows = statement ? saleRowsOf(statement) : [];
  const newSale = newSaleId ? saleRows.find((r) => r.id === newSaleId) : undefined;
  const rows = statement?.installments.filter((i) => showClosed || isOpen(i.position.status)) ?? [];
  const closedCount = statement ? statement.installments.filter((i) => !isOpen(i.position.status)).length : 0;
  const t = statement?.totals;
  const openCount = statement?.installments.filter((i) => isOpen(i.position.status)).length ?? 0;

  return (
    <section class="card" aria-labelledby="parcelas-titulo">
      <div class="card-head">
        <h2 id="parcelas-titulo">Parcelas</h2>
        {can('payments:write') && statement ? (
          <button type="button" class="button-primary" onClick={() => setPaying(true)} disabled={openCount === 0}>
            Receber pagamento
          </button>
        ) : null}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!statement && !error ? <Loading /> : null}
      {newSale ? (
        <div class="notice notice-info doc-notice" role="status">
          <span>Documentos da venda{newSale.description ? ` "${newSale.description}"` : ''}:</span>
          <span class="doc-links">
            <a class="button button-small" href={carnePdfUrl(newSale.id)} target="_blank" rel="noopener">
              Imprimir carnê
            </a>
            <a class="button button-small" href={contractPdfUrl(newSale.id)} target="_blank" rel="noopener">
              Contrato
            </a>
          </span>
        </div>
      ) : null}
      {t ? (
        <dl class="dl totals" aria-label="Totais">
          <div class="dl-item">
            <dt>Em aberto</dt>
            <dd>{formatBRL(t.principal_open_cents)} <span class="muted">({t.open_installments} {t.open_installments === 1 ? 'parcela' : 'parcelas'})</span></dd>
          </div>
          <div class="dl-item">
            <dt>Atualizado hoje</dt>
            <dd>{formatBRL(t.updated_value_cents)}</dd>
          </div>
          <div class="dl-item">
            <dt>Vencido</dt>
            <dd class={t.overdue_value_cents > 0 ? 'overdue-text' : ''}>
              {formatBRL(t.overdue_value_cents)}
              {t.overdue_installments ? <span class="muted"> ({t.overdue_installments} {t.overdue_installments === 1 ? 'parcela' : 'parcelas'})</span> : null}
            </dd>
          </div>
          <div class="dl-item">
            <dt>Crédito do cliente</dt>
            <dd>{formatBRL(t.credit_cents)}</dd>
          </div>
        </dl>
      ) : null}
      {statement && statement.installments.length === 0 ? <p>Nenhuma compra no crediário.</p> : null}
      {statement && statement.installments.length > 0 && rows.length === 0 ? <p>Nenhuma parcela em aberto.</p> : null}
      {rows.length > 0 ? (
        <table class="table installments" aria-label="Parcelas">
          <thead>
            <tr>
              <th scope="col">Parcela</th>
              <th scope="col">Vencimento</th>
              <th scope="col" class="num">Valor</th>
              <th scope="col">Situação</th>
              <th scope="col" class="num">Atualizado hoje</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <InstallmentRow key={`${i.sale_id}-${i.number}`} item={i} name={installmentName(sales, i.sale_id, i.number)} isNew={i.sale_id === newSaleId} />
            ))}
          </tbody>
        </table>
      ) : null}
      {closedCount > 0 ? (
        <CheckboxField label={`Mostrar também as quitadas (${closedCount})`} field="show_closed" checked={showClosed} onChecked={setShowClosed} />
      ) : null}
      {saleRows.length > 0 ? <SalesTable rows={saleRows} newSaleId={newSaleId} onCarne={setPrinting} /> : null}
      {printing ? <CarneDialog sale={printing} onClose={() => setPrinting(null)} /> : null}
      {paying && statement ? (
        <PaymentDialog customerId={customerId} statement={statement} onClose={() => setPaying(false)} onPosted={onChanged} />
      ) : null}
    </section>
  );
}

function InstallmentRow({ item, name, isNew }: { item: StatementInstallment; name: string; isNew: boolean }) {
  const p = item.position;
  const open = isOpen(p.status);
  const overdue = open && p.days_late > 0;
  return (
    <tr class={`${overdue ? 'overdue' : ''} ${isNew ? 'just-added' : ''}`} data-sale={item.sale_id}>
      <td class="cell-title">{name}</td>
      <td data-label="Vencimento">{formatDate(item.due_date)}</td>
      <td data-label="Valor" class="num">{formatBRL(item.amount_cents)}</td>
      <td data-label="Situação">
        <InstallmentBadge status={p.status} />
        {overdue ? (
          <span class="badge badge-overdue">
            {p.days_late} {p.days_late === 1 ? 'dia' : 'dias'} de atraso
          </span>
        ) : null}
      </td>
      <td data-label="Atualizado hoje" class="num">{open ? formatBRL(p.updated_value_cents) : '—'}</td>
    </tr>
  );
}

export function InstallmentBadge({ status }: { status: StatementInstallment['position']['status'] }) {
  return <span class={`badge badge-${status.replace('_', '-')}`}>{kStatusLabels[status] ?? status}</span>;
}

// ---- Documents of a sale: carnê and contract ----------------------------------------------

function SalesTable({ rows, newSaleId, onCarne }: { rows: SaleRow[]; newSaleId: string; onCarne: (row: SaleRow) => void }) {
  return (
    <div class="subcard">
      <h3 id="compras-titulo">Compras e documentos</h3>
      <table class="table sales-docs" aria-labelledby="compras-titulo">
        <thead>
          <tr>
            <th scope="col">Compra</th>
            <th scope="col">Data</th>
            <th scope="col" class="num">Financiado</th>
            <th scope="col">Em aberto</th>
            <th scope="col"><span class="visually-hidden">Documentos</span></th>
          </tr>
        </thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={r.id} data-sale={r.id} class={r.id === newSaleId ? 'just-added' : ''}>
              <td class="cell-title">{r.description || 'Venda'}</td>
              <td data-label="Data">{formatDate(r.on)}</td>
              <td data-label="Financiado" class="num">{formatBRL(r.financed_cents)}</td>
              <td data-label="Em aberto">
                {r.open.length ? `${r.open.length} de ${r.count} ${r.count === 1 ? 'parcela' : 'parcelas'}` : 'quitada'}
              </td>
              <td class="doc-links">
                {r.open.length ? (
                  <button type="button" class="button-small" onClick={() => onCarne(r)}>
                    Carnê<span class="visually-hidden"> de {r.description || 'Venda'}</span>
                  </button>
                ) : null}
                <a class="button button-small" href={contractPdfUrl(r.id)} target="_blank" rel="noopener">
                  Contrato<span class="visually-hidden"> de {r.description || 'Venda'}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// What went wrong with a carnê, in the words the clerk (or the owner) can act on.
interface CarneFailure {
  text: string;
  aboutStore: boolean;
}

function carneFailureOf(e: unknown): { failure: CarneFailure | null; dateError: string } {
  const fields = fieldErrorsOf(e);
  if (!fields) return { failure: { text: messageOf(e), aboutStore: false }, dateError: '' };
  let dateError = '';
  const texts: string[] = [];
  let aboutStore = false;
  for (const [field, detail] of Object.entries(fields)) {
    const setting = storeSettingLabel(field);
    if (field === 'updated_to') dateError = detail;
    else if (setting) {
      aboutStore = true;
      texts.push(`${detail} (${setting}, em Configurações › Loja).`);
    } else texts.push(/^installments/.test(field) ? `Parcelas: ${detail}.` : `${detail}.`);
  }
  return { failure: texts.length ? { text: texts.join(' '), aboutStore } : null, dateError };
}

function CarneDialog({ sale, onClose }: { sale: SaleRow; onClose: () => void }) {
  const { can } = useSession();
  const [chosen, setChosen] = useState<number[]>(() => sale.open.map((i) => i.number));
  const [date, setDate] = useState('');
  const [dateError, setDateError] = useState('');
  const [carne, setCarne] = useState<Carne | null>(null);
  const [failure, setFailure] = useState<CarneFailure | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const updatedTo = date.trim() ? validDateInputToIso(date) : '';
  const dateOk = !date.trim() || !!updatedTo;
  const choice: CarneChoice = { installments: [...chosen].sort((a, b) => a - b), updatedTo };
  const ready = chosen.length > 0 && dateOk && !dateError;
  const key = ready ? carneJsonUrl(sale.id, choice) : '';

  useEffect(() => {
    const current = ++generation.current;
    if (!key) {
      setCarne(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    const timer = window.setTimeout(async () => {
      try {
        const data = await api.get<Carne>(key);
        if (current !== generation.current) return;
        setCarne(data);
        setFailure(null);
      } catch (e) {
        if (current !== generation.current) return;
        setCarne(null);
        const found = carneFailureOf(e);
        setFailure(found.failure);
        if (found.dateError) setDateError(found.dateError);
      } finally {
        if (current === generation.current) setLoading(false);
      }
    }, 200);
    return () => window.clearTimeout(timer);
  }, [key]);

  function toggle(number: number, on: boolean) {
    setChosen((old) => (on ? [...old.filter((n) => n !== number), number] : old.filter((n) => n !== number)));
    setFailure(null);
  }

  const all = chosen.length === sale.open.length;
  const noCodes = carne && carne.slips.length > 0 && carne.slips.every((s) => !s.pix_payload && !s.boleto);

  return (
    <Dialog title={`Carnê · ${sale.description || 'Venda'}`} onClose={onClose} wide>
      <fieldset class="plain-fieldset">
        <legend>Parcelas em aberto</legend>
        <div class="carne-toolbar">
          <button type="button" class="button-quiet button-small" onClick={() => { setChosen(all ? [] : sale.open.map((i) => i.number)); setFailure(null); }}>
            {all ? 'Desmarcar todas' : 'Marcar todas'}
          </button>
        </div>
        <ul class="pay-list">
          {sale.open.map((i) => {
            const overdue = i.position.days_late > 0;
            return (
              <li key={i.number} class={overdue ? 'overdue' : ''}>
                <CheckboxField field={`carne-${i.number}`} id={`carne-${sale.id}-${i.number}`}
                  label={`Parcela ${i.number}/${sale.count} · vence ${formatDate(i.due_date)} · ${formatBRL(i.position.principal_open_cents)}${overdue ? ` (${i.position.days_late} ${i.position.days_late === 1 ? 'dia' : 'dias'} de atraso)` : ''}`}
                  checked={chosen.includes(i.number)} onChecked={(on) => toggle(i.number, on)} />
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div class="grid grid-2">
        <TextField label="Atualizar valores até" field="updated_to" id="f-carne-updated-to" value={date} mask={maskDate} inputMode="numeric"
          placeholder="DD/MM/AAAA" hint="Opcional: para reimprimir parcelas vencidas com multa e juros até esta data. Em branco, sai o valor da parcela."
          onValue={(v) => { setDate(v); setDateError(''); setFailure(null); }}
          onBlur={() => { if (date.trim() && !updatedTo) setDateError('data inválida: use dd/mm/aaaa'); }}
          error={dateError || (date.length === 10 && !updatedTo ? 'data inválida: use dd/mm/aaaa' : '')} />
      </div>
      {chosen.length === 0 ? <Notice kind="warning">Marque ao menos uma parcela para imprimir.</Notice> : null}
      {failure ? (
        <Notice kind="error">
          {failure.text}
          {failure.aboutStore && can('store:write') ? (
            <>
              {' '}
              <Link href="/configuracoes/loja">Abrir as configurações da loja</Link>
            </>
          ) : null}
          {failure.aboutStore && !can('store:write') ? ' Peça ao dono da loja para corrigir.' : null}
        </Notice>
      ) : null}
      {carne && !failure && ready ? (
        <>
          <table class="table compact carne-preview" aria-label="Prévia do carnê" aria-busy={loading ? 'true' : undefined}>
            <thead>
              <tr>
                <th scope="col">Parcela</th>
                <th scope="col">Vencimento</th>
                <th scope="col" class="num">Valor</th>
                <th scope="col">Pix</th>
                <th scope="col">Boleto</th>
              </tr>
            </thead>
            <tbody>
              {carne.slips.map((slip) => (
                <tr key={slip.number} data-number={slip.number}>
                  <td data-label="Parcela">{slip.number}/{slip.count}</td>
                  <td data-label="Vencimento">{formatDate(slip.due_date)}</td>
                  <td data-label="Valor" class="num">
                    {formatBRL(slip.amount_cents)}
                    {slip.updated_to && slip.charges_cents > 0 ? (
                      <span class="slip-detail">
                        {formatBRL(slip.face_cents)} + encargos {formatBRL(slip.charges_cents)} até {formatDate(slip.updated_to)}
                      </span>
                    ) : null}
                  </td>
                  <td data-label="Pix">
                    {slip.pix_payload ? 'Sim' : 'Não'}
                    {slip.txid ? <span class="slip-detail">txid <code>{slip.txid}</code></span> : null}
                  </td>
                  <td data-label="Boleto">
                    {slip.boleto ? (
                      <>
                        {slip.boleto.bank_name}
                        <span class="slip-detail">nosso número <code>{slip.boleto.nosso_numero}</code></span>
                      </>
                    ) : (
                      'Não'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {carne.late_charge_rule ? <p class="field-hint">{carne.late_charge_rule}</p> : null}
          {noCodes ? (
            <Notice kind="info">
              A loja não tem chave Pix nem convênio de boleto: o carnê sai sem códigos de pagamento.
              {can('store:write') ? (
                <>
                  {' '}
                  <Link href="/configuracoes/loja">Configurar</Link>
                </>
              ) : null}
            </Notice>
          ) : null}
        </>
      ) : loading ? (
        <Loading label="Preparando a prévia…" />
      ) : null}
      <div class="form-actions">
        <button type="button" onClick={onClose}>
          Voltar
        </button>
        {ready && !failure ? (
          <a class="button button-primary" href={carnePdfUrl(sale.id, choice)} target="_blank" rel="noopener">
            Abrir PDF
          </a>
        ) : (
          <button type="button" class="button-primary" disabled>
            Abrir PDF
          </button>
        )}
      </div>
    </Dialog>
  );
}

// Links to a payment's receipt, on A4 and on an 80 mm receipt printer.
function ReceiptLinks({ paymentId, context, small }: { paymentId: string; context?: string; small?: boolean }) {
  const cls = `button ${small ? 'button-small button-quiet' : ''}`;
  return (
    <span class="doc-links">
      <a class={cls} href={receiptPdfUrl(paymentId, 'a4')} target="_blank" rel="noopener">
        Recibo A4{context ? <span class="visually-hidden"> {context}</span> : null}
      </a>
      <a class={cls} href={receiptPdfUrl(paymentId, '80mm')} target="_blank" rel="noopener">
        Recibo 80 mm{context ? <span class="visually-hidden"> {context}</span> : null}
      </a>
    </span>
  );
}

// ---- Payment --------------------------------------------------------------------------

function defaultAmount(statement: Statement): number {
  if (statement.totals.overdue_value_cents > 0) return statement.totals.overdue_value_cents;
  const next = statement.installments.find((i) => isOpen(i.position.status));
  return next?.position.updated_value_cents ?? 0;
}

function PaymentDialog({ customerId, statement, onClose, onPosted }: {
  customerId: string;
  statement: Statement;
  onClose: () => void;
  onPosted: () => Promise<void>;
}) {
  const sales = salesOf(statement);
  const open = statement.installments.filter((i) => isOpen(i.position.status));
  const [amount, setAmount] = useState(centsToInput(defaultAmount(statement)));
  const [amountTouched, setAmountTouched] = useState(false);
  const [method, setMethod] = useState('cash');
  const [chosen, setChosen] = useState<string[]>([]);
  const [memo, setMemo] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [posted, setPosted] = useState<Payment | null>(null);
  const attempt = useRef(new AttemptKey());
  const keyOf = (i: StatementInstallment) => `${i.sale_id}#${i.number}`;

  function toggle(i: StatementInstallment, on: boolean) {
    const next = on ? [...chosen, keyOf(i)] : chosen.filter((k) => k !== keyOf(i));
    setChosen(next);
    if (!amountTouched) {
      const sum = open.filter((x) => next.includes(keyOf(x))).reduce((s, x) => s + x.position.updated_value_cents, 0);
      setAmount(centsToInput(next.length ? sum : defaultAmount(statement)));
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const cents = parseMoneyToCents(amount);
    const found: Errors = {};
    if (cents === null) found.amount_cents = 'informe o valor recebido';
    else if (cents === undefined) found.amount_cents = 'valor inválido: use um valor como 150,00';
    else if (cents <= 0) found.amount_cents = 'o valor deve ser maior que zero';
    if (showFormErrors(found, setErrors, setMessage)) return;
    const body: Record<string, unknown> = { amount_cents: cents, method };
    const picked = open.filter((i) => chosen.includes(keyOf(i)));
    if (picked.length) body.installments = picked.map((i) => ({ sale_id: i.sale_id, number: i.number }));
    if (memo.trim()) body.memo = memo.trim();
    setBusy(true);
    try {
      const payment = await api.post<Payment>(`/api/v1/customers/${encodeURIComponent(customerId)}/payments`, body, {
        idempotencyKey: attempt.current.keyFor(body),
      });
      attempt.current.settle();
      setPosted(payment);
      await onPosted();
    } catch (e) {
      attempt.current.settle(e);
      const fe = fieldErrorsOf(e);
      if (fe) showFormErrors(fe, setErrors, setMessage);
      else if (e instanceof ApiError && e.status === 0) setMessage(`${e.message} Ao registrar de novo, o pagamento não será lançado duas vezes.`);
      else setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (posted) {
    return (
      <Dialog title="Pagamento registrado" onClose={onClose} wide>
        <Notice kind="success">
          Recebido {formatBRL(posted.amount_cents)} em {methodLabel(posted.method)} no dia {formatDate(posted.paid_on)}.
        </Notice>
        <AllocationTable lines={posted.lines} sales={sales} label="Como o pagamento foi distribuído" />
        {posted.credit_change_cents > 0 ? (
          <p class="credit-kept">Ficou de crédito para o cliente: {formatBRL(posted.credit_change_cents)}</p>
        ) : null}
        <div class="form-actions">
          <ReceiptLinks paymentId={posted.id} />
          <button type="button" class="button-primary" onClick={onClose} autoFocus>
            Concluir
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Receber pagamento" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <fieldset class="plain-fieldset">
          <legend>Parcelas em aberto (valor atualizado hoje)</legend>
          <p class="field-hint">Marque as parcelas a pagar; sem marcar, o pagamento quita as mais antigas primeiro.</p>
          <ul class="pay-list">
            {open.map((i) => {
              const overdue = i.position.days_late > 0;
              return (
                <li key={keyOf(i)} class={overdue ? 'overdue' : ''}>
                  <CheckboxField field={`pay-${keyOf(i)}`} id={`pay-${i.sale_id}-${i.number}`}
                    label={`${installmentName(sales, i.sale_id, i.number)} · vence ${formatDate(i.due_date)} · ${formatBRL(i.position.updated_value_cents)}${overdue ? ` (${i.position.days_late} dias de atraso)` : ''}`}
                    checked={chosen.includes(keyOf(i))} onChecked={(on) => toggle(i, on)} />
                </li>
              );
            })}
          </ul>
        </fieldset>
        <div class="grid grid-2">
          <TextField label="Valor recebido (R$)" field="amount_cents" value={amount} mask={maskMoney} inputMode="decimal" required
            onValue={(v) => { setAmount(v); setAmountTouched(true); setErrors({}); }}
            onBlur={() => { const c = parseMoneyToCents(amount); if (typeof c === 'number') setAmount(centsToInput(c)); }}
            error={errors.amount_cents} />
          <SelectField label="Forma de pagamento" field="method" value={method} options={kMethodOptions} onValue={setMethod} error={errors.method} />
        </div>
        <TextField label="Observação" field="memo" value={memo} maxLength={200} onValue={setMemo} error={errors.memo} />
        {errors.installments ? <Notice kind="error">{errors.installments}</Notice> : null}
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Registrando…' : 'Registrar pagamento'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function AllocationTable({ lines, sales, label }: { lines: AllocationLine[]; sales: Map<string, SaleInfo>; label: string }) {
  if (!lines.length) return null;
  return (
    <table class="table allocation" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Parcela</th>
          <th scope="col" class="num">Multa</th>
          <th scope="col" class="num">Juros</th>
          <th scope="col" class="num">Principal</th>
          <th scope="col" class="num">Desconto</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.sale_id}-${l.number}`}>
            <td data-label="Parcela">{installmentName(sales, l.sale_id, l.number)}</td>
            <td data-label="Multa" class="num">{formatBRL(l.late_fee_cents)}</td>
            <td data-label="Juros" class="num">{formatBRL(l.interest_cents)}</td>
            <td data-label="Principal" class="num">{formatBRL(l.principal_cents)}</td>
            <td data-label="Desconto" class="num">{formatBRL(l.discount_cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- Statement (extrato) ---------------------------------------------------------------

export function StatementCard({ customerId, today, onChanged }: {
  customerId: string;
  today: Statement | null;
  onChanged: (message: string) => Promise<void>;
}) {
  const { can } = useSession();
  const [asOf, setAsOf] = useState('');
  const [asOfError, setAsOfError] = useState('');
  const [past, setPast] = useState<Statement | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState('');
  const [reversing, setReversing] = useState<StatementEvent | null>(null);
  const shown = past ?? today;
  const reversed = reversedIds([today, past]);
  const sales = shown ? salesOf(today && today !== shown ? mergeSales(today, shown) : shown) : new Map<string, SaleInfo>();

  // A change made today (a payment, a reversal) shows in the extrato of today.
  useEffect(() => {
    if (past && past.as_of >= todayIso()) setPast(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [today]);

  async function show(event: Event) {
    event.preventDefault();
    const iso = asOf.trim() ? validDateInputToIso(asOf) : todayIso();
    if (!iso) {
      setAsOfError('data inválida: use dd/mm/aaaa');
      return;
    }
    setAsOfError('');
    if (iso === todayIso()) {
      setPast(null);
      return;
    }
    setLoading(true);
    try {
      setPast(await api.get<Statement>(`/api/v1/customers/${encodeURIComponent(customerId)}/statement?as_of=${iso}`));
      setFailure('');
    } catch (e) {
      const fe = fieldErrorsOf(e);
      if (fe?.as_of) setAsOfError(fe.as_of);
      else setFailure(messageOf(e));
    } finally {
      setLoading(false);
    }
  }

  return (
    <section class="card" aria-labelledby="extrato-titulo">
      <h2 id="extrato-titulo">Extrato</h2>
      <form class="as-of" onSubmit={show} noValidate>
        <TextField label="Posição em" field="as_of" value={asOf} mask={maskDate} inputMode="numeric" placeholder={formatDate(todayIso())}
          onValue={(v) => { setAsOf(v); setAsOfError(''); }} error={asOfError} />
        <button type="submit" disabled={loading}>
          Ver extrato
        </button>
      </form>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {shown ? (
        <>
          <p class="field-hint">
            Posição em {formatDate(shown.as_of)}: em aberto {formatBRL(shown.totals.principal_open_cents)}, atualizado{' '}
            {formatBRL(shown.totals.updated_value_cents)}, crédito {formatBRL(shown.totals.credit_cents)}.
          </p>
          {shown.events.length === 0 ? <p>Sem lançamentos até esta data.</p> : null}
          <ol class="events" aria-label="Lançamentos">
            {[...shown.events].reverse().map((e, index) => (
              <EventItem key={`${e.kind}-${e.reference_id}-${index}`} event={e} sales={sales}
                reversed={e.kind === 'payment' && reversed.has(e.reference_id)}
                onReverse={e.kind === 'payment' && can('payments:reverse') && !reversed.has(e.reference_id) ? () => setReversing(e) : undefined} />
            ))}
          </ol>
        </>
      ) : (
        <Loading />
      )}
      {reversing ? (
        <ReversalDialog event={reversing} onClose={() => setReversing(null)}
          onDone={async () => { setReversing(null); setPast(null); await onChanged('Pagamento estornado.'); }} />
      ) : null}
    </section>
  );
}

function mergeSales(a: Statement, b: Statement): Statement {
  return { ...b, events: [...a.events, ...b.events], installments: [...a.installments, ...b.installments] };
}

function EventItem({ event, sales, reversed, onReverse }: {
  event: StatementEvent;
  sales: Map<string, SaleInfo>;
  reversed: boolean;
  onReverse?: () => void;
}) {
  const e = event;
  const kind = kEventLabels[e.kind] ?? e.kind;
  const what =
    e.kind === 'payment' || e.kind === 'down_payment'
      ? methodLabel(e.description)
      : e.kind === 'sale'
        ? `${e.description} (valor financiado)`
        : e.description;
  return (
    <li class={`event event-${e.kind}`}>
      <div class="event-head">
        <span class="event-date">{formatDate(e.on)}</span>
        <span class="event-kind">{kind}</span>
        <span class="event-what">{what}</span>
        <span class="event-amount num">{formatBRL(e.amount_cents)}</span>
        {reversed ? <span class="badge badge-written-off">estornado</span> : null}
        {e.kind === 'payment' || e.kind === 'down_payment' ? (
          <ReceiptLinks paymentId={e.reference_id} small context={`do pagamento de ${formatBRL(e.amount_cents)} em ${formatDate(e.on)}`} />
        ) : null}
        {onReverse ? (
          <button type="button" class="button-danger button-small" onClick={onReverse}>
            Estornar<span class="visually-hidden"> pagamento de {formatBRL(e.amount_cents)} em {formatDate(e.on)}</span>
          </button>
        ) : null}
      </div>
      {e.lines?.length ? (
        <ul class="event-lines">
          {e.lines.map((l) => (
            <li key={`${l.sale_id}-${l.number}`}>
              {installmentName(sales, l.sale_id, l.number)}: {allocationText(l)}
            </li>
          ))}
        </ul>
      ) : null}
      {e.credit_change_cents ? (
        <p class="event-credit">Crédito do cliente: {e.credit_change_cents > 0 ? '+' : ''}{formatBRL(e.credit_change_cents)}</p>
      ) : null}
    </li>
  );
}

function allocationText(l: AllocationLine): string {
  const parts = [`principal ${formatBRL(l.principal_cents)}`];
  if (l.interest_cents) parts.unshift(`juros ${formatBRL(l.interest_cents)}`);
  if (l.late_fee_cents) parts.unshift(`multa ${formatBRL(l.late_fee_cents)}`);
  if (l.discount_cents) parts.push(`desconto ${formatBRL(l.discount_cents)}`);
  return parts.join(', ');
}

function ReversalDialog({ event, onClose, onDone }: { event: StatementEvent; onClose: () => void; onDone: () => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (showFormErrors(reason.trim() ? {} : { reason: 'informe o motivo do estorno' }, setErrors, setMessage)) return;
    setBusy(true);
    try {
      await api.post<Payment>(`/api/v1/payments/${encodeURIComponent(event.reference_id)}/reversal`, { reason: reason.trim() });
      await onDone();
    } catch (err) {
      setBusy(false);
      showSubmitError(err, setErrors, setMessage);
    }
  }

  return (
    <Dialog title="Estornar pagamento" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <p>
          Pagamento de {formatBRL(event.amount_cents)} em {formatDate(event.on)} ({methodLabel(event.description)}). As parcelas
          que ele pagou voltam a ficar em aberto.
        </p>
        <TextAreaField label="Motivo do estorno" field="reason" id="f-reversal-reason" value={reason} rows={2} maxLength={500} required
          onValue={(v) => { setReason(v); setErrors({}); }} error={errors.reason} />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-danger" disabled={busy}>
            {busy ? 'Estornando…' : 'Confirmar estorno'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
