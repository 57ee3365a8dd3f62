// Test helpers: write a rendered PDF to a temporary folder and read it back with the real
// command-line tools (poppler-utils: pdftotext, pdfinfo, pdftoppm; zbar-tools: zbarimg).
// Tests skip with a clear message when a tool is not installed.
#pragma once

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace fiado::documents::testing {

inline constexpr const char* kPdfToText = "/usr/bin/pdftotext";
inline constexpr const char* kPdfInfo = "/usr/bin/pdfinfo";
inline constexpr const char* kPdfToPpm = "/usr/bin/pdftoppm";
inline constexpr const char* kZbarImg = "/usr/bin/zbarimg";

inline bool HaveTool(const char* path) { return ::access(path, X_OK) == 0; }

#define FIADO_REQUIRE_TOOL(path, package)                                             \
  do {                                                                                \
    if (!::fiado::documents::testing::HaveTool(path)) {                               \
      GTEST_SKIP() << path << " is not installed (Debian package " << package << ")"; \
    }                                                                                 \
  } while (false)

inline std::string WriteFile(const fiado::testing::TempDir& dir, const std::string& name,
                             const std::string& bytes) {
  const std::string path = dir.File(name);
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return path;
}

inline std::string RunTool(const std::vector<std::string>& args) {
  const fiado::testing::ProcessResult result = fiado::testing::RunProcess(args);
  EXPECT_EQ(result.exit_code, 0) << args[0] << " failed: " << result.err;
  return result.out;
}

// pdftotext in its default reading order (or -layout), UTF-8.
inline std::string PdfText(const std::string& pdf, bool layout = false) {
  std::vector<std::string> args = {kPdfToText, "-enc", "UTF-8"};
  if (layout) args.push_back("-layout");
  args.insert(args.end(), {pdf, "-"});
  return RunTool(args);
}

// `text` with every run of whitespace made one space.
inline std::string Squeeze(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// `text` without line breaks (how the wrapped Pix copy-and-paste text joins back).
inline std::string WithoutLineBreaks(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != '\n' && c != '\f') out += c;
  }
  return out;
}

// The value of a "Key:   value" line of pdfinfo.
inline std::string PdfInfo(const std::string& pdf, const std::string& key) {
  std::istringstream lines(RunTool({kPdfInfo, pdf}));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      const std::size_t value = line.find_first_not_of(' ', key.size() + 1);
      return value == std::string::npos ? "" : line.substr(value);
    }
  }
  return "";
}

inline int PdfPages(const std::string& pdf) { return std::stoi(PdfInfo(pdf, "Pages")); }

// Width and height in points of the first page ("226.77 x 612.3 pts").
inline std::pair<double, double> PdfPageSize(const std::string& pdf) {
  const std::string size = PdfInfo(pdf, "Page size");
  const std::size_t by = size.find(" x ");
  return {std::stod(size.substr(0, by)), std::stod(size.substr(by + 3))};
}

// Renders page `page` (1-based) at `dpi` to a PNG and returns its path.
inline std::string RenderPng(const fiado::testing::TempDir& dir, const std::string& pdf, int page,
                             int dpi) {
  const std::string prefix = dir.File("page" + std::to_string(page));
  RunTool({kPdfToPpm, "-r", std::to_string(dpi), "-f", std::to_string(page), "-l",
           std::to_string(page), "-png", "-singlefile", pdf, prefix});
  return prefix + ".png";
}

// Every symbol zbarimg reads in `png`, as raw text, one per entry. `flags` go before the file.
inline std::vector<std::string> DecodeBarcodes(const std::string& png,
                                               const std::vector<std::string>& flags) {
  std::vector<std::string> args = {kZbarImg, "--raw", "-q"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(png);
  const fiado::testing::ProcessResult result = fiado::testing::RunProcess(args);
  std::vector<std::string> symbols;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) symbols.push_back(line);
  }
  return symbols;
}

}  // namespace fiado::documents::testing
