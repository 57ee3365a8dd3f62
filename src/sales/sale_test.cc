#include "sales/sale.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "sales/plan.h"

namespace fiado::sales {
namespace {

using core::Date;
using core::Money;
using core::Rate;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

Money Cents(std::int64_t cents) { return Money::FromCents(cents); }
Rate Bps(std::int64_t bps) { return Rate::FromBps(bps); }
constexpr Date Ymd(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

const SaleId kSaleId = SaleId::Parse("019a8b2c-0000-7000-8000-0000000005a1").value();
const customers::CustomerId kCustomer =
    customers::CustomerId::Parse("019a8b2c-0000-7000-8000-0000000000c1").value();
constexpr Date kToday = Ymd(2025, 1, 20);

stores::CreditTerms Terms() {
  return stores::CreditTerms{.default_monthly_rate = Bps(250),
                             .max_monthly_rate = Bps(1000),
                             .late_fee_rate = Bps(200),
                             .moratory_monthly_rate = Bps(100)};
}

// R$ 1.200,00 with R$ 200,00 down: the §7.1 row-one plan, due on the 15th (§7.2 vector).
SaleDraft ValidDraft() {
  SaleDraft draft;
  draft.customer_id = kCustomer;
  draft.description = "  Geladeira Frost Free 380 L  ";
  draft.price = Cents(120000);
  draft.down_payment = Cents(20000);
  draft.installment_count = 12;
  draft.monthly_rate = Bps(200);
  draft.sale_date = Ymd(2025, 1, 15);
  draft.first_due_date = Ymd(2025, 2, 15);
  draft.down_payment_method = PaymentMethod::kPix;
  return draft;
}

core::Result<Sale> Make(const SaleDraft& draft, const stores::CreditTerms& terms = Terms()) {
  return MakeSale(draft, terms, kSaleId, kToday);
}

std::vector<std::string> FieldsOf(const core::Error& error) {
  std::vector<std::string> fields;
  for (const auto& each : error.fields) fields.push_back(each.field);
  return fields;
}

// The message of the single error on `field`, or "" when there is none.
std::string MessageOn(const core::Result<Sale>& sale, std::string_view field) {
  if (sale) return "";
  for (const auto& each : sale.error().fields) {
    if (each.field == field) return each.message_pt;
  }
  return "";
}

TEST(PaymentMethods, RoundTripByNameButCreditIsNotADownPaymentMethod) {
  for (const PaymentMethod method :
       {PaymentMethod::kCash, PaymentMethod::kDebitCard, PaymentMethod::kCreditCard,
        PaymentMethod::kPix, PaymentMethod::kBoleto, PaymentMethod::kTransfer}) {
    EXPECT_EQ(ParseMethod(MethodName(method)), method);
  }
  EXPECT_EQ(MethodName(PaymentMethod::kDebitCard), "debit_card");
  EXPECT_EQ(MethodName(PaymentMethod::kCredit), "credit");
  EXPECT_EQ(ParseMethod("credit"), std::nullopt);
  EXPECT_EQ(ParseMethod("Pix"), std::nullopt);
  EXPECT_EQ(ParseMethod(""), std::nullopt);
}

TEST(MakeSale, BuildsTheScheduleAndTheDisclosure) {
  const auto sale = Make(ValidDraft());
  ASSERT_TRUE(sale.has_value()) << sale.error().Describe();
  EXPECT_EQ(sale->id, kSaleId);
  EXPECT_EQ(sale->customer_id, kCustomer);
  EXPECT_EQ(sale->description, "Geladeira Frost Free 380 L");
  EXPECT_EQ(sale->sale_date, Ymd(2025, 1, 15));
  EXPECT_EQ(sale->down_payment_method, PaymentMethod::kPix);
  EXPECT_TRUE(sale->store_id.empty());  // the caller's (not in the draft)
  ASSERT_EQ(sale->installments.size(), 12u);
  for (std::size_t k = 0; k < 12; ++k) {
    const Installment& installment = sale->installments[k];
    EXPECT_EQ(installment.number, static_cast<int>(k) + 1);
    EXPECT_EQ(installment.due_date, core::AddMonthsClamped(Ymd(2025, 2, 15), static_cast<int>(k)));
    EXPECT_EQ(installment.amount, Cents(k < 11 ? 9456 : 9454));
    EXPECT_EQ(installment.amount, installment.interest + installment.amortization);
  }
  EXPECT_EQ(sale->installments.front().interest, Cents(2000));
  EXPECT_EQ(sale->installments.back().amortization, Cents(9269));

  const Disclosure& disclosure = sale->disclosure;
  EXPECT_EQ(disclosure.price, Cents(120000));
  EXPECT_EQ(disclosure.down_payment, Cents(20000));
  EXPECT_EQ(disclosure.financed, Cents(100000));
  EXPECT_EQ(disclosure.monthly_rate, Bps(200));
  EXPECT_EQ(disclosure.annual_rate.units(), 26'824'179);
  ASSERT_TRUE(disclosure.cet_annual.has_value());
  EXPECT_EQ(disclosure.cet_annual->units(), 26'949'712);  // §7.2: 26,95 % a.a.
  EXPECT_EQ(disclosure.late_fee_rate, Bps(200));
  EXPECT_EQ(disclosure.moratory_monthly_rate, Bps(100));
  EXPECT_EQ(disclosure.installment_count, 12);
  EXPECT_EQ(disclosure.installment_amount, Cents(9456));
  EXPECT_EQ(disclosure.last_installment_amount, Cents(9454));
  EXPECT_EQ(disclosure.total_with_financing, Cents(133470));
  EXPECT_EQ(disclosure.total_without_financing, Cents(120000));
  EXPECT_EQ(disclosure.total_interest, Cents(13470));
}

TEST(MakeSale, UsesTheShopsDefaultRateAndTheDefaultDueDates) {
  SaleDraft draft = ValidDraft();
  draft.monthly_rate.reset();
  draft.first_due_date.reset();
  draft.due_day = 10;
  const auto sale = Make(draft);
  ASSERT_TRUE(sale.has_value()) << sale.error().Describe();
  EXPECT_EQ(sale->disclosure.monthly_rate, Bps(250));
  EXPECT_EQ(sale->due_day, 10);
  // 15/01 + 30 days = 14/02, moved to the next 10th.
  EXPECT_EQ(sale->installments.front().due_date, Ymd(2025, 3, 10));
  EXPECT_EQ(sale->installments.back().due_date, Ymd(2026, 2, 10));
}

TEST(MakeSale, ZeroInterestHasAZeroCetAndNoInterest) {
  SaleDraft draft = ValidDraft();
  draft.monthly_rate = Rate();
  draft.installment_count = 3;
  const auto sale = Make(draft);
  ASSERT_TRUE(sale.has_value()) << sale.error().Describe();
  EXPECT_EQ(sale->installments.front().amount, Cents(33333));
  EXPECT_EQ(sale->installments.back().amount, Cents(33334));
  EXPECT_EQ(sale->disclosure.cet_annual, Rate());
  EXPECT_EQ(sale->disclosure.annual_rate, Rate());
  EXPECT_TRUE(sale->disclosure.total_interest.IsZero());
  EXPECT_EQ(sale->disclosure.total_with_financing, Cents(120000));
}

TEST(MakeSale, ReportsEveryMistakeAtOnceByApiFieldName) {
  SaleDraft draft = ValidDraft();
  draft.description = "   ";
  draft.price = Cents(0);
  draft.down_payment = Cents(-1);
  draft.installment_count = 49;
  draft.monthly_rate = Rate::FromUnits(10'000'001);  // 10,00001 %
  draft.sale_date = Ymd(2025, 1, 21);                // tomorrow
  draft.first_due_date = Ymd(2025, 1, 20);           // before the sale
  draft.due_day = 32;
  const auto sale = Make(draft);
  ASSERT_FALSE(sale.has_value());
  EXPECT_EQ(sale.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(sale.error()),
              ElementsAre("description", "price_cents", "down_payment_cents", "installment_count",
                          "monthly_rate", "due_day", "sale_date", "first_due_date"));
  EXPECT_EQ(MessageOn(sale, "description"), "informe a descrição do que foi vendido");
  EXPECT_EQ(MessageOn(sale, "price_cents"), "o preço deve ser maior que zero");
  EXPECT_EQ(MessageOn(sale, "down_payment_cents"), "a entrada não pode ser negativa");
  EXPECT_EQ(MessageOn(sale, "installment_count"), "o número de parcelas deve ser de 1 a 48");
  EXPECT_EQ(MessageOn(sale, "monthly_rate"),
            "a taxa de juros passa do máximo da loja, de 10% ao mês");
  EXPECT_EQ(MessageOn(sale, "due_day"), "o dia de vencimento deve ser de 1 a 31");
  EXPECT_EQ(MessageOn(sale, "sale_date"), "a data da venda não pode ser depois de hoje");
  EXPECT_EQ(MessageOn(sale, "first_due_date"),
            "o primeiro vencimento não pode ser antes da data da venda");
}

TEST(MakeSale, ChecksAmountLimits) {
  SaleDraft draft = ValidDraft();
  draft.price = Cents(1'000'000'001);
  EXPECT_EQ(MessageOn(Make(draft), "price_cents"), "o preço não pode passar de R$ 10.000.000,00");
  draft.price = Cents(1'000'000'000);
  EXPECT_TRUE(Make(draft).has_value());

  draft = ValidDraft();
  draft.down_payment = draft.price;
  EXPECT_THAT(MessageOn(Make(draft), "down_payment_cents"),
              HasSubstr("a entrada deve ser menor que o preço"));
  draft.down_payment = Cents(0);
  EXPECT_TRUE(Make(draft).has_value());
  draft.down_payment_method = PaymentMethod::kCredit;
  EXPECT_EQ(MessageOn(Make(draft), "down_payment_method"),
            "a entrada não pode ser paga no crediário");
}

TEST(MakeSale, ChecksTheDescription) {
  SaleDraft draft = ValidDraft();
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";  // 200 characters, 400 bytes
  draft.description = accented;
  EXPECT_TRUE(Make(draft).has_value());
  draft.description = accented + "x";
  EXPECT_EQ(MessageOn(Make(draft), "description"), "a descrição deve ter no máximo 200 caracteres");
  draft.description = "Fog\xC3\x28o";
  EXPECT_THAT(MessageOn(Make(draft), "description"), HasSubstr("UTF-8"));
  draft.description = "Fogão\n4 bocas";
  EXPECT_THAT(MessageOn(Make(draft), "description"), HasSubstr("controle"));
}

TEST(MakeSale, ChecksCountRateAndDueDayBounds) {
  SaleDraft draft = ValidDraft();
  draft.installment_count = 0;
  EXPECT_THAT(FieldsOf(Make(draft).error()), ElementsAre("installment_count"));
  draft.installment_count = 48;
  EXPECT_TRUE(Make(draft).has_value());
  draft.installment_count = 1;
  EXPECT_TRUE(Make(draft).has_value());

  draft = ValidDraft();
  draft.monthly_rate = Bps(1000);  // exactly the shop's maximum
  EXPECT_TRUE(Make(draft).has_value());
  draft.monthly_rate = Rate::FromUnits(-1);
  EXPECT_EQ(MessageOn(Make(draft), "monthly_rate"), "a taxa de juros não pode ser negativa");
  draft.monthly_rate = Rate::FromUnits(1'499'000);
  stores::CreditTerms tight = Terms();
  tight.max_monthly_rate = Rate::FromUnits(1'490'000);
  EXPECT_EQ(MessageOn(Make(draft, tight), "monthly_rate"),
            "a taxa de juros passa do máximo da loja, de 1,49% ao mês");

  draft = ValidDraft();
  draft.due_day = 0;
  EXPECT_THAT(FieldsOf(Make(draft).error()), ElementsAre("due_day"));
  draft.due_day = 31;
  EXPECT_TRUE(Make(draft).has_value());
}

TEST(MakeSale, ChecksTheSaleDateWindow) {
  SaleDraft draft = ValidDraft();
  draft.sale_date = core::AddDays(kToday, -31);
  draft.first_due_date.reset();
  EXPECT_TRUE(Make(draft).has_value());
  draft.sale_date = core::AddDays(kToday, -32);
  EXPECT_EQ(MessageOn(Make(draft), "sale_date"),
            "a data da venda não pode ser mais de 31 dias antes de hoje");
  draft.sale_date = kToday;
  EXPECT_TRUE(Make(draft).has_value());
  draft.sale_date = Date{};
  EXPECT_EQ(MessageOn(Make(draft), "sale_date"), "data da venda inválida");
}

TEST(MakeSale, ChecksTheFirstDueDateWindow) {
  SaleDraft draft = ValidDraft();
  draft.first_due_date = draft.sale_date;  // the same day is allowed
  EXPECT_TRUE(Make(draft).has_value());
  draft.first_due_date = core::AddDays(draft.sale_date, 180);
  EXPECT_TRUE(Make(draft).has_value());
  draft.first_due_date = core::AddDays(draft.sale_date, 181);
  EXPECT_EQ(MessageOn(Make(draft), "first_due_date"),
            "o primeiro vencimento não pode ser mais de 180 dias depois da data da venda");
  // A fixed day that pushes a first due of day 180 past the window is refused too.
  draft.first_due_date = core::AddDays(draft.sale_date, 180);  // 14/07/2025
  draft.due_day = 10;                                          // → 10/08/2025
  EXPECT_THAT(MessageOn(Make(draft), "first_due_date"), HasSubstr("10/08/2025"));
}

TEST(MakeSale, RefusesPlansWithAnInstallmentBelowOneCentavo) {
  SaleDraft draft = ValidDraft();
  draft.price = Cents(20011);  // R$ 0,11 financed in 12: 0,00 each, 0,11 in the last
  draft.monthly_rate = Rate();
  EXPECT_THAT(FieldsOf(Make(draft).error()), ElementsAre("installment_count"));
  EXPECT_THAT(MessageOn(Make(draft), "installment_count"), HasSubstr("pequena demais"));
  draft.installment_count = 11;  // 0,01 each
  EXPECT_TRUE(Make(draft).has_value());

  // 20 % a.m. × 48: the compounded rounding drift makes the last installment −R$ 0,04.
  stores::CreditTerms generous = Terms();
  generous.max_monthly_rate = Bps(2000);
  draft = ValidDraft();
  draft.price = Cents(20000 + 85829);
  draft.installment_count = 48;
  draft.monthly_rate = Bps(2000);
  EXPECT_THAT(FieldsOf(Make(draft, generous).error()), ElementsAre("installment_count"));
}

// --- credit decision --------------------------------------------------------------------

CreditInputs Inputs(std::int64_t limit, std::int64_t open, std::int64_t requested) {
  return CreditInputs{
      .credit_limit = Cents(limit), .open_amount = Cents(open), .requested = Cents(requested)};
}

TEST(DecideCredit, ApprovesWithinTheLimitIncludingExactlyAtIt) {
  const CreditDecision decision = DecideCredit(Inputs(60000, 10000, 50000), "", false);
  EXPECT_EQ(decision.outcome, CreditOutcome::kApproved);
  EXPECT_THAT(decision.reasons_pt, IsEmpty());
  EXPECT_EQ(decision.inputs.requested, Cents(50000));
  EXPECT_EQ(DecideCredit(Inputs(60000, 10000, 40000), "", false).outcome, CreditOutcome::kApproved);
  EXPECT_TRUE(DecideCredit(Inputs(60000, 0, 1), "motivo", true).override_reason.empty());
}

TEST(DecideCredit, RefusesOverTheLimitWithTheAmountsInTheReason) {
  const CreditDecision decision = DecideCredit(Inputs(60000, 30000, 50000), "", true);
  EXPECT_EQ(decision.outcome, CreditOutcome::kRefused);
  EXPECT_THAT(decision.reasons_pt,
              ElementsAre("limite de crédito insuficiente: em aberto R$ 300,00 + esta venda "
                          "R$ 500,00 passam do limite de R$ 600,00"));
  EXPECT_TRUE(decision.override_reason.empty());
}

TEST(DecideCredit, TheOwnerMayOverrideALimitRefusalWithAReason) {
  const CreditDecision decision =
      DecideCredit(Inputs(60000, 30000, 50000), "  cliente antigo, paga em dia  ", true);
  EXPECT_EQ(decision.outcome, CreditOutcome::kOverridden);
  EXPECT_EQ(decision.override_reason, "cliente antigo, paga em dia");
  EXPECT_EQ(decision.reasons_pt.size(), 1u);  // kept on the override
  EXPECT_EQ(DecideCredit(Inputs(60000, 30000, 50000), "motivo", false).outcome,
            CreditOutcome::kRefused);
  EXPECT_EQ(DecideCredit(Inputs(60000, 30000, 50000), " \t ", true).outcome,
            CreditOutcome::kRefused);
}

TEST(DecideCredit, ABlockedCustomerIsRefusedEvenWithAnOverride) {
  CreditInputs inputs = Inputs(60000, 0, 1000);
  inputs.customer_status = customers::CustomerStatus::kBlocked;
  const CreditDecision decision = DecideCredit(inputs, "o dono autorizou", true);
  EXPECT_EQ(decision.outcome, CreditOutcome::kRefused);
  EXPECT_THAT(decision.reasons_pt, ElementsAre("cliente bloqueado"));
  EXPECT_TRUE(decision.override_reason.empty());
  inputs.requested = Cents(70000);
  EXPECT_EQ(DecideCredit(inputs, "", false).reasons_pt.size(), 2u);
}

TEST(DecideCredit, AnOverflowingExposureIsOverTheLimit) {
  const CreditDecision decision =
      DecideCredit(Inputs(60000, std::numeric_limits<std::int64_t>::max(), 1), "", false);
  EXPECT_EQ(decision.outcome, CreditOutcome::kRefused);
}

TEST(OutcomeName, NamesEachOutcome) {
  EXPECT_EQ(OutcomeName(CreditOutcome::kApproved), "approved");
  EXPECT_EQ(OutcomeName(CreditOutcome::kRefused), "refused");
  EXPECT_EQ(OutcomeName(CreditOutcome::kOverridden), "overridden");
}

}  // namespace
}  // namespace fiado::sales
