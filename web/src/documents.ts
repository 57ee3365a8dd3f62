// Printed documents (carnê, contract, receipt) and the shop's payment settings (Pix and the
// bank agreement for boletos): the API's shapes, the addresses of the PDFs (plain links:
// the session cookie authenticates a GET) and the settings form ↔ API body.
import type { Errors } from './components/fields';

// ---- Carnê -------------------------------------------------------------------------------

export interface BoletoCode {
  bank_code: string;
  bank_name: string;
  barcode: string;
  linha: string;
  linha_formatted: string;
  nosso_numero: string;
  beneficiary: string;
}

export interface CarneSlip {
  number: number;
  count: number;
  due_date: string;
  amount_cents: number;
  face_cents: number;
  charges_cents: number;
  updated_to: string | null;
  txid: string;
  pix_payload: string | null;
  boleto: BoletoCode | null;
}

export interface Carne {
  sale_id: string;
  late_charge_rule: string;
  slips: CarneSlip[];
}

export interface CarneChoice {
  // The installment numbers to print; empty = every installment still open.
  installments: number[];
  // YYYY-MM-DD: amounts updated with the late charges up to this day; '' = face values.
  updatedTo: string;
}

export function carneQuery(choice: CarneChoice): string {
  const params: string[] = [];
  if (choice.installments.length) params.push(`installments=${[...choice.installments].sort((a, b) => a - b).join(',')}`);
  if (choice.updatedTo) params.push(`updated_to=${encodeURIComponent(choice.updatedTo)}`);
  return params.length ? `?${params.join('&')}` : '';
}

const salePath = (saleId: string) => `/api/v1/sales/${encodeURIComponent(saleId)}`;

export function carneJsonUrl(saleId: string, choice: CarneChoice): string {
  return `${salePath(saleId)}/carne${carneQuery(choice)}`;
}

export function carnePdfUrl(saleId: string, choice: CarneChoice = { installments: [], updatedTo: '' }): string {
  return `${salePath(saleId)}/carne.pdf${carneQuery(choice)}`;
}

export function contractPdfUrl(saleId: string): string {
  return `${salePath(saleId)}/contract.pdf`;
}

export type ReceiptPaper = 'a4' | '80mm';

export function receiptPdfUrl(paymentId: string, paper: ReceiptPaper): string {
  return `/api/v1/payments/${encodeURIComponent(paymentId)}/receipt.pdf?paper=${paper}`;
}

// ---- Store payment settings ----------------------------------------------------------------

export interface BankAgreement {
  bank_code: string;
  agency: string;
  agency_digit: string;
  account: string;
  account_digit: string;
  wallet: string;
  agreement: string;
  station: string;
  wallet_variation: string;
}

export interface PaymentSettings {
  bank_agreement?: BankAgreement | null;
  pix_merchant_name?: string;
  pix_merchant_city?: string;
}

export const kPixMerchantNameMax = 25;
export const kPixMerchantCityMax = 15;

export const kSicredi = '748';

// The banks whose boletos the server issues; the wallet placeholder is the usual one and
// `agreementHint` says what the bank calls the agreement field.
export const kBanks: { code: string; name: string; wallet: string; agreementHint: string; article: 'no' | 'na' }[] = [
  { code: '001', name: 'Banco do Brasil', wallet: '17', agreementHint: 'Convênio de 4, 6, 7 ou 8 dígitos.', article: 'no' },
  { code: '033', name: 'Santander', wallet: '101', agreementHint: 'Código do beneficiário (até 7 dígitos).', article: 'no' },
  { code: '104', name: 'Caixa', wallet: 'RG', agreementHint: 'Código do beneficiário (até 6 dígitos); carteira RG ou SR.', article: 'na' },
  { code: '237', name: 'Bradesco', wallet: '09', agreementHint: 'Bradesco não usa convênio: deixe em branco.', article: 'no' },
  { code: '341', name: 'Itaú', wallet: '109', agreementHint: 'Só para as carteiras especiais (código do cliente, até 5 dígitos).', article: 'no' },
  { code: '748', name: 'Sicredi', wallet: '1', agreementHint: 'Código do beneficiário (até 5 dígitos).', article: 'no' },
  { code: '756', name: 'Sicoob', wallet: '1', agreementHint: 'Código do cliente (até 7 dígitos).', article: 'no' },
];

export function bankOf(code: string) {
  return kBanks.find((b) => b.code === code);
}

// What the settings form holds for the bank agreement.
export interface AgreementForm extends BankAgreement {
  enabled: boolean;
}

export const kAgreementPrefix = 'settings.bank_agreement';

export function agreementFormOf(settings: PaymentSettings | undefined): AgreementForm {
  const a = settings?.bank_agreement;
  return {
    enabled: !!a,
    bank_code: a?.bank_code ?? '',
    agency: a?.agency ?? '',
    agency_digit: a?.agency_digit ?? '',
    account: a?.account ?? '',
    account_digit: a?.account_digit ?? '',
    wallet: a?.wallet ?? '',
    agreement: a?.agreement ?? '',
    station: a?.station ?? '',
    wallet_variation: a?.wallet_variation ?? '',
  };
}

// The body's `settings.bank_agreement`: null when boletos are off.
export function agreementBodyOf(form: AgreementForm): BankAgreement | null {
  if (!form.enabled) return null;
  return {
    bank_code: form.bank_code,
    agency: form.agency.trim(),
    agency_digit: form.agency_digit.trim(),
    account: form.account.trim(),
    account_digit: form.account_digit.trim(),
    wallet: form.wallet.trim(),
    agreement: form.agreement.trim(),
    station: form.bank_code === kSicredi ? form.station.trim() : '',
    wallet_variation: form.bank_code === '001' ? form.wallet_variation.trim() : '',
  };
}

// The checks the screen can make before sending (the bank's own rules are the server's),
// keyed by API field.
export function validatePaymentSettings(form: AgreementForm, merchantName: string, merchantCity: string): Errors {
  const e: Errors = {};
  if ([...merchantName.trim()].length > kPixMerchantNameMax) {
    e['settings.pix_merchant_name'] = `use no máximo ${kPixMerchantNameMax} caracteres`;
  }
  if ([...merchantCity.trim()].length > kPixMerchantCityMax) {
    e['settings.pix_merchant_city'] = `use no máximo ${kPixMerchantCityMax} caracteres`;
  }
  if (!form.enabled) return e;
  const f = (name: string) => `${kAgreementPrefix}.${name}`;
  if (!form.bank_code) e[f('bank_code')] = 'escolha o banco';
  if (!form.agency.trim()) e[f('agency')] = 'informe a agência';
  if (!form.wallet.trim()) e[f('wallet')] = 'informe a carteira';
  if (form.bank_code === kSicredi && !form.station.trim()) e[f('station')] = 'informe o posto';
  return e;
}

// The store settings an error of a document names, as the owner sees them in Configurações.
const kSettingLabels: Record<string, string> = {
  pix_key: 'Chave Pix',
  'settings.pix_merchant_name': 'Nome no Pix',
  'settings.pix_merchant_city': 'Cidade no Pix',
  'settings.bank_agreement': 'Convênio de boleto',
  'settings.bank_agreement.bank_code': 'Banco do convênio',
  'settings.bank_agreement.agency': 'Agência do convênio',
  'settings.bank_agreement.agency_digit': 'Dígito da agência',
  'settings.bank_agreement.account': 'Conta do convênio',
  'settings.bank_agreement.account_digit': 'Dígito da conta',
  'settings.bank_agreement.wallet': 'Carteira do convênio',
  'settings.bank_agreement.agreement': 'Convênio/código do beneficiário',
  'settings.bank_agreement.station': 'Posto do convênio',
  'settings.bank_agreement.wallet_variation': 'Variação da carteira',
};

// The label of a store setting named by an error field ('bank_agreement.agency' and
// 'settings.bank_agreement.agency' alike); '' when the field is not a store setting.
export function storeSettingLabel(field: string): string {
  if (kSettingLabels[field]) return kSettingLabels[field];
  if (kSettingLabels[`settings.${field}`]) return kSettingLabels[`settings.${field}`];
  if (field.startsWith('settings.') || field.startsWith('bank_agreement')) return 'Configurações da loja';
  return '';
}

const kAgreementKeys = ['bank_code', 'agency', 'agency_digit', 'account', 'account_digit', 'wallet', 'agreement', 'station', 'wallet_variation'];

// An error field of PUT /stores/{id} as the settings form names its inputs: the bank
// agreement's fields under `settings.bank_agreement.`, whichever way the server wrote them.
export function storeFieldOf(field: string): string {
  if (kAgreementKeys.includes(field)) return `${kAgreementPrefix}.${field}`;
  if (field === 'bank_agreement' || field.startsWith('bank_agreement.')) return `settings.${field}`;
  if (field === 'merchant_name' || field === 'merchant_city') return `settings.pix_${field}`;
  return field;
}
