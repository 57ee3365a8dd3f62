// Modelos de mensagem da régua: the list and the editor (name, channel, subject, body) with
// the variables (a click puts one at the cursor) and a live preview: the draft goes, a
// moment after the last keystroke, to POST /collection/templates/preview, which answers the
// text rendered with a real customer's installments or the fields that keep it from being
// sent (an unknown variable, a forbidden word, the shop's identification missing).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf, type Customer } from '../api';
import { CustomerPicker } from '../components/customer-picker';
import { Notice, SelectField, TextAreaField, TextField, focusFirstError, idFor, showFormErrors, type Errors } from '../components/fields';
import {
  actionLabel,
  collectionAccess,
  collectionFieldErrors,
  hasSubject,
  kTextChannels,
  splitErrors,
  type MessageTemplate,
  type RenderedTemplate,
  type TemplateVariable,
  type TextChannel,
} from '../collection-model';
import { Link } from '../router';
import { useSession } from '../session';
import { Loading } from './common';
import { goWithFlash, MessageText, takeFlash } from './collection-parts';

interface TemplatesAnswer {
  templates: MessageTemplate[];
  variables: TemplateVariable[];
}

export function TemplatesPage() {
  const { session } = useSession();
  const access = collectionAccess(session);
  const [data, setData] = useState<TemplatesAnswer | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<TemplatesAnswer>('/api/v1/collection/templates').then(setData, (e) => setError(messageOf(e)));
  }, []);

  return (
    <section class="card" aria-labelledby="modelos-titulo">
      <div class="card-head">
        <h2 id="modelos-titulo">Modelos de mensagem</h2>
        {access.manage ? (
          <Link href="/cobranca/modelos/novo" class="button button-primary">
            Novo modelo
          </Link>
        ) : null}
      </div>
      <p class="field-hint">
        Os textos que a régua manda por WhatsApp, SMS, e-mail e carta. Todo texto identifica a loja (nome, endereço e CNPJ) e
        nunca usa palavras de ameaça ou constrangimento.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {data === null && !error ? <Loading /> : null}
      {data?.templates.length === 0 ? <p>Nenhum modelo cadastrado.</p> : null}
      {data?.templates.length ? (
        <table class="table" aria-label="Modelos">
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">Canal</th>
              <th scope="col">Chave</th>
              <th scope="col">Assunto</th>
            </tr>
          </thead>
          <tbody>
            {data.templates.map((t) => (
              <tr key={t.key} data-template={t.key}>
                <td data-label="Nome" class="cell-title">
                  <Link href={`/cobranca/modelos/${encodeURIComponent(t.key)}`}>{t.name || t.key}</Link>
                </td>
                <td data-label="Canal">{actionLabel(t.channel)}</td>
                <td data-label="Chave">
                  <code>{t.key}</code>
                </td>
                <td data-label="Assunto">{t.subject || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

// ---- Editor -------------------------------------------------------------------------------------

interface Draft {
  key: string;
  name: string;
  channel: TextChannel;
  subject: string;
  body: string;
}

const kFields = new Set(['key', 'name', 'channel', 'subject', 'body']);
// What the preview's errors may name: the text, not the key or name (those are the save's).
const kPreviewFields = new Set(['channel', 'subject', 'body']);
const kPreviewDelayMs = 400;

type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ok'; rendered: RenderedTemplate }
  | { kind: 'invalid'; errors: Errors; others: string[] }
  | { kind: 'failed'; message: string };

function checkDraft(d: Draft, isNew: boolean, existing: MessageTemplate[]): Errors {
  const errors: Errors = {};
  if (isNew) {
    if (!/^[a-z0-9-]{1,40}$/.test(d.key.trim())) errors.key = 'use de 1 a 40 caracteres entre a-z, 0-9 e -';
    else if (existing.some((t) => t.key === d.key.trim())) errors.key = 'já existe um modelo com esta chave';
  }
  if (!d.name.trim()) errors.name = 'informe o nome do modelo';
  if (hasSubject(d.channel) && !d.subject.trim()) errors.subject = 'informe o assunto';
  if (!d.body.trim()) errors.body = 'escreva o texto da mensagem';
  return errors;
}

export function TemplateEditorPage({ templateKey }: { templateKey?: string }) {
  const { session } = useSession();
  const readOnly = !collectionAccess(session).manage;
  const isNew = !templateKey;
  const [data, setData] = useState<TemplatesAnswer | null>(null);
  const [saved, setSaved] = useState<MessageTemplate | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useState(() => takeFlash());
  const [preview, setPreview] = useState<PreviewState>({ kind: 'idle' });
  const [previewCustomer, setPreviewCustomer] = useState<Customer | null>(null);
  const [choosingCustomer, setChoosingCustomer] = useState(false);
  const lastFocused = useRef<'subject' | 'body'>('body');
  const caret = useRef<{ field: 'subject' | 'body'; at: number } | null>(null);

  useEffect(() => {
    api.get<TemplatesAnswer>('/api/v1/collection/templates').then(
      (answer) => {
        setData(answer);
        if (templateKey) {
          const found = answer.templates.find((t) => t.key === templateKey);
          if (!found) setNotFound(true);
          else {
            setSaved(found);
            setDraft({ key: found.key, name: found.name, channel: found.channel, subject: found.subject ?? '', body: found.body });
          }
        } else {
          setDraft({ key: '', name: '', channel: 'whatsapp', subject: '', body: '' });
        }
      },
      (e) => setLoadError(messageOf(e)),
    );
  }, [templateKey]);

  // The live preview: the draft a moment after the last change; a newer draft cancels it.
  useEffect(() => {
    if (!draft) return;
    if (!draft.body.trim()) {
      setPreview({ kind: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(async () => {
      setPreview({ kind: 'loading' });
      const body: Record<string, unknown> = {
        name: draft.name.trim() || 'prévia',
        channel: draft.channel,
        subject: hasSubject(draft.channel) ? draft.subject : '',
        body: draft.body,
      };
      if (previewCustomer) body.customer_id = previewCustomer.id;
      try {
        const rendered = await api.post<RenderedTemplate>('/api/v1/collection/templates/preview', body, { signal: controller.signal });
        setPreview({ kind: 'ok', rendered });
      } catch (e) {
        if (controller.signal.aborted) return;
        const fields = collectionFieldErrors(e);
        if (fields) {
          delete fields.key;
          delete fields.name;
          const split = splitErrors(fields, (f) => kPreviewFields.has(f));
          setPreview({ kind: 'invalid', errors: split.fields, others: split.others });
        } else {
          setPreview({ kind: 'failed', message: messageOf(e) });
        }
      }
    }, kPreviewDelayMs);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [draft?.channel, draft?.subject, draft?.body, draft?.name, previewCustomer?.id]);

  // After a variable went in, the caret goes right after it.
  useEffect(() => {
    const at = caret.current;
    if (!at) return;
    caret.current = null;
    const el = document.getElementById(idFor(at.field)) as HTMLInputElement | HTMLTextAreaElement | null;
    if (el) {
      el.focus();
      el.setSelectionRange(at.at, at.at);
    }
  });

  if (notFound) {
    return (
      <section class="card">
        <h2>Modelo não encontrado</h2>
        <p>
          <Link href="/cobranca/modelos">Voltar para os modelos</Link>
        </p>
      </section>
    );
  }
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!draft || !data) return <Loading />;
  const d = draft;
  const subjectShown = hasSubject(d.channel);
  const previewErrors = preview.kind === 'invalid' ? preview.errors : {};
  const errorOf = (field: string) => errors[field] || previewErrors[field] || undefined;

  function change(next: Partial<Draft>, field: string) {
    setDraft({ ...d, ...next });
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  }

  function insertVariable(name: string) {
    const field = subjectShown ? lastFocused.current : 'body';
    const token = `{${name}}`;
    const el = document.getElementById(idFor(field)) as HTMLInputElement | HTMLTextAreaElement | null;
    const text = d[field];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    caret.current = { field, at: start + token.length };
    change({ [field]: text.slice(0, start) + token + text.slice(end) }, field);
  }

  async function save(event: Event) {
    event.preventDefault();
    if (busy || readOnly) return;
    setFlash('');
    setOthers([]);
    if (showFormErrors(checkDraft(d, isNew, data!.templates), setErrors, setMessage)) return;
    const key = isNew ? d.key.trim() : saved!.key;
    setBusy(true);
    try {
      const result = await api.put<MessageTemplate>(`/api/v1/collection/templates/${encodeURIComponent(key)}`, {
        name: d.name.trim(),
        channel: d.channel,
        subject: subjectShown ? d.subject : '',
        body: d.body,
      });
      if (isNew) {
        goWithFlash(`/cobranca/modelos/${encodeURIComponent(result.key || key)}`, 'Modelo criado.');
      } else {
        setSaved(result);
        setFlash('Modelo salvo.');
        setMessage(null);
      }
    } catch (e) {
      const fields = collectionFieldErrors(e);
      if (fields) {
        const split = splitErrors(fields, (f) => kFields.has(f));
        setErrors(split.fields);
        setOthers(split.others);
        setMessage(split.others.length ? 'O modelo não foi salvo:' : null);
        focusFirstError();
      } else {
        setMessage(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const title = isNew ? 'Novo modelo' : `Modelo: ${saved?.name || saved?.key}`;
  return (
    <form class="template-editor" onSubmit={save} noValidate aria-label={title}>
      <p>
        <Link href="/cobranca/modelos" class="back-link">
          ← Modelos
        </Link>
      </p>
      <h2>{title}</h2>
      {flash ? <Notice kind="success">{flash}</Notice> : null}
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
      {readOnly ? <Notice kind="info">Só o dono da loja altera os modelos.</Notice> : null}
      <div class="template-layout">
        <fieldset class="card" disabled={readOnly}>
          <legend>Texto</legend>
          {isNew ? (
            <TextField label="Chave" field="key" value={d.key} required maxLength={40} error={errorOf('key')}
              hint="Identifica o modelo nas réguas: letras minúsculas, números e hífen (ex.: lembrete-whatsapp)."
              onValue={(v) => change({ key: v.toLowerCase() }, 'key')} />
          ) : null}
          <div class="grid">
            <TextField label="Nome" field="name" value={d.name} required maxLength={80} error={errorOf('name')}
              onValue={(v) => change({ name: v }, 'name')} />
            <SelectField label="Canal" field="channel" value={d.channel} error={errorOf('channel')}
              options={kTextChannels.map((c) => ({ value: c, label: actionLabel(c) }))}
              onValue={(v) => change({ channel: v as TextChannel }, 'channel')} />
          </div>
          {subjectShown ? (
            <div onFocusIn={() => { lastFocused.current = 'subject'; }}>
              <TextField label="Assunto" field="subject" value={d.subject} required maxLength={200} error={errorOf('subject')}
                onValue={(v) => change({ subject: v }, 'subject')} />
            </div>
          ) : null}
          <div onFocusIn={() => { lastFocused.current = 'body'; }}>
            <TextAreaField label="Mensagem" field="body" value={d.body} rows={12} required error={errorOf('body')}
              onValue={(v) => change({ body: v }, 'body')} />
          </div>
          <section class="variables" aria-labelledby="variaveis-titulo">
            <h3 id="variaveis-titulo">Variáveis</h3>
            <p class="field-hint">Clique para inserir no ponto do cursor.</p>
            <ul class="variable-list">
              {data.variables.map((v) => (
                <li key={v.name}>
                  <button type="button" class="button-small variable" onClick={() => insertVariable(v.name)}
                    aria-label={`Inserir {${v.name}}: ${v.description}`}>
                    <code>{`{${v.name}}`}</code>
                  </button>
                  <span class="variable-description">{v.description}</span>
                </li>
              ))}
            </ul>
          </section>
          {!readOnly ? (
            <div class="form-actions">
              <Link href="/cobranca/modelos" class="button">
                Cancelar
              </Link>
              <button type="submit" class="button-primary" disabled={busy}>
                {busy ? 'Salvando…' : isNew ? 'Criar modelo' : 'Salvar modelo'}
              </button>
            </div>
          ) : null}
        </fieldset>
        <section class="card template-preview" aria-labelledby="previa-titulo">
          <h3 id="previa-titulo" class="card-title">Prévia</h3>
          <PreviewCustomer customer={previewCustomer} choosing={choosingCustomer} onChoose={() => setChoosingCustomer(true)}
            onPick={(c) => { setPreviewCustomer(c); setChoosingCustomer(false); }}
            onClear={() => { setPreviewCustomer(null); setChoosingCustomer(false); }} />
          <PreviewBody state={preview} />
        </section>
      </div>
    </form>
  );
}

function PreviewCustomer({ customer, choosing, onChoose, onPick, onClear }: {
  customer: Customer | null;
  choosing: boolean;
  onChoose: () => void;
  onPick: (c: Customer) => void;
  onClear: () => void;
}) {
  if (choosing) {
    return (
      <div class="preview-customer">
        <CustomerPicker id="f-preview-customer" onPick={onPick} />
        <button type="button" class="button-quiet" onClick={onClear}>
          Usar dados de exemplo
        </button>
      </div>
    );
  }
  return (
    <p class="field-hint preview-customer">
      {customer ? `Com os dados de ${customer.full_name}.` : 'Com dados de exemplo.'}{' '}
      <button type="button" class="button-quiet button-small" onClick={onChoose}>
        Escolher cliente
      </button>
    </p>
  );
}

function PreviewBody({ state }: { state: PreviewState }) {
  if (state.kind === 'idle') return <p class="muted">Escreva a mensagem para ver a prévia.</p>;
  if (state.kind === 'loading') return <Loading label="Atualizando a prévia…" />;
  if (state.kind === 'failed') return <Notice kind="error">{state.message}</Notice>;
  if (state.kind === 'invalid') {
    const all = [...Object.entries(state.errors).map(([f, detail]) => `${kFieldNames[f] ?? f}: ${detail}`), ...state.others];
    return (
      <div class="preview-problems" data-testid="template-preview-errors">
        <Notice kind="warning">
          <strong>Este texto ainda não pode ser enviado:</strong>
          <ul>
            {all.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </Notice>
      </div>
    );
  }
  const r = state.rendered;
  return (
    <div data-testid="template-preview">
      {r.customer_name ? <p class="field-hint">Prévia com os dados de {r.customer_name}.</p> : null}
      <MessageText subject={r.subject} body={r.body} label="Mensagem renderizada" />
    </div>
  );
}

const kFieldNames: Record<string, string> = { subject: 'Assunto', body: 'Mensagem', channel: 'Canal', name: 'Nome', key: 'Chave' };
