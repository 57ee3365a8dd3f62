// The reconciliation queue (pendências): what the bank paid that Fiado could not match to an
// installment by itself. The owner assigns each to an installment (a payment is posted) or
// dismisses it, always with a reason; resolved items stay listed with their resolution.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, type Customer, type QueueItem, type Statement } from '../api';
import { CustomerPicker } from '../components/customer-picker';
import { Dialog } from '../components/dialog';
import { CheckboxField, Notice, SelectField, TextAreaField, type Errors } from '../components/fields';
import { useFormSubmit, type FormSubmit } from '../components/submit';
import { formatBRL, formatCpf, formatDate } from '../format';
import { eventDate, eventSummary, referenceLabel, resolutionText, sourceLabel } from '../reconciliation-model';
import { isOpen } from '../sales-model';
import { Loading } from './common';
import { installmentName, salesOf } from './customer-ledger';

export function QueueCard({ version }: { version: number }) {
  const [showResolved, setShowResolved] = useState(false);
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [assigning, setAssigning] = useState<QueueItem | null>(null);
  const [dismissing, setDismissing] = useState<QueueItem | null>(null);

  async function load() {
    try {
      const status = showResolved ? 'all' : 'open';
      setItems((await api.get<{ items: QueueItem[] }>(`/api/v1/reconciliation?status=${status}`)).items);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, [showResolved, version]);

  async function resolved(text: string) {
    setAssigning(null);
    setDismissing(null);
    setDone(text);
    await load();
  }

  return (
    <section class="card" aria-labelledby="pendencias-titulo">
      <h2 id="pendencias-titulo">Pendências</h2>
      <p class="field-hint">Pagamentos que o banco informou e que não casaram sozinhos com nenhuma parcela.</p>
      {done ? <Notice kind="success">{done}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {items === null && !error ? <Loading /> : null}
      {items?.length === 0 ? <p>{showResolved ? 'Nenhuma pendência registrada.' : 'Nenhuma pendência em aberto.'}</p> : null}
      {items?.length ? (
        <QueueTable items={items} showResolved={showResolved} onAssign={setAssigning} onDismiss={setDismissing} />
      ) : null}
      <CheckboxField label="Mostrar também as resolvidas" field="show_resolved" checked={showResolved} onChecked={setShowResolved} />
      {assigning ? <AssignDialog item={assigning} onClose={() => setAssigning(null)} onDone={resolved} /> : null}
      {dismissing ? <DismissDialog item={dismissing} onClose={() => setDismissing(null)} onDone={resolved} /> : null}
    </section>
  );
}

function QueueTable({ items, showResolved, onAssign, onDismiss }: {
  items: QueueItem[];
  showResolved: boolean;
  onAssign: (item: QueueItem) => void;
  onDismiss: (item: QueueItem) => void;
}) {
  return (
    <table class="table queue-table" aria-label="Pendências">
      <thead>
        <tr>
          <th scope="col">Data</th>
          <th scope="col">Origem</th>
          <th scope="col">Referência</th>
          <th scope="col">Pagador</th>
          <th scope="col" class="num">Valor</th>
          <th scope="col">Motivo</th>
          {showResolved ? <th scope="col">Situação</th> : null}
          <th scope="col"><span class="visually-hidden">Ações</span></th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <QueueRow key={item.id} item={item} showResolved={showResolved} onAssign={() => onAssign(item)} onDismiss={() => onDismiss(item)} />
        ))}
      </tbody>
    </table>
  );
}

function QueueRow({ item, showResolved, onAssign, onDismiss }: {
  item: QueueItem;
  showResolved: boolean;
  onAssign: () => void;
  onDismiss: () => void;
}) {
  const e = item.event;
  const context = `${sourceLabel(e.source)} de ${formatBRL(e.paid_cents)}${e.reference ? ` ${e.reference}` : ''}`;
  return (
    <tr data-item={item.id} class={item.status === 'resolved' ? 'inactive' : ''}>
      <td data-label="Data">{eventDate(e, item.created_at)}</td>
      <td data-label="Origem">{sourceLabel(e.source)}</td>
      <td data-label="Referência">
        {e.reference ? <code title={referenceLabel(e.source)}>{e.reference}</code> : '—'}
      </td>
      <td data-label="Pagador">{e.payer_name || '—'}</td>
      <td data-label="Valor" class="num">{formatBRL(e.paid_cents)}</td>
      <td data-label="Motivo">{item.reason}</td>
      {showResolved ? (
        <td data-label="Situação">{item.resolution ? resolutionText(item.resolution) : 'Em aberto'}</td>
      ) : null}
      <td class="doc-links">
        {item.status === 'open' ? (
          <>
            <button type="button" class="button-small" onClick={onAssign}>
              Atribuir a uma parcela<span class="visually-hidden">: {context}</span>
            </button>
            <button type="button" class="button-small button-quiet" onClick={onDismiss}>
              Descartar<span class="visually-hidden">: {context}</span>
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}

// ---- Dialogs ------------------------------------------------------------------------------

const itemPath = (item: QueueItem, action: string) => `/api/v1/reconciliation/${encodeURIComponent(item.id)}/${action}`;

function ReasonField({ form, value, onValue, label }: {
  form: FormSubmit;
  value: string;
  onValue: (v: string) => void;
  label: string;
}) {
  return (
    <TextAreaField label={label} field="reason" id="f-reconciliation-reason" value={value} rows={2} maxLength={500} required
      onValue={(v) => { onValue(v); form.clear('reason'); }} error={form.errors.reason} />
  );
}

function DialogActions({ onClose, busy, label, busyLabel, danger }: {
  onClose: () => void;
  busy: boolean;
  label: string;
  busyLabel: string;
  danger?: boolean;
}) {
  return (
    <div class="form-actions">
      <button type="button" onClick={onClose}>
        Cancelar
      </button>
      <button type="submit" class={danger ? 'button-danger' : 'button-primary'} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}

function DismissDialog({ item, onClose, onDone }: { item: QueueItem; onClose: () => void; onDone: (text: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const form = useFormSubmit();

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(reason.trim() ? {} : { reason: 'informe o motivo do descarte' }, async () => {
      await api.post<QueueItem>(itemPath(item, 'dismiss'), { reason: reason.trim() });
      await onDone('Pendência descartada.');
    });
  }

  return (
    <Dialog title="Descartar pendência" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>{eventSummary(item.event, item.created_at)}. Nada será lançado; a pendência fica registrada com o motivo.</p>
        <ReasonField form={form} value={reason} onValue={setReason} label="Motivo do descarte" />
        <DialogActions onClose={onClose} busy={form.busy} label="Descartar" busyLabel="Descartando…" danger />
      </form>
    </Dialog>
  );
}

// The customer's open installments, as options "Parcela 3/10 · Geladeira · vence … · R$ …".
function installmentOptions(statement: Statement) {
  const sales = salesOf(statement);
  const open = statement.installments.filter((i) => isOpen(i.position.status));
  return [
    { value: '', label: open.length ? 'Escolha a parcela…' : 'Nenhuma parcela em aberto' },
    ...open.map((i) => ({
      value: `${i.sale_id}#${i.number}`,
      label: `${installmentName(sales, i.sale_id, i.number)} · vence ${formatDate(i.due_date)} · em aberto ${formatBRL(i.position.principal_open_cents)}`,
    })),
  ];
}

function assignProblems(customer: Customer | null, installment: string, reason: string): Errors {
  const found: Errors = {};
  if (!customer) found.customer_id = 'escolha o cliente que pagou';
  else if (!installment) found.installment = 'escolha a parcela paga';
  if (!reason.trim()) found.reason = 'informe o motivo da atribuição';
  return found;
}

function AssignDialog({ item, onClose, onDone }: { item: QueueItem; onClose: () => void; onDone: (text: string) => Promise<void> }) {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [statement, setStatement] = useState<Statement | null>(null);
  const [installment, setInstallment] = useState('');
  const [reason, setReason] = useState('');
  const form = useFormSubmit({ sale_id: 'installment' });
  const options = statement ? installmentOptions(statement) : [];

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(assignProblems(customer, installment, reason), async () => {
      const [saleId, number] = installment.split('#');
      await api.post<QueueItem>(itemPath(item, 'assign'), { sale_id: saleId, installment: Number(number), reason: reason.trim() });
      const chosen = options.find((o) => o.value === installment)?.label.split(' · ')[0] ?? 'Parcela';
      await onDone(`Pagamento de ${formatBRL(item.event.paid_cents)} atribuído: ${chosen} de ${customer!.full_name}.`);
    });
  }

  return (
    <Dialog title="Atribuir a uma parcela" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>{eventSummary(item.event, item.created_at)}{item.event.payer_name ? `, pago por ${item.event.payer_name}` : ''}.</p>
        {customer ? (
          <ChosenCustomer customer={customer} onChange={() => { setCustomer(null); setStatement(null); setInstallment(''); }} />
        ) : (
          <CustomerPicker id="f-assign-customer" error={form.errors.customer_id}
            onPick={(c) => { setCustomer(c); form.clear('customer_id'); }} />
        )}
        {customer ? (
          <InstallmentChoice customer={customer} statement={statement} onStatement={setStatement} options={options}
            value={installment} error={form.errors.installment} onValue={(v) => { setInstallment(v); form.clear('installment'); }} />
        ) : null}
        <ReasonField form={form} value={reason} onValue={setReason} label="Motivo da atribuição" />
        <DialogActions onClose={onClose} busy={form.busy} label="Atribuir" busyLabel="Atribuindo…" />
      </form>
    </Dialog>
  );
}

function ChosenCustomer({ customer, onChange }: { customer: Customer; onChange: () => void }) {
  return (
    <div class="chosen-customer">
      <div>
        <span class="customer-name">{customer.full_name}</span> <span class="customer-cpf">CPF {formatCpf(customer.cpf)}</span>
      </div>
      <button type="button" class="button-quiet" onClick={onChange}>
        Trocar cliente
      </button>
    </div>
  );
}

function InstallmentChoice({ customer, statement, onStatement, options, value, error, onValue }: {
  customer: Customer;
  statement: Statement | null;
  onStatement: (s: Statement) => void;
  options: { value: string; label: string }[];
  value: string;
  error?: string;
  onValue: (v: string) => void;
}) {
  const [failure, setFailure] = useState('');

  useEffect(() => {
    api.get<Statement>(`/api/v1/customers/${encodeURIComponent(customer.id)}/statement`).then(onStatement, (e) => setFailure(messageOf(e)));
  }, [customer.id]);

  if (failure) return <Notice kind="error">{failure}</Notice>;
  if (!statement) return <Loading label="Carregando as parcelas…" />;
  return (
    <SelectField label="Parcela paga" field="installment" value={value} options={options} onValue={onValue} required error={error}
      disabled={options.length <= 1} hint={options.length <= 1 ? 'Este cliente não tem parcelas em aberto.' : undefined} />
  );
}
