#include "documents/barcodes.h"

#include <zint.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fiado::documents {
namespace {

constexpr int kQrEccM = 2;  // zint option_1 for QR: 1 = L, 2 = M, 3 = Q, 4 = H

struct SymbolDeleter {
  void operator()(zint_symbol* symbol) const { ZBarcode_Delete(symbol); }
};
using Symbol = std::unique_ptr<zint_symbol, SymbolDeleter>;

Symbol NewSymbol(int symbology) {
  Symbol symbol(ZBarcode_Create());
  if (!symbol) throw BarcodeError("zint: sem memória");
  symbol->symbology = symbology;
  symbol->input_mode = DATA_MODE;
  return symbol;
}

void Encode(zint_symbol& symbol, std::string_view data) {
  const int result = ZBarcode_Encode(&symbol, reinterpret_cast<const unsigned char*>(data.data()),
                                     static_cast<int>(data.size()));
  if (result >= ZINT_ERROR) throw BarcodeError(std::string("zint: ") + symbol.errtxt);
}

bool IsDark(const zint_symbol& symbol, int row, int column) {
  return ((symbol.encoded_data[row][column >> 3] >> (column & 7)) & 1) != 0;
}

// Runs of dark modules per row, each stacked onto the identical run of the row above.
template <typename Dark>
BarcodeModules MergeModules(int width, int height, Dark is_dark) {
  BarcodeModules modules;
  modules.width = width;
  modules.height = height;
  std::vector<std::size_t> above;  // rects ending on the previous row, left to right
  std::vector<std::size_t> here;
  for (int row = 0; row < height; ++row) {
    here.clear();
    std::size_t match = 0;  // walks `above` in step with this row's runs
    for (int column = 0; column < width;) {
      if (!is_dark(row, column)) {
        ++column;
        continue;
      }
      const int start = column;
      while (column < width && is_dark(row, column)) ++column;
      while (match < above.size() && modules.dark[above[match]].x < start) ++match;
      if (match < above.size() && modules.dark[above[match]].x == start &&
          modules.dark[above[match]].width == column - start) {
        ++modules.dark[above[match]].height;
        here.push_back(above[match]);
      } else {
        modules.dark.push_back({start, row, column - start, 1});
        here.push_back(modules.dark.size() - 1);
      }
    }
    std::swap(above, here);
  }
  return modules;
}

}  // namespace

QrMatrix EncodeQrMatrix(std::string_view payload) {
  Symbol symbol = NewSymbol(BARCODE_QRCODE);
  symbol->option_1 = kQrEccM;
  symbol->input_mode |= FAST_MODE;  // zint's fast mode: quicker encodation and mask choice
  Encode(*symbol, payload);
  QrMatrix matrix{symbol->width, std::vector<std::uint8_t>(
                                     static_cast<std::size_t>(symbol->width * symbol->rows))};
  for (int row = 0; row < symbol->rows; ++row) {
    for (int column = 0; column < symbol->width; ++column) {
      matrix.dark[static_cast<std::size_t>(row * symbol->width + column)] =
          IsDark(*symbol, row, column);
    }
  }
  return matrix;
}

BarcodeModules EncodeQr(std::string_view payload) {
  const QrMatrix qr = EncodeQrMatrix(payload);
  return MergeModules(qr.size, qr.size,
                      [&](int row, int column) { return qr.at(row, column) != 0; });
}

BarcodeModules EncodeItf(std::string_view digits) {
  if (digits.empty() || digits.size() % 2 != 0) {
    throw BarcodeError("ITF: número par de dígitos esperado");
  }
  Symbol symbol = NewSymbol(BARCODE_C25INTER);
  symbol->option_2 = 0;  // no check digit: the boleto's DV is inside the 44 digits
  Encode(*symbol, digits);
  BarcodeModules modules = MergeModules(symbol->width, symbol->rows, [&](int row, int column) {
    return IsDark(*symbol, row, column);
  });
  modules.height = 1;
  for (ModuleRect& bar : modules.dark) bar.height = 1;
  return modules;
}

// A bitmap of the symbol with its quiet zone, two pixels a module: one small image
// instead of hundreds of rectangles, and enough pixels that viewers scaling it to the
// page (without /Interpolate) keep the modules' edges sharp even at low resolutions.
void DrawQr(PdfCanvas& canvas, double x, double top, double side_pt, const BarcodeModules& qr) {
  constexpr int kPixelsPerModule = 2;
  const int side = (qr.width + 2 * kQrQuietModules) * kPixelsPerModule;
  const std::size_t row_bytes = (static_cast<std::size_t>(side) + 7) / 8;
  std::vector<std::uint8_t> bits(row_bytes * static_cast<std::size_t>(side), 0xFF);
  const auto clear = [&](int px, int py) {
    const std::size_t at =
        static_cast<std::size_t>(py) * row_bytes + static_cast<std::size_t>(px / 8);
    bits[at] = static_cast<std::uint8_t>(bits[at] & ~(0x80 >> (px % 8)));
  };
  for (const ModuleRect& r : qr.dark) {
    const int left = (r.x + kQrQuietModules) * kPixelsPerModule;
    const int upper = (r.y + kQrQuietModules) * kPixelsPerModule;
    for (int py = upper; py < upper + r.height * kPixelsPerModule; ++py) {
      for (int px = left; px < left + r.width * kPixelsPerModule; ++px) clear(px, py);
    }
  }
  canvas.DrawBitmap(x, top, side_pt, side_pt, side, side, bits);
}

void DrawItf(PdfCanvas& canvas, double x, double top, double width_pt, double height_pt,
             const BarcodeModules& itf) {
  canvas.FillModules(x, top, width_pt / itf.width, height_pt, itf.dark);
}

}  // namespace fiado::documents
