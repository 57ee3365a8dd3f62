// Internal to bankfiles (the public interface is cnab.h): the line source that feeds the CNAB
// return readers, and what the CNAB 240 and CNAB 400 readers share — fields read by their
// 1-based positions as the bank manuals number them, the problem log, and the readers' entry
// points. A LineSource owns one fixed buffer (1 MiB by default) and never holds the whole
// file; the views it returns stay valid until its next call.
#pragma once

#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "bankfiles/cnab.h"
#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace fiado::bankfiles::cnab {

// How the bytes of the input were encoded. Real files are ASCII or Latin-1 (single bytes);
// UTF-16 is transcoded to single bytes (code units above 0xFF become '?').
enum class TextEncoding { kSingleByte, kUtf16Le, kUtf16Be };

// Splits an input stream into lines: LF (or CR-only when the start of the file has no LF)
// ends a line, a CR before the LF is dropped, a UTF-8 byte-order mark is skipped, UTF-16
// (with or without a byte-order mark) is recognised from the first bytes. Lines longer than
// the buffer are cut at the buffer size.
class LineSource {
 public:
  static constexpr std::size_t kDefaultBufferBytes = std::size_t{1} << 20;

  explicit LineSource(std::istream& input, std::size_t buffer_bytes = kDefaultBufferBytes);
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  // The next line without its end of line; false at the end of the input.
  bool Next(std::string_view& line);
  // 1-based number of the line last returned by Next (0 before the first).
  std::int64_t line_number() const { return line_number_; }
  TextEncoding encoding() const { return encoding_; }
  bool had_byte_order_mark() const { return had_bom_; }
  // True when the stream failed for another reason than its end (a read error).
  bool read_failed() const { return read_failed_; }

  // `line` as a record of `width` characters: blanks appended when it is shorter (banks trim
  // trailing blanks), and UTF-8 multi-byte letters folded to single bytes when that brings a
  // longer line back to `width`. A line still longer than `width` is returned whole, so the
  // caller can tell extra blanks from extra data. The view stays valid until the next call.
  std::string_view Fit(std::string_view line, std::size_t width);

 private:
  void DetectEncoding();
  bool Refill();
  std::size_t ReadSingleBytes(char* out, std::size_t capacity);
  std::size_t ReadUtf16(char* out, std::size_t capacity);
  std::size_t ReadRaw(char* out, std::size_t capacity);

  std::istream& input_;
  std::size_t buffer_size_;         // of buffer_ and raw_
  std::unique_ptr<char[]> buffer_;  // not zero-filled: a small file touches a few pages
  std::size_t begin_ = 0;           // first unread byte in buffer_
  std::size_t end_ = 0;             // one past the last decoded byte in buffer_
  std::unique_ptr<char[]> raw_;     // undecoded UTF-16 bytes (UTF-16 input only)
  std::size_t raw_begin_ = 0;
  std::size_t raw_end_ = 0;
  std::string scratch_;  // padded or folded copy of the current line
  std::int64_t line_number_ = 0;
  TextEncoding encoding_ = TextEncoding::kSingleByte;
  char separator_ = '\n';
  bool started_ = false;
  bool eof_ = false;
  bool had_bom_ = false;
  bool read_failed_ = false;
};

// A field's place in a record: first and last positions, 1-based and inclusive, as written in
// the bank manuals. {0, 0} means "the layout has no such field".
struct Span {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  constexpr bool present() const { return first != 0; }
  constexpr std::size_t size() const { return std::size_t{last} - first + 1U; }
};

inline std::string_view At(std::string_view record, Span span) {
  return record.substr(span.first - 1U, span.size());
}

// Blanks of CNAB text: space, tab and the DOS end-of-file mark (0x1A).
inline bool IsBlankChar(char c) { return c == ' ' || c == '\t' || c == '\x1a'; }

inline bool IsBlank(std::string_view text) {
  for (const char c : text) {
    if (!IsBlankChar(c)) return false;
  }
  return true;
}

inline std::string_view TrimBlanks(std::string_view text) {
  constexpr std::uint64_t kEightBlanks = 0x2020202020202020ULL;
  std::size_t last = text.size();
  // Names and ids end in runs of blanks: eight at a time, then the blanks that end the last
  // eight bytes with text, counted at once from its highest byte that is not a blank.
  while (last >= 8) {
    std::uint64_t chunk = 0;
    std::memcpy(&chunk, text.data() + last - 8, sizeof chunk);
    if constexpr (std::endian::native == std::endian::big) chunk = __builtin_bswap64(chunk);
    const std::uint64_t not_blank = chunk ^ kEightBlanks;
    if (not_blank != 0) {
      last -= static_cast<std::size_t>(__builtin_clzll(not_blank)) / 8;
      break;
    }
    last -= 8;
  }
  while (last > 0 && IsBlankChar(text[last - 1])) --last;
  std::size_t first = 0;
  while (first < last && IsBlankChar(text[first])) ++first;
  return text.substr(first, last - first);
}

bool AllDigits(std::string_view text);

// a == b for the short texts of a record: eight bytes at a time, without a call to memcmp.
inline bool SameText(std::string_view a, std::string_view b) {
  const std::size_t size = a.size();
  if (size != b.size()) return false;
  if (size < 8) {
    for (std::size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  const auto eight_equal = [&](std::size_t at) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data() + at, 8);
    std::memcpy(&y, b.data() + at, 8);
    return x == y;
  };
  for (std::size_t at = 0; at + 8 < size; at += 8) {
    if (!eight_equal(at)) return false;
  }
  return eight_equal(size - 8);  // the last eight, overlapping the previous ones
}

// Whether a field holds only zeros and blanks (nothing to report in a motivos field).
inline bool ZerosOrBlanks(std::string_view text) {
  for (const char c : text) {
    if (c != '0' && c != ' ') return false;
  }
  return true;
}

// ---- Numbers, eight digits at a time ----
// Every number field of a CNAB record is parsed here, in place, with the SWAR technique of
// simdjson's parse_eight_digits: eight ASCII digits checked and converted with a few integer
// operations. Kept inline: a file has millions of these fields.
namespace swar {

inline std::uint64_t LoadEight(const char* p) {
  std::uint64_t chunk = 0;
  std::memcpy(&chunk, p, sizeof chunk);
  if constexpr (std::endian::native == std::endian::big) chunk = __builtin_bswap64(chunk);
  return chunk;  // the first character in the lowest byte
}

// The value of the eight digits in `chunk`; false when a byte is not a digit.
inline bool EightDigits(std::uint64_t chunk, std::uint64_t& value) {
  constexpr std::uint64_t kHighNibbles = 0xF0F0F0F0F0F0F0F0ULL;
  // A byte is a digit when its high nibble is 3 and stays 3 after adding 6.
  if (((chunk & kHighNibbles) | (((chunk + 0x0606060606060606ULL) & kHighNibbles) >> 4U)) !=
      0x3333333333333333ULL) {
    return false;
  }
  chunk = (chunk & 0x0F0F0F0F0F0F0F0FULL) * 2561 >> 8U;
  chunk = (chunk & 0x00FF00FF00FF00FFULL) * 6553601 >> 16U;
  value = (chunk & 0x0000FFFF0000FFFFULL) * 42949672960001ULL >> 32U;
  return true;
}

// The first `count` (1–7) digits of `chunk`: moved up, with '0' filled in below them.
inline bool LeadingDigits(std::uint64_t chunk, std::size_t count, std::uint64_t& value) {
  const auto shift = static_cast<unsigned>(8 * (8 - count));
  return EightDigits((chunk << shift) | (0x3030303030303030ULL >> (64U - shift)), value);
}

#if defined(__SSE2__)
// The value of the last `count` (1–16) of the sixteen bytes at `p`, the bytes before them
// taken as '0'; false when one of the `count` is not a digit. SSE2: a check and three
// multiply-add steps (digit pairs, groups of four, groups of eight) for the whole field.
inline bool SixteenDigits(const char* p, std::size_t count, std::uint64_t& value) {
  alignas(16) static constexpr unsigned char kKeep[32] = {
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
      0,    0,    0,    0,    0,    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  const __m128i keep = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeep + count));
  const __m128i zero_char = _mm_set1_epi8('0');
  const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i digits = _mm_sub_epi8(
      _mm_or_si128(_mm_and_si128(raw, keep), _mm_andnot_si128(keep, zero_char)), zero_char);
  const __m128i nine = _mm_set1_epi8(9);
  if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(digits, nine), nine)) != 0xFFFF) return false;
  const __m128i pairs = _mm_add_epi16(
      _mm_mullo_epi16(_mm_and_si128(digits, _mm_set1_epi16(0x00FF)), _mm_set1_epi16(10)),
      _mm_srli_epi16(digits, 8));                                           // 8 × 0–99
  const __m128i fours = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00010064));  // 4 × 0–9999
  const __m128i eights =
      _mm_madd_epi16(_mm_packs_epi32(fours, fours), _mm_set1_epi32(0x00012710));  // 10000, 1
  const auto high = static_cast<std::uint32_t>(_mm_cvtsi128_si32(eights));
  const auto low = static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(eights, 4)));
  value = std::uint64_t{high} * 100'000'000ULL + low;
  return true;
}
#endif

}  // namespace swar

// The value of 1–18 ASCII digits into `value`; false when a character is not a digit.
// Always inlined: the field sizes are constants at most call sites, so each becomes a couple
// of straight-line eight-digit steps.
[[gnu::always_inline]] inline bool ParseDigitsTo(std::string_view text, std::uint64_t& value) {
  const std::size_t size = text.size();
  value = 0;
  if (size == 0 || size > 18) return false;
  if (size < 8) {  // reading eight bytes could leave the record
    for (const char c : text) {
      const auto digit = static_cast<unsigned char>(static_cast<unsigned char>(c) - '0');
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
    return true;
  }
  const std::size_t head = size % 8;
  if (head != 0 && !swar::LeadingDigits(swar::LoadEight(text.data()), head, value)) return false;
  for (std::size_t i = head; i < size; i += 8) {
    std::uint64_t eight = 0;
    if (!swar::EightDigits(swar::LoadEight(text.data() + i), eight)) return false;
    value = value * 100'000'000ULL + eight;
  }
  return true;
}

// The value of 1–18 ASCII digits; nullopt when any character is not a digit.
[[gnu::always_inline]] inline std::optional<std::int64_t> ParseDigits(std::string_view text) {
  std::uint64_t value = 0;
  if (!ParseDigitsTo(text, value)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

// The digits of the field `span` of `record` (1–18 of them) into `value`; false when one is
// not a digit. With SSE2, a field of up to 16 digits with 16 bytes of the record ending at
// its end is read in one step.
[[gnu::always_inline]] inline bool FieldDigits(std::string_view record, Span span,
                                               std::uint64_t& value) {
#if defined(__SSE2__)
  if (span.size() <= 16 && span.last >= 16) {
    return swar::SixteenDigits(record.data() + span.last - 16, span.size(), value);
  }
#endif
  return ParseDigitsTo(At(record, span), value);
}

// ---- Dates ----

// Date order of a date field.
enum class DateOrder { kDdMmAaaa, kDdMmAa, kAaaaMmDd };

constexpr std::size_t DateDigits(DateOrder order) { return order == DateOrder::kDdMmAa ? 6 : 8; }

inline unsigned DaysInMonth(unsigned year, unsigned month) {
  constexpr unsigned char kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29U : kDays[month - 1];
}

// The date whose digits, in `order`, make `number` (two-digit years are 20YY); nullopt when
// there is no such date.
inline std::optional<core::Date> DateFromNumber(std::uint64_t number, DateOrder order) {
  const auto n = static_cast<unsigned>(number);
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  switch (order) {
    case DateOrder::kDdMmAaaa:
      day = n / 1'000'000;
      month = n / 10'000 % 100;
      year = n % 10'000;
      break;
    case DateOrder::kDdMmAa:
      day = n / 10'000;
      month = n / 100 % 100;
      year = 2000 + n % 100;
      break;
    case DateOrder::kAaaaMmDd:
      year = n / 10'000;
      month = n / 100 % 100;
      day = n % 100;
      break;
  }
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return core::Date{std::chrono::year{static_cast<int>(year)}, std::chrono::month{month},
                    std::chrono::day{day}};
}

// A whole calendar date from its digits; nullopt when the digits do not name a real date.
inline std::optional<core::Date> DateFromDigits(std::string_view digits, DateOrder order) {
  std::uint64_t number = 0;
  if (digits.size() != DateDigits(order) || !ParseDigitsTo(digits, number)) return std::nullopt;
  return DateFromNumber(number, order);
}

// ---- Problems and records ----

// `text` for a message: bytes outside printable ASCII become '?'.
std::string Printable(std::string_view text);
// total += amount, stuck at the int64 maximum instead of overflowing (hostile input).
inline void AddSaturating(std::int64_t& total, std::int64_t amount) {
  if (__builtin_add_overflow(total, amount, &total)) total = INT64_MAX;
}

// The problems of one file, at most kMaxKept of them kept (the rest are dropped).
class ProblemLog {
 public:
  static constexpr std::size_t kMaxKept = 100;
  explicit ProblemLog(std::vector<CnabProblem>& problems) : problems_(problems) {}

  // Whether another problem would be kept: callers skip formatting a message otherwise.
  bool Accepting() const { return problems_.size() < kMaxKept; }
  void Add(std::int64_t line, std::string_view field, std::string message);

 private:
  std::vector<CnabProblem>& problems_;
};

// Record numbers 1, 2, 3…: after a wrong number the next record may follow either it (a
// record is missing) or the number that was expected (the number itself was damaged), so one
// fault is reported once.
class SequenceCheck {
 public:
  // Whether `found` is acceptable; `expected` gets the number that was wanted. A record
  // whose number is not a number (nullopt, reported by the caller) counts as the expected one.
  bool Accept(std::optional<std::int64_t> found, std::int64_t& expected);

 private:
  std::int64_t next_ = 1;
  std::int64_t alternative_ = 0;  // 0 = none
};

// The last valid date read for a field, by its digits (0 = none).
struct DateMemo {
  std::uint64_t number = 0;
  core::Date date{};
};

// Reads the fields of one record (exactly as wide as its layout) and reports what is wrong
// with them, with the record's line and the field's name. The common case is inline; the
// reports are not.
class RecordReader {
 public:
  RecordReader(std::string_view record, std::int64_t line, ProblemLog& problems)
      : record_(record), line_(line), problems_(problems) {}

  std::string_view Raw(Span span) const { return At(record_, span); }

  // The field without leading and trailing blanks, into `out` (its capacity is reused).
  [[gnu::always_inline]] void Text(Span span, std::string& out) const {
    const std::string_view text = span.present() ? TrimBlanks(Raw(span)) : std::string_view();
    if (SameText(out, text)) return;  // banks, wallets, names repeat from title to title
    out.clear();
    out.append(text);
  }

  // An amount with two implied decimals; only digits are accepted (else a problem and 0).
  [[gnu::always_inline]] core::Money Money(Span span, std::string_view field) const {
    std::uint64_t cents = 0;
    if (!span.present()) return {};
    if (!FieldDigits(record_, span, cents)) [[unlikely]] {
      ReportNotNumeric(span, field, "valor");
      return {};
    }
    return core::Money::FromCents(static_cast<std::int64_t>(cents));
  }

  // A count or number; only digits (else a problem and nullopt).
  [[gnu::always_inline]] std::optional<std::int64_t> Number(Span span,
                                                            std::string_view field) const {
    const auto value = ParseDigits(Raw(span));
    if (!value) [[unlikely]]
      ReportNotNumeric(span, field, "número");
    return value;
  }

  // A date; zeros or blanks mean "no date"; anything else must be a real date. `memo` keeps
  // the last date read for the field: dates repeat from title to title.
  [[gnu::always_inline]] std::optional<core::Date> Date(Span span, DateOrder order,
                                                        std::string_view field,
                                                        DateMemo& memo) const {
    if (!span.present()) return std::nullopt;
    std::uint64_t number = 0;
    if (ParseDigitsTo(Raw(span), number)) [[likely]] {
      if (number == 0) return std::nullopt;
      if (number == memo.number) return memo.date;
      auto date = span.size() == DateDigits(order) ? DateFromNumber(number, order) : std::nullopt;
      if (date) [[likely]] {
        memo = DateMemo{number, *date};
        return date;
      }
    } else if (IsBlank(Raw(span))) {
      return std::nullopt;
    }
    ReportBadDate(span, field);
    return std::nullopt;
  }
  std::optional<core::Date> Date(Span span, DateOrder order, std::string_view field) const {
    DateMemo memo;
    return Date(span, order, field, memo);
  }

  void Problem(std::string_view field, std::string message) const;
  std::int64_t line() const { return line_; }

 private:
  void ReportNotNumeric(Span span, std::string_view field, std::string_view what) const;
  void ReportBadDate(Span span, std::string_view field) const;

  std::string_view record_;
  std::int64_t line_;
  ProblemLog& problems_;
};

// The record of a line for a layout `width` wide: padded when short; when longer, the extra
// characters must be blanks (else a problem on field "registro") and are cut off.
std::string_view FitRecordSlow(LineSource& source, std::string_view line, std::size_t width,
                               ProblemLog& problems);
inline std::string_view FitRecord(LineSource& source, std::string_view line, std::size_t width,
                                  ProblemLog& problems) {
  return line.size() == width ? line : FitRecordSlow(source, line, width, problems);
}

// The codes of a motivos field, `code_width` characters each, without the blank or zero ones.
void ReadReasons(std::string_view raw, std::size_t code_width, std::vector<std::string>& out);

// Adds a title's amounts to the summary's totals (a problem on overflow, never a throw) and
// counts it.
void CountTitle(const ReturnTitle& title, ReturnSummary& summary, ProblemLog& problems);

// The readers. `header` is the file header (line 1 of the records), already fitted to the
// layout's width; `summary.info.layout` is set. They fill the rest of the info, read the rest of
// `source`, hand each title to `sink` and fill `summary`; the error is for inputs that turn out
// not to be returns (a remittance) before any title was read.
core::Status ReadReturn240(LineSource& source, std::string_view header, const TitleSink& sink,
                           ReturnSummary& summary);
// Error (field "bank_code") when Fiado has no CNAB 400 layout for the header's bank.
core::Status ReadReturn400(LineSource& source, std::string_view header, const TitleSink& sink,
                           ReturnSummary& summary);

}  // namespace fiado::bankfiles::cnab
