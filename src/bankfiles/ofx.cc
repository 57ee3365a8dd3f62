#include "bankfiles/ofx.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <libofx/libofx.h>

#include "core/text.h"

namespace fiado::bankfiles {
namespace {

using core::Money;

constexpr std::string_view kField = "arquivo";
constexpr std::uintmax_t kMaxFileBytes = 64u << 20;  // statements are a few hundred kB
constexpr double kMaxAmountReais = 1e13;             // 15 significant digits with centavos

core::Error FileError(std::string message_pt) {
  return core::Error::Invalid(std::string(kField), std::move(message_pt));
}

// ---------------------------------------------------------------------------------------
// UTF-8 text. libofx is handed UTF-8 declared as such (its own conversion cuts a text at
// the first byte its iconv rejects and skips XML files), and hands back fixed char arrays
// that are not NUL-terminated when full and may end inside a UTF-8 sequence.

// Unicode of the bytes 0x80–0x9F; 0 marks the five bytes Windows-1252 leaves undefined.
constexpr std::array<char32_t, 32> kWindows1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
constexpr char32_t kReplacement = 0xFFFD;

void AppendUtf8(std::string& out, char32_t code_point) {
  const auto put = [&out](unsigned value) { out += static_cast<char>(value); };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0u | (code_point >> 6));
    put(0x80u | (code_point & 0x3Fu));
  } else {  // the table holds nothing above U+FFFF
    put(0xE0u | (code_point >> 12));
    put(0x80u | ((code_point >> 6) & 0x3Fu));
    put(0x80u | (code_point & 0x3Fu));
  }
}

std::string DecodeWindows1252(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size() + bytes.size() / 8);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 || byte >= 0xA0) {
      AppendUtf8(text, byte);
    } else {
      const char32_t code_point = kWindows1252High[byte - 0x80u];
      AppendUtf8(text, code_point != 0 ? code_point : kReplacement);
    }
  }
  return text;
}

// Bytes that are valid UTF-8 are UTF-8 (whatever the header claims: banks label UTF-8
// files "CHARSET:1252"); anything else is Windows-1252, the superset of Latin-1 banks mean.
std::string AsUtf8(std::string_view bytes) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (bytes.starts_with(kByteOrderMark)) bytes.remove_prefix(kByteOrderMark.size());
  return core::IsValidUtf8(bytes) ? std::string(bytes) : DecodeWindows1252(bytes);
}

// A libofx char array as text: up to the NUL or the array's end, without a UTF-8 sequence
// that libofx's truncation to the array size cut in half.
template <std::size_t N>
std::string FieldText(const char (&field)[N]) {
  std::string text(field, strnlen(field, N));
  if (core::IsValidUtf8(text)) return text;
  for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if ((byte & 0xC0u) != 0x80u) {  // the lead byte of the last sequence
      text.resize(text.size() - back);
      break;
    }
  }
  return core::IsValidUtf8(text) ? text : DecodeWindows1252(text);
}

// ---------------------------------------------------------------------------------------
// The file as written: what libofx loses (dates, elements out of order) and what shows
// that the file is whole.

// The text of the element opened by `tag` ("<FITID>") at or after `from` and before
// `until`: up to the next '<' or line break, trimmed; nullopt when the tag is absent.
std::optional<std::string> ElementText(std::string_view text, std::string_view upper,
                                       std::string_view tag, std::size_t from, std::size_t until) {
  const std::size_t at = upper.find(tag, from);
  if (at == std::string_view::npos || at >= until) return std::nullopt;
  const std::size_t start = at + tag.size();
  const std::size_t end = std::min(text.find_first_of("<\r\n", start), until);
  return core::Trim(text.substr(start, end - start));
}

// One <STMTTRN> as written (entities such as "&amp;" left as they are).
struct WrittenTransaction {
  std::optional<std::string> fitid{};
  std::optional<std::string> posted{};  // "20250317233000[-3:BRT]"
  std::optional<std::string> amount{};  // "-1234.56"
  std::optional<std::string> name{};
  std::optional<std::string> memo{};
};

struct WrittenLayout {
  bool has_start_tag = false;                      // <OFX>
  bool has_end_tag = false;                        // </OFX>
  bool is_xml = false;                             // an <?xml declaration comes before <OFX>
  std::vector<WrittenTransaction> transactions{};  // one per <STMTTRN>, in file order
  std::optional<std::string> starts{};             // <DTSTART>
  std::optional<std::string> ends{};               // <DTEND>
};

WrittenLayout ScanLayout(std::string_view text) {
  const std::string upper = core::AsciiUpper(text);
  WrittenLayout layout;
  const std::size_t start = upper.find("<OFX>");
  layout.has_start_tag = start != std::string::npos;
  layout.has_end_tag = upper.find("</OFX>") != std::string::npos;
  layout.is_xml = upper.find("<?XML") < start;
  constexpr std::string_view kOpen = "<STMTTRN>";
  for (std::size_t at = upper.find(kOpen); at != std::string::npos;) {
    const std::size_t next = upper.find(kOpen, at + kOpen.size());
    const std::size_t until = next == std::string::npos ? upper.size() : next;
    const auto element = [&](std::string_view tag) {
      return ElementText(text, upper, tag, at, until);
    };
    layout.transactions.push_back({element("<FITID>"), element("<DTPOSTED>"), element("<TRNAMT>"),
                                   element("<NAME>"), element("<MEMO>")});
    at = next;
  }
  layout.starts = ElementText(text, upper, "<DTSTART>", 0, upper.size());
  layout.ends = ElementText(text, upper, "<DTEND>", 0, upper.size());
  return layout;
}

// The date of an OFX date-time as written: its first 8 characters, AAAAMMDD.
std::optional<core::Date> WrittenDate(const std::optional<std::string>& value) {
  if (!value || value->size() < 8 || !core::IsAsciiDigits(value->substr(0, 8))) {
    return std::nullopt;
  }
  int parts[3] = {0, 0, 0};
  const std::string_view digits(value->data(), 8);
  std::from_chars(digits.data(), digits.data() + 4, parts[0]);
  std::from_chars(digits.data() + 4, digits.data() + 6, parts[1]);
  std::from_chars(digits.data() + 6, digits.data() + 8, parts[2]);
  const core::Date date{std::chrono::year(parts[0]),
                        std::chrono::month(static_cast<unsigned>(parts[1])),
                        std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return std::nullopt;
  return date;
}

// The UTF-8 text with an SGML header that says so (libofx converts SGML files from the
// ENCODING/CHARSET they declare, CP1252 when they declare nothing; XML files it leaves).
std::string DeclaredUtf8(std::string text, bool is_xml) {
  if (is_xml) return text;
  constexpr std::string_view kDeclaration = "ENCODING:UTF-8";
  const std::size_t header_end = std::min(text.find('<'), text.size());
  for (std::size_t line = 0; line < header_end;) {
    const std::size_t line_end = std::min(text.find_first_of("\r\n", line), header_end);
    if (std::string_view(text).substr(line, line_end - line).starts_with("ENCODING:")) {
      text.replace(line, line_end - line, kDeclaration);
      return text;
    }
    line = text.find_first_not_of("\r\n", line_end);
  }
  return std::string(kDeclaration) + "\r\n" + text;
}

// ---------------------------------------------------------------------------------------
// Files.

core::Result<std::string> ReadBytes(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  std::ifstream in(path, std::ios::binary);
  if (error || !in) return core::Fail(FileError("não foi possível abrir o arquivo"));
  if (size == 0) return core::Fail(FileError("o arquivo está vazio"));
  if (size > kMaxFileBytes) {
    return core::Fail(FileError("o arquivo tem mais de 64 MB; um extrato OFX é bem menor"));
  }
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) return core::Fail(FileError("não foi possível ler o arquivo"));
  return bytes;
}

// A private copy of the statement for libofx to read, removed with the object. A failure
// to write it is an infrastructure failure (full or read-only temporary folder): thrown.
class TempCopy {
 public:
  explicit TempCopy(std::string_view contents) {
    path_ = (std::filesystem::temp_directory_path() / "fiado-ofx-XXXXXX").string();
    const int fd = mkstemp(path_.data());
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "mkstemp " + path_);
    ::close(fd);
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(path_);
      throw std::runtime_error("cannot write the OFX copy " + path_);
    }
  }
  ~TempCopy() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------
// libofx: callbacks copy what it delivers; nothing is judged until it has finished.

struct ParsedAccount {
  StatementAccount account{};
  std::string currency{};
};

struct ParsedTransaction {
  std::string fitid{};
  std::optional<OfxTransactionType> type{};
  std::optional<double> amount{};
  bool corrects_another = false;
  std::string name{}, memo{}, payee_id{}, check_number{};
};

struct Parsed {
  std::vector<ParsedAccount> accounts{};
  std::vector<std::string> statement_currencies{};
  std::vector<ParsedTransaction> transactions{};
  std::exception_ptr failure{};  // thrown inside a callback, rethrown after libofx returns
};

OfxTransactionType TypeOf(TransactionType type) {
  switch (type) {
    case OFX_CREDIT:
      return OfxTransactionType::kCredit;
    case OFX_DEBIT:
      return OfxTransactionType::kDebit;
    case OFX_INT:
      return OfxTransactionType::kInterest;
    case OFX_DIV:
      return OfxTransactionType::kDividend;
    case OFX_FEE:
      return OfxTransactionType::kFee;
    case OFX_SRVCHG:
      return OfxTransactionType::kServiceCharge;
    case OFX_DEP:
      return OfxTransactionType::kDeposit;
    case OFX_ATM:
      return OfxTransactionType::kAtm;
    case OFX_POS:
      return OfxTransactionType::kPointOfSale;
    case OFX_XFER:
      return OfxTransactionType::kTransfer;
    case OFX_CHECK:
      return OfxTransactionType::kCheck;
    case OFX_PAYMENT:
      return OfxTransactionType::kPayment;
    case OFX_CASH:
      return OfxTransactionType::kCash;
    case OFX_DIRECTDEP:
      return OfxTransactionType::kDirectDeposit;
    case OFX_DIRECTDEBIT:
      return OfxTransactionType::kDirectDebit;
    case OFX_REPEATPMT:
      return OfxTransactionType::kRepeatPayment;
    case OFX_OTHER:
      return OfxTransactionType::kOther;
  }
  return OfxTransactionType::kOther;
}

template <typename Copy>
int Guarded(void* user, Copy copy) {
  auto& parsed = *static_cast<Parsed*>(user);
  if (parsed.failure) return 0;
  try {
    copy(parsed);
  } catch (...) {
    parsed.failure = std::current_exception();
  }
  return 0;
}

int OnAccount(const OfxAccountData data, void* user) {
  return Guarded(user, [&data](Parsed& parsed) {
    ParsedAccount& out = parsed.accounts.emplace_back();
    if (data.bank_id_valid) out.account.bank_id = FieldText(data.bank_id);
    if (data.branch_id_valid) out.account.branch_id = FieldText(data.branch_id);
    if (data.account_number_valid) out.account.account_id = FieldText(data.account_number);
    if (data.currency_valid) out.currency = FieldText(data.currency);
  });
}

int OnStatement(const OfxStatementData data, void* user) {
  return Guarded(user, [&data](Parsed& parsed) {
    parsed.statement_currencies.push_back(data.currency_valid ? FieldText(data.currency) : "");
  });
}

int OnTransaction(const OfxTransactionData data, void* user) {
  return Guarded(user, [&data](Parsed& parsed) {
    ParsedTransaction& out = parsed.transactions.emplace_back();
    if (data.fi_id_valid) out.fitid = FieldText(data.fi_id);
    if (data.transactiontype_valid) out.type = TypeOf(data.transactiontype);
    if (data.amount_valid) out.amount = data.amount;
    out.corrects_another = data.fi_id_corrected_valid != 0;
    if (data.name_valid) out.name = FieldText(data.name);
    if (data.memo_valid) out.memo = FieldText(data.memo);
    if (data.payee_id_valid) out.payee_id = FieldText(data.payee_id);
    if (data.check_number_valid) out.check_number = FieldText(data.check_number);
  });
}

void SilenceLibofx() {
  for (int* flag : {&ofx_PARSER_msg, &ofx_DEBUG_msg, &ofx_DEBUG1_msg, &ofx_DEBUG2_msg,
                    &ofx_DEBUG3_msg, &ofx_DEBUG4_msg, &ofx_DEBUG5_msg, &ofx_STATUS_msg,
                    &ofx_INFO_msg, &ofx_WARNING_msg, &ofx_ERROR_msg, &ofx_show_position}) {
    *flag = 0;
  }
}

// Runs libofx over the file at `path`. Its result code is ignored: it reports every
// deviation from the OFX DTD, which bank files routinely have, after delivering their data.
Parsed RunLibofx(const std::string& path) {
  static std::mutex libofx_mutex;  // libofx keeps global state and putenv()s OpenSP settings
  const std::lock_guard lock(libofx_mutex);
  SilenceLibofx();
  Parsed parsed;
  const std::unique_ptr<void, int (*)(LibofxContextPtr)> context(libofx_get_new_context(),
                                                                 &libofx_free_context);
  ofx_set_account_cb(context.get(), &OnAccount, &parsed);
  ofx_set_statement_cb(context.get(), &OnStatement, &parsed);
  ofx_set_transaction_cb(context.get(), &OnTransaction, &parsed);
  libofx_proc_file(context.get(), path.c_str(), OFX);
  if (parsed.failure) std::rethrow_exception(parsed.failure);
  return parsed;
}

// ---------------------------------------------------------------------------------------
// Amounts.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Centavos of an OFX amount: optional sign, digits, optionally '.' or ',' and digits (no
// thousands separators), rounded half away from zero on the written digits; nullopt for
// any other text or more than 13 integer digits.
std::optional<Money> ParseDecimal(std::string_view text) {
  const bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  const std::size_t point = text.find_first_of(".,");
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  const auto digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), IsDigit);
  };
  if (whole.size() + fraction.size() == 0 || whole.size() > 13 || !digits(whole) ||
      !digits(fraction)) {
    return std::nullopt;
  }
  std::int64_t cents = 0;
  for (const char digit : whole) cents = cents * 10 + (digit - '0');
  for (std::size_t i = 0; i < 2; ++i) {
    cents = cents * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  if (fraction.size() > 2 && fraction[2] >= '5') ++cents;
  return Money::FromCents(negative ? -cents : cents);
}

// ---------------------------------------------------------------------------------------
// Assembling the statement.

core::Result<StatementAccount> SoleAccount(const Parsed& parsed) {
  if (parsed.accounts.empty()) {
    return core::Fail(FileError("o arquivo OFX não traz extrato de conta nem de cartão"));
  }
  if (parsed.accounts.size() > 1) {
    return core::Fail(
        FileError(fmt::format("o arquivo traz extratos de {} contas; exporte uma conta por arquivo",
                              parsed.accounts.size())));
  }
  return parsed.accounts.front().account;
}

// CURDEF, assumed BRL when the file does not say.
core::Result<std::string> CurrencyOf(const Parsed& parsed) {
  std::string currency = parsed.accounts.front().currency;
  for (const std::string& declared : parsed.statement_currencies) {
    if (!declared.empty()) currency = declared;
  }
  if (currency.empty()) currency = "BRL";
  if (currency != "BRL") {
    return core::Fail(FileError(fmt::format(
        "o extrato está em {}; o Fiado só concilia extratos em reais (BRL)", currency)));
  }
  return currency;
}

// libofx drops elements out of DTD order or after an unknown tag (a FITID, a NAME and
// MEMO before CHECKNUM) and reads an absent TRNAMT as 0 and "1.234,56" as 1.234. So FITID
// and amount must agree with the file, and a NAME or MEMO libofx lost is taken as written.

// The FITID written at this position, which libofx's must equal (unless libofx lost it or
// the written one has an entity, "&amp;"): then the written date belongs to it too. A
// damaged file can make libofx deliver transactions out of file order.
core::Result<std::string> CheckedFitid(const ParsedTransaction& parsed,
                                       const WrittenTransaction& written, std::size_t position) {
  if (!written.fitid || written.fitid->empty()) {
    return core::Fail(FileError(
        fmt::format("o lançamento {} do arquivo não tem identificador (FITID)", position)));
  }
  if (parsed.fitid.empty()) return *written.fitid;
  if (parsed.fitid != *written.fitid && written.fitid->find('&') == std::string::npos) {
    return core::Fail(FileError(fmt::format(
        "o lançamento {} do arquivo tem FITID \"{}\", mas o libofx leu \"{}\"; o arquivo "
        "está danificado",
        position, *written.fitid, parsed.fitid)));
  }
  return parsed.fitid;
}

core::Result<Money> CheckedAmount(const ParsedTransaction& parsed,
                                  const WrittenTransaction& written, std::string_view fitid) {
  const std::optional<Money> as_written = ParseDecimal(written.amount.value_or(""));
  if (!parsed.amount || !as_written) {
    return core::Fail(
        FileError(fmt::format("o lançamento FITID {} não tem valor legível "
                              "(TRNAMT \"{}\")",
                              fitid, written.amount.value_or(""))));
  }
  core::Result<Money> amount = MoneyFromOfxAmount(*parsed.amount);
  if (!amount || *amount != *as_written) {
    return core::Fail(FileError(
        fmt::format("o lançamento FITID {} tem valor \"{}\", que o libofx leu como {:.2f}", fitid,
                    *written.amount, *parsed.amount)));
  }
  return amount;
}

std::string OrWritten(std::string text, const std::optional<std::string>& written) {
  return text.empty() && written ? *written : text;
}

core::Result<StatementTransaction> MakeTransaction(ParsedTransaction parsed,
                                                   const WrittenTransaction& written,
                                                   std::size_t position) {
  core::Result<std::string> checked_fitid = CheckedFitid(parsed, written, position);
  if (!checked_fitid) return core::Fail(checked_fitid.error());
  const std::string& fitid = *checked_fitid;
  if (parsed.corrects_another) {
    return core::Fail(FileError(fmt::format(
        "o lançamento FITID {} corrige outro (CORRECTFITID), o que o Fiado não aceita", fitid)));
  }
  const std::optional<core::Date> posted_on = WrittenDate(written.posted);
  if (!posted_on) {
    return core::Fail(
        FileError(fmt::format("o lançamento FITID {} não tem data válida (DTPOSTED \"{}\")", fitid,
                              written.posted.value_or(""))));
  }
  const core::Result<Money> amount = CheckedAmount(parsed, written, fitid);
  if (!amount) return core::Fail(amount.error());
  return StatementTransaction{*std::move(checked_fitid),
                              parsed.type.value_or(OfxTransactionType::kOther),
                              *posted_on,
                              *amount,
                              OrWritten(std::move(parsed.name), written.name),
                              OrWritten(std::move(parsed.memo), written.memo),
                              std::move(parsed.payee_id),
                              std::move(parsed.check_number)};
}

core::Result<Statement> Assemble(Parsed parsed, const WrittenLayout& layout) {
  core::Result<StatementAccount> account = SoleAccount(parsed);
  if (!account) return core::Fail(account.error());
  core::Result<std::string> currency = CurrencyOf(parsed);
  if (!currency) return core::Fail(currency.error());
  if (parsed.transactions.size() != layout.transactions.size()) {
    return core::Fail(FileError(
        fmt::format("o arquivo OFX está danificado: tem {} lançamentos, e o libofx leu {}",
                    layout.transactions.size(), parsed.transactions.size())));
  }
  Statement statement{*std::move(account),
                      *std::move(currency),
                      WrittenDate(layout.starts),
                      WrittenDate(layout.ends),
                      {}};
  statement.transactions.reserve(parsed.transactions.size());
  for (std::size_t i = 0; i < parsed.transactions.size(); ++i) {
    core::Result<StatementTransaction> transaction =
        MakeTransaction(std::move(parsed.transactions[i]), layout.transactions[i], i + 1);
    if (!transaction) return core::Fail(transaction.error());
    statement.transactions.push_back(*std::move(transaction));
  }
  return statement;
}

// ---------------------------------------------------------------------------------------
// Matching.

constexpr int kScoreTxidUpdated = 100;
constexpr int kScoreTxidFace = 95;
constexpr int kScoreTxidOtherAmount = 75;
constexpr int kScoreTxidTaken = 50;
constexpr int kScoreAmountUpdated = 65;
constexpr int kScoreAmountFace = 60;
constexpr std::size_t kTxidDigits = 10;

struct OpenIndex {
  std::unordered_map<std::string, std::size_t> by_txid;
  // Positions in `open` of the installments whose updated or face value is the key, each
  // once, by due date.
  std::unordered_map<std::int64_t, std::vector<std::size_t>> by_cents;
};

OpenIndex IndexOpen(std::span<const OpenInstallment> open) {
  OpenIndex index;
  index.by_txid.reserve(open.size());
  for (std::size_t i = 0; i < open.size(); ++i) {
    if (!open[i].txid.empty()) {
      const bool unique = index.by_txid.emplace(open[i].txid, i).second;
      FIADO_CHECK(unique);
    }
    index.by_cents[open[i].updated_value.cents()].push_back(i);
    if (open[i].face_value != open[i].updated_value) {
      index.by_cents[open[i].face_value.cents()].push_back(i);
    }
  }
  for (auto& [cents, positions] : index.by_cents) {
    std::stable_sort(positions.begin(), positions.end(), [&open](std::size_t a, std::size_t b) {
      return open[a].due_date < open[b].due_date;
    });
  }
  return index;
}

// What the txids in a credit's text say: the open installments they name (distinct, in
// the order found) and the first txid-shaped text that names none.
struct TxidFinding {
  std::vector<std::size_t> named{};
  std::string unknown{};
};

// Scans for "FD"/"fd" + at least 10 digits; the whole run of digits or its first 10 must
// be a txid of `index` (TxidOf pads to 10 digits; banks may glue more digits after it).
void ScanTxids(std::string_view text, const OpenIndex& index, TxidFinding& finding) {
  for (std::size_t at = 0; at + 2 + kTxidDigits <= text.size(); ++at) {
    if ((text[at] | 0x20) != 'f' || (text[at + 1] | 0x20) != 'd') continue;
    std::size_t digits = 0;
    while (at + 2 + digits < text.size() && IsDigit(text[at + 2 + digits])) ++digits;
    if (digits < kTxidDigits) continue;
    const std::string run = "FD" + std::string(text.substr(at + 2, digits));
    auto found = index.by_txid.find(run);
    if (found == index.by_txid.end()) found = index.by_txid.find(run.substr(0, 2 + kTxidDigits));
    if (found == index.by_txid.end()) {
      if (finding.unknown.empty()) finding.unknown = run.substr(0, 2 + kTxidDigits);
    } else if (std::find(finding.named.begin(), finding.named.end(), found->second) ==
               finding.named.end()) {
      finding.named.push_back(found->second);
    }
    at += 1 + digits;
  }
}

TxidFinding FindTxids(const StatementTransaction& credit, const OpenIndex& index) {
  TxidFinding finding;
  for (const std::string* text : {&credit.memo, &credit.name, &credit.fitid}) {
    ScanTxids(*text, index, finding);
  }
  return finding;
}

bool AmountMatches(Money amount, const OpenInstallment& installment) {
  return amount == installment.updated_value || amount == installment.face_value;
}

// "atualizado" or "de face": which value of the installment `amount` equals.
std::string_view EqualValueName(Money amount, const OpenInstallment& installment) {
  return amount == installment.updated_value ? "atualizado" : "de face";
}

// Which credit took each open installment, by position in `open`.
using Claims = std::vector<const StatementTransaction*>;

void MatchByTxid(CreditMatch& match, const OpenInstallment& installment,
                 const StatementTransaction*& taken_by) {
  const Money amount = match.credit->amount;
  match.installment = installment;
  match.confidence = MatchConfidence::kProbable;
  if (taken_by != nullptr) {
    match.score_0_100 = kScoreTxidTaken;
    match.reason = fmt::format(
        "txid {} já associado ao crédito FITID {} deste extrato; possível pagamento em "
        "duplicidade",
        installment.txid, taken_by->fitid);
    return;
  }
  taken_by = match.credit;
  if (AmountMatches(amount, installment)) {
    match.confidence = MatchConfidence::kCertain;
    match.score_0_100 = amount == installment.updated_value ? kScoreTxidUpdated : kScoreTxidFace;
    match.reason = fmt::format("txid {} no histórico e valor igual ao {}", installment.txid,
                               EqualValueName(amount, installment));
    return;
  }
  match.score_0_100 = kScoreTxidOtherAmount;
  match.reason = fmt::format(
      "txid {} no histórico, mas o valor difere: crédito {}, parcela {} (atualizado) e {} "
      "(face)",
      installment.txid, amount.Format(), installment.updated_value.Format(),
      installment.face_value.Format());
}

void MatchSeveralTxids(CreditMatch& match, const TxidFinding& finding,
                       std::span<const OpenInstallment> open) {
  std::vector<std::string> txids;
  for (const std::size_t i : finding.named) {
    txids.push_back(open[i].txid);
    if (match.candidates.size() < kMaxMatchCandidates) match.candidates.push_back(open[i]);
  }
  match.reason = fmt::format("{} txids de parcelas em aberto no histórico: {}", txids.size(),
                             fmt::join(txids, ", "));
}

// Closest due date to the credit first; then by due date.
void SortByDueDistance(std::vector<std::size_t>& positions, std::span<const OpenInstallment> open,
                       core::Date credit_on) {
  const auto distance = [&](std::size_t i) {
    return std::abs(core::DaysBetween(credit_on, open[i].due_date));
  };
  std::stable_sort(positions.begin(), positions.end(),
                   [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
}

void ListCandidates(CreditMatch& match, std::vector<std::size_t> positions,
                    std::span<const OpenInstallment> open) {
  SortByDueDistance(positions, open, match.credit->posted_on);
  for (std::size_t k = 0; k < positions.size() && k < kMaxMatchCandidates; ++k) {
    match.candidates.push_back(open[positions[k]]);
  }
}

std::string NoCandidateReason(const std::vector<std::size_t>& taken, const Claims& claims) {
  if (taken.size() == 1) {
    return fmt::format(
        "a parcela com este valor já foi associada ao crédito FITID {} deste "
        "extrato",
        claims[taken.front()]->fitid);
  }
  if (!taken.empty()) {
    return fmt::format(
        "as {} parcelas com este valor já foram associadas a outros créditos "
        "deste extrato",
        taken.size());
  }
  return fmt::format(
      "nenhuma parcela em aberto com este valor e vencimento entre {} dias "
      "antes e {} dias depois do crédito",
      -kMatchDueFromDays, kMatchDueToDays);
}

void MatchByAmount(CreditMatch& match, const TxidFinding& finding,
                   std::span<const OpenInstallment> open, const OpenIndex& index, Claims& claims) {
  const StatementTransaction& credit = *match.credit;
  std::vector<std::size_t> available, taken;
  if (const auto bucket = index.by_cents.find(credit.amount.cents());
      bucket != index.by_cents.end()) {
    const core::Date from = core::AddDays(credit.posted_on, kMatchDueFromDays);
    const core::Date to = core::AddDays(credit.posted_on, kMatchDueToDays);
    const auto first = std::partition_point(bucket->second.begin(), bucket->second.end(),
                                            [&](std::size_t i) { return open[i].due_date < from; });
    for (auto it = first; it != bucket->second.end() && open[*it].due_date <= to; ++it) {
      (claims[*it] == nullptr ? available : taken).push_back(*it);
    }
  }
  const std::string prefix =
      finding.unknown.empty()
          ? std::string()
          : fmt::format("txid {} não corresponde a parcela em aberto; ", finding.unknown);
  if (available.size() == 1) {
    const OpenInstallment& installment = open[available.front()];
    claims[available.front()] = &credit;
    match.installment = installment;
    match.confidence = MatchConfidence::kProbable;
    match.score_0_100 =
        credit.amount == installment.updated_value ? kScoreAmountUpdated : kScoreAmountFace;
    match.reason = fmt::format(
        "{}valor igual ao {} da única parcela em aberto com vencimento próximo ({})", prefix,
        EqualValueName(credit.amount, installment), core::FormatBr(installment.due_date));
  } else if (available.size() > 1) {
    match.reason = fmt::format("{}{} parcelas com o mesmo valor", prefix, available.size());
    ListCandidates(match, std::move(available), open);
  } else {
    match.reason = prefix + NoCandidateReason(taken, claims);
    ListCandidates(match, std::move(taken), open);
  }
}

}  // namespace

std::string_view OfxTransactionTypeName(OfxTransactionType type) {
  switch (type) {
    case OfxTransactionType::kCredit:
      return "credit";
    case OfxTransactionType::kDebit:
      return "debit";
    case OfxTransactionType::kInterest:
      return "interest";
    case OfxTransactionType::kDividend:
      return "dividend";
    case OfxTransactionType::kFee:
      return "fee";
    case OfxTransactionType::kServiceCharge:
      return "service_charge";
    case OfxTransactionType::kDeposit:
      return "deposit";
    case OfxTransactionType::kAtm:
      return "atm";
    case OfxTransactionType::kPointOfSale:
      return "pos";
    case OfxTransactionType::kTransfer:
      return "transfer";
    case OfxTransactionType::kCheck:
      return "check";
    case OfxTransactionType::kPayment:
      return "payment";
    case OfxTransactionType::kCash:
      return "cash";
    case OfxTransactionType::kDirectDeposit:
      return "direct_deposit";
    case OfxTransactionType::kDirectDebit:
      return "direct_debit";
    case OfxTransactionType::kRepeatPayment:
      return "repeat_payment";
    case OfxTransactionType::kOther:
      return "other";
  }
  return "other";
}

std::string_view MatchConfidenceName(MatchConfidence confidence) {
  switch (confidence) {
    case MatchConfidence::kCertain:
      return "certain";
    case MatchConfidence::kProbable:
      return "probable";
    case MatchConfidence::kNone:
      return "none";
  }
  return "none";
}

core::Result<Money> MoneyFromOfxAmount(double amount) {
  if (!std::isfinite(amount) || std::fabs(amount) >= kMaxAmountReais) {
    return core::Invalid(std::string(kField),
                         "valor fora do intervalo aceito (até R$ 9.999.999.999.999,99)");
  }
  if (std::fabs(amount) < 0.001) return Money();  // rounds to 0; keeps to_chars output short
  std::array<char, 64> text{};
  const auto [end, error] =
      std::to_chars(text.data(), text.data() + text.size(), amount, std::chars_format::fixed);
  FIADO_CHECK(error == std::errc());
  const std::optional<Money> money =
      ParseDecimal(std::string_view(text.data(), static_cast<std::size_t>(end - text.data())));
  FIADO_CHECK(money.has_value());
  return *money;
}

// Phase 1: the bytes, as UTF-8. Phase 2: the written layout, and the checks libofx's
// result cannot give (OFX at all, complete). Phase 3: libofx over a copy declared UTF-8.
// Phase 4: the statement, with the written dates paired to libofx's transactions.
core::Result<Statement> ReadOfx(const std::string& path) {
  // Phase 1
  core::Result<std::string> bytes = ReadBytes(path);
  if (!bytes) return core::Fail(bytes.error());
  std::string text = AsUtf8(*bytes);
  // Phase 2
  const WrittenLayout layout = ScanLayout(text);
  if (!layout.has_start_tag) {
    return core::Fail(FileError("o arquivo não é um extrato OFX (não tem a marca <OFX>)"));
  }
  if (!layout.has_end_tag) {
    return core::Fail(FileError(
        "o arquivo OFX está incompleto (termina antes de </OFX>); baixe o extrato de novo"));
  }
  // Phase 3
  const TempCopy copy(DeclaredUtf8(std::move(text), layout.is_xml));
  Parsed parsed = RunLibofx(copy.path());
  // Phase 4
  return Assemble(std::move(parsed), layout);
}

// Phase 1: index the open installments. Phase 2: credits naming one open installment by
// txid, those with the exact amount first. Phase 3: credits naming several. Phase 4: the
// rest by amount and due date.
std::vector<CreditMatch> MatchCredits(std::span<const StatementTransaction> credits,
                                      std::span<const OpenInstallment> open) {
  // Phase 1
  const OpenIndex index = IndexOpen(open);
  std::vector<CreditMatch> matches;
  std::vector<TxidFinding> findings;
  for (const StatementTransaction& transaction : credits) {
    if (!transaction.IsCredit()) continue;
    matches.emplace_back().credit = &transaction;
    findings.push_back(FindTxids(transaction, index));
  }
  Claims claims(open.size(), nullptr);
  // Phase 2
  for (const bool exact_amount : {true, false}) {
    for (std::size_t m = 0; m < matches.size(); ++m) {
      if (findings[m].named.size() != 1) continue;
      const std::size_t i = findings[m].named.front();
      if (AmountMatches(matches[m].credit->amount, open[i]) != exact_amount) continue;
      MatchByTxid(matches[m], open[i], claims[i]);
    }
  }
  for (std::size_t m = 0; m < matches.size(); ++m) {
    // Phase 3
    if (findings[m].named.size() > 1) MatchSeveralTxids(matches[m], findings[m], open);
    // Phase 4
    if (findings[m].named.empty()) MatchByAmount(matches[m], findings[m], open, index, claims);
  }
  return matches;
}

}  // namespace fiado::bankfiles
