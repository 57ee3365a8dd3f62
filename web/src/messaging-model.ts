// The outbox on the screen: the API's shapes (docs: /messages, /messaging/*), the status
// groups of the Mensagens tab, labels in Portuguese, who may do what, and the channel
// settings form (text as typed) with its conversion to the PUT body.
import { ApiError, type Channel, type Session } from './api';
import type { Errors } from './components/fields';
import { formatPhone } from './format';

// ---- Shapes -------------------------------------------------------------------------------

export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'cancelled'
  | 'uncertain'
  | 'manual';

export type MessageSource = 'collection' | 'test' | 'opt_out_confirmation';

export interface Message {
  id: string;
  customer_id: string | null;
  customer_name: string | null;
  source: MessageSource;
  channel: Channel;
  recipient: string;
  template_key: string;
  subject: string;
  body: string;
  status: MessageStatus;
  status_pt: string;
  attempts: number;
  next_attempt_at: string;
  provider_id: string;
  last_error: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  sent_by: string;
  click_to_chat_url: string; // non-empty only for a manual WhatsApp message
}

export interface MessageEvent {
  at: string;
  status: MessageStatus;
  status_pt: string;
  detail: string;
  actor: string;
}

export interface MessageDetail extends Message {
  events: MessageEvent[];
}

export type StatusCounts = Record<MessageStatus, number>;

export interface MessageList {
  messages: Message[];
  counts: StatusCounts;
  next_before: string | null;
}

export interface InboundRecord {
  id: string;
  channel: Channel;
  received_at: string;
  kind: string; // "status", "reply", "unsubscribe"
  sender: string;
  provider_id: string;
  text: string;
  outcome: string;
}

export interface WhatsappTemplateMapping {
  template_key: string;
  name: string;
  language: string;
  parameters: string[];
}

export interface MessagingSettings {
  email: {
    enabled: boolean;
    smtp_url: string;
    starttls: boolean;
    username: string;
    password_set: boolean;
    from_address: string;
    from_name: string;
    reply_to: string;
    verify_tls: boolean;
    timeout_ms: number;
  };
  whatsapp: {
    enabled: boolean;
    api_base_url: string;
    phone_number_id: string;
    access_token_set: boolean;
    app_secret_set: boolean;
    verify_token_set: boolean;
    templates: WhatsappTemplateMapping[];
    timeout_ms: number;
  };
  sms: {
    enabled: boolean;
    url: string;
    auth_header_set: boolean;
    body_template: string;
    id_field: string;
    callback_token_set: boolean;
    timeout_ms: number;
  };
  limits: { whatsapp_per_second: number; sms_per_second: number; email_per_second: number };
  max_attempts: number;
  version: number;
}

export interface MessagingSettingsAnswer {
  settings: MessagingSettings;
  webhooks: { whatsapp: string; sms: string };
}

// ---- Labels -------------------------------------------------------------------------------

export const kMessageChannels: Channel[] = ['whatsapp', 'sms', 'email'];

export const kMessageChannelLabels: Record<Channel, string> = { whatsapp: 'WhatsApp', sms: 'SMS', email: 'E-mail' };

export function channelLabel(channel: string): string {
  return kMessageChannelLabels[channel as Channel] ?? channel;
}

export const kSourceLabels: Record<MessageSource, string> = {
  collection: 'Régua de cobrança',
  test: 'Teste',
  opt_out_confirmation: 'Confirmação de descadastro',
};

// The server sends status_pt; this is for the events of an older answer without it.
export const kStatusLabels: Record<MessageStatus, string> = {
  queued: 'na fila',
  sending: 'enviando',
  sent: 'enviada',
  delivered: 'entregue',
  read: 'lida',
  failed: 'falhou',
  cancelled: 'cancelada',
  uncertain: 'envio incerto',
  manual: 'aguardando envio manual',
};

export function statusText(m: { status: MessageStatus; status_pt?: string }): string {
  return m.status_pt || kStatusLabels[m.status] || m.status;
}

// The chips of the Mensagens tab: each a group of statuses, in the query as ?situacao=.
export interface StatusGroup {
  key: string;
  label: string;
  statuses: MessageStatus[]; // empty = any
}

export const kStatusGroups: StatusGroup[] = [
  { key: 'todas', label: 'Todas', statuses: [] },
  { key: 'problema', label: 'Com problema', statuses: ['failed', 'uncertain'] },
  { key: 'fila', label: 'Na fila', statuses: ['queued', 'sending'] },
  { key: 'enviadas', label: 'Enviadas', statuses: ['sent'] },
  { key: 'entregues', label: 'Entregues', statuses: ['delivered', 'read'] },
  { key: 'manual', label: 'Envio manual', statuses: ['manual'] },
  { key: 'canceladas', label: 'Canceladas', statuses: ['cancelled'] },
];

export function groupOf(key: string): StatusGroup | undefined {
  return kStatusGroups.find((g) => g.key === key);
}

export function groupCount(group: StatusGroup, counts: Partial<StatusCounts> | null): number {
  if (!counts) return 0;
  const statuses = group.statuses.length ? group.statuses : (Object.keys(kStatusLabels) as MessageStatus[]);
  return statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

export function isDeadLetter(status: MessageStatus): boolean {
  return status === 'failed' || status === 'uncertain';
}

// A message on its way (the list refreshes itself while one is shown).
export function isInFlight(m: Message, now = Date.now()): boolean {
  if (m.status === 'sending') return true;
  if (m.status !== 'queued') return false;
  const due = Date.parse(m.next_attempt_at);
  return Number.isNaN(due) || due <= now + 120_000;
}

export function recipientText(m: { channel: Channel; recipient: string }): string {
  if (!m.recipient) return '';
  return m.channel === 'email' ? m.recipient : formatPhone(m.recipient);
}

export const kInboundKindLabels: Record<string, string> = {
  status: 'Aviso de situação',
  reply: 'Resposta',
  unsubscribe: 'Descadastro por e-mail',
  rejected: 'Aviso recusado',
};

export const kInboundOutcomeLabels: Record<string, string> = {
  applied: 'aplicado à mensagem',
  unknown_message: 'mensagem desconhecida',
  opt_out: 'descadastro',
  opt_out_unknown_sender: 'descadastro de número sem cadastro',
  ignored: 'ignorado',
  reply: 'resposta registrada',
  rejected: 'recusado',
};

export function inboundOutcomeLabel(outcome: string): string {
  return kInboundOutcomeLabels[outcome] ?? outcome;
}

// ---- Who may do what ----------------------------------------------------------------------

export interface MessagingAccess {
  read: boolean; // the Mensagens tab and the customer's messages (collection:read)
  work: boolean; // resend and mark as sent by hand (collection:work)
  manage: boolean; // the channel settings and the test message (collection:manage)
}

export function messagingAccess(session: Session): MessagingAccess {
  const p = session.permissions;
  if (p.some((x) => x.startsWith('collection:'))) {
    const manage = p.includes('collection:manage');
    const work = p.includes('collection:work');
    return { read: p.includes('collection:read') || manage || work, work, manage };
  }
  const role = session.user.role;
  return { read: role !== 'viewer', work: role === 'owner' || role === 'collector', manage: role === 'owner' };
}

// ---- The settings form --------------------------------------------------------------------

export interface TemplateDraft {
  template_key: string;
  name: string;
  language: string;
  parameters: string; // "primeiro_nome, valor_em_aberto"
}

export interface SettingsDraft {
  email: {
    enabled: boolean;
    smtp_url: string;
    starttls: boolean;
    username: string;
    password: string;
    from_address: string;
    from_name: string;
    reply_to: string;
    verify_tls: boolean;
  };
  whatsapp: {
    enabled: boolean;
    api_base_url: string;
    phone_number_id: string;
    access_token: string;
    app_secret: string;
    verify_token: string;
    templates: TemplateDraft[];
  };
  sms: {
    enabled: boolean;
    url: string;
    auth_header: string;
    body_template: string;
    id_field: string;
    callback_token: string;
  };
  limits: { whatsapp_per_second: string; sms_per_second: string; email_per_second: string };
  max_attempts: string;
}

export function draftOf(s: MessagingSettings): SettingsDraft {
  return {
    email: {
      enabled: s.email.enabled,
      smtp_url: s.email.smtp_url ?? '',
      starttls: s.email.starttls,
      username: s.email.username ?? '',
      password: '',
      from_address: s.email.from_address ?? '',
      from_name: s.email.from_name ?? '',
      reply_to: s.email.reply_to ?? '',
      verify_tls: s.email.verify_tls,
    },
    whatsapp: {
      enabled: s.whatsapp.enabled,
      api_base_url: s.whatsapp.api_base_url ?? '',
      phone_number_id: s.whatsapp.phone_number_id ?? '',
      access_token: '',
      app_secret: '',
      verify_token: '',
      templates: (s.whatsapp.templates ?? []).map((t) => ({
        template_key: t.template_key,
        name: t.name,
        language: t.language,
        parameters: (t.parameters ?? []).join(', '),
      })),
    },
    sms: {
      enabled: s.sms.enabled,
      url: s.sms.url ?? '',
      auth_header: '',
      body_template: s.sms.body_template ?? '',
      id_field: s.sms.id_field ?? '',
      callback_token: '',
    },
    limits: {
      whatsapp_per_second: String(s.limits.whatsapp_per_second ?? ''),
      sms_per_second: String(s.limits.sms_per_second ?? ''),
      email_per_second: String(s.limits.email_per_second ?? ''),
    },
    max_attempts: String(s.max_attempts ?? ''),
  };
}

// "{primeiro_nome}, valor_em_aberto" → ["primeiro_nome", "valor_em_aberto"].
export function parseParameters(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim().replace(/^\{+/, '').replace(/\}+$/, '').trim())
    .filter(Boolean);
}

function wholeNumber(text: string): number | null {
  return /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : null;
}

// The PUT body (secrets sent only when typed: empty keeps the saved one) and the mistakes
// seen before sending: numbers that are not numbers, template parameters that are not
// variable names. The rest is the server's to check.
export function bodyOf(d: SettingsDraft, saved: MessagingSettings): { errors: Errors; body: Record<string, unknown> } {
  const errors: Errors = {};
  const number = (field: string, text: string, fallback: number) => {
    const n = wholeNumber(text);
    if (n === null) errors[field] = 'use um número inteiro';
    return n ?? fallback;
  };
  const secret = (value: string) => value.trim();
  const templates = d.whatsapp.templates.map((t, i) => {
    const parameters = parseParameters(t.parameters);
    const bad = parameters.find((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
    if (bad) errors[`whatsapp.templates[${i}].parameters`] = `variável inválida: ${bad} (use nomes como primeiro_nome, separados por vírgula)`;
    return { template_key: t.template_key.trim(), name: t.name.trim(), language: t.language.trim(), parameters };
  });
  const body = {
    email: {
      enabled: d.email.enabled,
      smtp_url: d.email.smtp_url.trim(),
      starttls: d.email.starttls,
      username: d.email.username.trim(),
      password: d.email.password,
      from_address: d.email.from_address.trim(),
      from_name: d.email.from_name.trim(),
      reply_to: d.email.reply_to.trim(),
      verify_tls: d.email.verify_tls,
      timeout_ms: saved.email.timeout_ms,
    },
    whatsapp: {
      enabled: d.whatsapp.enabled,
      api_base_url: d.whatsapp.api_base_url.trim(),
      phone_number_id: d.whatsapp.phone_number_id.trim(),
      access_token: secret(d.whatsapp.access_token),
      app_secret: secret(d.whatsapp.app_secret),
      verify_token: secret(d.whatsapp.verify_token),
      templates,
      timeout_ms: saved.whatsapp.timeout_ms,
    },
    sms: {
      enabled: d.sms.enabled,
      url: d.sms.url.trim(),
      auth_header: d.sms.auth_header.trim(),
      body_template: d.sms.body_template,
      id_field: d.sms.id_field.trim(),
      callback_token: secret(d.sms.callback_token),
      timeout_ms: saved.sms.timeout_ms,
    },
    limits: {
      whatsapp_per_second: number('limits.whatsapp_per_second', d.limits.whatsapp_per_second, saved.limits.whatsapp_per_second),
      sms_per_second: number('limits.sms_per_second', d.limits.sms_per_second, saved.limits.sms_per_second),
      email_per_second: number('limits.email_per_second', d.limits.email_per_second, saved.limits.email_per_second),
    },
    max_attempts: number('max_attempts', d.max_attempts, saved.max_attempts),
    version: saved.version,
  };
  return { errors, body };
}

// The field errors of a 422 by the inputs' data-field: the API's paths as they are
// ("email.smtp_url", "whatsapp.templates[0].name"), a leading "settings." dropped. Both
// `detail` (this API's problem+json) and `message` are read.
export function settingsFieldErrors(error: unknown): Errors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  const out: Errors = {};
  for (const fe of error.problem.errors as { field: string; detail?: string; message?: string }[]) {
    const field = (fe.field ?? '').replace(/^settings\./, '');
    const detail = fe.detail ?? fe.message ?? 'valor inválido';
    out[field] = out[field] ? `${out[field]}; ${detail}` : detail;
  }
  return out;
}

// The labels of fields without an input here, for the form's message.
export const kSettingsFieldLabels: Record<string, string> = {
  'email.timeout_ms': 'E-mail: tempo limite',
  'whatsapp.timeout_ms': 'WhatsApp: tempo limite',
  'sms.timeout_ms': 'SMS: tempo limite',
  'whatsapp.templates': 'WhatsApp: modelos aprovados',
  version: 'Versão',
};
