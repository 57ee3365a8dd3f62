// Configurações › Canais de mensagem (the owner): how the outbox reaches customers — the
// shop's SMTP server, its WhatsApp Cloud API number (or none: collectors send by the
// WhatsApp link) and its SMS provider — how fast each may send and how many tries a
// message gets. Secrets are write-only: the form shows whether each is set and sends it
// only when typed. Each channel has a "send a test" box that uses the saved settings.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf, type Channel } from '../api';
import { CheckboxField, Notice, SelectField, TextAreaField, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import { splitErrors, type MessageTemplate } from '../collection-model';
import { maskPhone } from '../format';
import {
  bodyOf,
  draftOf,
  kSettingsFieldLabels,
  settingsFieldErrors,
  type MessageDetail,
  type MessagingSettingsAnswer,
  type SettingsDraft,
  type TemplateDraft,
} from '../messaging-model';
import { Loading } from './common';
import '../messaging.css';

const kShownFields = new Set([
  'email.enabled', 'email.smtp_url', 'email.starttls', 'email.username', 'email.password', 'email.from_address',
  'email.from_name', 'email.reply_to', 'email.verify_tls',
  'whatsapp.enabled', 'whatsapp.api_base_url', 'whatsapp.phone_number_id', 'whatsapp.access_token', 'whatsapp.app_secret',
  'whatsapp.verify_token',
  'sms.enabled', 'sms.url', 'sms.auth_header', 'sms.body_template', 'sms.id_field', 'sms.callback_token',
  'limits.whatsapp_per_second', 'limits.sms_per_second', 'limits.email_per_second', 'max_attempts',
]);

function isShown(field: string, d: SettingsDraft): boolean {
  if (kShownFields.has(field)) return true;
  const m = /^whatsapp\.templates\[(\d+)\]\.(template_key|name|language|parameters)(\[\d+\])?$/.exec(field);
  return Boolean(m && Number(m[1]) < d.whatsapp.templates.length);
}

// "whatsapp.templates[0].parameters[2]" is shown at the row's parameters.
function placeErrors(errors: Errors): Errors {
  const out: Errors = {};
  for (const [field, detail] of Object.entries(errors)) {
    const to = field.replace(/(\.parameters)\[\d+\]$/, '$1');
    out[to] = out[to] ? `${out[to]}; ${detail}` : detail;
  }
  return out;
}

export function MessagingSettingsPage() {
  const [answer, setAnswer] = useState<MessagingSettingsAnswer | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState('');
  const [forbidden, setForbidden] = useState(false);
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [flash, setFlash] = useState('');
  const [busy, setBusy] = useState(false);

  function fill(a: MessagingSettingsAnswer) {
    setAnswer(a);
    setDraft(draftOf(a.settings));
  }

  async function load() {
    try {
      fill(await api.get<MessagingSettingsAnswer>('/api/v1/messaging/settings'));
      setLoadError('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) setForbidden(true);
      else setLoadError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
    api.get<{ templates: MessageTemplate[] }>('/api/v1/collection/templates').then(
      (r) => setTemplates(r.templates.filter((t) => t.channel === 'whatsapp')),
      () => setTemplates([]),
    );
  }, []);

  if (forbidden) return <Notice kind="info">Só o dono da loja configura os canais de mensagem.</Notice>;
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!draft || !answer) return <Loading />;
  const d = draft;
  const saved = answer.settings;
  const dirty = JSON.stringify(d) !== JSON.stringify(draftOf(saved));

  function clear(fields: string[]) {
    if (fields.some((f) => errors[f])) {
      const copy = { ...errors };
      for (const f of fields) delete copy[f];
      setErrors(copy);
    }
  }

  function set<S extends 'email' | 'whatsapp' | 'sms' | 'limits'>(section: S, key: keyof SettingsDraft[S]) {
    return (value: SettingsDraft[S][keyof SettingsDraft[S]]) => {
      setDraft({ ...d, [section]: { ...d[section], [key]: value } });
      setFlash('');
      clear([`${section}.${String(key)}`]);
    };
  }

  function setTemplate(index: number, key: keyof TemplateDraft, value: string) {
    const list = d.whatsapp.templates.map((t, i) => (i === index ? { ...t, [key]: value } : t));
    setDraft({ ...d, whatsapp: { ...d.whatsapp, templates: list } });
    clear([`whatsapp.templates[${index}].${key}`]);
  }

  function addTemplate() {
    const list = [...d.whatsapp.templates, { template_key: '', name: '', language: 'pt_BR', parameters: '' }];
    setDraft({ ...d, whatsapp: { ...d.whatsapp, templates: list } });
  }

  function removeTemplate(index: number) {
    // Errors name rows by position: after a removal they would point at the wrong row.
    setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !f.startsWith('whatsapp.templates['))));
    setDraft({ ...d, whatsapp: { ...d.whatsapp, templates: d.whatsapp.templates.filter((_, i) => i !== index) } });
  }

  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFlash('');
    setOthers([]);
    setConflict(false);
    const { errors: found, body } = bodyOf(d, saved);
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      fill(await api.put<MessagingSettingsAnswer>('/api/v1/messaging/settings', body));
      setFlash('Canais de mensagem salvos.');
      setMessage(null);
    } catch (e) {
      const fields = e instanceof ApiError && e.status === 409 ? null : settingsFieldErrors(e);
      if (fields) {
        const split = splitErrors(placeErrors(fields), (f) => isShown(f, d));
        setErrors(split.fields);
        const loose = Object.entries(fields).filter(([f]) => !isShown(f, d) && !isShown(f.replace(/(\.parameters)\[\d+\]$/, '$1'), d));
        setOthers(loose.map(([f, detail]) => `${kSettingsFieldLabels[f] ?? f}: ${detail}`));
        setMessage(loose.length ? 'Os canais não foram salvos:' : 'Os canais não foram salvos: confira os campos marcados.');
        focusFirstError();
      } else if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        setMessage(null);
      } else {
        setMessage(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  }

  async function reload() {
    setConflict(false);
    setErrors({});
    setMessage(null);
    await load();
    setFlash('Canais recarregados com o que está salvo agora.');
  }

  const secretHint = (isSet: boolean, what: string, extra?: string) =>
    isSet ? `${what} — deixe em branco para manter.` : extra ?? 'Não definido.';

  return (
    <form class="messaging-settings" onSubmit={save} noValidate aria-label="Canais de mensagem">
      <div class="card">
        <h2>Canais de mensagem</h2>
        <p class="field-hint">
          Por onde a régua de cobrança fala com os clientes. Cada mensagem só sai pelo canal que o cliente autorizou e no horário
          permitido; as que falham ficam em Cobrança › Mensagens, “Com problema”.
        </p>
      </div>
      {flash ? <Notice kind="success">{flash}</Notice> : null}
      {conflict ? (
        <Notice kind="error">
          Outra pessoa salvou os canais de mensagem enquanto você editava, e nada foi salvo aqui. Recarregue para ver o que está
          valendo (o que você digitou será descartado) e faça de novo as suas alterações.{' '}
          <button type="button" class="button-quiet" onClick={() => void reload()}>
            Recarregar
          </button>
        </Notice>
      ) : null}
      {message ? (
        <Notice kind="error">
          {message}
          {others.length ? (
            <ul>
              {others.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <fieldset class="card channel-card" data-channel="email">
        <legend>E-mail (SMTP)</legend>
        <CheckboxField label="Enviar e-mails" field="email.enabled" checked={d.email.enabled} onChecked={set('email', 'enabled')}
          error={errors['email.enabled']} class="wide-hint" hint="Pelo servidor de e-mail da loja (o do provedor do domínio ou um serviço de envio)." />
        {d.email.enabled ? (
          <div class="grid">
            <TextField label="Servidor SMTP" field="email.smtp_url" class="span-2" value={d.email.smtp_url} placeholder="smtp://smtp.exemplo.com.br:587"
              error={errors['email.smtp_url']} onValue={set('email', 'smtp_url')}
              hint="smtp://servidor:587 (com STARTTLS) ou smtps://servidor:465 (TLS direto)." />
            <TextField label="Usuário" field="email.username" value={d.email.username} autoComplete="off" error={errors['email.username']}
              onValue={set('email', 'username')} />
            <TextField label="Senha" field="email.password" type="password" autoComplete="new-password" value={d.email.password}
              error={errors['email.password']} onValue={set('email', 'password')}
              hint={secretHint(saved.email.password_set, 'senha definida', 'Nenhuma senha definida.')} />
            <TextField label="E-mail do remetente" field="email.from_address" type="email" inputMode="email" value={d.email.from_address}
              placeholder="cobranca@sualoja.com.br" error={errors['email.from_address']} onValue={set('email', 'from_address')} />
            <TextField label="Nome do remetente" field="email.from_name" value={d.email.from_name} placeholder="Nome da loja"
              error={errors['email.from_name']} onValue={set('email', 'from_name')} />
            <TextField label="Responder para" field="email.reply_to" type="email" inputMode="email" value={d.email.reply_to}
              error={errors['email.reply_to']} onValue={set('email', 'reply_to')} hint="Opcional: para onde vão as respostas dos clientes." />
          </div>
        ) : null}
        {d.email.enabled ? (
          <div class="check-row">
            <CheckboxField label="Exigir STARTTLS (não enviar sem criptografia)" field="email.starttls" checked={d.email.starttls}
              error={errors['email.starttls']} onChecked={set('email', 'starttls')} />
            <CheckboxField label="Verificar o certificado do servidor" field="email.verify_tls" checked={d.email.verify_tls}
              error={errors['email.verify_tls']} onChecked={set('email', 'verify_tls')} class="wide-hint"
              hint="Desligue só para um servidor de testes com certificado próprio." />
          </div>
        ) : null}
        <TestBox channel="email" dirty={dirty} />
      </fieldset>

      <fieldset class="card channel-card" data-channel="whatsapp">
        <legend>WhatsApp (API do WhatsApp Cloud)</legend>
        <CheckboxField label="Usar a API do WhatsApp Cloud" field="whatsapp.enabled" checked={d.whatsapp.enabled} class="wide-hint"
          onChecked={set('whatsapp', 'enabled')} error={errors['whatsapp.enabled']}
          hint={d.whatsapp.enabled
            ? 'As mensagens saem sozinhas pelo número da loja, com os modelos aprovados pela Meta.'
            : 'Sem conta da API: os cobradores enviam pelo link do WhatsApp (Cobrança › Mensagens, “Envio manual”).'} />
        {d.whatsapp.enabled ? (
          <>
            <div class="grid">
              <TextField label="Endereço da API" field="whatsapp.api_base_url" class="span-2" value={d.whatsapp.api_base_url}
                placeholder="https://graph.facebook.com/v20.0" error={errors['whatsapp.api_base_url']} onValue={set('whatsapp', 'api_base_url')} />
              <TextField label="Identificador do número (phone number id)" field="whatsapp.phone_number_id" value={d.whatsapp.phone_number_id}
                inputMode="numeric" error={errors['whatsapp.phone_number_id']} onValue={set('whatsapp', 'phone_number_id')} />
              <TextField label="Token de acesso" field="whatsapp.access_token" type="password" autoComplete="new-password"
                value={d.whatsapp.access_token} error={errors['whatsapp.access_token']} onValue={set('whatsapp', 'access_token')}
                hint={secretHint(saved.whatsapp.access_token_set, 'token definido', 'Nenhum token definido.')} />
              <TextField label="Chave secreta do aplicativo (app secret)" field="whatsapp.app_secret" type="password" autoComplete="new-password"
                value={d.whatsapp.app_secret} error={errors['whatsapp.app_secret']} onValue={set('whatsapp', 'app_secret')}
                hint={secretHint(saved.whatsapp.app_secret_set, 'chave definida', 'Confere a assinatura dos avisos da Meta. Nenhuma chave definida.')} />
              <TextField label="Token de verificação do webhook" field="whatsapp.verify_token" type="password" autoComplete="new-password"
                value={d.whatsapp.verify_token} error={errors['whatsapp.verify_token']} onValue={set('whatsapp', 'verify_token')}
                hint={secretHint(saved.whatsapp.verify_token_set, 'token definido', 'O mesmo que você informar à Meta ao cadastrar o webhook.')} />
            </div>
            <CopyLine label="Endereço do webhook do WhatsApp" value={answer.webhooks.whatsapp}
              hint="Cadastre este endereço no aplicativo da Meta (campo “messages”): por ele chegam as confirmações de entrega e as respostas." />
            <TemplatesTable rows={d.whatsapp.templates} templates={templates} errors={errors} onChange={setTemplate}
              onAdd={addTemplate} onRemove={removeTemplate} />
          </>
        ) : null}
        <TestBox channel="whatsapp" dirty={dirty} />
      </fieldset>

      <fieldset class="card channel-card" data-channel="sms">
        <legend>SMS</legend>
        <CheckboxField label="Enviar SMS" field="sms.enabled" checked={d.sms.enabled} onChecked={set('sms', 'enabled')}
          error={errors['sms.enabled']} class="wide-hint" hint="Por um provedor de SMS com API HTTP (JSON)." />
        {d.sms.enabled ? (
          <>
            <div class="grid">
              <TextField label="Endereço do provedor" field="sms.url" class="span-2" type="url" value={d.sms.url}
                placeholder="https://api.provedor.com.br/v1/sms" error={errors['sms.url']} onValue={set('sms', 'url')} />
              <TextField label="Cabeçalho de autenticação" field="sms.auth_header" type="password" autoComplete="new-password"
                value={d.sms.auth_header} error={errors['sms.auth_header']} onValue={set('sms', 'auth_header')}
                hint={secretHint(saved.sms.auth_header_set, 'cabeçalho definido', 'No formato Nome: valor, como Authorization: Bearer abc123.')} />
              <TextAreaField label="Corpo do pedido (JSON)" field="sms.body_template" class="span-2" rows={3} value={d.sms.body_template}
                error={errors['sms.body_template']} onValue={set('sms', 'body_template')}
                hint="Variáveis: {to} (5511987654321), {to_e164} (+5511987654321), {text} e {id} (o id da mensagem no Fiado)." />
              <TextField label="Campo do id na resposta" field="sms.id_field" value={d.sms.id_field} placeholder="id"
                error={errors['sms.id_field']} onValue={set('sms', 'id_field')} hint="Um caminho com pontos, como id ou messages.0.id." />
              <TextField label="Token de retorno" field="sms.callback_token" type="password" autoComplete="new-password"
                value={d.sms.callback_token} error={errors['sms.callback_token']} onValue={set('sms', 'callback_token')}
                hint={secretHint(saved.sms.callback_token_set, 'token definido', 'Protege o endereço de retorno. Nenhum token definido.')} />
            </div>
            <CopyLine label="Endereço de retorno do SMS" value={answer.webhooks.sms}
              hint="Cadastre no provedor para receber as confirmações de entrega e as respostas (como “PARAR”)." />
          </>
        ) : null}
        <TestBox channel="sms" dirty={dirty} />
      </fieldset>

      <fieldset class="card">
        <legend>Limites de envio</legend>
        <div class="grid">
          <TextField label="WhatsApp por segundo" field="limits.whatsapp_per_second" inputMode="numeric" value={d.limits.whatsapp_per_second}
            error={errors['limits.whatsapp_per_second']} onValue={set('limits', 'whatsapp_per_second')} />
          <TextField label="SMS por segundo" field="limits.sms_per_second" inputMode="numeric" value={d.limits.sms_per_second}
            error={errors['limits.sms_per_second']} onValue={set('limits', 'sms_per_second')} />
          <TextField label="E-mails por segundo" field="limits.email_per_second" inputMode="numeric" value={d.limits.email_per_second}
            error={errors['limits.email_per_second']} onValue={set('limits', 'email_per_second')} />
          <TextField label="Tentativas por mensagem" field="max_attempts" inputMode="numeric" value={d.max_attempts}
            error={errors.max_attempts} onValue={(v) => { setDraft({ ...d, max_attempts: v }); clear(['max_attempts']); }}
            hint="Falhas passageiras são tentadas de novo, com intervalos crescentes; depois disso a mensagem vai para “Com problema”." />
        </div>
      </fieldset>

      <div class="form-actions sticky-actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Salvando…' : 'Salvar canais'}
        </button>
      </div>
    </form>
  );
}

function TemplatesTable({ rows, templates, errors, onChange, onAdd, onRemove }: {
  rows: TemplateDraft[];
  templates: MessageTemplate[] | null;
  errors: Errors;
  onChange: (index: number, key: keyof TemplateDraft, value: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  const keyOptions = (current: string) => {
    const list = (templates ?? []).map((t) => ({ value: t.key, label: `${t.name} (${t.key})` }));
    if (current && !list.some((o) => o.value === current)) list.push({ value: current, label: current });
    return [{ value: '', label: 'Escolha o modelo…' }, ...list];
  };
  return (
    <section class="subcard" aria-labelledby="modelos-whatsapp-titulo">
      <h3 id="modelos-whatsapp-titulo">Modelos aprovados pela Meta</h3>
      <p class="field-hint">
        Para cada modelo de WhatsApp do Fiado, o nome do modelo aprovado na conta e as variáveis na ordem de {'{{1}}'}, {'{{2}}'}…
        Sem esta ligação, vale o modelo aprovado com o mesmo nome da chave, em pt_BR, com as variáveis na ordem em que aparecem no
        texto.
      </p>
      {rows.length ? (
        <table class="table compact templates-map" aria-label="Modelos aprovados do WhatsApp">
          <thead>
            <tr>
              <th scope="col">Modelo do Fiado</th>
              <th scope="col">Nome aprovado</th>
              <th scope="col">Idioma</th>
              <th scope="col">Variáveis, em ordem</th>
              <th scope="col"><span class="visually-hidden">Ações</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t, i) => {
              const f = `whatsapp.templates[${i}]`;
              const n = i + 1;
              return (
                <tr key={i} data-row={i}>
                  <td>
                    {templates && templates.length ? (
                      <SelectField label={`Modelo ${n}: modelo do Fiado`} hideLabel field={`${f}.template_key`} value={t.template_key}
                        options={keyOptions(t.template_key)} error={errors[`${f}.template_key`]} onValue={(v) => onChange(i, 'template_key', v)} />
                    ) : (
                      <TextField label={`Modelo ${n}: modelo do Fiado`} hideLabel field={`${f}.template_key`} value={t.template_key}
                        placeholder="chave do modelo" error={errors[`${f}.template_key`]} onValue={(v) => onChange(i, 'template_key', v)} />
                    )}
                  </td>
                  <td>
                    <TextField label={`Modelo ${n}: nome aprovado`} hideLabel field={`${f}.name`} value={t.name} placeholder="lembrete_vencimento"
                      error={errors[`${f}.name`]} onValue={(v) => onChange(i, 'name', v)} />
                  </td>
                  <td>
                    <TextField label={`Modelo ${n}: idioma`} hideLabel field={`${f}.language`} value={t.language} placeholder="pt_BR"
                      error={errors[`${f}.language`]} onValue={(v) => onChange(i, 'language', v)} />
                  </td>
                  <td>
                    <TextField label={`Modelo ${n}: variáveis`} hideLabel field={`${f}.parameters`} value={t.parameters}
                      placeholder="primeiro_nome, valor_em_aberto" error={errors[`${f}.parameters`]}
                      onValue={(v) => onChange(i, 'parameters', v)} />
                  </td>
                  <td class="doc-links">
                    <button type="button" class="button-small button-quiet" onClick={() => onRemove(i)}>
                      Remover<span class="visually-hidden"> o modelo {n}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>Nenhum modelo ligado.</p>
      )}
      <div class="steps-add">
        <button type="button" class="button-small" onClick={onAdd}>
          Adicionar modelo
        </button>
      </div>
    </section>
  );
}

function CopyLine({ label, value, hint }: { label: string; value: string; hint: ComponentChildren }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div class="copy-line" role="group" aria-label={label}>
      <div class="copy-line-label">{label}</div>
      <div class="copy-line-row">
        <code class="wrap-anywhere" data-testid={`webhook-${label}`}>{value}</code>
        <button type="button" class="button-small" onClick={() => void copy()}>
          {copied ? 'Copiado' : 'Copiar'}
        </button>
      </div>
      <small class="field-hint">{hint}</small>
    </div>
  );
}

const kTestWords: Record<Channel, string> = { email: 'e-mail', whatsapp: 'WhatsApp', sms: 'SMS' };

type TestResult = { kind: 'success' | 'error' | 'info'; text: string; link?: string } | null;

// "Enviar teste": one message now, through the channel as saved.
function TestBox({ channel, dirty }: { channel: Channel; dirty: boolean }) {
  const [to, setTo] = useState('');
  const [error, setError] = useState('');
  const [result, setResult] = useState<TestResult>(null);
  const [busy, setBusy] = useState(false);
  const field = `test.${channel}.to`;
  const word = kTestWords[channel];

  async function send() {
    if (busy) return;
    setResult(null);
    if (!to.trim()) {
      setError(channel === 'email' ? 'informe o e-mail que vai receber o teste' : 'informe o celular que vai receber o teste');
      focusFirstError();
      return;
    }
    setError('');
    setBusy(true);
    try {
      const m = await api.post<MessageDetail>('/api/v1/messaging/test', { channel, to: to.trim() });
      setResult(resultOf(m));
    } catch (e) {
      const fe = e instanceof ApiError ? e.problem.errors?.find((x) => x.field === 'to') : undefined;
      if (fe) {
        setError(fe.detail ?? (fe as { message?: string }).message ?? 'destinatário inválido');
        focusFirstError();
      } else {
        setResult({ kind: 'error', text: messageOf(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="test-box" role="group" aria-label={`Enviar teste por ${word}`}>
      <div class="test-box-row">
        <TextField label="Para" field={field} value={to} error={error}
          type={channel === 'email' ? 'email' : 'tel'} inputMode={channel === 'email' ? 'email' : 'tel'}
          mask={channel === 'email' ? undefined : maskPhone}
          placeholder={channel === 'email' ? 'voce@exemplo.com.br' : '(11) 98765-4321'}
          onValue={(v) => { setTo(v); setError(''); }} />
        <button type="button" disabled={busy} onClick={() => void send()}
          onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}>
          {busy ? 'Enviando…' : 'Enviar teste'}
        </button>
      </div>
      <small class="field-hint">
        {dirty
          ? 'O teste usa os canais salvos: salve as alterações antes de testar.'
          : `Manda agora uma mensagem de teste por ${word}, com os canais salvos.`}
      </small>
      {result ? (
        <Notice kind={result.kind}>
          {result.text}
          {result.link ? (
            <>
              {' '}
              <a href={result.link} target="_blank" rel="noopener noreferrer">
                Abrir no WhatsApp
              </a>
            </>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}

function resultOf(m: MessageDetail): TestResult {
  switch (m.status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return { kind: 'success', text: `Enviada (id ${m.provider_id || m.id}).` };
    case 'manual':
      return {
        kind: 'info',
        text: 'Sem conta da API do WhatsApp: a mensagem de teste ficou para envio manual pelo link.',
        link: m.click_to_chat_url || undefined,
      };
    case 'failed':
    case 'uncertain':
      return { kind: 'error', text: `Não enviada: ${m.last_error || m.status_pt}.` };
    default:
      return { kind: 'info', text: `Mensagem de teste ${m.status_pt || m.status}${m.last_error ? `: ${m.last_error}` : ''}.` };
  }
}

