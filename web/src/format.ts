// Brazilian formats: money as "R$ 1.234,56" from integer centavos (never floating point),
// dates as DD/MM/AAAA, CPF, CNPJ, phone and CEP with their usual punctuation, and the input
// masks that put that punctuation in while a person types.

export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

// 123456 → "R$ 1.234,56"; -5 → "-R$ 0,05".
export function formatBRL(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const negative = cents < 0;
  const abs = Math.abs(Math.trunc(cents));
  const reais = Math.floor(abs / 100).toString();
  const centavos = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}R$ ${groupThousands(reais)},${centavos}`;
}

// Centavos as the text of a money input: 250000 → "2.500,00".
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return formatBRL(cents).replace('R$ ', '');
}

// "2.500,00", "2500", "2.500", "2500,5", "R$ 1.234,56", "1234.56" → centavos; null when
// empty; undefined when not a valid amount. Only integer arithmetic on the digits.
export function parseMoneyToCents(text: string): number | null | undefined {
  let t = text.trim().replace(/^R\$\s*/, '').replace(/\s/g, '');
  if (t === '') return null;
  let integerPart: string;
  let fraction: string;
  if (t.includes(',')) {
    const parts = t.split(',');
    if (parts.length !== 2) return undefined;
    integerPart = parts[0];
    fraction = parts[1];
  } else if (/^\d+\.\d{1,2}$/.test(t)) {
    [integerPart, fraction] = t.split('.');
  } else {
    integerPart = t;
    fraction = '';
  }
  if (integerPart.includes('.')) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(integerPart)) return undefined;
    integerPart = integerPart.replace(/\./g, '');
  }
  if (integerPart === '') integerPart = '0';
  if (!/^\d+$/.test(integerPart) || !/^\d{0,2}$/.test(fraction)) return undefined;
  t = integerPart.replace(/^0+(?=\d)/, '');
  if (t.length > 13) return undefined;
  return Number(t) * 100 + Number(fraction.padEnd(2, '0'));
}

// "1985-03-14" → "14/03/1985" (a calendar date: no time zone involved).
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// "14/03/1985" → "1985-03-14"; "" when incomplete.
export function dateInputToIso(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '';
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

// An RFC 3339 instant in the browser's local time: "22/11/2026 10:00".
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function formatInstantDate(instant: string | null | undefined): string {
  return formatInstant(instant).slice(0, 10);
}

export function formatCpf(cpf: string | null | undefined): string {
  const d = digitsOf(cpf ?? '');
  if (d.length !== 11) return cpf ?? '';
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

// CNPJ may be alphanumeric (from 2026): 12.ABC.345/01DE-35.
export function formatCnpj(cnpj: string): string {
  const c = cnpj.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (c.length !== 14) return cnpj;
  return `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12)}`;
}

export function formatLegalId(id: string): string {
  const c = id.replace(/[^0-9A-Za-z]/g, '');
  if (c.length === 11) return formatCpf(c);
  if (c.length === 14) return formatCnpj(c);
  return id;
}

// The national digits (DDD + number) of a phone written in any usual way.
export function nationalDigits(phone: string): string {
  let d = digitsOf(phone);
  if (phone.trim().startsWith('+') || ((d.length === 12 || d.length === 13) && d.startsWith('55'))) {
    d = d.startsWith('55') ? d.slice(2) : d;
  }
  return d;
}

// "+5511987654321" → "(11) 98765-4321"; "+551132345678" → "(11) 3234-5678".
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const d = nationalDigits(phone);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return phone;
}

export function formatCep(cep: string | null | undefined): string {
  const d = digitsOf(cep ?? '');
  return d.length === 8 ? `${d.slice(0, 5)}-${d.slice(5)}` : cep ?? '';
}

// ---- Masks: called on every input event with what the field holds ---------------------

export function maskCpf(text: string): string {
  const d = digitsOf(text).slice(0, 11);
  if (d.length <= 3) return d;
  if (d.length <= 6) return `${d.slice(0, 3)}.${d.slice(3)}`;
  if (d.length <= 9) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

export function maskPhone(text: string): string {
  let d = digitsOf(text);
  if (d.length > 11 && d.startsWith('55')) d = d.slice(2);
  d = d.slice(0, 11);
  if (d.length === 0) return '';
  if (d.length <= 2) return `(${d}`;
  const ddd = d.slice(0, 2);
  const rest = d.slice(2);
  if (rest.length <= 4) return `(${ddd}) ${rest}`;
  if (rest.length <= 8) return `(${ddd}) ${rest.slice(0, 4)}-${rest.slice(4)}`;
  return `(${ddd}) ${rest.slice(0, 5)}-${rest.slice(5)}`;
}

export function maskCep(text: string): string {
  const d = digitsOf(text).slice(0, 8);
  return d.length <= 5 ? d : `${d.slice(0, 5)}-${d.slice(5)}`;
}

export function maskDate(text: string): string {
  const d = digitsOf(text).slice(0, 8);
  if (d.length <= 2) return d;
  if (d.length <= 4) return `${d.slice(0, 2)}/${d.slice(2)}`;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}

export function maskMoney(text: string): string {
  return text.replace(/[^\d.,]/g, '');
}

// CNPJ/CPF of the store: digits and (for the new alphanumeric CNPJ) letters.
export function maskLegalId(text: string): string {
  const c = text.replace(/[^0-9A-Za-z]/g, '').toUpperCase().slice(0, 14);
  if (/^\d{0,11}$/.test(c)) return c.length === 11 ? formatCpf(c) : c;
  return c.length === 14 ? formatCnpj(c) : c;
}

// ---- Rates and calendar dates of the crediário ------------------------------------------

// A rate in percent as the API sends it ("4.99", "79.5856") → "4,99%", rounded half up to
// `decimals` places with integer arithmetic on the digits.
export function formatRate(percent: string | null | undefined, decimals = 2): string {
  if (percent === null || percent === undefined || percent === '') return '';
  const m = /^(-?)(\d*)(?:[.,](\d*))?$/.exec(percent.trim());
  if (!m) return percent;
  const fraction = `${m[3] ?? ''}${'0'.repeat(decimals + 1)}`.slice(0, decimals + 1);
  let units = BigInt(`${m[2] || '0'}${fraction.slice(0, decimals)}`);
  if (Number(fraction[decimals]) >= 5) units += 1n;
  const text = units.toString().padStart(decimals + 1, '0');
  const integerPart = text.slice(0, text.length - decimals);
  const decimalPart = text.slice(text.length - decimals);
  const negative = m[1] === '-' && units !== 0n;
  return `${negative ? '-' : ''}${groupThousands(integerPart)}${decimals ? `,${decimalPart}` : ''}%`;
}

// "4.99" → "4,99" for a rate input.
export function rateToInput(percent: string | null | undefined): string {
  if (!percent) return '';
  return percent.replace('.', ',').replace(/(,\d*?)0+$/, '$1').replace(/,$/, '');
}

// "4,99" or "4.99" → "4.99"; null when empty; undefined when not a rate (at most six
// decimals, as the API takes).
export function parseRateInput(text: string): string | null | undefined {
  const t = text.trim().replace(/%$/, '').trim();
  if (t === '') return null;
  const m = /^(\d{1,3})(?:[.,](\d{1,6}))?$/.exec(t);
  if (!m) return undefined;
  return m[2] ? `${Number(m[1])}.${m[2]}` : `${Number(m[1])}`;
}

export function maskRate(text: string): string {
  return text.replace(/[^\d.,]/g, '');
}

function isoOf(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

// Today in the browser's calendar (the shop's, at the counter), as YYYY-MM-DD.
export function todayIso(): string {
  return isoOf(new Date());
}

// "2026-11-22" + 30 → "2026-12-22" (calendar arithmetic at noon: no DST surprises).
export function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d, 12);
  date.setDate(date.getDate() + days);
  return isoOf(date);
}

// A DD/MM/AAAA text that is a real calendar date → YYYY-MM-DD; '' otherwise.
export function validDateInputToIso(text: string): string {
  const iso = dateInputToIso(text);
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  if (m < 1 || m > 12 || d < 1) return '';
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last ? iso : '';
}
