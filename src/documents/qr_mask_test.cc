// ChooseQrMask must give, module for module, the symbol zint makes when it picks the mask.
#include "documents/qr_mask.h"

#include <zint.h>

#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "documents/barcodes.h"
#include "documents/test_data.h"

namespace fiado::documents {
namespace {

using namespace fiado::documents::testing;

// zint's QR at level M; `option_3` 0 lets zint choose the mask, (n + 1) << 8 forces n.
QrMatrix Zint(const std::string& data, int option_3) {
  zint_symbol* symbol = ZBarcode_Create();
  symbol->symbology = BARCODE_QRCODE;
  symbol->option_1 = 2;
  symbol->option_3 = option_3;
  EXPECT_LT(ZBarcode_Encode(symbol, reinterpret_cast<const unsigned char*>(data.data()),
                            static_cast<int>(data.size())),
            ZINT_ERROR);
  QrMatrix m{symbol->width, std::vector<std::uint8_t>(static_cast<std::size_t>(symbol->width * symbol->rows))};
  for (int row = 0; row < symbol->rows; ++row) {
    for (int column = 0; column < symbol->width; ++column) {
      m.dark[static_cast<std::size_t>(row * symbol->width + column)] =
          (symbol->encoded_data[row][column >> 3] >> (column & 7)) & 1;
    }
  }
  ZBarcode_Delete(symbol);
  return m;
}

TEST(DocumentsQrMask, ChoosesTheSymbolZintChooses) {
  std::mt19937 random(2026);
  const std::string alphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz.-*@/$%:+";
  std::set<int> masks;
  std::set<int> sizes;
  for (int i = 0; i < 400; ++i) {
    std::string payload = i % 4 == 0 ? kPixC1.substr(0, 100) : "";
    const auto length = std::uniform_int_distribution<std::size_t>(1, 480)(random);
    while (payload.size() < length) {
      payload += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    }
    int chosen = -1;
    const QrMatrix ours = ChooseQrMask(Zint(payload, 1 << 8), &chosen);
    const QrMatrix theirs = Zint(payload, 0);
    ASSERT_EQ(ours.size, theirs.size);
    ASSERT_EQ(ours.dark, theirs.dark) << "payload " << payload << " mask " << chosen;
    masks.insert(chosen);
    sizes.insert(ours.size);
  }
  EXPECT_EQ(masks.size(), 8u);     // every pattern was the best at least once
  EXPECT_GE(*sizes.rbegin(), 45);  // versions 7+ (with version information) covered
}

TEST(DocumentsQrMask, LargeSymbolsMatchZint) {  // two and three 64-bit words a line
  std::mt19937 random(7);
  for (const std::size_t length : {700u, 1200u, 1800u, 2300u}) {
    std::string payload;
    while (payload.size() < length) payload += static_cast<char>('a' + random() % 26);
    const QrMatrix theirs = Zint(payload, 0);
    EXPECT_EQ(ChooseQrMask(Zint(payload, 1 << 8)).dark, theirs.dark) << theirs.size;
  }
}

TEST(DocumentsQrMask, PixVectorsMatchZint) {
  for (const std::string& payload : {kPixC1, kPixC3, kPixP3}) {
    EXPECT_EQ(EncodeQrMatrix(payload).dark, Zint(payload, 0).dark) << payload;
  }
}

TEST(DocumentsQrMask, RejectsWhatIsNotAQrSymbol) {
  EXPECT_THROW(ChooseQrMask(QrMatrix{20, std::vector<std::uint8_t>(400)}), std::invalid_argument);
  EXPECT_THROW(ChooseQrMask(QrMatrix{21, std::vector<std::uint8_t>(3)}), std::invalid_argument);
}

}  // namespace
}  // namespace fiado::documents
