#include "documents/pdf_canvas.h"

#include "core/error.h"

#include <hpdf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "documents/font_subset.h"
#include "documents/win_ansi.h"

namespace fiado::documents {
namespace {

constexpr std::array<const char*, 3> kFontSources = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
};
constexpr const char* kEncoding = "CP1252";
constexpr char kEllipsis = '\x85';  // "…" in Windows-1252

HPDF_REAL R(double value) { return static_cast<HPDF_REAL>(value); }

// `text` for the document information dictionary, which is in PDFDocEncoding: the same
// as Windows-1252 except 0x80–0x9F, where dashes and quotes become ASCII.
std::string InfoText(std::string_view text) {
  std::string out;
  for (const char c : ToWinAnsi(text)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 || byte > 0x9F) {
      out += c;
    } else if (byte == 0x96 || byte == 0x97) {
      out += '-';
    } else if (byte == 0x91 || byte == 0x92) {
      out += '\'';
    } else if (byte == 0x93 || byte == 0x94) {
      out += '"';
    } else {
      out += '?';
    }
  }
  return out;
}

std::string ReadWholeFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PdfError(fmt::format("fonte não encontrada: {} (pacote fonts-dejavu-core)", path));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file libharu can open holding the subset of `source`: an anonymous in-memory file
// (memfd) reached through /proc/self/fd. Falls back to `source` itself when the subset or
// the memfd cannot be made (bigger PDFs, same text).
std::string PrepareFontFile(const char* source) {
  const std::string original = ReadWholeFile(source);
  std::string subset;
  try {
    subset = SubsetTrueType(original, WinAnsiCodePoints(), /*strip_hinting=*/true);
  } catch (const FontSubsetError&) {
    return source;
  }
  const int fd = memfd_create("fiado-font", MFD_CLOEXEC);
  if (fd < 0) return source;
  std::size_t written = 0;
  while (written < subset.size()) {
    const ssize_t n = write(fd, subset.data() + written, subset.size() - written);
    if (n <= 0) {
      close(fd);
      return source;
    }
    written += static_cast<std::size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (access(path.c_str(), R_OK) != 0) {
    close(fd);
    return source;
  }
  return path;  // the memfd stays open for the life of the process
}

// The font files, prepared once per process (the subsets are immutable; a failed first
// attempt, e.g. a missing font, is retried on the next call).
const std::array<std::string, 3>& EmbeddedFontFiles() {
  static const std::array<std::string, 3> files = {
      PrepareFontFile(kFontSources[0]),
      PrepareFontFile(kFontSources[1]),
      PrepareFontFile(kFontSources[2]),
  };
  return files;
}

// The words of `paragraph` (split at spaces), "R$" kept with the amount after it.
std::vector<std::string> Words(std::string_view paragraph) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < paragraph.size()) {
    std::size_t end = paragraph.find(' ', at);
    if (end == std::string_view::npos) end = paragraph.size();
    std::string word(paragraph.substr(at, end - at));
    at = end + 1;
    if (word.empty()) continue;
    if (!words.empty() && (words.back() == "R$" || words.back() == "-R$")) {
      words.back() += ' ';
      words.back() += word;
    } else {
      words.push_back(std::move(word));
    }
  }
  return words;
}

// Appends the lines of one paragraph: words while they fit, a word wider than a line
// broken between characters. An empty paragraph gives one empty line.
template <typename Fits>
void WrapParagraph(std::string_view paragraph, Fits fits, std::vector<std::string>& lines) {
  std::string line;
  for (const std::string& word : Words(paragraph)) {
    std::string candidate = line.empty() ? word : line + " " + word;
    if (fits(candidate)) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) lines.push_back(std::exchange(line, std::string()));
    std::u32string rest = DecodeUtf8(word);
    while (rest.size() > 1 && !fits(EncodeUtf8(rest))) {
      std::size_t fit = rest.size() - 1;
      while (fit > 1 && !fits(EncodeUtf8(rest.substr(0, fit)))) --fit;
      lines.push_back(EncodeUtf8(rest.substr(0, fit)));
      rest.erase(0, fit);
    }
    line = EncodeUtf8(rest);
  }
  if (!line.empty() || paragraph.empty()) lines.push_back(line);
}

}  // namespace

struct PdfCanvas::State {
  HPDF_Doc doc = nullptr;
  HPDF_Page page = nullptr;
  double width = 0;
  double height = 0;
  int pages = 0;
  std::array<HPDF_Font, 3> fonts{};
  std::array<std::array<double, 256>, 3> widths{};  // per mille of the size; < 0 = unknown
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;

  ~State() {
    if (doc != nullptr) HPDF_Free(doc);
  }

  static void OnError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
    auto* self = static_cast<State*>(user_data);
    if (self->error == HPDF_OK) {
      self->error = error_no;
      self->detail = detail_no;
    }
  }

  void Check() const {
    if (error != HPDF_OK) {
      throw PdfError(fmt::format("falha ao gerar o PDF (libharu erro 0x{:04X}, detalhe {})",
                                 static_cast<unsigned>(error), static_cast<unsigned>(detail)));
    }
  }

  HPDF_Page Page() const {
    if (page == nullptr) throw PdfError("PdfCanvas: desenho antes de AddPage");
    return page;
  }

  // Width of Windows-1252 `bytes` in 1/1000 of the font size.
  double WidthPerMille(Font font, std::string_view bytes) {
    auto& table = widths[static_cast<std::size_t>(font)];
    double total = 0;
    for (const char c : bytes) {
      const auto b = static_cast<unsigned char>(c);
      if (table[b] < 0) {
        const HPDF_TextWidth w = HPDF_Font_TextWidth(fonts[static_cast<std::size_t>(font)], &b, 1);
        table[b] = static_cast<double>(w.width);
      }
      total += table[b];
    }
    Check();
    return total;
  }
};

PdfCanvas::PdfCanvas(std::string_view title) : state_(std::make_unique<State>()) {
  for (auto& table : state_->widths) table.fill(-1);
  const auto& files = EmbeddedFontFiles();
  state_->doc = HPDF_New(&State::OnError, state_.get());
  if (state_->doc == nullptr) throw PdfError("falha ao gerar o PDF (libharu sem memória)");
  HPDF_SetCompressionMode(state_->doc, HPDF_COMP_ALL);
  HPDF_SetInfoAttr(state_->doc, HPDF_INFO_CREATOR, "Fiado");
  HPDF_SetInfoAttr(state_->doc, HPDF_INFO_TITLE, InfoText(title).c_str());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const char* name = HPDF_LoadTTFontFromFile(state_->doc, files[i].c_str(), HPDF_TRUE);
    state_->Check();
    state_->fonts[i] = HPDF_GetFont(state_->doc, name, kEncoding);
    state_->Check();
  }
}

PdfCanvas::~PdfCanvas() = default;

void PdfCanvas::AddPage(double width_pt, double height_pt) {
  state_->page = HPDF_AddPage(state_->doc);
  state_->Check();
  HPDF_Page_SetWidth(state_->page, R(width_pt));
  HPDF_Page_SetHeight(state_->page, R(height_pt));
  state_->Check();
  state_->width = width_pt;
  state_->height = height_pt;
  ++state_->pages;
}

int PdfCanvas::page_count() const { return state_->pages; }
double PdfCanvas::page_width() const { return state_->width; }
double PdfCanvas::page_height() const { return state_->height; }

double PdfCanvas::TextWidth(Font font, double size_pt, std::string_view text) const {
  return state_->WidthPerMille(font, ToWinAnsi(text)) * size_pt / 1000.0;
}

void PdfCanvas::Text(double x, double baseline, Font font, double size_pt, std::string_view text,
                     Align align, Color color) {
  const std::string bytes = ToWinAnsi(text);
  if (bytes.empty()) return;
  const HPDF_Page page = state_->Page();
  double left = x;
  if (align != Align::kLeft) {
    const double width = state_->WidthPerMille(font, bytes) * size_pt / 1000.0;
    left = align == Align::kCenter ? x - width / 2 : x - width;
  }
  HPDF_Page_SetRGBFill(page, R(color.r), R(color.g), R(color.b));
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, state_->fonts[static_cast<std::size_t>(font)], R(size_pt));
  HPDF_Page_TextOut(page, R(left), R(state_->height - baseline), bytes.c_str());
  HPDF_Page_EndText(page);
  state_->Check();
}

void PdfCanvas::TextFit(double x, double baseline, double max_width, Font font, double size_pt,
                        std::string_view text, Align align, Color color) {
  const double natural = TextWidth(font, size_pt, text);
  if (natural <= max_width) return Text(x, baseline, font, size_pt, text, align, color);
  const double smallest = size_pt * 0.75;
  if (natural * smallest / size_pt <= max_width) {
    return Text(x, baseline, font, size_pt * max_width / natural, text, align, color);
  }
  std::u32string chars = DecodeUtf8(text);
  const double ellipsis = state_->WidthPerMille(font, std::string(1, kEllipsis)) * smallest / 1000;
  while (!chars.empty() && TextWidth(font, smallest, EncodeUtf8(chars)) + ellipsis > max_width) {
    chars.pop_back();
  }
  Text(x, baseline, font, smallest, EncodeUtf8(chars) + "…", align, color);
}

std::vector<std::string> PdfCanvas::Wrap(Font font, double size_pt, double max_width,
                                         std::string_view text) const {
  const auto fits = [&](const std::string& line) {
    return TextWidth(font, size_pt, line) <= max_width;
  };
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    WrapParagraph(text.substr(start, end - start), fits, lines);
    start = end + 1;
  }
  return lines;
}

void PdfCanvas::Line(double x1, double y1, double x2, double y2, double width_pt, Stroke stroke,
                     Color color) {
  const HPDF_Page page = state_->Page();
  HPDF_Page_SetLineWidth(page, R(width_pt));
  HPDF_Page_SetRGBStroke(page, R(color.r), R(color.g), R(color.b));
  if (stroke == Stroke::kDashed) {
    const HPDF_UINT16 dash[] = {4, 3};
    HPDF_Page_SetDash(page, dash, 2, 0);
  }
  HPDF_Page_MoveTo(page, R(x1), R(state_->height - y1));
  HPDF_Page_LineTo(page, R(x2), R(state_->height - y2));
  HPDF_Page_Stroke(page);
  if (stroke == Stroke::kDashed) HPDF_Page_SetDash(page, nullptr, 0, 0);
  state_->Check();
}

void PdfCanvas::StrokeRect(double x, double top, double width, double height, double line_width_pt,
                           Color color) {
  const HPDF_Page page = state_->Page();
  HPDF_Page_SetLineWidth(page, R(line_width_pt));
  HPDF_Page_SetRGBStroke(page, R(color.r), R(color.g), R(color.b));
  HPDF_Page_Rectangle(page, R(x), R(state_->height - top - height), R(width), R(height));
  HPDF_Page_Stroke(page);
  state_->Check();
}

void PdfCanvas::FillRect(double x, double top, double width, double height, Color color) {
  const HPDF_Page page = state_->Page();
  HPDF_Page_SetRGBFill(page, R(color.r), R(color.g), R(color.b));
  HPDF_Page_Rectangle(page, R(x), R(state_->height - top - height), R(width), R(height));
  HPDF_Page_Fill(page);
  state_->Check();
}

void PdfCanvas::FillModules(double x, double top, double module_width, double module_height,
                            std::span<const ModuleRect> rects) {
  if (rects.empty()) return;
  const HPDF_Page page = state_->Page();
  HPDF_Page_GSave(page);
  // One module per unit, rows growing downwards: the rectangles are small integers.
  HPDF_Page_Concat(page, R(module_width), 0, 0, R(-module_height), R(x), R(state_->height - top));
  HPDF_Page_SetRGBFill(page, 0, 0, 0);
  for (const ModuleRect& r : rects) {
    HPDF_Page_Rectangle(page, R(r.x), R(r.y), R(r.width), R(r.height));
  }
  HPDF_Page_Fill(page);
  HPDF_Page_GRestore(page);
  state_->Check();
}

void PdfCanvas::DrawBitmap(double x, double top, double width, double height, int columns, int rows,
                           std::span<const std::uint8_t> bits) {
  const std::size_t row_bytes = (static_cast<std::size_t>(columns) + 7) / 8;
  FIADO_CHECK(bits.size() == row_bytes * static_cast<std::size_t>(rows));
  const HPDF_Image image =
      HPDF_LoadRawImageFromMem(state_->doc, bits.data(), static_cast<HPDF_UINT>(columns),
                               static_cast<HPDF_UINT>(rows), HPDF_CS_DEVICE_GRAY, 1);
  state_->Check();
  HPDF_Page_DrawImage(state_->Page(), image, R(x), R(state_->height - top - height), R(width),
                      R(height));
  state_->Check();
}

std::string PdfCanvas::Save() {
  HPDF_SaveToStream(state_->doc);
  state_->Check();
  HPDF_UINT32 size = HPDF_GetStreamSize(state_->doc);
  std::string bytes(size, '\0');
  HPDF_ResetStream(state_->doc);
  HPDF_ReadFromStream(state_->doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  state_->Check();
  bytes.resize(size);
  return bytes;
}

}  // namespace fiado::documents
