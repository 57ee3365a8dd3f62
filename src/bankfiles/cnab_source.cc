#include "bankfiles/cnab_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace fiado::bankfiles::cnab {
namespace {

constexpr std::size_t kMinBufferBytes = 4096;
// How many leading bytes decide between single bytes and UTF-16 without a byte-order mark.
constexpr std::size_t kSniffBytes = 64;

// UTF-16 without a byte-order mark: text whose every other byte is NUL. `nul_at` is 1 for
// little endian ("0\0") and 0 for big endian ("\00").
bool LooksLikeUtf16(const char* bytes, std::size_t size, std::size_t nul_at) {
  const std::size_t checked = std::min(size, kSniffBytes) / 2 * 2;
  if (checked < 4) return false;
  for (std::size_t i = 0; i < checked; i += 2) {
    if (bytes[i + nul_at] != '\0' || bytes[i + 1 - nul_at] == '\0') return false;
  }
  return true;
}

// Length of the UTF-8 sequence that `lead` starts (2–4), or 0 when it starts none.
std::size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// `text` with each UTF-8 multi-byte letter folded to one byte (Latin-1 when it has one, '?'
// otherwise); false when `text` is not valid UTF-8.
bool FoldUtf8(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t length = Utf8SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return false;
    }
    const unsigned code_point =
        length == 2 ? ((lead & 0x1FU) << 6U) | (static_cast<unsigned char>(text[i + 1]) & 0x3FU)
                    : 0x100U;
    out.push_back(code_point < 0x100U ? static_cast<char>(code_point) : '?');
    i += length;
  }
  return true;
}

bool AddCents(core::Money& total, core::Money amount) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(total.cents(), amount.cents(), &sum)) return false;
  total = core::Money::FromCents(sum);
  return true;
}

}  // namespace

// ---- LineSource ----------------------------------------------------------------------------

LineSource::LineSource(std::istream& input, std::size_t buffer_bytes)
    : input_(input),
      buffer_size_(std::max(buffer_bytes, kMinBufferBytes)),
      buffer_(std::make_unique_for_overwrite<char[]>(buffer_size_)) {}

std::size_t LineSource::ReadRaw(char* out, std::size_t capacity) {
  if (eof_ || capacity == 0) return 0;
  input_.read(out, static_cast<std::streamsize>(capacity));
  const auto count = static_cast<std::size_t>(input_.gcount());
  if (!input_) {
    eof_ = true;
    read_failed_ = input_.bad();
  }
  return count;
}

void LineSource::DetectEncoding() {
  started_ = true;
  end_ = ReadRaw(buffer_.get(), buffer_size_);
  const char* bytes = buffer_.get();
  std::size_t skip = 0;
  if (end_ >= 3 && std::memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
    had_bom_ = true;
    begin_ = 3;
  } else if (end_ >= 2 && std::memcmp(bytes, "\xFF\xFE", 2) == 0) {
    encoding_ = TextEncoding::kUtf16Le;
    skip = 2;
  } else if (end_ >= 2 && std::memcmp(bytes, "\xFE\xFF", 2) == 0) {
    encoding_ = TextEncoding::kUtf16Be;
    skip = 2;
  } else if (LooksLikeUtf16(bytes, end_, 1)) {
    encoding_ = TextEncoding::kUtf16Le;
  } else if (LooksLikeUtf16(bytes, end_, 0)) {
    encoding_ = TextEncoding::kUtf16Be;
  }
  if (encoding_ != TextEncoding::kSingleByte) {
    had_bom_ = skip != 0;
    raw_ = std::make_unique_for_overwrite<char[]>(buffer_size_);
    std::memcpy(raw_.get(), bytes + skip, end_ - skip);
    raw_end_ = end_ - skip;
    begin_ = 0;
    end_ = ReadUtf16(buffer_.get(), buffer_size_);
  }
  const std::string_view first(buffer_.get() + begin_, end_ - begin_);
  if (first.find('\n') == std::string_view::npos && first.find('\r') != std::string_view::npos) {
    separator_ = '\r';  // old Mac line ends
  }
}

// Decodes UTF-16 code units from raw_ into `out`; refills raw_ from the input as needed.
std::size_t LineSource::ReadUtf16(char* out, std::size_t capacity) {
  const bool little_endian = encoding_ == TextEncoding::kUtf16Le;
  std::size_t written = 0;
  while (written < capacity) {
    if (raw_end_ - raw_begin_ < 2) {
      std::memmove(raw_.get(), raw_.get() + raw_begin_, raw_end_ - raw_begin_);
      raw_end_ -= raw_begin_;
      raw_begin_ = 0;
      const std::size_t count = ReadRaw(raw_.get() + raw_end_, buffer_size_ - raw_end_);
      raw_end_ += count;
      if (raw_end_ < 2) break;
    }
    const auto first = static_cast<unsigned char>(raw_[raw_begin_]);
    const auto second = static_cast<unsigned char>(raw_[raw_begin_ + 1]);
    raw_begin_ += 2;
    const unsigned unit = little_endian ? first | (second << 8U) : (first << 8U) | second;
    if (unit >= 0xDC00 && unit <= 0xDFFF) continue;  // low surrogate: its high one gave '?'
    out[written++] = unit < 0x100 ? static_cast<char>(unit) : '?';
  }
  return written;
}

std::size_t LineSource::ReadSingleBytes(char* out, std::size_t capacity) {
  return ReadRaw(out, capacity);
}

bool LineSource::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  char* out = buffer_.get() + end_;
  const std::size_t capacity = buffer_size_ - end_;
  const std::size_t count = encoding_ == TextEncoding::kSingleByte ? ReadSingleBytes(out, capacity)
                                                                   : ReadUtf16(out, capacity);
  end_ += count;
  if (count == 0) eof_ = true;
  return count != 0;
}

bool LineSource::Next(std::string_view& line) {
  if (!started_) DetectEncoding();
  for (;;) {
    const char* data = buffer_.get();
    const void* hit = std::memchr(data + begin_, separator_, end_ - begin_);
    std::size_t line_end = 0;
    std::size_t next = 0;
    if (hit != nullptr) {
      line_end = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
      next = line_end + 1;
    } else if (eof_ || (begin_ == 0 && end_ == buffer_size_)) {
      if (begin_ == end_) return false;
      line_end = end_;  // the last line without an end of line, or one longer than the buffer
      next = end_;
    } else {
      Refill();
      continue;
    }
    line = std::string_view(data + begin_, line_end - begin_);
    if (separator_ == '\n' && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    begin_ = next;
    ++line_number_;
    return true;
  }
}

std::string_view LineSource::Fit(std::string_view line, std::size_t width) {
  if (line.size() == width) return line;
  if (line.size() > width) {
    const bool has_high_bytes = std::any_of(
        line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (!has_high_bytes || !FoldUtf8(line, scratch_)) return line;
    if (scratch_.size() >= width) return scratch_;
  } else {
    scratch_.assign(line);
  }
  scratch_.resize(width, ' ');
  return scratch_;
}

// ---- Text helpers --------------------------------------------------------------------------

bool AllDigits(std::string_view text) {
  unsigned char bad = 0;
  for (const char c : text) {
    bad |= static_cast<unsigned char>(static_cast<unsigned char>(c) - '0') > 9 ? 1 : 0;
  }
  return bad == 0;
}

std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) c = '?';
  }
  return out;
}

// ---- ProblemLog and RecordReader -----------------------------------------------------------

void ProblemLog::Add(std::int64_t line, std::string_view field, std::string message) {
  if (!Accepting()) return;
  problems_.push_back(CnabProblem{line, std::string(field), std::move(message)});
}

bool SequenceCheck::Accept(std::optional<std::int64_t> found, std::int64_t& expected) {
  expected = next_;
  if (!found) {
    ++next_;
    alternative_ = 0;
    return true;
  }
  const bool accepted = *found == next_ || (alternative_ != 0 && *found == alternative_);
  alternative_ = accepted ? 0 : next_ + 1;
  next_ = *found + 1;
  return accepted;
}

void RecordReader::Problem(std::string_view field, std::string message) const {
  problems_.Add(line_, field, std::move(message));
}

void RecordReader::ReportNotNumeric(Span span, std::string_view field,
                                    std::string_view what) const {
  Problem(field, problems_.Accepting()
                     ? fmt::format("{} não numérico: \"{}\"", what, Printable(Raw(span)))
                     : std::string());
}

void RecordReader::ReportBadDate(Span span, std::string_view field) const {
  Problem(field, problems_.Accepting() ? fmt::format("data inválida: \"{}\"", Printable(Raw(span)))
                                       : std::string());
}

std::string_view FitRecordSlow(LineSource& source, std::string_view line, std::size_t width,
                               ProblemLog& problems) {
  std::string_view record = source.Fit(line, width);
  if (record.size() > width) {
    if (!IsBlank(record.substr(width))) {
      problems.Add(
          source.line_number(), "registro",
          fmt::format("registro com {} caracteres; o leiaute tem {}", record.size(), width));
    }
    record = record.substr(0, width);
  }
  return record;
}

void ReadReasons(std::string_view raw, std::size_t code_width, std::vector<std::string>& out) {
  out.clear();
  if (ZerosOrBlanks(raw)) return;  // the usual case
  for (std::size_t at = 0; at + code_width <= raw.size(); at += code_width) {
    const std::string_view code = raw.substr(at, code_width);
    if (!ZerosOrBlanks(code)) out.emplace_back(code);
  }
}

void CountTitle(const ReturnTitle& title, ReturnSummary& summary, ProblemLog& problems) {
  const bool fits =
      AddCents(summary.face_total, title.face_value) && AddCents(summary.paid_total, title.paid) &&
      AddCents(summary.net_total, title.net_credited) && AddCents(summary.fee_total, title.fee) &&
      AddCents(summary.charges_total, title.charges);
  if (!fits) problems.Add(title.line, "total", "soma dos valores excede o limite");
  ++summary.titles;
}

}  // namespace fiado::bankfiles::cnab
