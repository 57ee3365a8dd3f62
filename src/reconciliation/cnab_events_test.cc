// What each movement code does, the events' idempotency keys, and whose file a header is.
#include "reconciliation/cnab_events.h"

#include <gtest/gtest.h>

namespace fiado::reconciliation {
namespace {

using bankfiles::CnabFileInfo;
using bankfiles::CnabLayout;

CnabFileInfo File(CnabLayout layout, std::string bank, std::string agreement = "",
                  std::string account = "") {
  CnabFileInfo info;
  info.layout = layout;
  info.bank_code = std::move(bank);
  info.agreement = std::move(agreement);
  info.account = std::move(account);
  return info;
}

stores::BankAgreement Agreement(std::string bank, std::string agreement, std::string account) {
  stores::BankAgreement a;
  a.bank_code = std::move(bank);
  a.agreement = std::move(agreement);
  a.account = std::move(account);
  return a;
}

TEST(CnabEvents, MovementCodesOf240AndOfTheBanks400) {
  const auto febraban = File(CnabLayout::k240, "001");
  EXPECT_EQ(ActionOf(febraban, "06"), TitleAction::kPayment);
  EXPECT_EQ(ActionOf(febraban, "17"), TitleAction::kPayment);
  EXPECT_EQ(ActionOf(febraban, "44"), TitleAction::kReturnedCheque);
  EXPECT_EQ(ActionOf(febraban, "02"), TitleAction::kRegistered);
  EXPECT_EQ(ActionOf(febraban, "03"), TitleAction::kRegistrationRejected);
  for (const char* other : {"09", "14", "28", "45", "15", "  "}) {
    EXPECT_EQ(ActionOf(febraban, other), TitleAction::kOther) << other;
  }
  const auto bradesco = File(CnabLayout::k400, "237");
  for (const char* paid : {"05", "06", "07", "08", "15", "17"}) {
    EXPECT_EQ(ActionOf(bradesco, paid), TitleAction::kPayment) << paid;
  }
  EXPECT_EQ(ActionOf(bradesco, "10"), TitleAction::kOther);  // baixa: no money
  EXPECT_EQ(ActionOf(bradesco, "44"), TitleAction::kOther);
  const auto caixa = File(CnabLayout::k400, "104");
  EXPECT_EQ(ActionOf(caixa, "21"), TitleAction::kPayment);
  EXPECT_EQ(ActionOf(caixa, "06"), TitleAction::kOther);
  EXPECT_EQ(ActionOf(caixa, "02"), TitleAction::kRegistered);
}

TEST(CnabEvents, TheKeyNamesBankAgreementTitleMovementDateAndAmount) {
  bankfiles::ReturnTitle title;
  title.nosso_numero = "12387980000000042";
  title.occurrence = "06";
  title.occurrence_date =
      core::Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{21}};
  title.paid = core::Money::FromCents(34675);
  const auto info = File(CnabLayout::k240, "001");
  const auto agreement = Agreement("001", "1238798", "61900");
  EXPECT_EQ(EventKey(info, agreement, title),
            "cnab|001|1238798|12387980000000042|06|2026-11-21|34675");
  auto later = title;
  later.occurrence = "17";
  EXPECT_NE(EventKey(info, agreement, later), EventKey(info, agreement, title));
  auto undated = title;
  undated.occurrence_date.reset();
  EXPECT_EQ(EventKey(info, agreement, undated), "cnab|001|1238798|12387980000000042|06|-|34675");
  // Without a convênio (Bradesco, Itaú) the account stands for the agreement.
  EXPECT_EQ(EventKey(File(CnabLayout::k400, "237"), Agreement("237", "", "61900"), title),
            "cnab|237|61900|12387980000000042|06|2026-11-21|34675");
}

TEST(CnabEvents, AFileBelongsToTheShopsBankAndAgreement) {
  const auto shop = Agreement("001", "1238798", "61900");
  EXPECT_TRUE(CheckFileAgreement(File(CnabLayout::k240, "001", "001238798001417019"), shop));
  EXPECT_TRUE(CheckFileAgreement(File(CnabLayout::k240, "001", "", "000000061900"), shop));
  EXPECT_TRUE(CheckFileAgreement(File(CnabLayout::k240, "001"), shop));
  const auto other_bank = CheckFileAgreement(File(CnabLayout::k240, "237", "1238798"), shop);
  ASSERT_FALSE(other_bank);
  EXPECT_EQ(other_bank.error().field, "arquivo");
  EXPECT_NE(other_bank.error().message_pt.find("banco 237"), std::string::npos);
  EXPECT_FALSE(CheckFileAgreement(File(CnabLayout::k240, "001", "7654321"), shop));
  EXPECT_FALSE(CheckFileAgreement(File(CnabLayout::k400, "237", "", "99999"),
                                  Agreement("237", "", "61900")));
}

}  // namespace
}  // namespace fiado::reconciliation
