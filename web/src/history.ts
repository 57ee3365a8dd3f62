// The changes an audit entry records: the before/after snapshots flattened to field paths,
// compared, and shown with Portuguese labels and formatted values.
import { consentSourceLabel, kChannelLabels } from './customer-model';
import { formatBRL, formatCep, formatCpf, formatDate, formatInstant, formatLegalId, formatPhone } from './format';

export const kActionLabels: Record<string, string> = {
  create: 'Cadastro',
  update: 'Alteração',
  block: 'Bloqueio',
  unblock: 'Desbloqueio',
  delete: 'Exclusão',
  revoke: 'Revogação',
  deactivate: 'Desativação',
  reactivate: 'Reativação',
};

// Bookkeeping that changes on every save and says nothing to a person.
const kIgnored = new Set(['id', 'store_id', 'version', 'created_at', 'updated_at', 'search_terms']);

type Flat = Map<string, unknown>;

function flatten(value: unknown, path: string, out: Flat) {
  if (Array.isArray(value)) {
    // Consents are one per channel: key them by channel, not by position.
    if (path === 'consents') {
      for (const c of value as { channel?: string }[]) {
        if (c && typeof c === 'object' && c.channel) {
          for (const [k, v] of Object.entries(c)) {
            if (k !== 'channel' && k !== 'recorded_at') flatten(v, `consents.${c.channel}.${k}`, out);
          }
        }
      }
      return;
    }
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!path && kIgnored.has(k)) continue;
      flatten(v, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  out.set(path, value);
}

export interface Change {
  path: string;
  label: string;
  before: string;
  after: string;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

export function diffSnapshots(before: unknown, after: unknown): Change[] {
  const a: Flat = new Map();
  const b: Flat = new Map();
  flatten(before ?? {}, '', a);
  flatten(after ?? {}, '', b);
  const paths: string[] = [];
  for (const p of a.keys()) paths.push(p);
  for (const p of b.keys()) if (!a.has(p)) paths.push(p);
  const changes: Change[] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (isEmpty(x) && isEmpty(y)) continue;
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({ path, label: fieldLabel(path), before: formatValue(path, x), after: formatValue(path, y) });
  }
  return changes;
}

const kLabels: Record<string, string> = {
  cpf: 'CPF',
  full_name: 'Nome completo',
  birth_date: 'Data de nascimento',
  email: 'E-mail',
  monthly_income_cents: 'Renda mensal',
  occupation: 'Profissão',
  employer: 'Empregador',
  notes: 'Observações',
  status: 'Situação',
  blocked_reason: 'Motivo do bloqueio',
  'address.street': 'Rua',
  'address.number': 'Número',
  'address.complement': 'Complemento',
  'address.district': 'Bairro',
  'address.city': 'Cidade',
  'address.state': 'UF',
  'address.postal_code': 'CEP',
  'guarantor.name': 'Avalista: nome',
  'guarantor.cpf': 'Avalista: CPF',
  'guarantor.phone': 'Avalista: telefone',
  name: 'Nome',
  legal_id: 'CNPJ/CPF',
  phone: 'Telefone',
  time_zone: 'Fuso horário',
  pix_key: 'Chave Pix',
  role: 'Papel',
  active: 'Ativo',
};

const kReferenceParts: Record<string, string> = { name: 'nome', phone: 'telefone', relation: 'relação' };

export function fieldLabel(path: string): string {
  if (kLabels[path]) return kLabels[path];
  let m = /^phones\[(\d+)\]$/.exec(path);
  if (m) return m[1] === '0' ? 'Telefone principal' : `Telefone ${Number(m[1]) + 1}`;
  m = /^references\[(\d+)\]\.(\w+)$/.exec(path);
  if (m) return `Referência ${Number(m[1]) + 1}: ${kReferenceParts[m[2]] ?? m[2]}`;
  m = /^consents\.(\w+)\.(\w+)$/.exec(path);
  if (m) {
    const channel = kChannelLabels[m[1]] ?? m[1];
    return m[2] === 'granted' ? `Consentimento ${channel}` : `Consentimento ${channel}: como foi obtido`;
  }
  return path;
}

export function formatValue(path: string, v: unknown): string {
  if (isEmpty(v)) return '(vazio)';
  if (typeof v === 'boolean') return v ? 'sim' : 'não';
  const s = String(v);
  if (path === 'cpf' || path.endsWith('.cpf')) return formatCpf(s);
  if (path === 'legal_id') return formatLegalId(s);
  if (/^phones\[\d+\]$/.test(path) || path.endsWith('.phone') || path === 'phone') return formatPhone(s);
  if (path.endsWith('_cents') && typeof v === 'number') return formatBRL(v);
  if (path.endsWith('postal_code')) return formatCep(s);
  if (path === 'birth_date' || path.endsWith('_date')) return formatDate(s);
  if (path.endsWith('_at')) return formatInstant(s);
  if (path === 'status') return s === 'blocked' ? 'Bloqueado' : s === 'active' ? 'Ativo' : s;
  if (/^consents\.\w+\.source$/.test(path)) return consentSourceLabel(s);
  return s;
}
