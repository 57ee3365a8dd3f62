// PdfCanvas: a small drawing surface over one libharu document. It owns the HPDF_Doc,
// embeds the three DejaVu faces (subset once per process, see font_subset.h), takes UTF-8
// text and measures it, and works in points with y measured DOWN from the top of the
// current page (libharu's y grows up; the canvas converts). Text is drawn in Windows-1252
// (win_ansi.h) with simple TrueType fonts: libharu 2.3.0's UTF-8 mode writes a malformed
// ToUnicode CMap (poppler: "Invalid 'begincidrange'") and a 128 KB CIDToGIDMap per font. libharu
// reports failures to a callback; the canvas records them and throws PdfError from the call that
// failed, so a failure never crashes and never leaves a half-made PDF behind. Not thread-safe; one
// canvas per document (separate canvases may be used on separate threads).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fiado::documents {

// Millimetres to points (1 pt = 1/72 in).
constexpr double Mm(double millimetres) { return millimetres * 72.0 / 25.4; }

inline constexpr double kA4WidthPt = Mm(210.0);
inline constexpr double kA4HeightPt = Mm(297.0);

// A libharu or font failure: an infrastructure failure (missing font file, no memory).
class PdfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Font { kRegular, kBold, kMono };
enum class Align { kLeft, kCenter, kRight };
enum class Stroke { kSolid, kDashed };

// A grey level or an RGB colour, components 0–1.
struct Color {
  double r = 0;
  double g = 0;
  double b = 0;
};
inline constexpr Color kBlack{};
inline constexpr Color kTextGray{0.30, 0.30, 0.30};
inline constexpr Color kLineGray{0.55, 0.55, 0.55};
inline constexpr Color kFillGray{0.93, 0.93, 0.93};
inline constexpr Color kAlertRed{0.75, 0.08, 0.08};

// An axis-aligned block of barcode modules: column, row, width and height in modules.
struct ModuleRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

class PdfCanvas {
 public:
  // A new document with metadata `title`; throws PdfError when libharu or a font fails.
  explicit PdfCanvas(std::string_view title);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  // Starts a page of the given size; the drawing calls below go to it.
  void AddPage(double width_pt, double height_pt);
  int page_count() const;
  double page_width() const;
  double page_height() const;

  // Width of `text` (UTF-8) in `font` at `size_pt`.
  double TextWidth(Font font, double size_pt, std::string_view text) const;
  // Draws `text` with its baseline at `baseline` (from the top); `x` is the left edge, the
  // centre or the right edge of the text as `align` says.
  void Text(double x, double baseline, Font font, double size_pt, std::string_view text,
            Align align = Align::kLeft, Color color = kBlack);
  // Text that must fit `max_width`: drawn smaller (down to 75%) and then cut with "…".
  void TextFit(double x, double baseline, double max_width, Font font, double size_pt,
               std::string_view text, Align align = Align::kLeft, Color color = kBlack);
  // `text` broken at spaces into lines no wider than `max_width` (a word longer than
  // a line is broken inside; "R$" stays with the amount after it). Explicit line breaks
  // are kept.
  std::vector<std::string> Wrap(Font font, double size_pt, double max_width,
                                std::string_view text) const;

  void Line(double x1, double y1, double x2, double y2, double width_pt,
            Stroke stroke = Stroke::kSolid, Color color = kLineGray);
  // Rectangle with its top-left corner at (x, top).
  void StrokeRect(double x, double top, double width, double height, double line_width_pt,
                  Color color = kLineGray);
  void FillRect(double x, double top, double width, double height, Color color);
  // Fills module rectangles (barcodes) in black: module (0,0) has its top-left corner at
  // (x, top) and each module is `module_width` × `module_height` points. Exact vector
  // rectangles, no raster image.
  void FillModules(double x, double top, double module_width, double module_height,
                   std::span<const ModuleRect> rects);

  // A black-and-white bitmap (1 bit a pixel, rows from the top, each row padded to a
  // whole byte, a set bit = white) stretched over the rectangle with its top-left corner
  // at (x, top). One image instead of hundreds of rectangles: how QR codes are drawn.
  void DrawBitmap(double x, double top, double width, double height, int columns, int rows,
                  std::span<const std::uint8_t> bits);

  // The PDF's bytes. The canvas should not be drawn on afterwards.
  std::string Save();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fiado::documents
