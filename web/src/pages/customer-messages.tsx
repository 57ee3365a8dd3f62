// The Mensagens section of a customer's page: every message the shop sent (or tried to
// send) to the customer, newest first — channel, when, situation, who sent it, the text —
// with its timeline on demand and, for a failed or manual one, what may be done.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api';
import { Notice } from '../components/fields';
import { formatInstantIn, useShopZone } from '../collection-model';
import { channelLabel, kSourceLabels, messagingAccess, recipientText, type MessageDetail } from '../messaging-model';
import { useSession } from '../session';
import { Loading } from './common';
import { MessageText } from './collection-parts';
import { EventsTimeline, FlashNotice, MessageActions, StatusPill, type Flash } from './message-parts';

export function CustomerMessagesCard({ customerId }: { customerId: string }) {
  const { session } = useSession();
  const access = messagingAccess(session);
  const zone = useShopZone(session.store.id);
  const [messages, setMessages] = useState<MessageDetail[] | null>(null);
  const [error, setError] = useState('');
  const [flash, setFlash] = useState<Flash>(null);
  const path = `/api/v1/customers/${encodeURIComponent(customerId)}/messages`;

  async function load() {
    try {
      setMessages((await api.get<{ messages: MessageDetail[] }>(path)).messages);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, [customerId]);

  function done(detail: MessageDetail, text: string) {
    setFlash({ kind: 'success', text });
    setMessages((list) => list?.map((m) => (m.id === detail.id ? detail : m)) ?? null);
  }

  return (
    <section class="card" aria-labelledby="mensagens-cliente-titulo">
      <div class="card-head">
        <h2 id="mensagens-cliente-titulo">Mensagens</h2>
        <button type="button" class="button-small" onClick={() => void load()}>
          Atualizar
        </button>
      </div>
      <FlashNotice flash={flash} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {messages === null && !error ? <Loading /> : null}
      {messages?.length === 0 ? <p>Nenhuma mensagem enviada a este cliente.</p> : null}
      {messages?.length ? (
        <ol class="msg-list" aria-label="Mensagens do cliente">
          {messages.map((m) => (
            <li key={m.id} class="msg-item" data-message={m.id} data-status={m.status}>
              <div class="msg-item-head">
                <span class="msg-item-channel">{channelLabel(m.channel)}</span>
                <span class="msg-item-when">{formatInstantIn(m.created_at, zone)}</span>
                <StatusPill message={m} />
                {m.recipient ? <span class="muted">para {recipientText(m)}</span> : null}
                {m.source !== 'collection' ? <span class="muted">· {kSourceLabels[m.source] ?? m.source}</span> : null}
              </div>
              {m.sent_at ? (
                <p class="msg-item-sent">
                  Enviada em {formatInstantIn(m.sent_at, zone)}
                  {m.sent_by ? ` por ${m.sent_by}` : ''}
                </p>
              ) : null}
              {m.last_error ? <p class="msg-error">{m.last_error}</p> : null}
              {m.body || m.subject ? (
                <MessageText subject={m.channel === 'email' ? m.subject : ''} body={m.body} label={`Texto da mensagem de ${channelLabel(m.channel)}`} />
              ) : null}
              <MessageActions message={m} canWork={access.work} context={`de ${channelLabel(m.channel)}`} onDone={done}
                onError={(text) => { setFlash({ kind: 'error', text }); void load(); }} />
              <details class="msg-history">
                <summary>Histórico da mensagem ({m.events?.length ?? 0})</summary>
                <EventsTimeline events={m.events ?? []} zone={zone} label={`Histórico da mensagem de ${channelLabel(m.channel)}`} />
              </details>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
