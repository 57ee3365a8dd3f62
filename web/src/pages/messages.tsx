// Cobrança › Mensagens: every message the régua (and the owner's tests) put in the outbox,
// by situation — "Com problema" (failed or interrupted: the dead-letter list, shown first
// when there is any), in the queue, sent, delivered, waiting for a collector to send it by
// WhatsApp, cancelled — and by channel. A row opens the message's timeline and text; a
// failed one can be resent, a manual WhatsApp one opened in WhatsApp and marked as sent.
// Below, what customers and providers sent back (replies, receipts, opt-outs).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api';
import { Dialog } from '../components/dialog';
import { Notice, SelectField } from '../components/fields';
import { formatInstantIn, useShopZone } from '../collection-model';
import {
  channelLabel,
  groupCount,
  groupOf,
  inboundOutcomeLabel,
  isInFlight,
  kInboundKindLabels,
  kMessageChannels,
  kSourceLabels,
  kStatusGroups,
  kStatusLabels,
  messagingAccess,
  recipientText,
  type InboundRecord,
  type Message,
  type MessageDetail,
  type MessageList,
  type MessageStatus,
  type StatusCounts,
} from '../messaging-model';
import { formatPhone } from '../format';
import { Link, replaceQuery } from '../router';
import { useSession } from '../session';
import { Loading } from './common';
import { MessageText } from './collection-parts';
import { EventsTimeline, FlashNotice, MessageActions, StatusPill, type Flash } from './message-parts';

const kPage = 50;
const kMaxPage = 200;
const kRefreshMs = 4000;

function queryValue(name: string): string {
  return new URLSearchParams(window.location.search).get(name) ?? '';
}

interface Listing {
  rows: Message[];
  counts: StatusCounts | null;
  next: string | null;
}

function listPath(statuses: string[], channel: string, limit: number, before?: string): string {
  const q = new URLSearchParams();
  if (statuses.length) q.set('status', statuses.join(','));
  if (channel) q.set('channel', channel);
  if (before) q.set('before', before);
  q.set('limit', String(limit));
  return `/api/v1/messages?${q.toString().replace(/%2C/g, ',')}`;
}

function contextOf(m: Message): string {
  const who = m.customer_name || recipientText(m);
  return who ? `para ${who}` : `de ${channelLabel(m.channel)}`;
}

export function MessagesView() {
  const { session } = useSession();
  const access = messagingAccess(session);
  const zone = useShopZone(session.store.id);
  // null until the first answer decides: "Com problema" when there is any, else "Todas".
  const [group, setGroup] = useState<string | null>(() => (groupOf(queryValue('situacao')) ? queryValue('situacao') : null));
  const [channel, setChannel] = useState(() => (kMessageChannels as string[]).includes(queryValue('canal')) ? queryValue('canal') : '');
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(false);
  const [flash, setFlash] = useState<Flash>(null);
  const [open, setOpen] = useState<string | null>(null);
  const sequence = useRef(0);
  const shown = useRef<Listing | null>(null);
  shown.current = listing;

  // Reads the list of the current filter; `limit` keeps what "Mostrar mais" had loaded.
  async function load(which: string | null, limit = kPage, quiet = false) {
    const seq = ++sequence.current;
    const chosen = which ?? 'problema';
    if (!quiet) setLoading(true);
    try {
      const data = await api.get<MessageList>(listPath(groupOf(chosen)?.statuses ?? [], channel, limit));
      if (seq !== sequence.current) return;
      if (which === null) {
        const problems = groupCount(groupOf('problema')!, data.counts);
        if (problems === 0) {
          setGroup('todas');
          return;
        }
        setGroup('problema');
      }
      setListing({ rows: data.messages, counts: data.counts, next: data.next_before });
      setError('');
    } catch (e) {
      if (seq !== sequence.current) return;
      setError(messageOf(e));
    } finally {
      if (seq === sequence.current) setLoading(false);
    }
  }

  useEffect(() => {
    void load(group);
  }, [group, channel]);

  // While a message shown is on its way, the list follows it.
  const inFlight = listing?.rows.some((m) => isInFlight(m)) ?? false;
  useEffect(() => {
    if (!inFlight || group === null) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      const rows = shown.current?.rows.length ?? 0;
      void load(group, Math.min(kMaxPage, Math.max(kPage, rows)), true);
    }, kRefreshMs);
    return () => window.clearInterval(timer);
  }, [inFlight, group, channel]);

  function choose(next: string, nextChannel: string) {
    const query = new URLSearchParams(window.location.search);
    query.set('situacao', next);
    if (nextChannel) query.set('canal', nextChannel);
    else query.delete('canal');
    replaceQuery(query);
    setFlash(null);
    setListing(null);
    setGroup(next);
    setChannel(nextChannel);
  }

  async function loadMore() {
    if (!listing?.next || group === null) return;
    setMore(true);
    try {
      const data = await api.get<MessageList>(listPath(groupOf(group)?.statuses ?? [], channel, kPage, listing.next));
      setListing({ rows: [...listing.rows, ...data.messages], counts: data.counts, next: data.next_before });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setMore(false);
    }
  }

  function changed(detail: MessageDetail, text: string) {
    setFlash({ kind: 'success', text });
    if (listing) setListing({ ...listing, rows: listing.rows.map((m) => (m.id === detail.id ? detail : m)) });
    void load(group, Math.min(kMaxPage, Math.max(kPage, listing?.rows.length ?? 0)), true);
  }

  function failed(text: string) {
    setFlash({ kind: 'error', text });
    void load(group, Math.min(kMaxPage, Math.max(kPage, listing?.rows.length ?? 0)), true);
  }

  const counts = listing?.counts ?? null;
  const current = group ?? 'problema';
  const channelOptions = [{ value: '', label: 'Todos os canais' }, ...kMessageChannels.map((c) => ({ value: c, label: channelLabel(c) }))];

  return (
    <>
      <section class="card" aria-labelledby="mensagens-titulo">
        <div class="card-head">
          <h2 id="mensagens-titulo">Mensagens</h2>
          <button type="button" class="button-small" disabled={loading} onClick={() => void load(group)}>
            Atualizar
          </button>
        </div>
        <p class="field-hint">
          O que a régua mandou por WhatsApp, SMS e e-mail, e a situação de cada mensagem. As que falharam ficam em “Com
          problema” até alguém reenviar; sem conta da API do WhatsApp, as mensagens de WhatsApp esperam um cobrador enviar pelo
          link.
        </p>
        <div class="msg-filters">
          <div class="chips" role="group" aria-label="Situação">
            {kStatusGroups.map((g) => {
              const n = groupCount(g, counts);
              return (
                <button key={g.key} type="button" class={`chip ${g.key === 'problema' && n > 0 ? 'chip-alert' : ''}`}
                  aria-pressed={current === g.key} data-group={g.key} onClick={() => choose(g.key, channel)}>
                  {g.label}
                  {counts ? <span class="chip-count"> ({n})</span> : null}
                </button>
              );
            })}
          </div>
          <SelectField label="Canal" field="channel" id="f-messages-channel" value={channel} options={channelOptions}
            onValue={(v) => choose(current, v)} />
        </div>
        <FlashNotice flash={flash} />
        {error ? <Notice kind="error">{error}</Notice> : null}
        {!listing && !error ? <Loading /> : null}
        {listing && listing.rows.length === 0 ? <p>Nenhuma mensagem {emptyText(current)}.</p> : null}
        {listing && listing.rows.length > 0 ? (
          <MessagesTable rows={listing.rows} zone={zone} canWork={access.work} onOpen={setOpen} onDone={changed} onError={failed} />
        ) : null}
        {listing?.next ? (
          <div class="load-more">
            <button type="button" disabled={more} onClick={() => void loadMore()}>
              {more ? 'Carregando…' : 'Mostrar mais'}
            </button>
          </div>
        ) : null}
      </section>
      <InboundCard zone={zone} />
      {open ? (
        <MessageDialog id={open} zone={zone} canWork={access.work} onClose={() => setOpen(null)}
          onDone={(detail, text) => changed(detail, text)} />
      ) : null}
    </>
  );
}

function emptyText(group: string): string {
  switch (group) {
    case 'problema': return 'com problema';
    case 'fila': return 'na fila';
    case 'enviadas': return 'enviada (aguardando confirmação de entrega)';
    case 'entregues': return 'entregue';
    case 'manual': return 'esperando envio manual';
    case 'canceladas': return 'cancelada';
    default: return 'ainda';
  }
}

function MessagesTable({ rows, zone, canWork, onOpen, onDone, onError }: {
  rows: Message[];
  zone: string;
  canWork: boolean;
  onOpen: (id: string) => void;
  onDone: (detail: MessageDetail, text: string) => void;
  onError: (text: string) => void;
}) {
  function click(event: MouseEvent, id: string) {
    const target = event.target as HTMLElement | null;
    if (target?.closest('a, button, input, select, textarea, dialog')) return;
    onOpen(id);
  }
  return (
    <table class="table messages-table" aria-label="Mensagens">
      <thead>
        <tr>
          <th scope="col">Data</th>
          <th scope="col">Cliente</th>
          <th scope="col">Canal e destinatário</th>
          <th scope="col">Situação e último erro</th>
          <th scope="col" class="num">Tentativas</th>
          <th scope="col"><span class="visually-hidden">Ações</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id} class="msg-row" data-message={m.id} data-status={m.status} data-channel={m.channel}
            onClick={(e) => click(e, m.id)}>
            <td data-label="Data" class="nowrap">
              <button type="button" class="link-button" onClick={() => onOpen(m.id)}>
                {formatInstantIn(m.created_at, zone)}
                <span class="visually-hidden"> — ver o histórico da mensagem {contextOf(m)}</span>
              </button>
            </td>
            <td data-label="Cliente" class="cell-title">
              {m.customer_id ? (
                <Link href={`/clientes/${encodeURIComponent(m.customer_id)}`}>{m.customer_name || 'Cliente'}</Link>
              ) : (
                <span class="muted">{kSourceLabels[m.source] ?? m.source}</span>
              )}
            </td>
            <td data-label="Canal">
              <span class="msg-channel">{channelLabel(m.channel)}</span>
              <span class="slip-detail msg-recipient">{recipientText(m) || 'contato do cliente, na hora do envio'}</span>
            </td>
            <td data-label="Situação">
              <StatusPill message={m} />
              {m.last_error ? <span class="msg-error msg-error-clamp" title={m.last_error}>{m.last_error}</span> : null}
            </td>
            <td data-label="Tentativas" class="num">{m.attempts}</td>
            <td class="msg-actions-cell">
              <MessageActions message={m} canWork={canWork} context={contextOf(m)} onDone={onDone} onError={onError} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// One message: what it is, its text, what may be done, and its timeline.
function MessageDialog({ id, zone, canWork, onClose, onDone }: {
  id: string;
  zone: string;
  canWork: boolean;
  onClose: () => void;
  onDone: (detail: MessageDetail, text: string) => void;
}) {
  const [detail, setDetail] = useState<MessageDetail | null>(null);
  const [error, setError] = useState('');
  const [flash, setFlash] = useState<Flash>(null);

  async function load() {
    try {
      setDetail(await api.get<MessageDetail>(`/api/v1/messages/${encodeURIComponent(id)}`));
      setError('');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? 'Mensagem não encontrada.' : messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, [id]);

  const m = detail;
  return (
    <Dialog title="Mensagem" onClose={onClose} wide>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!m && !error ? <Loading /> : null}
      {m ? (
        <div class="msg-detail" data-message={m.id}>
          <FlashNotice flash={flash} />
          <dl class="dl msg-facts">
            <div class="dl-item">
              <dt>Cliente</dt>
              <dd>
                {m.customer_id ? (
                  <Link href={`/clientes/${encodeURIComponent(m.customer_id)}`} onClick={onClose}>{m.customer_name || 'Cliente'}</Link>
                ) : (
                  kSourceLabels[m.source] ?? m.source
                )}
              </dd>
            </div>
            <div class="dl-item">
              <dt>Canal</dt>
              <dd>{channelLabel(m.channel)}{m.recipient ? ` · ${recipientText(m)}` : ''}</dd>
            </div>
            <div class="dl-item">
              <dt>Situação</dt>
              <dd><StatusPill message={m} /></dd>
            </div>
            <div class="dl-item">
              <dt>Criada em</dt>
              <dd>{formatInstantIn(m.created_at, zone)}</dd>
            </div>
            {m.sent_at ? (
              <div class="dl-item">
                <dt>Enviada em</dt>
                <dd>{formatInstantIn(m.sent_at, zone)}{m.sent_by ? ` por ${m.sent_by}` : ''}</dd>
              </div>
            ) : null}
            <div class="dl-item">
              <dt>Tentativas</dt>
              <dd>{m.attempts}</dd>
            </div>
            {m.status === 'queued' && m.next_attempt_at ? (
              <div class="dl-item">
                <dt>Próxima tentativa</dt>
                <dd>{formatInstantIn(m.next_attempt_at, zone)}</dd>
              </div>
            ) : null}
            {m.provider_id ? (
              <div class="dl-item">
                <dt>Id no provedor</dt>
                <dd><code class="wrap-anywhere">{m.provider_id}</code></dd>
              </div>
            ) : null}
            {m.last_error ? (
              <div class="dl-item msg-fact-wide">
                <dt>Último erro</dt>
                <dd class="msg-error">{m.last_error}</dd>
              </div>
            ) : null}
          </dl>
          <MessageActions message={m} canWork={canWork} context={contextOf(m)}
            onDone={(next, text) => { setDetail(next); setFlash({ kind: 'success', text }); onDone(next, text); }}
            onError={(text) => { setFlash({ kind: 'error', text }); void load(); }} />
          <h3>Texto enviado</h3>
          {m.body || m.subject ? (
            <MessageText subject={m.channel === 'email' ? m.subject : ''} body={m.body} label="Texto da mensagem" />
          ) : (
            <p class="muted">O texto é montado na hora do envio.</p>
          )}
          <h3>Histórico</h3>
          <EventsTimeline events={m.events} zone={zone} label="Histórico da mensagem" />
        </div>
      ) : null}
      <div class="form-actions">
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </div>
    </Dialog>
  );
}

// ---- Respostas e avisos recebidos -------------------------------------------------------------

function InboundCard({ zone }: { zone: string }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InboundRecord[] | null>(null);
  const [error, setError] = useState('');

  async function load() {
    try {
      setItems((await api.get<{ inbound: InboundRecord[] }>('/api/v1/messaging/inbound?limit=50')).inbound);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  useEffect(() => {
    if (open && items === null) void load();
  }, [open]);

  return (
    <section class="card" aria-labelledby="recebidos-titulo">
      <details class="inbound" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id="recebidos-titulo" class="inline-heading">Respostas e avisos recebidos</h2>
        </summary>
        <p class="field-hint">
          O que os provedores e os clientes mandaram de volta: confirmações de entrega, respostas e pedidos para parar de
          receber mensagens (“PARAR” ou o link do e-mail), que retiram o consentimento do canal na hora.
        </p>
        {error ? <Notice kind="error">{error}</Notice> : null}
        {open && items === null && !error ? <Loading /> : null}
        {items?.length === 0 ? <p>Nada recebido ainda.</p> : null}
        {items?.length ? (
          <>
            <div class="form-actions">
              <button type="button" class="button-small" onClick={() => void load()}>
                Atualizar
              </button>
            </div>
            <table class="table inbound-table" aria-label="Respostas e avisos recebidos">
              <thead>
                <tr>
                  <th scope="col">Recebido em</th>
                  <th scope="col">Canal</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">De</th>
                  <th scope="col">Conteúdo</th>
                  <th scope="col">Resultado</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-outcome={r.outcome}>
                    <td data-label="Recebido em" class="nowrap">{formatInstantIn(r.received_at, zone)}</td>
                    <td data-label="Canal">{channelLabel(r.channel)}</td>
                    <td data-label="Tipo">{kInboundKindLabels[r.kind] ?? r.kind}</td>
                    <td data-label="De" class="wrap-anywhere">
                      {r.sender ? (r.channel === 'email' ? r.sender : formatPhone(r.sender)) : <span class="muted">—</span>}
                    </td>
                    <td data-label="Conteúdo" class="wrap-anywhere">
                      {(r.kind === 'status' ? kStatusLabels[r.text as MessageStatus] : '') || r.text || <span class="muted">—</span>}
                      {r.provider_id ? <span class="slip-detail">id {r.provider_id}</span> : null}
                    </td>
                    <td data-label="Resultado">
                      <span class={`badge ${r.outcome.startsWith('opt_out') ? 'badge-overdue' : 'badge-written-off'}`}>
                        {inboundOutcomeLabel(r.outcome)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </details>
    </section>
  );
}
