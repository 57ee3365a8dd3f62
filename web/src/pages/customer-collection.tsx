// The Cobrança section of a customer's page: the pauses of the régua (a promise to pay until
// a date, an agreement, a dispute), the exemptions (the whole customer or one installment),
// each added and ended with a reason, and the customer's recent collection actions.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, type Statement } from '../api';
import { Dialog } from '../components/dialog';
import { Notice, SelectField, TextAreaField, TextField, type Errors } from '../components/fields';
import { useFormSubmit } from '../components/submit';
import {
  collectionAccess,
  formatInstantIn,
  kPauseKindLabels,
  useShopZone,
  type CollectionExemption,
  type CollectionPause,
  type CustomerCollection,
  type PauseKind,
} from '../collection-model';
import { formatBRL, formatDate, maskDate, todayIso, validDateInputToIso } from '../format';
import { isOpen } from '../sales-model';
import { useSession } from '../session';
import { Loading } from './common';
import { ActionsTable } from './collection-parts';
import { installmentName, salesOf } from './customer-ledger';
import '../collection.css';

export function CustomerCollectionCard({ customerId, statement }: { customerId: string; statement: Statement | null }) {
  const { session } = useSession();
  const access = collectionAccess(session);
  const zone = useShopZone(session.store.id);
  const [data, setData] = useState<CustomerCollection | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [dialog, setDialog] = useState<
    | { kind: 'pause' }
    | { kind: 'exemption' }
    | { kind: 'end-pause'; pause: CollectionPause }
    | { kind: 'end-exemption'; exemption: CollectionExemption }
    | null
  >(null);
  const path = `/api/v1/customers/${encodeURIComponent(customerId)}/collection`;

  async function load() {
    try {
      setData(await api.get<CustomerCollection>(path));
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, [customerId]);

  async function finished(text: string) {
    setDialog(null);
    setDone(text);
    await load();
  }

  const sales = statement ? salesOf(statement) : new Map();
  const scopeOf = (x: CollectionExemption) =>
    x.sale_id ? installmentName(sales, x.sale_id, x.number ?? 0) : 'Cliente inteiro';

  return (
    <section class="card" aria-labelledby="cobranca-titulo">
      <div class="card-head">
        <h2 id="cobranca-titulo">Cobrança</h2>
        {access.pauses ? (
          <div class="doc-links">
            <button type="button" onClick={() => setDialog({ kind: 'pause' })}>
              Pausar cobrança
            </button>
            <button type="button" onClick={() => setDialog({ kind: 'exemption' })}>
              Isentar
            </button>
          </div>
        ) : null}
      </div>
      {done ? <Notice kind="success">{done}</Notice> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {data === null && !error ? <Loading /> : null}
      {data ? (
        <>
          <h3>Pausas</h3>
          {data.pauses.length === 0 ? (
            <p>Nenhuma pausa.</p>
          ) : (
            <table class="table pauses-table" aria-label="Pausas">
              <thead>
                <tr>
                  <th scope="col">Tipo</th>
                  <th scope="col">Desde</th>
                  <th scope="col">Até</th>
                  <th scope="col">Motivo</th>
                  <th scope="col">Situação</th>
                  <th scope="col"><span class="visually-hidden">Ações</span></th>
                </tr>
              </thead>
              <tbody>
                {sortActiveFirst(data.pauses).map((p) => (
                  <tr key={p.id} class={p.active ? '' : 'inactive'} data-pause={p.id}>
                    <td data-label="Tipo">{kPauseKindLabels[p.kind] ?? p.kind}</td>
                    <td data-label="Desde">{formatDate(p.from)}</td>
                    <td data-label="Até">{p.until ? formatDate(p.until) : 'até ser encerrada'}</td>
                    <td data-label="Motivo">
                      {p.reason}
                      <span class="slip-detail">
                        {formatInstantIn(p.created_at, zone)}
                        {p.created_by ? ` · ${p.created_by}` : ''}
                      </span>
                    </td>
                    <td data-label="Situação">
                      <Situation active={p.active} endedAt={p.ended_at} endReason={p.end_reason} zone={zone}
                        lapsed={!p.active && !p.ended_at ? 'prazo vencido' : ''} />
                    </td>
                    <td class="doc-links">
                      {p.active && access.pauses ? (
                        <button type="button" class="button-small" onClick={() => setDialog({ kind: 'end-pause', pause: p })}>
                          Encerrar<span class="visually-hidden"> a pausa: {kPauseKindLabels[p.kind] ?? p.kind}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3>Isenções</h3>
          {data.exemptions.length === 0 ? (
            <p>Nenhuma isenção.</p>
          ) : (
            <table class="table exemptions-table" aria-label="Isenções">
              <thead>
                <tr>
                  <th scope="col">Abrangência</th>
                  <th scope="col">Motivo</th>
                  <th scope="col">Situação</th>
                  <th scope="col"><span class="visually-hidden">Ações</span></th>
                </tr>
              </thead>
              <tbody>
                {sortActiveFirst(data.exemptions).map((x) => (
                  <tr key={x.id} class={x.active ? '' : 'inactive'} data-exemption={x.id}>
                    <td data-label="Abrangência">{scopeOf(x)}</td>
                    <td data-label="Motivo">
                      {x.reason}
                      <span class="slip-detail">
                        {formatInstantIn(x.created_at, zone)}
                        {x.created_by ? ` · ${x.created_by}` : ''}
                      </span>
                    </td>
                    <td data-label="Situação">
                      <Situation active={x.active} endedAt={x.ended_at} endReason={x.end_reason} zone={zone} lapsed="" />
                    </td>
                    <td class="doc-links">
                      {x.active && access.pauses ? (
                        <button type="button" class="button-small" onClick={() => setDialog({ kind: 'end-exemption', exemption: x })}>
                          Encerrar<span class="visually-hidden"> a isenção: {scopeOf(x)}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3>Ações recentes da régua</h3>
          {data.actions.length === 0 ? (
            <p>Nenhuma ação de cobrança registrada.</p>
          ) : (
            <ActionsTable actions={data.actions} zone={zone} label="Ações de cobrança do cliente" />
          )}
        </>
      ) : null}

      {dialog?.kind === 'pause' ? <PauseDialog path={path} onClose={() => setDialog(null)} onDone={finished} /> : null}
      {dialog?.kind === 'exemption' ? (
        <ExemptionDialog path={path} statement={statement} onClose={() => setDialog(null)} onDone={finished} />
      ) : null}
      {dialog?.kind === 'end-pause' ? (
        <EndDialog title="Encerrar pausa" what={`${kPauseKindLabels[dialog.pause.kind] ?? dialog.pause.kind}: ${dialog.pause.reason}`}
          path={`${path}/pauses/${encodeURIComponent(dialog.pause.id)}/end`} done="Pausa encerrada: a régua volta a valer para o cliente."
          onClose={() => setDialog(null)} onDone={finished} />
      ) : null}
      {dialog?.kind === 'end-exemption' ? (
        <EndDialog title="Encerrar isenção" what={`${scopeOf(dialog.exemption)}: ${dialog.exemption.reason}`}
          path={`${path}/exemptions/${encodeURIComponent(dialog.exemption.id)}/end`} done="Isenção encerrada."
          onClose={() => setDialog(null)} onDone={finished} />
      ) : null}
    </section>
  );
}

function sortActiveFirst<T extends { active: boolean; created_at: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => Number(b.active) - Number(a.active) || b.created_at.localeCompare(a.created_at));
}

function Situation({ active, endedAt, endReason, zone, lapsed }: {
  active: boolean;
  endedAt: string | null;
  endReason: string;
  zone: string;
  lapsed: string;
}) {
  if (active) return <span class="badge badge-active">ativa</span>;
  if (endedAt) {
    return (
      <>
        <span class="badge badge-written-off">encerrada</span>
        <span class="slip-detail">
          em {formatInstantIn(endedAt, zone)}
          {endReason ? `: ${endReason}` : ''}
        </span>
      </>
    );
  }
  return <span class="badge badge-written-off">{lapsed || 'inativa'}</span>;
}

function DialogActions({ onClose, busy, label, busyLabel }: { onClose: () => void; busy: boolean; label: string; busyLabel: string }) {
  return (
    <div class="form-actions">
      <button type="button" onClick={onClose}>
        Cancelar
      </button>
      <button type="submit" class="button-primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}

const kPauseKinds: PauseKind[] = ['promise', 'agreement', 'dispute'];

function PauseDialog({ path, onClose, onDone }: { path: string; onClose: () => void; onDone: (text: string) => Promise<void> }) {
  const [kind, setKind] = useState<PauseKind>('promise');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const form = useFormSubmit();

  function problems(): Errors {
    const found: Errors = {};
    if (kind === 'promise') {
      const iso = validDateInputToIso(until);
      if (!until.trim()) found.until = 'informe até quando o cliente prometeu pagar';
      else if (!iso) found.until = 'data inválida: use dd/mm/aaaa';
      else if (iso < todayIso()) found.until = 'a data da promessa não pode ser no passado';
    }
    if (!reason.trim()) found.reason = 'informe o motivo da pausa';
    return found;
  }

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(problems(), async () => {
      const body: Record<string, unknown> = { kind, reason: reason.trim() };
      if (kind === 'promise') body.until = validDateInputToIso(until);
      await api.post<CollectionPause>(`${path}/pauses`, body);
      await onDone(kind === 'promise' ? `Cobrança pausada até ${until}.` : `Cobrança pausada: ${kPauseKindLabels[kind].toLowerCase()}.`);
    });
  }

  return (
    <Dialog title="Pausar a cobrança" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>Enquanto a pausa valer, a régua não procura o cliente (mensagens, cartas e ligações).</p>
        <SelectField label="Motivo da pausa" field="kind" id="f-pause-kind" value={kind} error={form.errors.kind}
          options={kPauseKinds.map((k) => ({ value: k, label: kPauseKindLabels[k] }))}
          onValue={(v) => { setKind(v as PauseKind); form.clear('kind'); }} />
        {kind === 'promise' ? (
          <TextField label="Prometeu pagar até" field="until" id="f-pause-until" value={until} mask={maskDate} inputMode="numeric"
            placeholder="DD/MM/AAAA" required error={form.errors.until} hint="A régua volta sozinha no dia seguinte, se não houver pagamento."
            onValue={(v) => { setUntil(v); form.clear('until'); }} />
        ) : (
          <p class="field-hint">Vale até ser encerrada aqui.</p>
        )}
        <TextAreaField label="Observação" field="reason" id="f-pause-reason" value={reason} rows={2} maxLength={500} required
          error={form.errors.reason} onValue={(v) => { setReason(v); form.clear('reason'); }} />
        <DialogActions onClose={onClose} busy={form.busy} label="Pausar" busyLabel="Pausando…" />
      </form>
    </Dialog>
  );
}

function ExemptionDialog({ path, statement, onClose, onDone }: {
  path: string;
  statement: Statement | null;
  onClose: () => void;
  onDone: (text: string) => Promise<void>;
}) {
  const [scope, setScope] = useState('');
  const [reason, setReason] = useState('');
  const form = useFormSubmit({ sale_id: 'installment', number: 'installment' });
  const sales = statement ? salesOf(statement) : new Map();
  const open = statement ? statement.installments.filter((i) => isOpen(i.position.status)) : [];
  const options = [
    { value: '', label: 'O cliente inteiro (todas as parcelas)' },
    ...open.map((i) => ({
      value: `${i.sale_id}#${i.number}`,
      label: `${installmentName(sales, i.sale_id, i.number)} · vence ${formatDate(i.due_date)} · ${formatBRL(i.position.principal_open_cents)}`,
    })),
  ];

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(reason.trim() ? {} : { reason: 'informe o motivo da isenção' }, async () => {
      const body: Record<string, unknown> = { reason: reason.trim() };
      if (scope) {
        const [saleId, number] = scope.split('#');
        body.sale_id = saleId;
        body.number = Number(number);
      }
      await api.post<CollectionExemption>(`${path}/exemptions`, body);
      await onDone(scope ? `Parcela isenta da régua: ${options.find((o) => o.value === scope)?.label.split(' · ')[0]}.` : 'Cliente isento da régua.');
    });
  }

  return (
    <Dialog title="Isentar da régua" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>Uma isenção tira da régua o cliente inteiro ou uma parcela até ser encerrada.</p>
        <SelectField label="O que fica isento" field="installment" id="f-exemption-installment" value={scope} options={options}
          error={form.errors.installment} onValue={(v) => { setScope(v); form.clear('installment'); }} />
        <TextAreaField label="Motivo da isenção" field="reason" id="f-exemption-reason" value={reason} rows={2} maxLength={500} required
          error={form.errors.reason} onValue={(v) => { setReason(v); form.clear('reason'); }} />
        <DialogActions onClose={onClose} busy={form.busy} label="Isentar" busyLabel="Isentando…" />
      </form>
    </Dialog>
  );
}

function EndDialog({ title, what, path, done, onClose, onDone }: {
  title: string;
  what: string;
  path: string;
  done: string;
  onClose: () => void;
  onDone: (text: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const form = useFormSubmit();

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(reason.trim() ? {} : { reason: 'informe o motivo do encerramento' }, async () => {
      await api.post<unknown>(path, { reason: reason.trim() });
      await onDone(done);
    });
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>{what}</p>
        <TextAreaField label="Motivo do encerramento" field="reason" id="f-end-reason" value={reason} rows={2} maxLength={500} required
          error={form.errors.reason} onValue={(v) => { setReason(v); form.clear('reason'); }} />
        <DialogActions onClose={onClose} busy={form.busy} label="Encerrar" busyLabel="Encerrando…" />
      </form>
    </Dialog>
  );
}
