#include "payments/codes.h"

#include <gtest/gtest.h>

namespace fiado::payments {
namespace {

TEST(PaymentCodes, TxidIsLettersAndDigitsWithinPixLimits) {
  EXPECT_EQ(TxidOf(42), "FD0000000042");
  EXPECT_EQ(TxidOf(12345678901), "FD12345678901");
  const std::string longest = TxidOf(999'999'999'999'999'999);
  EXPECT_LE(longest.size(), 25u);
}

TEST(PaymentCodes, SequenceComesBackFromItsTxid) {
  for (const std::int64_t sequence : {1L, 42L, 9'999'999'999L, 12'345'678'901L}) {
    EXPECT_EQ(SequenceOfTxid(TxidOf(sequence)), sequence);
  }
}

TEST(PaymentCodes, OtherTextsAreNoTxidOfOurs) {
  for (const char* text : {"", "FD", "FD123", "XX0000000042", "FD00000000a2", "FD0000000000",
                           "CARNE000123P01", "FD-000000042"}) {
    EXPECT_EQ(SequenceOfTxid(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace fiado::payments
