// CNAB 240 return reading (bankfiles/cnab.h): a generated file of 999,900 segment lines
// (T + U pairs in 10 lots, valid headers and trailers, CRLF, ~242 MB) in a temporary file,
// read by ReadReturn from an ifstream. Targets: ≥ 5,000,000 lines/s on one core and a peak
// resident set ≤ 64 MB. lines_per_second counts every record; peak_rss_mb is measured in a
// fork()ed child that only reads the file (wait4's ru_maxrss; it includes the pages the child
// inherits from this process, so it is an upper bound of the reader's own need).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "bankfiles/cnab.h"

namespace fiado::bankfiles {
namespace {

constexpr int kLots = 10;
constexpr int kPairsPerLot = 49'995;  // 10 lots × 2 × 49,995 = 999,900 segment lines
constexpr std::size_t kWidth = 240;

// Writes `value` as `width` zero-padded digits at 1-based `position` of `record`.
void PutDigits(std::string& record, std::size_t position, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    record[position - 1 + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

void PutText(std::string& record, std::size_t position, std::string_view text) {
  record.replace(position - 1, text.size(), text);
}

// A record of the lot `lot` with the common prefix (bank 001, record type, sequence).
std::string Record(int lot, char type, std::uint64_t sequence) {
  std::string record(kWidth, ' ');
  PutText(record, 1, "001");
  PutDigits(record, 4, static_cast<std::uint64_t>(lot), 4);
  record[7] = type;
  if (sequence != 0) PutDigits(record, 9, sequence, 5);
  return record;
}

struct Lcg {
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  std::uint64_t Next(std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  }
};

// One title's T and U; returns the face value in centavos.
std::uint64_t WritePair(std::ofstream& out, int lot, std::uint64_t sequence, Lcg& random) {
  static constexpr const char* kMovements[] = {"06", "06", "06", "02", "09", "17"};
  const std::string movement = kMovements[random.Next(6)];
  const std::uint64_t face = 1'000 + random.Next(2'000'000);
  const bool paid = movement == "06" || movement == "17";
  std::string t = Record(lot, '3', sequence);
  PutText(t, 14, "T ");
  PutText(t, 16, movement);
  PutText(t, 18, "012340000000098765 ");
  PutText(t, 38, "1234567");
  PutDigits(t, 45, sequence + static_cast<std::uint64_t>(lot) * 1'000'000, 10);
  PutText(t, 58, "1CRED");
  PutDigits(t, 63, sequence, 11);
  PutText(t, 74, "15092026");
  PutDigits(t, 82, face, 15);
  PutText(t, 97, "00101234 PARCELA");
  PutText(t, 131, "091");
  PutDigits(t, 134, 10'000'000'000ULL + random.Next(89'999'999'999ULL), 15);
  PutText(t, 149, "MARIA DA SILVA");
  PutDigits(t, 189, 0, 10);
  const std::uint64_t fee = 150 + random.Next(300);
  PutDigits(t, 199, fee, 15);
  PutText(t, 214, "0000000000");
  std::string u = Record(lot, '3', sequence + 1);
  PutText(u, 14, "U ");
  PutText(u, 16, movement);
  const std::uint64_t interest = movement == "17" ? random.Next(5'000) : 0;
  for (std::size_t at = 18; at <= 123; at += 15) PutDigits(u, at, 0, 15);
  PutDigits(u, 18, interest, 15);
  PutDigits(u, 78, paid ? face + interest : 0, 15);
  PutDigits(u, 93, paid ? face + interest - fee : 0, 15);
  PutText(u, 138, paid ? "1409202615092026" : "1409202600000000");
  out << t << "\r\n" << u << "\r\n";
  return face;
}

void WriteLot(std::ofstream& out, int lot, Lcg& random) {
  std::string header = Record(lot, '1', 0);
  PutText(header, 9, "T01  060 2012345678000195");
  out << header << "\r\n";
  std::uint64_t face_total = 0;
  for (int pair = 0; pair < kPairsPerLot; ++pair) {
    face_total += WritePair(out, lot, static_cast<std::uint64_t>(2 * pair + 1), random);
  }
  std::string trailer = Record(lot, '5', 0);
  PutDigits(trailer, 18, 2 * kPairsPerLot + 2, 6);
  PutDigits(trailer, 24, kPairsPerLot, 6);
  PutDigits(trailer, 30, face_total, 17);
  out << trailer << "\r\n";
}

// The generated file (made once per process, removed at exit).
class GeneratedFile {
 public:
  GeneratedFile()
      : path_(std::filesystem::temp_directory_path() /
              ("fiado_cnab_bench_" + std::to_string(::getpid()) + ".ret")) {
    std::ofstream out(path_, std::ios::binary);
    std::string header = Record(0, '0', 0);
    PutText(header, 18, "212345678000195");
    PutText(header, 73, "CREDIARIO EXEMPLO LTDA");
    PutText(header, 103, "BANCO DO BRASIL");
    PutText(header, 143, "215092026083000000001");
    out << header << "\r\n";
    Lcg random;
    for (int lot = 1; lot <= kLots; ++lot) WriteLot(out, lot, random);
    std::string trailer = Record(9999, '9', 0);
    PutDigits(trailer, 18, kLots, 6);
    PutDigits(trailer, 24, records(), 6);
    out << trailer << "\r\n";
  }
  ~GeneratedFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  GeneratedFile(const GeneratedFile&) = delete;
  GeneratedFile& operator=(const GeneratedFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  static constexpr std::uint64_t records() { return 2 + kLots * (2 * kPairsPerLot + 2); }

 private:
  std::filesystem::path path_;
};

const GeneratedFile& File() {
  static const GeneratedFile file;
  return file;
}

// Reads the file; the error text, or empty when it was read without problems.
std::string ReadFile(const std::filesystem::path& path, std::int64_t& lines) {
  std::ifstream input(path, std::ios::binary);
  std::int64_t paid_cents = 0;
  const auto summary =
      ReadReturn(input, [&](const ReturnTitle& title) { paid_cents += title.paid.cents(); });
  benchmark::DoNotOptimize(paid_cents);
  if (!summary) return summary.error().Describe();
  if (!summary->Ok()) return summary->problems.front().message;
  lines = summary->lines;
  return {};
}

// Peak resident set, in MB, of a child process that only reads the file.
std::optional<double> ChildPeakRssMb(const std::filesystem::path& path) {
  const pid_t child = ::fork();
  if (child < 0) return std::nullopt;
  if (child == 0) {
    std::int64_t lines = 0;
    ::_exit(ReadFile(path, lines).empty() ? 0 : 1);
  }
  int status = 0;
  struct rusage usage {};
  if (::wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    return std::nullopt;
  }
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void BM_CnabReturn240(benchmark::State& state) {
  const GeneratedFile& file = File();
  static const std::optional<double> peak_mb = ChildPeakRssMb(file.path());
  if (!peak_mb) {
    state.SkipWithError("o processo filho não leu o arquivo sem problemas");
    return;
  }
  std::int64_t lines = 0;
  for (auto _ : state) {
    const std::string error = ReadFile(file.path(), lines);
    if (!error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  state.counters["lines_per_second"] =
      benchmark::Counter(static_cast<double>(lines) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = *peak_mb;
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::filesystem::file_size(file.path())));
}
BENCHMARK(BM_CnabReturn240)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

}  // namespace
}  // namespace fiado::bankfiles
