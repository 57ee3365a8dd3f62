// Bank reconciliation on the screen: where a bank file goes (CNAB return or OFX statement),
// the import report and the bank's events in Portuguese, the queue's origins and
// resolutions, and the Pix webhooks' instructions.
import {
  api,
  ApiError,
  type BankEvent,
  type BankOutcome,
  type BankSource,
  type FileProblem,
  type ImportReport,
  type PixWebhook,
  type QueueResolution,
} from './api';
import { bankOf } from './documents';
import { formatBRL, formatDate, formatInstant } from './format';

// ---- Import of a bank file ------------------------------------------------------------

// An OFX file is a bank statement; anything else is read as a CNAB return.
export function isStatementFile(fileName: string): boolean {
  return /\.ofx$/i.test(fileName.trim());
}

export function uploadPathFor(fileName: string): string {
  const base = isStatementFile(fileName) ? '/api/v1/bank-statements' : '/api/v1/bank-files';
  return `${base}?name=${encodeURIComponent(fileName)}`;
}

function isReport(value: unknown): value is ImportReport {
  return !!value && typeof value === 'object' && 'refused' in value && 'problems' in value;
}

// Sends the file; a refused file (422 with the report) resolves to its report too.
export async function importBankFile(file: File): Promise<ImportReport> {
  try {
    return await api.upload<ImportReport>(uploadPathFor(file.name), file);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && isReport(e.problem)) return e.problem;
    if (e instanceof ApiError && (e.status === 404 || e.status === 405) && isStatementFile(file.name)) {
      throw new ApiError({ ...e.problem, detail: 'Este servidor ainda não importa extratos OFX.' });
    }
    throw e;
  }
}

export const kDuplicateFile = 'Este arquivo já foi importado antes; nada foi lançado em dobro.';

const kKindLabels: Record<string, string> = { cnab240: 'CNAB 240', cnab400: 'CNAB 400', ofx: 'Extrato OFX' };

export function kindLabel(kind: string): string {
  return kKindLabels[kind] ?? (kind || '—');
}

// "Banco do Brasil (001)"; '—' when the file named no bank.
export function bankLabel(code: string): string {
  if (!code) return '—';
  const bank = bankOf(code);
  return bank ? `${bank.name} (${code})` : `Banco ${code}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// "linha 12, campo valor pago: ..."; a problem of the whole file says only what it is.
export function problemText(problem: FileProblem): string {
  const where: string[] = [];
  if (problem.line > 0) where.push(`linha ${problem.line}`);
  if (problem.field && problem.field !== 'arquivo') where.push(`campo ${problem.field}`);
  return where.length ? `${where.join(', ')}: ${problem.message}` : problem.message;
}

export interface ReportLine {
  label: string;
  count: number;
  cents?: number;
}

// What an import did, one line per outcome.
export function reportLines(r: ImportReport): ReportLine[] {
  return [
    { label: 'Lançados', count: r.posted, cents: r.posted_cents },
    { label: 'Já importados antes', count: r.already_imported, cents: r.already_imported_cents },
    { label: 'Na fila de pendências', count: r.queued, cents: r.queued_cents },
    { label: 'Registros de boleto confirmados', count: r.registered },
    { label: 'Registros de boleto rejeitados', count: r.registration_rejected },
    { label: 'Estornos (cheque devolvido)', count: r.reversed },
    { label: 'Outras ocorrências', count: r.informational },
  ];
}

export function reportLineValue(line: ReportLine): string {
  return line.cents === undefined ? String(line.count) : `${line.count} · ${formatBRL(line.cents)}`;
}

// ---- Bank events ------------------------------------------------------------------------

const kSourceLabels: Record<BankSource, string> = { cnab: 'Boleto', pix: 'Pix', statement: 'Extrato' };

export function sourceLabel(source: BankSource): string {
  return kSourceLabels[source] ?? source;
}

const kReferenceLabels: Record<BankSource, string> = { cnab: 'nosso número', pix: 'txid', statement: 'identificador' };

export function referenceLabel(source: BankSource): string {
  return kReferenceLabels[source] ?? 'referência';
}

export const kOutcomeLabels: Record<BankOutcome, string> = {
  posted: 'Lançado',
  already_imported: 'Já importado',
  queued: 'Na fila de pendências',
  registered: 'Registro confirmado',
  registration_rejected: 'Registro rejeitado',
  reversed: 'Estornado',
  informational: 'Outra ocorrência',
};

// The day of the payment, else of when Fiado heard of it.
export function eventDate(event: BankEvent, fallbackInstant: string): string {
  return event.occurred_on ? formatDate(event.occurred_on) : formatInstant(fallbackInstant).slice(0, 10);
}

// "Pix de R$ 110,00 em 22/11/2026 (txid FD9999999999)".
export function eventSummary(event: BankEvent, fallbackInstant: string): string {
  const reference = event.reference ? ` (${referenceLabel(event.source)} ${event.reference})` : '';
  return `${sourceLabel(event.source)} de ${formatBRL(event.paid_cents)} em ${eventDate(event, fallbackInstant)}${reference}`;
}

// "Atribuído à parcela 3 em 22/11/2026 10:00: cliente pagou pelo Pix da loja".
export function resolutionText(r: QueueResolution): string {
  const what = r.action === 'assigned' ? `Atribuído à parcela ${r.installment?.number ?? '?'}` : 'Descartado';
  return `${what} em ${formatInstant(r.resolved_at)}: ${r.reason}`;
}

// ---- Pix webhooks -------------------------------------------------------------------------

export const kWebhookAuthOptions: { value: PixWebhook['auth']; label: string }[] = [
  { value: 'token', label: 'Token (Authorization: Bearer)' },
  { value: 'hmac-sha256', label: 'Assinatura HMAC-SHA256 (X-Signature)' },
];

export function webhookAuthLabel(auth: string): string {
  return kWebhookAuthOptions.find((o) => o.value === auth)?.label ?? auth;
}

export function webhookUrl(webhook: PixWebhook): string {
  return `${window.location.origin}${webhook.path}`;
}
