#include "bankfiles/remittance.h"

#include <fmt/format.h>

#include <array>
#include <string>
#include <utility>

#include "core/text.h"
#include "payments/boleto_banks.h"

// Field layouts follow FEBRABAN's CNAB 240 (STANDARDS §3.1) with each bank's choices as
// implemented and tested by kivanio/brcobranca (lib/brcobranca/remessa/cnab240/*.rb) and
// eduardokum/laravel-boleto (src/Cnab/Remessa/Cnab240/Banco/*.php); where the two differ,
// the comment says which one is followed and why.

namespace fiado::bankfiles {
namespace {

using core::Date;
using core::Money;
using stores::BankAgreement;

constexpr std::size_t kLineLength = 240;
constexpr std::size_t kMaxTitles = 33'333;  // 3 records each; record numbers have 5 digits
constexpr std::int64_t kMaxAmountCents = 999'999'999'999'999;    // 13 + 2 digits
constexpr std::int64_t kMaxTotalCents = 99'999'999'999'999'999;  // 15 + 2 digits
constexpr std::int64_t kMaxFileSequence = 999'999;               // 6 digits

// ---- One record ---------------------------------------------------------------------------

// "DDMMAAAA".
std::string Ddmmaaaa(Date date) {
  return fmt::format("{:02}{:02}{:04}", static_cast<unsigned>(date.day()),
                     static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
}

// A record (or a block of one) built left to right. At(position) states where the next
// field starts, 1-based as in the manuals, and every width is checked: a layout mistake
// stops the program (FIADO_CHECK) instead of shifting the bank's fields.
class Line {
 public:
  explicit Line(std::size_t length = kLineLength) : length_(length) { text_.reserve(length); }

  Line& At(std::size_t position) {
    FIADO_CHECK(text_.size() + 1 == position);
    return *this;
  }
  Line& Put(std::string_view field) {
    text_.append(field);
    return *this;
  }
  Line& Char(char c) {
    text_.push_back(c);
    return *this;
  }
  // Alfanumérico: left-aligned, blank-filled; `field` must fit.
  Line& Text(std::string_view field, std::size_t width) {
    FIADO_CHECK(field.size() <= width);
    text_.append(field);
    text_.append(width - field.size(), ' ');
    return *this;
  }
  // Numérico: right-aligned, zero-filled; `digits` must fit.
  Line& Digits(std::string_view digits, std::size_t width) {
    FIADO_CHECK(digits.size() <= width);
    text_.append(width - digits.size(), '0');
    text_.append(digits);
    return *this;
  }
  Line& Number(std::int64_t value, std::size_t width) {
    FIADO_CHECK(value >= 0);
    return Digits(std::to_string(value), width);
  }
  Line& Amount(Money amount) { return Number(amount.cents(), 15); }  // 13 + 2 decimals
  Line& Day(Date date) { return Put(Ddmmaaaa(date)); }
  Line& Blanks(std::size_t count) {
    text_.append(count, ' ');
    return *this;
  }
  Line& Zeros(std::size_t count) {
    text_.append(count, '0');
    return *this;
  }
  std::string Done() {
    FIADO_CHECK(text_.size() == length_);
    return std::move(text_);
  }

 private:
  std::size_t length_;
  std::string text_;
};

// ---- Text ---------------------------------------------------------------------------------

// Upper-case ASCII letters and digits separated by single spaces: accents folded
// ("Conceição" → "CONCEICAO"), every other character a space ("RUA X,10" → "RUA X 10").
std::string CnabText(std::string_view utf8) {
  const std::string upper = core::AsciiUpper(core::FoldToAscii(utf8));
  std::string text;
  for (const char c : upper) {
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      text.push_back(c);
    } else if (!text.empty() && text.back() != ' ') {
      text.push_back(' ');
    }
  }
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// CnabText cut to `width` characters.
std::string CnabText(std::string_view utf8, std::size_t width) {
  return CnabText(utf8).substr(0, width);
}

// Seu número and uso da empresa: letters, digits, '-', '/', '.'.
bool IsIdentifierChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '/' || c == '.';
}

char InscriptionType(std::string_view document) { return document.size() == 14 ? '2' : '1'; }

// ---- What differs between the banks -------------------------------------------------------

enum class Bank { kBancoDoBrasil, kCaixa, kSicredi, kSicoob };

struct BankLayout {
  Bank bank;
  std::string_view code;
  std::string_view name;              // header 103–132
  std::string_view file_version;      // header 164–166
  std::string_view lot_version;       // lot header 14–16
  std::string_view density;           // header 167–171
  std::string_view company_reserved;  // header 192–211
  std::string_view lot_service_use;   // lot header 12–13
  std::string_view collector_dv;      // P 106, DV da agência cobradora
  std::string_view species;           // P 107–108, espécie do título (C015)
  std::string_view no_interest;       // P 118 without juros: C018 "3" isento, Sicoob "0"
  std::string_view write_off;         // P 224–227, código e prazo de baixa/devolução
  std::string_view trailer_accounts;  // file trailer 30–35
  std::size_t document_width;         // P 63–77, seu número
};

constexpr std::array<BankLayout, 4> kLayouts = {{
    // BB does not read the version fields (its validation: "campo não tratado"); these
    // are brcobranca's. Espécie 02 DM; no automatic write-off.
    {Bank::kBancoDoBrasil, "001", "BANCO DO BRASIL S.A.", "083", "042", "00000", "", "  ", " ",
     "02", "3", "0000", "      ", 15},
    // SIGCB: versions 101/060 of the current layout (laravel-boleto; brcobranca still writes
    // the older 050/030). "REMESSA-PRODUCAO" marks a production file; espécie 99 (outros);
    // write-off and return 120 days after the due date; seu número has 11 positions.
    {Bank::kCaixa, "104", "CAIXA ECONOMICA FEDERAL", "101", "060", "00000", "REMESSA-PRODUCAO",
     "00", "0", "99", "3", "1120", "      ", 11},
    // Espécie 03 DMI; the manual asks for write-off code 1 with 60 days, always.
    {Bank::kSicredi, "748", "SICREDI", "081", "040", "01600", "", "  ", " ", "03", "3", "1060",
     "000000", 15},
    // Sicoob's juros code for "isento" is 0; no write-off days (blank).
    {Bank::kSicoob, "756", "SICOOB", "081", "040", "00000", "", "  ", " ", "02", "0", "0   ",
     "000000", 15},
}};

const BankLayout* FindLayout(std::string_view bank_code) {
  for (const BankLayout& layout : kLayouts) {
    if (layout.code == bank_code) return &layout;
  }
  return nullptr;
}

std::string_view BankName(const BankLayout& layout) {
  const auto info = payments::FindBank(layout.code);
  return info ? info->name : layout.code;
}

// Sicoob wallet "1" (modalidade 01) or "carteira/modalidade", "1/05" (CheckAgreement format).
std::pair<std::string, std::string> SplitSicoobWallet(std::string_view wallet) {
  const std::size_t slash = wallet.find('/');
  if (slash == std::string_view::npos) return {std::string(wallet), "01"};
  return {std::string(wallet.substr(0, slash)), Line(2).Digits(wallet.substr(slash + 1), 2).Done()};
}

struct Context {
  const Remittance& remittance;
  const BankLayout& layout;
};

// ---- Checks -------------------------------------------------------------------------------

// Runs checks in order and returns the first failure.
template <typename... Checks>
core::Status FirstFailure(Checks&&... checks) {
  core::Status result;
  ((result = result ? checks() : result), ...);
  return result;
}

core::Status Require(bool ok, std::string field, std::string message) {
  if (ok) return {};
  return core::Invalid(std::move(field), std::move(message));
}

// payments' errors name "bank_agreement.x"; here the field is "agreement.x".
core::Error InRemittance(core::Error error) {
  constexpr std::string_view kPrefix = "bank_agreement.";
  if (std::string_view(error.field).substr(0, kPrefix.size()) == kPrefix) {
    error.field = "agreement." + error.field.substr(kPrefix.size());
  }
  return error;
}

// A check digit the layout needs typed: one digit or X.
core::Status RequireCheckDigit(std::string_view value, std::string_view name,
                               std::string_view label, const BankLayout& layout) {
  const std::string field = "agreement." + std::string(name);
  if (value.empty()) {
    return core::Invalid(
        field, fmt::format("{}: obrigatório na remessa CNAB 240 do {}", label, BankName(layout)));
  }
  const bool ok = value.size() == 1 && (core::IsAsciiDigits(value) || value == "X" || value == "x");
  return Require(ok, field, std::string(label) + " deve ser um único dígito ou X");
}

core::Status CheckBbAgreement(const Remittance& r, const BankLayout& layout) {
  const BankAgreement& a = r.agreement;
  return FirstFailure(
      [&] {
        return Require(a.agreement.size() == 7, "agreement.agreement",
                       "a remessa CNAB 240 do Banco do Brasil é só para convênio de 7 dígitos");
      },
      [&] {
        return Require(a.wallet == "11" || a.wallet == "12" || a.wallet == "17", "agreement.wallet",
                       "carteira do Banco do Brasil na remessa CNAB 240 deve ser 11, 12 ou 17");
      },
      [&] { return RequireCheckDigit(a.agency_digit, "agency_digit", "DV da agência", layout); },
      [&] { return RequireCheckDigit(a.account_digit, "account_digit", "DV da conta", layout); },
      [&] {
        return Require(
            r.bb_wallet_variation.size() == 3 && core::IsAsciiDigits(r.bb_wallet_variation),
            "bb_wallet_variation", "variação da carteira do Banco do Brasil deve ter 3 dígitos");
      });
}

// Sicredi and Sicoob: the account (conta corrente) and its DV go into every header and P.
core::Status CheckAccount(const BankAgreement& a, const BankLayout& layout) {
  return FirstFailure(
      [&] {
        return Require(core::IsAsciiDigits(a.account) && a.account.size() <= 12,
                       "agreement.account",
                       fmt::format("conta corrente: obrigatória na remessa CNAB 240 do {}, até "
                                   "12 dígitos, só números",
                                   BankName(layout)));
      },
      [&] { return RequireCheckDigit(a.account_digit, "account_digit", "DV da conta", layout); });
}

core::Status CheckAgreementFields(const Remittance& r, const BankLayout& layout) {
  if (auto ok = payments::CheckAgreement(r.agreement); !ok) {
    return tl::unexpected(InRemittance(ok.error()));
  }
  switch (layout.bank) {
    case Bank::kBancoDoBrasil:
      return CheckBbAgreement(r, layout);
    case Bank::kCaixa:
      return RequireCheckDigit(r.agreement.agency_digit, "agency_digit", "DV da agência", layout);
    case Bank::kSicoob:
      // The cooperativa's DV is optional (blank when not typed).
      if (!r.agreement.agency_digit.empty()) {
        auto ok = RequireCheckDigit(r.agreement.agency_digit, "agency_digit", "DV da cooperativa",
                                    layout);
        if (!ok) return ok;
      }
      break;
    case Bank::kSicredi:
      break;
  }
  return CheckAccount(r.agreement, layout);
}

bool IsValidHhmmss(int hhmmss) {
  return hhmmss >= 0 && hhmmss / 10000 < 24 && hhmmss / 100 % 100 < 60 && hhmmss % 100 < 60;
}

bool IsWritableDate(Date date) {
  return date.ok() && static_cast<int>(date.year()) >= 1 && static_cast<int>(date.year()) <= 9999;
}

bool IsDocumentDigits(std::string_view digits) {
  return core::IsAsciiDigits(digits) && (digits.size() == 11 || digits.size() == 14);
}

core::Status CheckFileFields(const Remittance& r) {
  return FirstFailure(
      [&] {
        return Require(IsDocumentDigits(r.company_document), "company_document",
                       "CNPJ ou CPF da loja deve ter 14 ou 11 dígitos, só números");
      },
      [&] {
        return Require(!CnabText(r.company_name).empty(), "company_name", "informe o nome da loja");
      },
      [&] {
        return Require(r.file_sequence >= 1 && r.file_sequence <= kMaxFileSequence, "file_sequence",
                       "número sequencial do arquivo (NSA) deve estar entre 1 e 999999");
      },
      [&] {
        return Require(IsWritableDate(r.generated_on), "generated_on", "data de geração inválida");
      },
      [&] {
        return Require(IsValidHhmmss(r.generated_hhmmss), "generated_hhmmss",
                       "hora de geração inválida: use HHMMSS, de 000000 a 235959");
      },
      [&] {
        return Require(!r.titles.empty(), "titles", "a remessa precisa de ao menos um título");
      },
      [&] {
        return Require(r.titles.size() <= kMaxTitles, "titles",
                       "no máximo 33.333 títulos por arquivo de remessa");
      });
}

std::string TitleField(std::size_t index, std::string_view name) {
  return fmt::format("titles[{}].{}", index, name);
}

std::size_t NossoNumeroDigits(Bank bank) {
  switch (bank) {
    case Bank::kBancoDoBrasil:  // convênio (7) + sequence (10), no DV
    case Bank::kCaixa:          // modalidade + emissão (2) + sequence (15)
      return 17;
    case Bank::kSicredi:  // year (2) + byte (1) + sequence (5) + DV
      return 9;
    case Bank::kSicoob:  // sequence (7) + DV
      break;
  }
  return 8;
}

core::Status CheckNossoNumero(const Context& c, const RemittanceTitle& t, std::size_t index) {
  const std::string_view digits = t.nosso_numero_digits;
  const std::size_t width = NossoNumeroDigits(c.layout.bank);
  const std::string field = TitleField(index, "nosso_numero_digits");
  if (!core::IsAsciiDigits(digits) || digits.size() != width) {
    return core::Invalid(
        field, fmt::format("nosso número deve ter {} dígitos no {}", width, BankName(c.layout)));
  }
  const std::string& convenio = c.remittance.agreement.agreement;
  return Require(c.layout.bank != Bank::kBancoDoBrasil || digits.substr(0, 7) == convenio, field,
                 "nosso número do Banco do Brasil deve começar pelo convênio " + convenio);
}

// Seu número and uso da empresa: identifiers that come back in the return, never altered.
core::Status CheckIdentifier(std::string_view value, std::size_t max_chars, std::string field,
                             std::string_view label, bool required) {
  if (value.empty()) {
    return Require(!required, std::move(field), std::string(label) + ": campo obrigatório");
  }
  if (value.size() > max_chars) {
    return core::Invalid(std::move(field),
                         fmt::format("{} deve ter até {} caracteres", label, max_chars));
  }
  for (const char c : value) {
    if (!IsIdentifierChar(c)) {
      return core::Invalid(
          std::move(field),
          std::string(label) + " aceita só letras sem acento, números, '-', '/' e '.'");
    }
  }
  return {};
}

core::Status CheckAmount(Money amount, std::string field, std::string_view label) {
  return Require(amount.IsPositive() && amount.cents() <= kMaxAmountCents, std::move(field),
                 std::string(label) + " deve ser maior que zero e caber em 13 dígitos de reais");
}

core::Status CheckDates(const RemittanceTitle& t, std::size_t index) {
  return FirstFailure(
      [&] {
        return Require(IsWritableDate(t.issue_date), TitleField(index, "issue_date"),
                       "data de emissão inválida");
      },
      [&] {
        return Require(IsWritableDate(t.due_date), TitleField(index, "due_date"),
                       "data de vencimento inválida");
      },
      [&] {
        return Require(t.issue_date <= t.due_date, TitleField(index, "due_date"),
                       "vencimento anterior à data de emissão");
      });
}

core::Status CheckRates(const RemittanceTitle& t, std::size_t index) {
  const std::string late_fee = TitleField(index, "late_fee_rate");
  const std::string moratory = TitleField(index, "moratory_monthly_rate");
  return FirstFailure(
      [&] {
        return Require(t.late_fee_rate.units() >= 0, late_fee, "multa não pode ser negativa");
      },
      [&] {
        return Require(t.late_fee_rate <= stores::kMaxConsumerLateFee, late_fee,
                       "multa de " + t.late_fee_rate.FormatPercent() +
                           " acima do limite de 2% (CDC, art. 52, § 1º)");
      },
      [&] {
        return Require(t.late_fee_rate.ExactBps().has_value(), late_fee,
                       "multa com mais de duas casas decimais no percentual");
      },
      [&] {
        return Require(t.moratory_monthly_rate.units() >= 0, moratory,
                       "juros de mora não podem ser negativos");
      },
      [&] {
        return Require(t.moratory_monthly_rate <= stores::kMaxMoratoryMonthlyRate, moratory,
                       "juros de mora de " + t.moratory_monthly_rate.FormatPercent() +
                           " ao mês acima do limite de 1% ao mês");
      });
}

core::Status CheckDiscount(const RemittanceTitle& t, std::size_t index) {
  const std::string amount = TitleField(index, "discount");
  const std::string until = TitleField(index, "discount_until");
  if (!t.discount && !t.discount_until) return {};
  return FirstFailure(
      [&] { return Require(t.discount.has_value(), amount, "informe o valor do desconto"); },
      [&] {
        return Require(t.discount_until.has_value(), until, "informe a data limite do desconto");
      },
      [&] { return CheckAmount(*t.discount, amount, "desconto"); },
      [&] {
        return Require(*t.discount < t.face_value, amount,
                       "desconto deve ser menor que o valor do título");
      },
      [&] {
        return Require(IsWritableDate(*t.discount_until) && *t.discount_until <= t.due_date, until,
                       "data limite do desconto deve ser válida e até o vencimento");
      });
}

core::Status CheckPayer(const RemittancePayer& p, std::size_t index) {
  const auto field = [&](std::string_view name) {
    return TitleField(index, "payer." + std::string(name));
  };
  return FirstFailure(
      [&] {
        return Require(IsDocumentDigits(p.document), field("document"),
                       "CPF ou CNPJ do pagador deve ter 11 ou 14 dígitos, só números");
      },
      [&] {
        return Require(!CnabText(p.name).empty(), field("name"), "informe o nome do pagador");
      },
      [&] {
        return Require(!CnabText(p.address).empty(), field("address"),
                       "informe o endereço do pagador");
      },
      [&] {
        return Require(core::IsAsciiDigits(p.postal_code) && p.postal_code.size() == 8,
                       field("postal_code"), "CEP do pagador deve ter 8 dígitos, só números");
      },
      [&] {
        return Require(!CnabText(p.city).empty(), field("city"), "informe a cidade do pagador");
      },
      [&] {
        return Require(stores::IsValidUf(core::AsciiUpper(p.state)), field("state"),
                       "UF do pagador inválida: use a sigla do estado, como SP ou MG");
      });
}

core::Status CheckTitle(const Context& c, const RemittanceTitle& t, std::size_t index) {
  return FirstFailure(
      [&] { return CheckNossoNumero(c, t, index); },
      [&] {
        return CheckIdentifier(t.document_number, c.layout.document_width,
                               TitleField(index, "document_number"), "número do documento", true);
      },
      [&] {
        return CheckIdentifier(t.company_use, 25, TitleField(index, "company_use"),
                               "identificação do título na empresa", false);
      },
      [&] { return CheckDates(t, index); },
      [&] { return CheckAmount(t.face_value, TitleField(index, "face_value"), "valor do título"); },
      [&] { return CheckRates(t, index); }, [&] { return CheckDiscount(t, index); },
      [&] { return CheckPayer(t.payer, index); });
}

// The sum of the face values, written by Sicoob's lot trailer (17 digits).
core::Status CheckTotal(const Remittance& r) {
  std::int64_t total_cents = 0;
  for (const RemittanceTitle& t : r.titles) {
    total_cents += t.face_value.cents();  // ≤ kMaxTotalCents + kMaxAmountCents: no overflow
    if (total_cents > kMaxTotalCents) {
      return core::Invalid("titles",
                           "a soma dos valores dos títulos não cabe no arquivo; divida a remessa");
    }
  }
  return {};
}

core::Status CheckRemittance(const Context& c) {
  const Remittance& r = c.remittance;
  if (auto ok = CheckAgreementFields(r, c.layout); !ok) return ok;
  if (auto ok = CheckFileFields(r); !ok) return ok;
  for (std::size_t i = 0; i < r.titles.size(); ++i) {
    if (auto ok = CheckTitle(c, r.titles[i], i); !ok) return ok;
  }
  return CheckTotal(r);
}

// ---- Blocks shared by several records ------------------------------------------------------

// Header 33–52 / lot header 34–53: the bank's agreement (convênio).
std::string ConvenioBlock(const Context& c, bool lot_header) {
  const BankAgreement& a = c.remittance.agreement;
  switch (c.layout.bank) {
    case Bank::kBancoDoBrasil:
      // Convênio (9), "0014" (cobrança cedente), carteira (2), variação (3), 2 blanks.
      return Line(20)
          .Digits(a.agreement, 9)
          .Put("0014")
          .Digits(a.wallet, 2)
          .Put(c.remittance.bb_wallet_variation)
          .Blanks(2)
          .Done();
    case Bank::kCaixa:
      // Zeros in the file header; the código do beneficiário (6) in the lot header.
      if (!lot_header) return std::string(20, '0');
      return Line(20).Digits(a.agreement, 6).Zeros(14).Done();
    case Bank::kSicredi:
    case Bank::kSicoob:
      break;
  }
  return std::string(20, ' ');
}

// Header 53–72, lot header 54–73 and P 18–37: the beneficiary's agency and account.
std::string AccountBlock(const Context& c) {
  const BankAgreement& a = c.remittance.agreement;
  const std::string agency_digit =
      c.layout.bank == Bank::kSicredi ? std::string() : core::AsciiUpper(a.agency_digit);
  Line block(20);
  block.Digits(a.agency, 5).Text(agency_digit, 1);
  if (c.layout.bank == Bank::kCaixa) {
    // Código do beneficiário (6) and 8 positions for the bank's own use.
    return block.Digits(a.agreement, 6).Zeros(8).Done();
  }
  // Conta (12), its DV, and a blank DV agência/conta.
  return block.Digits(a.account, 12).Text(core::AsciiUpper(a.account_digit), 1).Blanks(1).Done();
}

// P 38–57: identificação do título no banco.
std::string NossoNumeroField(const Context& c, std::string_view digits) {
  switch (c.layout.bank) {
    case Bank::kCaixa:
      // 3 zeros, then modalidade/emissão (2) and the sequence (15).
      return Line(20).Digits(digits, 20).Done();
    case Bank::kSicoob:
      // Number with its DV (10), parcela "01", modalidade, form "4" (A4, no envelope).
      return Line(20)
          .Digits(digits, 10)
          .Put("01")
          .Put(SplitSicoobWallet(c.remittance.agreement.wallet).second)
          .Put("4")
          .Blanks(5)
          .Done();
    case Bank::kBancoDoBrasil:
    case Bank::kSicredi:
      break;
  }
  return Line(20).Text(digits, 20).Done();
}

// P 58–62: carteira, cadastramento, tipo de documento, emissão and distribuição of the
// boleto (the shop prints and delivers it).
std::string TitleKindCodes(const Context& c) {
  const std::string& wallet = c.remittance.agreement.wallet;
  switch (c.layout.bank) {
    case Bank::kBancoDoBrasil:
      // BB: "7" for carteira 17 simples, "1" for carteiras 11/12 simples (brcobranca writes
      // 7 for every wallet); BB ignores the other four.
      return std::string(wallet == "17" ? "7" : "1") + "1 00";
    case Bank::kCaixa:
      return "11220";  // simples, registrada, escritural, cliente emite, beneficiário posta
    case Bank::kSicredi:
      return "11122";  // simples, registrada, tradicional, beneficiário emite e distribui
    case Bank::kSicoob:
      break;
  }
  return SplitSicoobWallet(wallet).first + "0 22";  // carteira, —, —, cliente emite/distribui
}

// P 63–77: seu número, left-aligned (alfanumérico); Caixa has 11 positions then 4 blanks.
std::string DocumentNumberField(const Context& c, const RemittanceTitle& t) {
  const std::size_t width = c.layout.document_width;
  return Line(15).Text(core::AsciiUpper(t.document_number), width).Blanks(15 - width).Done();
}

Money InterestPerDay(const RemittanceTitle& t) {
  return t.moratory_monthly_rate.ApplyProRata(t.face_value, 1, 30);
}

// P 118–141: juros de mora — code 1 (valor por dia) from the day after the due date, or
// isento when there is nothing to charge.
std::string InterestFields(const BankLayout& layout, const RemittanceTitle& t) {
  const Money per_day = InterestPerDay(t);
  if (!per_day.IsPositive()) return Line(24).Put(layout.no_interest).Zeros(23).Done();
  return Line(24).Put("1").Day(core::AddDays(t.due_date, 1)).Amount(per_day).Done();
}

// P 142–165: desconto 1 — code 1 (valor fixo até a data informada) or 0.
std::string DiscountFields(const RemittanceTitle& t) {
  if (!t.discount) return std::string(24, '0');
  return Line(24).Put("1").Day(*t.discount_until).Amount(*t.discount).Done();
}

// R 66–89: multa — code 2 (percentual, 2 decimals) from the day after the due date, or 0.
std::string LateFeeFields(const RemittanceTitle& t) {
  if (t.late_fee_rate.IsZero()) return std::string(24, '0');
  return Line(24)
      .Put("2")
      .Day(core::AddDays(t.due_date, 1))
      .Number(*t.late_fee_rate.ExactBps(), 15)
      .Done();
}

// R 180–240.
std::string SegmentRTail(const BankLayout& layout) {
  if (layout.bank == Bank::kCaixa) return std::string(61, ' ');  // pagador's e-mail, reserved
  // Reserved (20), ocorrência do pagador (8), débito automático account: bank (3),
  // agency (5 + DV), account (12 + DV), DV ag/conta, aviso "0"; reserved (9).
  return Line(61).Blanks(20).Zeros(16).Blanks(1).Zeros(12).Blanks(2).Put("0").Blanks(9).Done();
}

// Lot trailer 24–240: quantity and value per carteira (simples, vinculada, caucionada,
// descontada). Sicoob wants the cobrança simples totals; the others zeros, as each bank's
// brcobranca sample.
std::string LotTrailerTail(const Context& c) {
  const Remittance& r = c.remittance;
  switch (c.layout.bank) {
    case Bank::kBancoDoBrasil:
      return std::string(217, '0');
    case Bank::kCaixa:
      return Line(217).Zeros(69).Blanks(148).Done();
    case Bank::kSicredi:
      return Line(217).Zeros(92).Blanks(125).Done();
    case Bank::kSicoob:
      break;
  }
  std::int64_t total_cents = 0;
  for (const RemittanceTitle& t : r.titles) total_cents += t.face_value.cents();
  return Line(217)
      .Number(static_cast<std::int64_t>(r.titles.size()), 6)
      .Number(total_cents, 17)
      .Zeros(69)
      .Blanks(125)
      .Done();
}

// ---- Records -------------------------------------------------------------------------------

std::string FileHeader(const Context& c) {
  const Remittance& r = c.remittance;
  Line line;
  line.At(1).Put(c.layout.code).Put("0000").Put("0").Blanks(9);
  line.At(18).Char(InscriptionType(r.company_document)).Digits(r.company_document, 14);
  line.At(33).Put(ConvenioBlock(c, false)).At(53).Put(AccountBlock(c));
  line.At(73).Text(CnabText(r.company_name, 30), 30).Text(c.layout.name, 30).Blanks(10);
  line.At(143).Put("1").Day(r.generated_on).Number(r.generated_hhmmss, 6);
  line.At(158).Number(r.file_sequence, 6).Put(c.layout.file_version).Put(c.layout.density);
  line.At(172).Blanks(20).Text(c.layout.company_reserved, 20).Blanks(29);
  return line.Done();
}

std::string LotHeader(const Context& c) {
  const Remittance& r = c.remittance;
  Line line;
  line.At(1).Put(c.layout.code).Put("0001").Put("1").Put("R").Put("01");
  line.At(12).Put(c.layout.lot_service_use).Put(c.layout.lot_version).Blanks(1);
  line.At(18).Char(InscriptionType(r.company_document)).Digits(r.company_document, 15);
  line.At(34).Put(ConvenioBlock(c, true)).At(54).Put(AccountBlock(c));
  line.At(74).Text(CnabText(r.company_name, 30), 30).Blanks(80);  // messages 1 and 2
  line.At(184).Number(r.file_sequence, 8).Day(r.generated_on).Zeros(8).Blanks(33);
  return line.Done();
}

// Positions 1–17 of a detail record: lot 0001, record number, segment, movimento 01.
Line DetailStart(const Context& c, std::int64_t record, char segment) {
  Line line;
  line.At(1).Put(c.layout.code).Put("0001").Put("3").Number(record, 5).Char(segment).Blanks(1);
  line.At(16).Put("01");  // entrada de título (C004)
  return line;
}

std::string SegmentP(const Context& c, const RemittanceTitle& t, std::int64_t record) {
  Line line = DetailStart(c, record, 'P');
  line.At(18).Put(AccountBlock(c)).At(38).Put(NossoNumeroField(c, t.nosso_numero_digits));
  line.At(58).Put(TitleKindCodes(c)).At(63).Put(DocumentNumberField(c, t));
  line.At(78).Day(t.due_date).Amount(t.face_value).Zeros(5).Put(c.layout.collector_dv);
  line.At(107).Put(c.layout.species).Put("N").Day(t.issue_date);  // aceite: não
  line.At(118).Put(InterestFields(c.layout, t)).At(142).Put(DiscountFields(t));
  line.At(166).Zeros(30);  // IOF, abatimento
  line.At(196).Text(core::AsciiUpper(t.company_use), 25);
  line.At(221).Put("300");                                             // não protestar
  line.At(224).Put(c.layout.write_off).Put("09").Zeros(10).Blanks(1);  // moeda: real
  return line.Done();
}

std::string SegmentQ(const Context& c, const RemittanceTitle& t, std::int64_t record) {
  const RemittancePayer& p = t.payer;
  Line line = DetailStart(c, record, 'Q');
  line.At(18).Char(InscriptionType(p.document)).Digits(p.document, 15);
  line.At(34).Text(CnabText(p.name, 40), 40).Text(CnabText(p.address, 40), 40);
  line.At(114).Text(CnabText(p.district, 15), 15).Put(p.postal_code);  // CEP 5 + 3
  line.At(137).Text(CnabText(p.city, 15), 15).Put(core::AsciiUpper(p.state));
  line.At(154).Put("0").Zeros(15).Blanks(40);  // no sacador/avalista
  line.At(210).Zeros(3).Blanks(28);            // no banco correspondente
  return line.Done();
}

std::string SegmentR(const Context& c, const RemittanceTitle& t, std::int64_t record) {
  Line line = DetailStart(c, record, 'R');
  line.At(18).Zeros(48);  // descontos 2 and 3
  line.At(66).Put(LateFeeFields(t));
  line.At(90).Blanks(90);  // informação ao pagador, mensagens 3 e 4
  line.At(180).Put(SegmentRTail(c.layout));
  return line.Done();
}

std::string LotTrailer(const Context& c, std::int64_t lot_records) {
  Line line;
  line.At(1).Put(c.layout.code).Put("0001").Put("5").Blanks(9);
  line.At(18).Number(lot_records, 6).Put(LotTrailerTail(c));
  return line.Done();
}

std::string FileTrailer(const Context& c, std::int64_t file_records) {
  Line line;
  line.At(1).Put(c.layout.code).Put("9999").Put("9").Blanks(9);
  line.At(18).Number(1, 6).Number(file_records, 6).Put(c.layout.trailer_accounts);
  line.At(36).Blanks(205);
  return line.Done();
}

}  // namespace

bool WritesRemittance240(std::string_view bank_code) { return FindLayout(bank_code) != nullptr; }

core::Result<std::string> WriteRemittance240(const Remittance& remittance) {
  // Phase 1: a bank with a writer, then every field, so nothing is written from bad input.
  const BankLayout* layout = FindLayout(remittance.agreement.bank_code);
  if (layout == nullptr) {
    return core::Invalid("agreement.bank_code",
                         "banco " + remittance.agreement.bank_code +
                             " sem remessa CNAB 240 no Fiado; há remessa para 001, 104, 748 e 756");
  }
  const Context c{remittance, *layout};
  if (auto ok = CheckRemittance(c); !ok) return tl::unexpected(ok.error());

  // Phase 2: the records, each line ended by CRLF; record numbers run 1, 2, 3… in the lot.
  std::string file;
  file.reserve((remittance.titles.size() * 3 + 4) * (kLineLength + 2));
  const auto add = [&file](const std::string& line) {
    file.append(line);
    file.append("\r\n");
  };
  add(FileHeader(c));
  add(LotHeader(c));
  std::int64_t record = 0;
  for (const RemittanceTitle& title : remittance.titles) {
    add(SegmentP(c, title, ++record));
    add(SegmentQ(c, title, ++record));
    add(SegmentR(c, title, ++record));
  }
  const std::int64_t lot_records = record + 2;  // with the lot header and trailer
  add(LotTrailer(c, lot_records));
  add(FileTrailer(c, lot_records + 2));  // with the file header and trailer
  return file;
}

}  // namespace fiado::bankfiles
