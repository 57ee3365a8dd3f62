// Pieces shared by the Cobrança screens and the customer's page: the table of actions (with
// the rendered message on demand), the text of a listed installment, and the notice carried
// to the next screen after a save.
import { useState } from 'preact/hooks';
import { actionLabel, formatInstantIn, plural, type CollectionAction } from '../collection-model';
import { formatBRL, formatDate } from '../format';
import { Link, navigate } from '../router';

export function listedText(i: { number: number; count: number; description: string; due_date: string; open_cents: number; days_late: number }): string {
  const parts = [`Parcela ${i.number}${i.count ? `/${i.count}` : ''}${i.description ? ` de ${i.description}` : ''}`, `vence ${formatDate(i.due_date)}`,
    formatBRL(i.open_cents)];
  if (i.days_late > 0) parts.push(plural(i.days_late, 'dia de atraso', 'dias de atraso'));
  return parts.join(' · ');
}

export function ActionsTable({ actions, zone, label, showCustomer }: {
  actions: CollectionAction[];
  zone: string;
  label: string;
  showCustomer?: boolean;
}) {
  return (
    <table class="table actions-table" aria-label={label}>
      <thead>
        <tr>
          {showCustomer ? <th scope="col">Cliente</th> : null}
          <th scope="col">Canal</th>
          <th scope="col">Envio</th>
          <th scope="col">Parcelas</th>
          <th scope="col" class="num">Total</th>
          <th scope="col"><span class="visually-hidden">Mensagem</span></th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a, index) => (
          <ActionRow key={a.id ?? `${a.customer_id}-${a.action}-${index}`} action={a} zone={zone} showCustomer={showCustomer} />
        ))}
      </tbody>
    </table>
  );
}

function ActionRow({ action: a, zone, showCustomer }: { action: CollectionAction; zone: string; showCustomer?: boolean }) {
  const [open, setOpen] = useState(false);
  const hasMessage = Boolean(a.body || a.subject);
  const columns = showCustomer ? 6 : 5;
  return (
    <>
      <tr data-customer={a.customer_id} data-action={a.action}>
        {showCustomer ? (
          <td data-label="Cliente" class="cell-title">
            <Link href={`/clientes/${encodeURIComponent(a.customer_id)}`}>{a.customer_name}</Link>
          </td>
        ) : null}
        <td data-label="Canal">{actionLabel(a.action)}</td>
        <td data-label="Envio">
          {formatInstantIn(a.send_at, zone)}
          {a.deferred ? <span class="badge badge-partially-paid badge-gap" title="fora do horário permitido: vai na próxima janela">adiado</span> : null}
        </td>
        <td data-label="Parcelas">
          <ul class="listed">
            {a.listed.map((i) => (
              <li key={`${i.number}-${i.due_date}-${i.description}`}>{listedText(i)}</li>
            ))}
          </ul>
        </td>
        <td data-label="Total" class="num">{formatBRL(a.open_total_cents)}</td>
        <td class="doc-links">
          {hasMessage ? (
            <button type="button" class="button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Esconder mensagem' : 'Ver mensagem'}
              <span class="visually-hidden"> para {a.customer_name}</span>
            </button>
          ) : null}
        </td>
      </tr>
      {open && hasMessage ? (
        <tr class="message-row">
          <td colSpan={columns}>
            <MessageText subject={a.subject} body={a.body} label={`Mensagem para ${a.customer_name}`} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function MessageText({ subject, body, label }: { subject: string; body: string; label: string }) {
  return (
    <div class="message-text" role="region" aria-label={label}>
      {subject ? (
        <p class="message-subject">
          <span class="muted">Assunto: </span>
          {subject}
        </p>
      ) : null}
      <pre class="message-body">{body}</pre>
    </div>
  );
}

// Where a successful save of a policy or template goes (and the notice it shows there).
export function goWithFlash(to: string, flash: string) {
  window.sessionStorage.setItem('fiado-flash', flash);
  navigate(to);
}

export function takeFlash(): string {
  const flash = window.sessionStorage.getItem('fiado-flash') ?? '';
  window.sessionStorage.removeItem('fiado-flash');
  return flash;
}
