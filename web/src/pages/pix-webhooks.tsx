// Configurações › Notificações Pix: the addresses where Pix providers notify the shop's
// received Pix (webhooks). Creating one shows its secret once, with the address and how
// the provider must authenticate; revoking one asks for confirmation.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, type PixWebhook } from '../api';
import { Notice, SelectField, TextField } from '../components/fields';
import { SecretBox } from '../components/secret-box';
import { useFormSubmit } from '../components/submit';
import { formatInstant } from '../format';
import { kWebhookAuthOptions, webhookAuthLabel, webhookUrl } from '../reconciliation-model';
import { Loading } from './common';

type Message = { kind: 'error' | 'success'; text: string };

export function PixWebhooksSettings() {
  const [webhooks, setWebhooks] = useState<PixWebhook[] | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [created, setCreated] = useState<PixWebhook | null>(null);

  async function load() {
    try {
      setWebhooks((await api.get<{ webhooks: PixWebhook[] }>('/api/v1/pix-webhooks')).webhooks);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function revoke(webhook: PixWebhook) {
    if (!window.confirm(`Revogar a notificação de "${webhook.provider}"? O provedor não conseguirá mais avisar os Pix recebidos.`)) return;
    setMessage(null);
    try {
      await api.del(`/api/v1/pix-webhooks/${encodeURIComponent(webhook.id)}`);
      setMessage({ kind: 'success', text: `Notificação de "${webhook.provider}" revogada.` });
      if (created?.id === webhook.id) setCreated(null);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
    await load();
  }

  return (
    <>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {created?.secret ? <CreatedWebhook webhook={created} onDone={() => setCreated(null)} /> : null}
      <div class="card">
        <h2>Notificações Pix (webhooks)</h2>
        <p class="field-hint">
          O provedor Pix (banco ou intermediador) avisa o Fiado de cada Pix recebido; o pagamento é lançado na parcela do txid, ou vai
          para as pendências da Conciliação.
        </p>
        {webhooks === null ? <Loading /> : <WebhooksTable webhooks={webhooks} onRevoke={(w) => void revoke(w)} />}
      </div>
      <CreateWebhookForm onCreated={async (w) => { setCreated(w); setMessage(null); await load(); }} />
    </>
  );
}

function WebhooksTable({ webhooks, onRevoke }: { webhooks: PixWebhook[]; onRevoke: (w: PixWebhook) => void }) {
  if (webhooks.length === 0) return <p>Nenhuma notificação cadastrada.</p>;
  return (
    <table class="table" aria-label="Notificações Pix">
      <thead>
        <tr>
          <th scope="col">Provedor</th>
          <th scope="col">Autenticação</th>
          <th scope="col">Endereço</th>
          <th scope="col">Criada em</th>
          <th scope="col">Situação</th>
          <th scope="col"><span class="visually-hidden">Ações</span></th>
        </tr>
      </thead>
      <tbody>
        {webhooks.map((w) => (
          <tr key={w.id} class={w.revoked ? 'inactive' : ''}>
            <td data-label="Provedor">{w.provider}</td>
            <td data-label="Autenticação">{webhookAuthLabel(w.auth)}</td>
            <td data-label="Endereço"><code class="wrap-anywhere">{webhookUrl(w)}</code></td>
            <td data-label="Criada em">{formatInstant(w.created_at)}</td>
            <td data-label="Situação">{w.revoked ? 'Revogada' : 'Ativa'}</td>
            <td>
              {w.revoked ? null : (
                <button type="button" class="button-quiet" onClick={() => onRevoke(w)}>
                  Revogar<span class="visually-hidden"> {w.provider}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreatedWebhook({ webhook, onDone }: { webhook: PixWebhook; onDone: () => void }) {
  return (
    <SecretBox secret={webhook.secret ?? ''} testId="pix-webhook-secret" copiedLabel="Copiado" onDone={onDone}
      intro={<><strong>Notificação de "{webhook.provider}" criada.</strong> Este é o segredo: copie agora; ele não será mostrado de novo.</>}>
      <p>Cadastre no provedor este endereço de notificação:</p>
      <code class="secret" data-testid="pix-webhook-url">{webhookUrl(webhook)}</code>
      {webhook.auth === 'token' ? (
        <p>
          Em cada notificação, o provedor deve enviar o cabeçalho <code>Authorization: Bearer &lt;segredo&gt;</code>.
        </p>
      ) : (
        <p>
          Em cada notificação, o provedor deve calcular o HMAC-SHA256 do corpo com o segredo e enviar o cabeçalho{' '}
          <code>X-Signature: sha256=&lt;HMAC do corpo&gt;</code>.
        </p>
      )}
    </SecretBox>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (w: PixWebhook) => Promise<void> }) {
  const [provider, setProvider] = useState('');
  const [auth, setAuth] = useState<string>('token');
  const form = useFormSubmit();

  function submit(event: Event) {
    event.preventDefault();
    void form.submit(provider.trim() ? {} : { provider: 'informe o nome do provedor' }, async () => {
      const webhook = await api.post<PixWebhook>('/api/v1/pix-webhooks', { provider: provider.trim(), auth });
      setProvider('');
      await onCreated(webhook);
    });
  }

  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>Nova notificação Pix</h2>
      {form.message ? <Notice kind="error">{form.message}</Notice> : null}
      <div class="grid">
        <TextField label="Nome do provedor" field="provider" required value={provider} maxLength={60} placeholder="Banco do Brasil"
          onValue={(v) => { setProvider(v); form.clear('provider'); }} error={form.errors.provider} />
        <SelectField label="Autenticação" field="auth" value={auth} options={kWebhookAuthOptions} onValue={setAuth} error={form.errors.auth} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={form.busy}>
          {form.busy ? 'Criando…' : 'Criar notificação'}
        </button>
      </div>
    </form>
  );
}
