// ReadReturn: finds the file header, tells CNAB 240 from CNAB 400 (and a return from a
// remittance) by its content, and hands the rest of the file to the layout's reader.
#include "bankfiles/cnab.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "bankfiles/cnab_source.h"

namespace fiado::bankfiles {
namespace {

using cnab::LineSource;

constexpr std::size_t kWidth240 = 240;
constexpr std::size_t kWidth400 = 400;

// CNAB 400 header: "0" + "2RETORNO" (or "1REMESSA") from position 1.
constexpr std::string_view kReturn400 = "RETORNO";
constexpr std::string_view kRemittance400 = "REMESSA";

core::Result<CnabLayout> DetectLayout(std::string_view header) {
  if (header.size() >= 9 && header[0] == '0') {
    const std::string_view operation = header.substr(2, 7);
    if (header[1] == '1' || operation == kRemittance400) {
      return core::Invalid("arquivo", "arquivo de remessa CNAB 400, não de retorno");
    }
    if (header[1] == '2' && operation == kReturn400) return CnabLayout::k400;
  }
  // CNAB 240 header: bank code, lote "0000" and record type "0".
  if (header.size() >= 8 && cnab::AllDigits(header.substr(0, 8)) &&
      header.substr(3, 5) == "00000") {
    return CnabLayout::k240;
  }
  return core::Invalid("arquivo",
                       "o arquivo não é um retorno CNAB 240 nem CNAB 400: a primeira linha não "
                       "é um header de arquivo");
}

// The first line that is not blank, fitted to the layout's width; error when there is none,
// when it is no CNAB header, or when it holds data beyond the layout's width.
core::Result<std::string_view> ReadHeader(LineSource& source, CnabLayout& layout) {
  std::string_view line;
  bool found = false;
  while (!found && source.Next(line)) found = !cnab::IsBlank(line);
  if (!found) return core::Invalid("arquivo", "arquivo vazio: nenhum registro");
  auto detected = DetectLayout(line);
  if (!detected) return core::Fail(detected.error());
  layout = *detected;
  const std::size_t width = layout == CnabLayout::k240 ? kWidth240 : kWidth400;
  const std::string_view header = source.Fit(line, width);
  if (header.size() > width && !cnab::IsBlank(header.substr(width))) {
    return core::Invalid("arquivo", fmt::format("header com {} caracteres: um arquivo {} tem "
                                                "registros de {}",
                                                header.size(), LayoutName(layout), width));
  }
  return header.substr(0, width);
}

}  // namespace

std::string_view LayoutName(CnabLayout layout) {
  return layout == CnabLayout::k240 ? "cnab240" : "cnab400";
}

core::Result<ReturnSummary> ReadReturn(std::istream& input, const TitleSink& sink) {
  LineSource source(input);
  ReturnSummary summary;
  CnabLayout layout = CnabLayout::k240;
  const auto header = ReadHeader(source, layout);
  if (!header) return core::Fail(header.error());
  summary.info.layout = layout;
  const auto status = layout == CnabLayout::k240
                          ? cnab::ReadReturn240(source, *header, sink, summary)
                          : cnab::ReadReturn400(source, *header, sink, summary);
  if (!status) return core::Fail(status.error());
  if (source.read_failed()) {
    cnab::ProblemLog problems(summary.problems);
    problems.Add(0, "arquivo", "erro de leitura: o arquivo pode estar incompleto");
  }
  // In line order (a problem found later about an earlier line moves up); the problems of
  // the whole file (line 0) last.
  std::stable_sort(summary.problems.begin(), summary.problems.end(),
                   [](const CnabProblem& a, const CnabProblem& b) {
                     const auto order = [](std::int64_t line) {
                       return line == 0 ? INT64_MAX : line;
                     };
                     return order(a.line) < order(b.line);
                   });
  return summary;
}

}  // namespace fiado::bankfiles
