// QR data masking (ISO/IEC 18004 §7.8) done outside zint, for speed. Choosing the mask
// is most of zint's time on a Pix code (~0.3 of ~0.5 ms: eight masked copies scored
// byte by byte), and a carnê has one code a slip. Here zint encodes with mask 0 fixed,
// and ChooseQrMask unmasks the data modules, scores the eight masks with zint's own
// penalty rules and tie-break (lowest penalty, first pattern on ties) and returns the
// symbol zint would have chosen — module for module (the tests compare them). Pure.
#pragma once

#include <cstdint>
#include <vector>

namespace fiado::documents {

// A square QR symbol, row-major, 1 = dark.
struct QrMatrix {
  int size = 0;
  std::vector<std::uint8_t> dark{};

  std::uint8_t at(int row, int column) const {
    return dark[static_cast<std::size_t>(row * size + column)];
  }
};

// `masked_with_0`: a model-2 symbol at error correction level M masked with pattern 0
// (format information for M/0 included). Returns the same data with the best mask
// and its format information, and the chosen pattern (0–7) in `chosen`.
QrMatrix ChooseQrMask(const QrMatrix& masked_with_0, int* chosen = nullptr);

}  // namespace fiado::documents
