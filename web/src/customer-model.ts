// The customer form's state (text as typed), its conversion from and to the API's
// representation, and the checks made before sending.
import type { Channel, Customer } from './api';
import type { Errors } from './components/fields';
import { centsToInput, dateInputToIso, digitsOf, formatCep, formatCpf, formatDate, formatPhone, nationalDigits, parseMoneyToCents } from './format';
import { birthDateProblem, cepProblem, cpfProblem, emailProblem, phoneProblem } from './validate';

export const kMaxPhones = 5;
export const kMaxReferences = 5;

export const kChannelsOrder: Channel[] = ['whatsapp', 'sms', 'email'];
export const kChannelLabels: Record<string, string> = { whatsapp: 'WhatsApp', sms: 'SMS', email: 'E-mail' };

export const kConsentSources = [
  { value: 'in_store_form', label: 'Formulário na loja' },
  { value: 'signed_contract', label: 'Contrato assinado' },
  { value: 'whatsapp_reply', label: 'Resposta no WhatsApp' },
  { value: 'phone_call', label: 'Ligação telefônica' },
];

export function consentSourceLabel(source: string): string {
  return kConsentSources.find((s) => s.value === source)?.label ?? source;
}

export interface AddressForm {
  postal_code: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string;
}

export interface CustomerForm {
  cpf: string;
  full_name: string;
  birth_date: string; // DD/MM/AAAA
  phones: string[];
  email: string;
  address: AddressForm;
  income: string; // "2.500,00"
  occupation: string;
  employer: string;
  references: { name: string; phone: string; relation: string }[];
  hasGuarantor: boolean;
  guarantor: { name: string; cpf: string; phone: string };
  // `was` is the answer already recorded (null when never asked): only changed answers are
  // sent, so saving the form does not stamp a refusal on channels nobody asked about.
  consents: { channel: Channel; granted: boolean; source: string; was: { granted: boolean; source: string } | null }[];
  notes: string;
}

export function emptyForm(): CustomerForm {
  return {
    cpf: '',
    full_name: '',
    birth_date: '',
    phones: [''],
    email: '',
    address: { postal_code: '', street: '', number: '', complement: '', district: '', city: '', state: '' },
    income: '',
    occupation: '',
    employer: '',
    references: [],
    hasGuarantor: false,
    guarantor: { name: '', cpf: '', phone: '' },
    consents: kChannelsOrder.map((channel) => ({ channel, granted: false, source: '', was: null })),
    notes: '',
  };
}

export function formFromCustomer(c: Customer): CustomerForm {
  const a = c.address ?? ({} as Customer['address']);
  return {
    cpf: formatCpf(c.cpf),
    full_name: c.full_name ?? '',
    birth_date: formatDate(c.birth_date),
    phones: c.phones?.length ? c.phones.map(formatPhone) : [''],
    email: c.email ?? '',
    address: {
      postal_code: formatCep(a.postal_code ?? ''),
      street: a.street ?? '',
      number: a.number ?? '',
      complement: a.complement ?? '',
      district: a.district ?? '',
      city: a.city ?? '',
      state: a.state ?? '',
    },
    income: centsToInput(c.monthly_income_cents),
    occupation: c.occupation ?? '',
    employer: c.employer ?? '',
    references: (c.references ?? []).map((r) => ({ name: r.name ?? '', phone: formatPhone(r.phone ?? ''), relation: r.relation ?? '' })),
    hasGuarantor: !!c.guarantor,
    guarantor: c.guarantor
      ? { name: c.guarantor.name ?? '', cpf: formatCpf(c.guarantor.cpf ?? ''), phone: formatPhone(c.guarantor.phone ?? '') }
      : { name: '', cpf: '', phone: '' },
    consents: kChannelsOrder.map((channel) => {
      const found = c.consents?.find((k) => k.channel === channel);
      const was = found && (found.recorded_at || found.granted) ? { granted: !!found.granted, source: found.source ?? '' } : null;
      return { channel, granted: !!found?.granted, source: found?.source ?? '', was };
    }),
    notes: c.notes ?? '',
  };
}

// Phone rows left empty are not sent; the paths of the others follow the body sent.
function phonesToSend(form: CustomerForm): { text: string; formIndex: number }[] {
  return form.phones.map((text, formIndex) => ({ text: text.trim(), formIndex })).filter((p) => p.text !== '');
}

function referencesToSend(form: CustomerForm) {
  return form.references
    .map((r, formIndex) => ({ ...r, formIndex }))
    .filter((r) => r.name.trim() || r.phone.trim() || r.relation.trim());
}

function consentsToSend(form: CustomerForm) {
  return form.consents
    .map((c, formIndex) => ({ ...c, formIndex }))
    .filter((c) => (c.was ? c.granted !== c.was.granted || c.source !== c.was.source : c.granted || c.source !== ''));
}

// Maps the API path of an error (after empty rows were dropped) back to the form's row.
export function formPathOf(form: CustomerForm, apiPath: string): string {
  let m = /^phones\[(\d+)\](.*)$/.exec(apiPath);
  if (m) {
    const sent = phonesToSend(form)[Number(m[1])];
    return sent ? `phones[${sent.formIndex}]${m[2]}` : apiPath;
  }
  m = /^references\[(\d+)\](.*)$/.exec(apiPath);
  if (m) {
    const sent = referencesToSend(form)[Number(m[1])];
    return sent ? `references[${sent.formIndex}]${m[2]}` : apiPath;
  }
  m = /^consents\[(\d+)\](.*)$/.exec(apiPath);
  if (m) {
    const sent = consentsToSend(form)[Number(m[1])];
    return sent ? `consents[${sent.formIndex}]${m[2]}` : apiPath;
  }
  return apiPath;
}

// A person's name as the server checks it: 3..120 characters with at least 2 letters.
function personNameProblem(text: string, missing: string): string {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name) return missing;
  const letters = name.normalize('NFD').replace(/[^A-Za-z]/g, '').length;
  const chars = Array.from(name).length;
  if (chars < 3 || letters < 2) return 'nome muito curto: informe pelo menos 3 caracteres, com 2 letras';
  if (chars > 120) return 'nome muito longo (máximo de 120 caracteres)';
  return '';
}

export function validateForm(form: CustomerForm): Errors {
  const errors: Errors = {};
  const put = (field: string, problem: string) => {
    if (problem) errors[field] = problem;
  };
  put('cpf', cpfProblem(form.cpf));
  put('full_name', personNameProblem(form.full_name, 'informe o nome completo'));
  put('birth_date', birthDateProblem(form.birth_date));
  const seen = new Set<string>();
  form.phones.forEach((p, i) => {
    const problem = phoneProblem(p, false);
    put(`phones[${i}]`, problem);
    if (!problem && p.trim()) {
      const key = nationalDigits(p);
      if (seen.has(key)) errors[`phones[${i}]`] = 'telefone repetido';
      seen.add(key);
    }
  });
  put('email', emailProblem(form.email));
  put('address.postal_code', cepProblem(form.address.postal_code));
  if (form.income.trim()) {
    const cents = parseMoneyToCents(form.income);
    if (cents === undefined) errors.monthly_income_cents = 'valor inválido: use o formato 2.500,00';
    else if (cents !== null && cents >= 100_000_000_00) errors.monthly_income_cents = 'valor alto demais';
  }
  form.references.forEach((r, i) => {
    if (!(r.name.trim() || r.phone.trim() || r.relation.trim())) return;
    put(`references[${i}].name`, personNameProblem(r.name, 'informe o nome da referência'));
    put(`references[${i}].phone`, phoneProblem(r.phone, false));
  });
  if (form.hasGuarantor) {
    put('guarantor.name', personNameProblem(form.guarantor.name, 'informe o nome do avalista'));
    put('guarantor.cpf', cpfProblem(form.guarantor.cpf, false));
    if (!errors['guarantor.cpf'] && !errors.cpf && form.guarantor.cpf.trim() && digitsOf(form.guarantor.cpf) === digitsOf(form.cpf)) {
      errors['guarantor.cpf'] = 'o avalista deve ser outra pessoa, não o próprio cliente';
    }
    put('guarantor.phone', phoneProblem(form.guarantor.phone, false));
  }
  const hasPhone = form.phones.some((p) => p.trim() !== '');
  const hasEmail = form.email.trim() !== '';
  form.consents.forEach((c, i) => {
    if (!c.granted) return;
    if (c.channel === 'email' ? !hasEmail : !hasPhone) {
      errors[`consents[${i}].granted`] =
        c.channel === 'email' ? 'não há e-mail cadastrado para este consentimento' : 'não há telefone cadastrado para este consentimento';
    }
    if (!c.source) errors[`consents[${i}].source`] = 'informe como o consentimento foi obtido';
  });
  return errors;
}

// The request body of POST /api/v1/customers (and of PUT, plus `version`).
export function bodyOf(form: CustomerForm): Record<string, unknown> {
  const income = parseMoneyToCents(form.income);
  return {
    cpf: form.cpf.trim(),
    full_name: form.full_name.trim().replace(/\s+/g, ' '),
    birth_date: form.birth_date.trim() ? dateInputToIso(form.birth_date) : null,
    phones: phonesToSend(form).map((p) => p.text),
    email: form.email.trim(),
    address: {
      street: form.address.street.trim(),
      number: form.address.number.trim(),
      complement: form.address.complement.trim(),
      district: form.address.district.trim(),
      city: form.address.city.trim(),
      state: form.address.state,
      postal_code: form.address.postal_code.trim(),
    },
    monthly_income_cents: income === undefined ? null : income,
    occupation: form.occupation.trim(),
    employer: form.employer.trim(),
    references: referencesToSend(form).map((r) => ({ name: r.name.trim(), phone: r.phone.trim(), relation: r.relation.trim() })),
    guarantor: form.hasGuarantor
      ? { name: form.guarantor.name.trim(), cpf: form.guarantor.cpf.trim(), phone: form.guarantor.phone.trim() }
      : null,
    consents: consentsToSend(form).map((c) => ({ channel: c.channel, granted: c.granted, source: c.source })),
    notes: form.notes.trim(),
  };
}
