// The two barcodes of a carnê slip, encoded by zint: the Pix QR code (error correction M,
// mask chosen by zint, 4-module quiet zone; drawn as a sharp 1-bit bitmap) and the
// boleto's 44-digit Interleaved 2 of 5 (no check digit added, narrow:wide 1:3,
// 103 mm × 13 mm, STANDARDS §2.5; drawn as exact vector rectangles). Encoding is pure; it
// throws BarcodeError when zint refuses the data, which the renderers' input checks make
// a bug rather than a user error.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "documents/pdf_canvas.h"

namespace fiado::documents {

class BarcodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A symbol as module rectangles: the dark modules, merged into as few rectangles as
// possible (runs along a row, stacked down identical runs of the following rows).
struct BarcodeModules {
  int width = 0;   // in modules, without quiet zone
  int height = 0;  // in modules (1 for a linear barcode)
  std::vector<ModuleRect> dark{};
};

// A square QR symbol, row-major, 1 = dark.
struct QrMatrix {
  int size = 0;
  std::vector<std::uint8_t> dark{};

  std::uint8_t at(int row, int column) const {
    return dark[static_cast<std::size_t>(row * size + column)];
  }
};

// QR code of `payload` (bytes as given, UTF-8 for a Pix BR Code), error correction M,
// the mask chosen by zint.
BarcodeModules EncodeQr(std::string_view payload);

// The same symbol as a module matrix.
QrMatrix EncodeQrMatrix(std::string_view payload);

// Interleaved 2 of 5 of `digits` (an even number of digits; 44 for a boleto).
BarcodeModules EncodeItf(std::string_view digits);

// The QR quiet zone in modules (ISO/IEC 18004: 4).
inline constexpr int kQrQuietModules = 4;

// Draws `qr` with its quiet zone inside the square whose top-left corner is (x, top) and
// side is `side_pt`; the modules are side / (width + 8) points each.
void DrawQr(PdfCanvas& canvas, double x, double top, double side_pt, const BarcodeModules& qr);

// Draws `itf` as bars `width_pt` wide (quiet zone not included) and `height_pt` high.
void DrawItf(PdfCanvas& canvas, double x, double top, double width_pt, double height_pt,
             const BarcodeModules& itf);

}  // namespace fiado::documents
