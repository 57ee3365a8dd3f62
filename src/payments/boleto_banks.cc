#include "payments/boleto_banks.h"

#include <array>
#include <cctype>
#include <initializer_list>

#include "payments/boleto.h"

namespace fiado::payments {
namespace {

using stores::BankAgreement;

// ---- Shared helpers ----------------------------------------------------------------------

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// `digits` left-padded with zeros to `width` (digits.size() ≤ width).
std::string ZeroPad(std::string_view digits, std::size_t width) {
  std::string padded(width - digits.size(), '0');
  padded.append(digits);
  return padded;
}

std::string SequenceDigits(std::int64_t sequence, std::size_t width) {
  return ZeroPad(std::to_string(sequence), width);
}

char DigitChar(int digit) { return static_cast<char>('0' + digit); }

// The pieces one after the other (GCC 12 at -O3 warns, wrongly, on long `+` chains).
std::string Join(std::initializer_list<std::string_view> pieces) {
  std::string joined;
  for (const std::string_view piece : pieces) joined.append(piece);
  return joined;
}

// Σ digit × weight with weights 2, 3, …, max_weight, 2, … from the rightmost digit.
int WeightedSumFromRight(std::string_view digits, int max_weight) {
  int sum = 0;
  int weight = 2;
  for (std::size_t i = digits.size(); i-- > 0;) {
    sum += (digits[i] - '0') * weight;
    weight = weight == max_weight ? 2 : weight + 1;
  }
  return sum;
}

// The usual módulo 11 (weights 2–9): 11 − remainder, where remainders 0 and 1 give 0.
char Mod11DvZero(std::string_view digits) {
  const int remainder = WeightedSumFromRight(digits, 9) % 11;
  return remainder <= 1 ? '0' : DigitChar(11 - remainder);
}

std::string Field(std::string_view name) { return "bank_agreement." + std::string(name); }

// A digits-only value of at most `max_digits`; required unless `optional`.
core::Status CheckNumber(std::string_view value, std::string_view name, std::string_view label,
                         std::size_t max_digits, std::string_view bank, bool optional = false) {
  if (value.empty()) {
    if (optional) return {};
    return core::Invalid(Field(name), std::string(label) + ": campo obrigatório para boletos do " +
                                          std::string(bank));
  }
  if (!AllDigits(value) || value.size() > max_digits) {
    return core::Invalid(Field(name), std::string(label) + " deve ter até " +
                                          std::to_string(max_digits) + " dígitos, só números");
  }
  return {};
}

char Upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// A check digit typed by the shop: empty, one digit, or one of `letters` ("X", "P").
core::Status CheckDigitField(std::string_view value, std::string_view name, std::string_view label,
                             std::string_view letters) {
  if (value.empty()) return {};
  if (value.size() == 1 &&
      (AllDigits(value) || letters.find(Upper(value[0])) != std::string_view::npos)) {
    return {};
  }
  return core::Invalid(Field(name),
                       std::string(label) + " deve ser um único dígito ou " + std::string(letters));
}

core::Status CheckSequence(std::int64_t sequence, std::size_t width, std::string_view where) {
  if (sequence < 1) return core::Invalid("sequence", "número do título deve ser 1 ou maior");
  if (std::to_string(sequence).size() > width) {
    return core::Invalid("sequence", "nosso número " + std::to_string(sequence) + " não cabe nos " +
                                         std::to_string(width) + " dígitos " + std::string(where));
  }
  return {};
}

// The typed check digit when there is one, else `computed`.
std::string DigitOr(std::string_view typed, char computed) {
  return std::string(1, typed.empty() ? computed : Upper(typed[0]));
}

// Runs checks in order and returns the first failure.
template <typename... Checks>
core::Status FirstFailure(Checks&&... checks) {
  core::Status result;
  ((result = result ? checks() : result), ...);
  return result;
}

// ---- 001 Banco do Brasil ----------------------------------------------------------------

constexpr std::string_view kBb = "Banco do Brasil";

// BB's módulo 11, weights 9…2 from the right and the remainder as DV (10 → X); since
// 9…2 ≡ −(2…9) (mod 11), that is (11 − Σ₂…₉ mod 11) mod 11.
char BbDv(std::string_view digits) {
  const int remainder = (11 - WeightedSumFromRight(digits, 9) % 11) % 11;
  return remainder == 10 ? 'X' : DigitChar(remainder);
}

// Wallet "18", or "16/21"/"18/21" for convênio 6 with a 17-digit nosso número.
struct BbWallet {
  std::string wallet;
  bool free_number = false;
};

std::optional<BbWallet> ParseBbWallet(std::string_view text, std::size_t convenio_digits) {
  if (text.size() == 5 && text.substr(2) == "/21" && convenio_digits == 6) {
    const std::string_view wallet = text.substr(0, 2);
    if (wallet == "16" || wallet == "18") return BbWallet{std::string(wallet), true};
    return std::nullopt;
  }
  if (text.empty() || text.size() > 2 || !AllDigits(text)) return std::nullopt;
  return BbWallet{ZeroPad(text, 2), false};
}

core::Status CheckBb(const BankAgreement& a) {
  const std::size_t convenio = a.agreement.size();
  return FirstFailure(
      [&] { return CheckNumber(a.agreement, "agreement", "convênio", 8, kBb); },
      [&]() -> core::Status {
        if (convenio == 4 || convenio >= 6) return {};
        return core::Invalid(Field("agreement"), "convênio deve ter 4, 6, 7 ou 8 dígitos");
      },
      [&]() -> core::Status {
        if (ParseBbWallet(a.wallet, convenio)) return {};
        return core::Invalid(Field("wallet"),
                             "carteira deve ter 2 dígitos (\"17\", \"18\"); "
                             "\"16/21\" ou \"18/21\" só com convênio de 6");
      },
      [&] { return CheckNumber(a.agency, "agency", "agência", 4, kBb); },
      [&] { return CheckDigitField(a.agency_digit, "agency_digit", "DV da agência", "X"); },
      [&] { return CheckNumber(a.account, "account", "conta", 8, kBb); },
      [&] { return CheckDigitField(a.account_digit, "account_digit", "DV da conta", "X"); });
}

core::Result<BoletoTitle> MakeBb(const BankAgreement& a, std::int64_t sequence, core::Date,
                                 const TitleOptions&) {
  const std::size_t convenio = a.agreement.size();
  const BbWallet wallet = *ParseBbWallet(a.wallet, convenio);
  // Sequence digits: 17 after convênio 6 "livre", else what fills 17 (7, 8) or 11 (4, 6).
  const std::size_t width = wallet.free_number ? 17 : (convenio >= 7 ? 17 : 11) - convenio;
  const std::string where = "do convênio de " + std::to_string(convenio) + " dígitos do BB";
  if (auto ok = CheckSequence(sequence, width, where); !ok) return tl::unexpected(ok.error());
  const std::string agency = ZeroPad(a.agency, 4);
  const std::string account = ZeroPad(a.account, 8);
  BoletoTitle title;
  title.beneficiary = agency + "-" + DigitOr(a.agency_digit, BbDv(agency)) + " / " + account + "-" +
                      DigitOr(a.account_digit, BbDv(account));
  if (wallet.free_number) {
    title.nosso_numero_digits = SequenceDigits(sequence, 17);
    title.nosso_numero = title.nosso_numero_digits;
    title.campo_livre = a.agreement + title.nosso_numero_digits + "21";
  } else if (convenio >= 7) {
    title.nosso_numero_digits = a.agreement + SequenceDigits(sequence, width);
    title.nosso_numero = title.nosso_numero_digits;
    title.campo_livre = "000000" + title.nosso_numero_digits + wallet.wallet;
  } else {
    title.nosso_numero_digits = a.agreement + SequenceDigits(sequence, width);
    title.nosso_numero = title.nosso_numero_digits + "-" + BbDv(title.nosso_numero_digits);
    title.campo_livre = title.nosso_numero_digits + agency + account + wallet.wallet;
  }
  return title;
}

// ---- 237 Bradesco ------------------------------------------------------------------------

constexpr std::string_view kBradesco = "Bradesco";

// Bradesco's módulo 11 with weights 2…max_weight: 11 − remainder, 10 → P, 11 → 0.
char BradescoDv(std::string_view digits, int max_weight) {
  const int remainder = WeightedSumFromRight(digits, max_weight) % 11;
  if (remainder == 0) return '0';
  if (remainder == 1) return 'P';
  return DigitChar(11 - remainder);
}

core::Status CheckBradesco(const BankAgreement& a) {
  return FirstFailure(
      [&] { return CheckNumber(a.agency, "agency", "agência", 4, kBradesco); },
      [&] { return CheckDigitField(a.agency_digit, "agency_digit", "DV da agência", "P"); },
      [&] { return CheckNumber(a.account, "account", "conta", 7, kBradesco); },
      [&] { return CheckDigitField(a.account_digit, "account_digit", "DV da conta", "P"); },
      [&] { return CheckNumber(a.wallet, "wallet", "carteira", 2, kBradesco); });
}

core::Result<BoletoTitle> MakeBradesco(const BankAgreement& a, std::int64_t sequence, core::Date,
                                       const TitleOptions&) {
  if (auto ok = CheckSequence(sequence, 11, "do Bradesco"); !ok) {
    return tl::unexpected(ok.error());
  }
  const std::string agency = ZeroPad(a.agency, 4);
  const std::string account = ZeroPad(a.account, 7);
  const std::string wallet = ZeroPad(a.wallet, 2);
  const std::string number = SequenceDigits(sequence, 11);
  BoletoTitle title;
  title.campo_livre = agency + wallet + number + account + "0";
  title.nosso_numero = wallet + "/" + number + "-" + BradescoDv(wallet + number, 7);
  title.nosso_numero_digits = number;
  title.beneficiary = agency + "-" + DigitOr(a.agency_digit, BradescoDv(agency, 5)) + " / " +
                      account + "-" + DigitOr(a.account_digit, BradescoDv(account, 7));
  return title;
}

// ---- 341 Itaú -----------------------------------------------------------------------------

constexpr std::string_view kItau = "Itaú";

// Wallets whose nosso número DAC leaves agency and account out.
bool ItauDacWithoutAccount(std::string_view wallet) {
  for (const std::string_view w : {"112", "126", "131", "146", "150", "168"}) {
    if (wallet == w) return true;
  }
  return false;
}

// Wallets whose campo livre carries seu número + código do cliente instead of the account.
bool ItauSpecialWallet(std::string_view wallet) {
  for (const std::string_view w : {"106", "107", "122", "142", "143", "195", "196", "198"}) {
    if (wallet == w) return true;
  }
  return false;
}

core::Status CheckItau(const BankAgreement& a) {
  const std::string wallet = a.wallet.size() <= 3 ? ZeroPad(a.wallet, 3) : a.wallet;
  return FirstFailure(
      [&] { return CheckNumber(a.agency, "agency", "agência", 4, kItau); },
      [&] { return CheckNumber(a.account, "account", "conta", 5, kItau); },
      [&] { return CheckNumber(a.wallet, "wallet", "carteira", 3, kItau); },
      [&] {
        return CheckNumber(a.agreement, "agreement", "código do cliente", 5, kItau,
                           !ItauSpecialWallet(wallet));
      },
      [&]() -> core::Status {
        if (a.account_digit.empty()) return {};
        const char dac = DigitChar(Modulo10(ZeroPad(a.agency, 4) + ZeroPad(a.account, 5)));
        if (a.account_digit == std::string(1, dac)) return {};
        return core::Invalid(
            Field("account_digit"),
            std::string("DAC da conta não confere: pela agência e conta, é ") + dac);
      });
}

core::Result<BoletoTitle> MakeItau(const BankAgreement& a, std::int64_t sequence, core::Date,
                                   const TitleOptions& options) {
  if (auto ok = CheckSequence(sequence, 8, "do Itaú"); !ok) return tl::unexpected(ok.error());
  const std::string agency = ZeroPad(a.agency, 4);
  const std::string account = ZeroPad(a.account, 5);
  const std::string wallet = ZeroPad(a.wallet, 3);
  const std::string number = SequenceDigits(sequence, 8);
  const char dac = DigitChar(Modulo10(
      ItauDacWithoutAccount(wallet) ? wallet + number : agency + account + wallet + number));
  const char account_dac = DigitChar(Modulo10(agency + account));
  BoletoTitle title;
  title.nosso_numero = wallet + "/" + number + "-" + dac;
  title.nosso_numero_digits = number;
  title.beneficiary = agency + " / " + account + "-" + account_dac;
  if (!ItauSpecialWallet(wallet)) {
    title.campo_livre = wallet + number + dac + agency + account + account_dac + "000";
    return title;
  }
  const bool typed = options.document_number != 0;
  const std::int64_t document = typed ? options.document_number : sequence;
  if (document < 1 || std::to_string(document).size() > 7) {
    return core::Invalid(typed ? "document_number" : "sequence",
                         "seu número deve ter de 1 a 7 dígitos na carteira " + wallet);
  }
  const std::string body = wallet + number + SequenceDigits(document, 7) + ZeroPad(a.agreement, 5);
  title.campo_livre = body + DigitChar(Modulo10(body)) + "0";
  return title;
}

// ---- 104 Caixa (SIGCB) -------------------------------------------------------------------

constexpr std::string_view kCaixa = "Caixa";

// Modalidade: "RG" (registrada) → '1', "SR" (sem registro) → '2'; '1'/'2' as themselves.
std::optional<char> CaixaModalidade(std::string_view wallet) {
  std::string upper(wallet);
  for (char& c : upper) c = Upper(c);
  if (upper == "RG" || upper == "1") return '1';
  if (upper == "SR" || upper == "2") return '2';
  return std::nullopt;
}

core::Status CheckCaixa(const BankAgreement& a) {
  return FirstFailure(
      [&] { return CheckNumber(a.agreement, "agreement", "código do beneficiário", 6, kCaixa); },
      [&] { return CheckNumber(a.agency, "agency", "agência", 4, kCaixa); },
      [&]() -> core::Status {
        if (CaixaModalidade(a.wallet)) return {};
        return core::Invalid(Field("wallet"),
                             "carteira deve ser RG (registrada) ou SR (sem registro)");
      });
}

core::Result<BoletoTitle> MakeCaixa(const BankAgreement& a, std::int64_t sequence, core::Date,
                                    const TitleOptions&) {
  if (auto ok = CheckSequence(sequence, 15, "da Caixa"); !ok) return tl::unexpected(ok.error());
  const std::string beneficiary = ZeroPad(a.agreement, 6);
  // Modalidade, emissão 4 (by the beneficiary), then the 15-digit sequence.
  const std::string number =
      std::string(1, *CaixaModalidade(a.wallet)) + "4" + SequenceDigits(sequence, 15);
  const std::string body = beneficiary + Mod11DvZero(beneficiary) + number.substr(2, 3) +
                           number[0] + number.substr(5, 3) + number[1] + number.substr(8, 9);
  BoletoTitle title;
  title.campo_livre = body + Mod11DvZero(body);
  title.nosso_numero = number + "-" + Mod11DvZero(number);
  title.nosso_numero_digits = number;
  title.beneficiary = ZeroPad(a.agency, 4) + "/" + beneficiary + "-" + Mod11DvZero(beneficiary);
  return title;
}

// ---- 033 Santander -----------------------------------------------------------------------

constexpr std::string_view kSantander = "Santander";

core::Status CheckSantander(const BankAgreement& a) {
  return FirstFailure(
      [&] {
        return CheckNumber(a.agreement, "agreement", "código do beneficiário", 7, kSantander);
      },
      [&] { return CheckNumber(a.agency, "agency", "agência", 4, kSantander); },
      [&] { return CheckNumber(a.wallet, "wallet", "carteira", 3, kSantander); });
}

core::Result<BoletoTitle> MakeSantander(const BankAgreement& a, std::int64_t sequence, core::Date,
                                        const TitleOptions&) {
  if (auto ok = CheckSequence(sequence, 12, "do Santander"); !ok) {
    return tl::unexpected(ok.error());
  }
  const std::string number = SequenceDigits(sequence, 12);
  const std::string dv(1, Mod11DvZero(number));
  BoletoTitle title;
  // "9", beneficiary, nosso número + DV, IOF 0 (only insurers use it), wallet.
  title.campo_livre = Join({"9", ZeroPad(a.agreement, 7), number, dv, "0", ZeroPad(a.wallet, 3)});
  title.nosso_numero = Join({number, "-", dv});
  title.nosso_numero_digits = number + dv;
  title.beneficiary = ZeroPad(a.agency, 4) + "/" + ZeroPad(a.agreement, 7);
  return title;
}

// ---- 756 Sicoob --------------------------------------------------------------------------

constexpr std::string_view kSicoob = "Sicoob";

// Wallet "1" (modalidade 01) or "carteira/modalidade", "1/05".
struct SicoobWallet {
  std::string wallet;      // 1 digit
  std::string modalidade;  // 2 digits
};

std::optional<SicoobWallet> ParseSicoobWallet(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string_view wallet = text.substr(0, slash);
  const std::string_view modalidade =
      slash == std::string_view::npos ? "01" : text.substr(slash + 1);
  if (wallet.size() != 1 || !AllDigits(wallet)) return std::nullopt;
  if (modalidade.empty() || modalidade.size() > 2 || !AllDigits(modalidade)) return std::nullopt;
  return SicoobWallet{std::string(wallet), ZeroPad(modalidade, 2)};
}

// Σ digit × (3, 1, 9, 7, 3, …) from the left; 11 − remainder, remainders 0 and 1 give 0.
char SicoobDv(std::string_view digits) {
  constexpr std::array<int, 4> kWeights = {3, 1, 9, 7};
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * kWeights[i % 4];
  const int remainder = sum % 11;
  return remainder <= 1 ? '0' : DigitChar(11 - remainder);
}

core::Status CheckSicoob(const BankAgreement& a) {
  return FirstFailure(
      [&] { return CheckNumber(a.agency, "agency", "cooperativa", 4, kSicoob); },
      [&] { return CheckNumber(a.agreement, "agreement", "código do cliente", 7, kSicoob); },
      [&]() -> core::Status {
        if (ParseSicoobWallet(a.wallet)) return {};
        return core::Invalid(Field("wallet"),
                             "carteira deve ser \"1\" ou carteira/modalidade, como \"1/01\"");
      });
}

core::Result<BoletoTitle> MakeSicoob(const BankAgreement& a, std::int64_t sequence, core::Date,
                                     const TitleOptions&) {
  if (auto ok = CheckSequence(sequence, 7, "do Sicoob"); !ok) return tl::unexpected(ok.error());
  const SicoobWallet wallet = *ParseSicoobWallet(a.wallet);
  const std::string agency = ZeroPad(a.agency, 4);
  const std::string client = ZeroPad(a.agreement, 7);
  const std::string number = SequenceDigits(sequence, 7);
  const char dv = SicoobDv(agency + ZeroPad(a.agreement, 10) + number);
  BoletoTitle title;
  title.campo_livre = wallet.wallet + agency + wallet.modalidade + client + number + dv + "001";
  title.nosso_numero = number + "-" + dv;
  title.nosso_numero_digits = number + dv;
  title.beneficiary = agency + " / " + client;
  return title;
}

// ---- 748 Sicredi -------------------------------------------------------------------------

constexpr std::string_view kSicredi = "Sicredi";

core::Status CheckSicredi(const BankAgreement& a) {
  return FirstFailure(
      [&] { return CheckNumber(a.agency, "agency", "cooperativa", 4, kSicredi); },
      [&] { return CheckNumber(a.station, "station", "posto", 2, kSicredi); },
      [&] { return CheckNumber(a.agreement, "agreement", "código do beneficiário", 5, kSicredi); },
      [&]() -> core::Status {
        if (a.wallet == "1" || a.wallet == "3") return {};
        return core::Invalid(Field("wallet"),
                             "carteira deve ser 1 (com registro) ou 3 (sem registro)");
      });
}

core::Result<BoletoTitle> MakeSicredi(const BankAgreement& a, std::int64_t sequence,
                                      core::Date issue_date, const TitleOptions&) {
  if (auto ok = CheckSequence(sequence, 5, "do Sicredi (por ano)"); !ok) {
    return tl::unexpected(ok.error());
  }
  const std::string place = ZeroPad(a.agency, 4) + ZeroPad(a.station, 2) + ZeroPad(a.agreement, 5);
  const int year = static_cast<int>(issue_date.year()) % 100;
  // Year, byte 2 (number made by the beneficiary), sequence; DV over place + those.
  const std::string number = SequenceDigits(year, 2) + "2" + SequenceDigits(sequence, 5);
  const std::string numbered = number + Mod11DvZero(place + number);
  // Wallet, "1" (carteira simples), nosso número, place, "1" (amount present), filler "0".
  const std::string body = a.wallet + "1" + numbered + place + "10";
  BoletoTitle title;
  title.campo_livre = body + Mod11DvZero(body);
  title.nosso_numero = numbered.substr(0, 2) + "/" + numbered.substr(2, 6) + "-" + numbered[8];
  title.nosso_numero_digits = numbered;
  title.beneficiary =
      ZeroPad(a.agency, 4) + "." + ZeroPad(a.station, 2) + "." + ZeroPad(a.agreement, 5);
  return title;
}

// ---- The table ---------------------------------------------------------------------------

struct BankRules {
  BankInfo info;
  core::Status (*check)(const BankAgreement&);
  core::Result<BoletoTitle> (*make)(const BankAgreement&, std::int64_t, core::Date,
                                    const TitleOptions&);
};

constexpr std::array<BankRules, 7> kBanks = {{
    {{"001", "Banco do Brasil", "001-9"}, &CheckBb, &MakeBb},
    {{"033", "Santander", "033-7"}, &CheckSantander, &MakeSantander},
    {{"104", "Caixa Econômica Federal", "104-0"}, &CheckCaixa, &MakeCaixa},
    {{"237", "Bradesco", "237-2"}, &CheckBradesco, &MakeBradesco},
    {{"341", "Itaú Unibanco", "341-7"}, &CheckItau, &MakeItau},
    {{"748", "Sicredi", "748-X"}, &CheckSicredi, &MakeSicredi},
    {{"756", "Sicoob", "756-0"}, &CheckSicoob, &MakeSicoob},
}};

const BankRules* FindRules(std::string_view bank_code) {
  for (const BankRules& rules : kBanks) {
    if (rules.info.code == bank_code) return &rules;
  }
  return nullptr;
}

core::Result<const BankRules*> RulesFor(const BankAgreement& agreement) {
  const BankRules* rules = FindRules(agreement.bank_code);
  if (rules == nullptr) {
    return core::Invalid(Field("bank_code"),
                         "banco " + agreement.bank_code + " sem suporte a boleto");
  }
  return rules;
}

}  // namespace

std::vector<BankInfo> SupportedBanks() {
  std::vector<BankInfo> banks;
  banks.reserve(kBanks.size());
  for (const BankRules& rules : kBanks) banks.push_back(rules.info);
  return banks;
}

std::optional<BankInfo> FindBank(std::string_view bank_code) {
  const BankRules* rules = FindRules(bank_code);
  if (rules == nullptr) return std::nullopt;
  return rules->info;
}

core::Status CheckAgreement(const BankAgreement& agreement) {
  const auto rules = RulesFor(agreement);
  if (!rules) return tl::unexpected(rules.error());
  return (*rules)->check(agreement);
}

core::Result<BoletoTitle> MakeTitle(const BankAgreement& agreement, std::int64_t sequence,
                                    core::Date issue_date, const TitleOptions& options) {
  const auto rules = RulesFor(agreement);
  if (!rules) return tl::unexpected(rules.error());
  if (auto checked = (*rules)->check(agreement); !checked) {
    return tl::unexpected(checked.error());
  }
  auto title = (*rules)->make(agreement, sequence, issue_date, options);
  if (title) FIADO_CHECK(title->campo_livre.size() == kCampoLivreLength);
  return title;
}

}  // namespace fiado::payments

namespace fiado::payments {
namespace {

// Where the sequence sits inside nosso_numero_digits, per bank (see the header's table).
struct SequenceSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
};

std::optional<SequenceSpan> SpanOfSequence(const BankAgreement& agreement,
                                           std::size_t digits_length) {
  const std::string_view bank = agreement.bank_code;
  if (bank == "001") {
    if (digits_length == 11)
      return SequenceSpan{agreement.agreement.size(), 11 - agreement.agreement.size()};
    if (agreement.wallet.ends_with("/21")) return SequenceSpan{0, 17};
    return SequenceSpan{agreement.agreement.size(), 17 - agreement.agreement.size()};
  }
  if (bank == "104") return SequenceSpan{2, 15};
  if (bank == "748") return SequenceSpan{3, 5};
  if (bank == "033") return SequenceSpan{0, 12};
  if (bank == "756") return SequenceSpan{0, 7};
  return SequenceSpan{0, digits_length};  // 237, 341: the number itself
}

std::optional<std::int64_t> DigitsValue(std::string_view digits) {
  std::int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The issue date Sicredi's nosso número implies (its first two digits are the year).
core::Date IssueDateOf(const BankAgreement& agreement, std::string_view candidate) {
  if (agreement.bank_code != "748") return core::Date{};
  const int year = 2000 + (candidate[0] - '0') * 10 + (candidate[1] - '0');
  return core::Date{std::chrono::year{year}, std::chrono::January, std::chrono::day{1}};
}

std::optional<std::int64_t> SequenceIn(const BankAgreement& agreement, std::string_view candidate,
                                       const SequenceSpan& span) {
  const auto sequence = DigitsValue(candidate.substr(span.offset, span.length));
  if (!sequence || *sequence <= 0) return std::nullopt;
  const auto title = MakeTitle(agreement, *sequence, IssueDateOf(agreement, candidate));
  if (!title || title->nosso_numero_digits != candidate) return std::nullopt;
  return sequence;
}

}  // namespace

std::optional<std::int64_t> SequenceOfNossoNumero(const BankAgreement& agreement,
                                                  std::string_view field) {
  std::string digits;
  for (const char c : field) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '/') {
      return std::nullopt;
    }
  }
  const auto sample = MakeTitle(
      agreement, 1, core::Date{std::chrono::year{2026}, std::chrono::January, std::chrono::day{1}});
  if (!sample) return std::nullopt;
  const std::size_t length = sample->nosso_numero_digits.size();
  const auto span = SpanOfSequence(agreement, length);
  if (digits.size() < length || !span) return std::nullopt;
  // Left-aligned (BB's 17 digits then blanks), then right-aligned (zero-filled), then
  // left-aligned but one longer (a check digit the form without it omits).
  for (const std::string_view candidate :
       {std::string_view(digits).substr(0, length),
        std::string_view(digits).substr(digits.size() - length)}) {
    if (auto sequence = SequenceIn(agreement, candidate, *span)) return sequence;
  }
  if (digits.size() >= length + 1) {
    const std::string_view before_dv =
        std::string_view(digits).substr(digits.size() - length - 1, length);
    if (auto sequence = SequenceIn(agreement, before_dv, *span)) return sequence;
  }
  return std::nullopt;
}

}  // namespace fiado::payments
