// A customer's page: status (block/unblock), crédito (score, limit and its ladder, bureau
// lookups, credit analysis), crediário (installments, payments, statement), data, consents
// and history.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf, type AuditEntry, type Customer, type Page, type Statement } from '../api';
import { Notice, TextAreaField } from '../components/fields';
import { consentSourceLabel, kChannelLabels, kChannelsOrder } from '../customer-model';
import { formatBRL, formatCep, formatCpf, formatDate, formatInstant, formatPhone } from '../format';
import { diffSnapshots, kActionLabels } from '../history';
import { Link } from '../router';
import { useSession } from '../session';
import { StatusBadge } from './customers';
import { Loading, PageHeader } from './common';
import { InstallmentsCard, StatementCard } from './customer-ledger';
import { CustomerCreditSection } from './customer-credit';
import { CustomerCollectionCard } from './customer-collection';
import { CustomerMessagesCard } from './customer-messages';
import { collectionAccess } from '../collection-model';

function Item({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="dl-item">
      <dt>{term}</dt>
      <dd>{children === '' || children === null || children === undefined ? '—' : children}</dd>
    </div>
  );
}

function addressLine(c: Customer): string {
  const a = c.address;
  if (!a) return '';
  const first = [a.street, a.number].filter(Boolean).join(', ');
  const parts = [first, a.complement, a.district, [a.city, a.state].filter(Boolean).join('/'), a.postal_code ? `CEP ${formatCep(a.postal_code)}` : ''];
  return parts.filter(Boolean).join(' · ');
}

// The sale just made (Nova venda comes back with ?venda=<id>): its installments stand out.
function newSaleId(): string {
  return new URLSearchParams(window.location.search).get('venda') ?? '';
}

export function CustomerPage({ id }: { id: string }) {
  const { can, session } = useSession();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [history, setHistory] = useState<AuditEntry[] | null>(null);
  const [historyError, setHistoryError] = useState('');
  const [error, setError] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [busy, setBusy] = useState(false);
  const [statement, setStatement] = useState<Statement | null>(null);
  const [statementError, setStatementError] = useState('');
  const [flash, setFlash] = useState(() => (newSaleId() ? 'Venda registrada.' : ''));
  const path = `/api/v1/customers/${encodeURIComponent(id)}`;

  async function loadStatement() {
    try {
      setStatement(await api.get<Statement>(`${path}/statement`));
      setStatementError('');
    } catch (e) {
      setStatementError(messageOf(e));
    }
  }

  async function loadHistory() {
    try {
      const data = await api.get<Page<AuditEntry> | AuditEntry[]>(`${path}/history`);
      setHistory(Array.isArray(data) ? data : data.items);
      setHistoryError('');
    } catch (e) {
      setHistoryError(messageOf(e));
    }
  }

  async function load() {
    try {
      setCustomer(await api.get<Customer>(path));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setNotFound(true);
      else setError(messageOf(e));
    }
    if (can('audit:read')) await loadHistory();
  }

  useEffect(() => {
    void load();
    void loadStatement();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  async function block(event: Event) {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError('informe o motivo do bloqueio');
      return;
    }
    setBusy(true);
    setError('');
    try {
      setCustomer(await api.post<Customer>(`${path}/block`, { reason: reason.trim() }));
      setBlocking(false);
      setReason('');
      setReasonError('');
      await load();
    } catch (e) {
      const fieldError = e instanceof ApiError ? e.problem.errors?.find((x) => x.field === 'reason') : undefined;
      if (fieldError) setReasonError(fieldError.detail);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function unblock() {
    setBusy(true);
    setError('');
    try {
      await api.post<Customer>(`${path}/unblock`, {});
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (notFound) {
    return (
      <section class="empty-state">
        <h1>Cliente não encontrado</h1>
        <p>
          <Link href="/clientes">Voltar para Clientes</Link>
        </p>
      </section>
    );
  }
  if (!customer) return error ? <Notice kind="error">{error}</Notice> : <Loading />;
  const c = customer;
  const writer = can('customers:write');

  return (
    <section>
      <PageHeader title={c.full_name} back={{ href: '/clientes', label: 'Clientes' }}>
        {can('sales:write') ? (
          <Link href={`/vendas/nova?cliente=${encodeURIComponent(c.id)}`} class="button button-primary">
            Nova venda
          </Link>
        ) : null}
        {writer ? (
          <Link href={`/clientes/${c.id}/editar`} class="button">
            Editar
          </Link>
        ) : null}
      </PageHeader>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {flash ? <Notice kind="success">{flash}</Notice> : null}

      <div class="card status-card">
        <div>
          <span class="status-label">Situação: </span>
          <StatusBadge status={c.status} />
          {c.status === 'blocked' && c.blocked_reason ? <p class="blocked-reason">Motivo: {c.blocked_reason}</p> : null}
        </div>
        {writer && !blocking ? (
          c.status === 'blocked' ? (
            <button type="button" onClick={() => void unblock()} disabled={busy}>
              Desbloquear
            </button>
          ) : (
            <button type="button" class="button-danger" onClick={() => setBlocking(true)}>
              Bloquear
            </button>
          )
        ) : null}
        {blocking ? (
          <form class="block-form" onSubmit={block} noValidate>
            <TextAreaField label="Motivo do bloqueio" field="reason" value={reason} rows={2} required
              onValue={(v) => { setReason(v); setReasonError(''); }} error={reasonError} />
            <div class="form-actions">
              <button type="button" onClick={() => { setBlocking(false); setReasonError(''); }}>
                Cancelar
              </button>
              <button type="submit" class="button-danger" disabled={busy}>
                Confirmar bloqueio
              </button>
            </div>
          </form>
        ) : null}
      </div>

      <CustomerCreditSection customer={c}
        onLimitSaved={(saved, message) => { setCustomer(saved); setFlash(message); if (can('audit:read')) void loadHistory(); }} />
      <InstallmentsCard customerId={c.id} statement={statement} error={statementError} newSaleId={newSaleId()}
        onChanged={loadStatement} />
      <StatementCard customerId={c.id} today={statement}
        onChanged={async (message) => { setFlash(message); await loadStatement(); }} />
      {collectionAccess(session).read ? <CustomerCollectionCard customerId={c.id} statement={statement} /> : null}
      {collectionAccess(session).read ? <CustomerMessagesCard customerId={c.id} /> : null}

      <div class="card">
        <h2>Dados</h2>
        <dl class="dl">
          <Item term="CPF">{formatCpf(c.cpf)}</Item>
          <Item term="Nome completo">{c.full_name}</Item>
          <Item term="Data de nascimento">{formatDate(c.birth_date)}</Item>
          <Item term="Telefones">{(c.phones ?? []).map(formatPhone).join(' · ')}</Item>
          <Item term="E-mail">{c.email}</Item>
          <Item term="Endereço">{addressLine(c)}</Item>
          <Item term="Renda mensal declarada">{formatBRL(c.monthly_income_cents)}</Item>
          <Item term="Profissão">{c.occupation}</Item>
          <Item term="Empregador">{c.employer}</Item>
          <Item term="Observações">{c.notes}</Item>
          <Item term="Cadastrado em">{formatInstant(c.created_at)}</Item>
        </dl>
      </div>

      <div class="card">
        <h2>Referências pessoais</h2>
        <p class="field-hint">Referências nunca são contatadas sobre débitos.</p>
        {c.references?.length ? (
          <ul class="plain-list">
            {c.references.map((r, i) => (
              <li key={i}>
                {r.name}
                {r.relation ? ` (${r.relation})` : ''}
                {r.phone ? ` · ${formatPhone(r.phone)}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>Nenhuma referência.</p>
        )}
        <h3>Avalista</h3>
        {c.guarantor ? (
          <p>
            {c.guarantor.name}
            {c.guarantor.cpf ? ` · CPF ${formatCpf(c.guarantor.cpf)}` : ''}
            {c.guarantor.phone ? ` · ${formatPhone(c.guarantor.phone)}` : ''}
          </p>
        ) : (
          <p>Sem avalista.</p>
        )}
      </div>

      <div class="card">
        <h2>Consentimentos</h2>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Canal</th>
              <th scope="col">Aceita</th>
              <th scope="col">Quando</th>
              <th scope="col">Como</th>
            </tr>
          </thead>
          <tbody>
            {kChannelsOrder.map((channel) => {
              const k = c.consents?.find((x) => x.channel === channel);
              return (
                <tr key={channel}>
                  <td data-label="Canal">{kChannelLabels[channel]}</td>
                  <td data-label="Aceita">{k?.granted ? 'Sim' : 'Não'}</td>
                  <td data-label="Quando">{k?.recorded_at ? formatInstant(k.recorded_at) : '—'}</td>
                  <td data-label="Como">{k?.source ? consentSourceLabel(k.source) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {can('audit:read') ? (
        <div class="card">
          <h2>Histórico</h2>
          {historyError ? <Notice kind="error">{historyError}</Notice> : null}
          {history === null && !historyError ? <Loading /> : null}
          {history && history.length === 0 ? <p>Sem registros.</p> : null}
          {history && history.length > 0 ? (
            <ol class="history" aria-label="Histórico">
              {[...history].reverse().map((entry) => (
                <HistoryItem key={entry.id} entry={entry} />
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function HistoryItem({ entry }: { entry: AuditEntry }) {
  const action = kActionLabels[entry.action] ?? entry.action;
  const changes = entry.action === 'update' ? diffSnapshots(entry.before, entry.after) : [];
  const reason = entry.action === 'block' ? (entry.after as { blocked_reason?: string } | null)?.blocked_reason : undefined;
  return (
    <li class="history-entry">
      <div class="history-head">
        <span class="history-action">{action}</span>
        <span class="history-when">{formatInstant(entry.occurred_at)}</span>
        <span class="history-who">por {entry.actor_name || entry.actor}</span>
      </div>
      {reason ? <p class="history-reason">Motivo: {reason}</p> : null}
      {changes.length ? (
        <ul class="changes">
          {changes.map((ch) => (
            <li key={ch.path} class="change">
              <span class="change-field">{ch.label}</span>: <span class="change-before">{ch.before}</span>{' '}
              <span aria-label="para">→</span> <span class="change-after">{ch.after}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
