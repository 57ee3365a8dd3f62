// The same checks the server makes (src/core), so a person sees a mistake at the field
// before sending. Each returns '' when the value is acceptable, else the reason in
// Portuguese (the server's own wording where there is one).
import { digitsOf, nationalDigits } from './format';

// The standard CPF check: two mod-11 check digits over the first 9 (then 10) digits.
export function cpfCheckDigits(nine: string): string {
  const digits = nine.split('').map(Number);
  for (let round = 0; round < 2; round++) {
    const weightStart = digits.length + 1;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) sum += digits[i] * (weightStart - i);
    const rest = sum % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return digits.slice(9).join('');
}

export function cpfProblem(text: string, required = true): string {
  const t = text.trim();
  if (t === '') return required ? 'não informado' : '';
  if (!/^[\d.\-\s/]+$/.test(t)) return 'contém caracteres inválidos';
  const d = digitsOf(t);
  if (d.length !== 11) return 'deve ter 11 dígitos';
  if (/^(\d)\1{10}$/.test(d)) return 'sequência de dígitos repetidos não é um CPF válido';
  if (cpfCheckDigits(d.slice(0, 9)) !== d.slice(9)) return 'dígito verificador inválido';
  return '';
}

const kDddSecondDigits = [
  '123456789', // 11–19
  '12478', // 21, 22, 24, 27, 28
  '1234578', // 31–35, 37, 38
  '123456789', // 41–49
  '1345', // 51, 53–55
  '123456789', // 61–69
  '134579', // 71, 73–75, 77, 79
  '123456789', // 81–89
  '123456789', // 91–99
];

export function isBrazilianDdd(ddd: string): boolean {
  if (!/^[1-9]\d$/.test(ddd)) return false;
  return kDddSecondDigits[Number(ddd[0]) - 1].includes(ddd[1]);
}

export function phoneProblem(text: string, required = true): string {
  const t = text.trim();
  if (t === '') return required ? 'não informado' : '';
  if (!/^\+?[\d()\-.\s]+$/.test(t)) return 'contém caracteres inválidos';
  const d = nationalDigits(t);
  if (d.length === 8 || d.length === 9) return 'informe o DDD';
  if (d.length !== 10 && d.length !== 11) return 'deve ter DDD e número (10 ou 11 dígitos)';
  const ddd = d.slice(0, 2);
  if (!isBrazilianDdd(ddd)) return `DDD inválido: ${ddd}`;
  const subscriber = d.slice(2);
  if (subscriber.length === 9) {
    return subscriber[0] === '9' ? '' : 'número de celular deve ter 9 dígitos começando com 9';
  }
  if (subscriber[0] >= '2' && subscriber[0] <= '5') return '';
  if (subscriber[0] >= '6') return 'número de celular deve ter 9 dígitos começando com 9';
  return 'número fixo deve ter 8 dígitos começando com 2 a 5';
}

export function cepProblem(text: string, required = false): string {
  const t = text.trim();
  if (t === '') return required ? 'não informado' : '';
  if (!/^[\d.\-\s]+$/.test(t) || digitsOf(t).length !== 8) return 'CEP deve ter 8 dígitos, como 01310-100';
  return '';
}

export function emailProblem(text: string, required = false): string {
  const t = text.trim();
  if (t === '') return required ? 'não informado' : '';
  if (t.length > 254) return 'deve ter no máximo 254 caracteres';
  const parts = t.split('@');
  if (parts.length !== 2) return 'deve ter exatamente um @';
  const [local, domain] = parts;
  if (local === '') return 'falta o nome antes do @';
  if (local.length > 64) return 'a parte antes do @ deve ter no máximo 64 caracteres';
  if (!/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/.test(local)) return 'a parte antes do @ contém caracteres inválidos';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'a parte antes do @ não pode começar ou terminar com ponto nem ter pontos seguidos';
  }
  if (domain === '') return 'falta o domínio depois do @';
  if (!domain.includes('.')) return 'o domínio deve ter um ponto (ex.: gmail.com)';
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') return 'o domínio não pode ter pontos seguidos nem nas pontas';
    if (label.length > 63) return 'cada parte do domínio deve ter no máximo 63 caracteres';
    if (!/^[A-Za-z0-9-]+$/.test(label)) return 'o domínio contém caracteres inválidos';
    if (label.startsWith('-') || label.endsWith('-')) return 'partes do domínio não podem começar ou terminar com hífen';
  }
  const tld = labels[labels.length - 1];
  if (tld.length < 2 || !/^[A-Za-z]+$/.test(tld)) return 'terminação do domínio inválida (ex.: .com, .br)';
  return '';
}

// DD/MM/AAAA, a real calendar date, not in the future.
export function birthDateProblem(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  if (!m) return 'data em formato inválido: use dd/mm/aaaa';
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (month < 1 || month > 12) return `mês inválido: ${t}`;
  if (year < 1) return `ano inválido: ${t}`;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return `data inexistente: ${t}`;
  const today = new Date();
  const [ty, tm, td] = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const todayIso = `${ty}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
  if (iso > todayIso) return 'data de nascimento no futuro';
  let age = ty - year;
  if (tm < month || (tm === month && td < day)) age -= 1;
  if (age > 120) return 'data de nascimento de mais de 120 anos atrás: confira o ano';
  if (age < 16) return 'o cliente deve ter pelo menos 16 anos';
  return '';
}

export const kUfs = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
];

// The server's password policy (access/secrets.h): at least 8 characters, counted as the
// server counts them (code points), and not one character repeated.
export function passwordProblem(text: string): string {
  if ([...text].length < 8) return 'a senha deve ter pelo menos 8 caracteres';
  if (/^(.)\1*$/u.test(text)) return 'a senha não pode ser um único caractere repetido';
  return '';
}
