// Pieces shared by the Mensagens tab and the customer's page: a message's status pill, its
// timeline, and what a person may do with it — resend one that failed (asking first when
// its sending was interrupted: it may have arrived), or send a manual WhatsApp message by
// its click-to-chat link and then say so.
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api';
import { Dialog } from '../components/dialog';
import { Notice } from '../components/fields';
import { formatInstantIn } from '../collection-model';
import {
  channelLabel,
  isDeadLetter,
  statusText,
  type Message,
  type MessageDetail,
  type MessageEvent,
  type MessageStatus,
} from '../messaging-model';
import { useSession } from '../session';
import '../messaging.css';

export function StatusPill({ message }: { message: { status: MessageStatus; status_pt?: string } }) {
  return <span class={`badge msg-status msg-status-${message.status}`}>{statusText(message)}</span>;
}

// Who did it, in words: the worker, the person signed in, someone else of the shop.
function actorText(actor: string, me: { id: string; name: string }): string {
  if (actor === 'fiado') return 'Fiado';
  if (actor === `user:${me.id}`) return me.name;
  if (actor.startsWith('user:')) return 'um usuário da loja';
  if (actor.startsWith('api_key:') || actor.startsWith('key:')) return 'uma chave de API';
  return actor;
}

export function EventsTimeline({ events, zone, label }: { events: MessageEvent[]; zone: string; label: string }) {
  const { session } = useSession();
  if (!events.length) return <p class="muted">Sem eventos registrados.</p>;
  return (
    <ol class="msg-timeline" aria-label={label}>
      {events.map((e, index) => (
        <li key={`${e.at}-${index}`} class={`msg-event msg-event-${e.status}`}>
          <div class="msg-event-head">
            <span class="msg-event-when">{formatInstantIn(e.at, zone)}</span>
            <StatusPill message={e} />
            {e.actor ? <span class="msg-event-actor">por {actorText(e.actor, session.user)}</span> : null}
          </div>
          {e.detail ? <p class="msg-event-detail">{e.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}

const kUncertainQuestion =
  'O envio desta mensagem foi interrompido e ela pode já ter chegado ao cliente. Reenviar mesmo assim?';

// The buttons of one message. `onDone` gets the message as the server now has it and a
// sentence for the screen; `onError` the reason it did not happen.
export function MessageActions({ message: m, canWork, onDone, onError, context }: {
  message: Message;
  canWork: boolean;
  onDone: (detail: MessageDetail, notice: string) => void;
  onError: (text: string) => void;
  context: string; // "para Ana Souza": the buttons' accessible names tell the rows apart
}) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const path = `/api/v1/messages/${encodeURIComponent(m.id)}`;

  async function run(action: 'resend' | 'sent-by-hand') {
    setBusy(true);
    try {
      const detail = await api.post<MessageDetail>(`${path}/${action}`, {});
      onDone(
        detail,
        action === 'resend'
          ? `Mensagem ${context} reenviada: voltou para a fila de envio.`
          : `Mensagem ${context} marcada como enviada.`,
      );
    } catch (e) {
      onError(messageOf(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const manualWhatsapp = m.status === 'manual' && m.channel === 'whatsapp';
  if (!isDeadLetter(m.status) && !manualWhatsapp) return null;
  return (
    <div class="doc-links msg-actions">
      {manualWhatsapp && m.click_to_chat_url ? (
        <a class="button button-small" href={m.click_to_chat_url} target="_blank" rel="noopener noreferrer">
          Abrir no WhatsApp<span class="visually-hidden"> {context}</span>
        </a>
      ) : null}
      {manualWhatsapp && canWork ? (
        <button type="button" class="button-small" disabled={busy} onClick={() => void run('sent-by-hand')}>
          Marquei como enviada<span class="visually-hidden"> {context}</span>
        </button>
      ) : null}
      {isDeadLetter(m.status) && canWork ? (
        <button type="button" class="button-small" disabled={busy}
          onClick={() => (m.status === 'uncertain' ? setConfirming(true) : void run('resend'))}>
          Reenviar<span class="visually-hidden"> {context}</span>
        </button>
      ) : null}
      {confirming ? (
        <Dialog title="Reenviar mensagem?" onClose={() => setConfirming(false)}>
          <p>{kUncertainQuestion}</p>
          <p class="field-hint">
            {channelLabel(m.channel)}
            {m.recipient ? ` para ${m.recipient}` : ''}. Se o cliente confirmar que recebeu, não reenvie.
          </p>
          <div class="form-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancelar
            </button>
            <button type="button" class="button-primary" disabled={busy} onClick={() => void run('resend')}>
              {busy ? 'Reenviando…' : 'Reenviar mesmo assim'}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

// A notice that goes away when the next one comes.
export type Flash = { kind: 'success' | 'error'; text: string } | null;

export function FlashNotice({ flash }: { flash: Flash }) {
  return flash ? <Notice kind={flash.kind}>{flash.text}</Notice> : null;
}
