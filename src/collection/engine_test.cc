#include "collection/engine.h"

#include <gtest/gtest.h>

#include "collection/engine_test_support.h"
#include "payments/pix.h"

namespace fiado::collection {
namespace {

using testing::D;
using testing::DecideAndRecord;
using testing::MakeAccount;
using testing::MakeInstallment;
using testing::Ref;

// Due Tuesday 10/03/2026; 01/03/2026 is a Sunday.
const core::Date kDue = D(2026, 3, 10);

std::vector<std::pair<payments::InstallmentRef, std::string>> Steps(
    std::initializer_list<std::pair<payments::InstallmentRef, std::string>> steps) {
  return steps;
}

class EngineTest : public ::testing::Test {
 protected:
  testing::Shop shop_{};
  Account account_ = MakeAccount();

  void SetUp() override {
    account_.installments.push_back(MakeInstallment("venda-1", 1, kDue, 15000));
  }

  Decision DecideAt(core::Date day, int hour, int minute = 0) {
    shop_.At(day, hour, minute);
    return Decide(shop_.context, account_);
  }
  Decision RecordAt(core::Date day, int hour, int minute = 0) {
    shop_.At(day, hour, minute);
    return DecideAndRecord(shop_, account_);
  }
  static Reason OnlySkip(const Decision& decision) {
    EXPECT_EQ(decision.skips.size(), 1u);
    return decision.skips.empty() ? Reason::kNothingDue : decision.skips[0].reason;
  }
};

TEST_F(EngineTest, NamesRoundTrip) {
  for (PauseKind kind : {PauseKind::kPromise, PauseKind::kAgreement, PauseKind::kDispute}) {
    EXPECT_EQ(ParsePauseKind(PauseKindName(kind)), kind);
  }
  EXPECT_EQ(ReasonName(Reason::kDailyCap), "daily_cap");
  EXPECT_EQ(ReasonPt(Reason::kDailyCap), "limite diário atingido");
  EXPECT_EQ(ReasonName(Reason::kDeferred), "deferred");
  for (int i = 0; i <= static_cast<int>(Reason::kDeferred); ++i) {
    const auto reason = static_cast<Reason>(i);
    EXPECT_EQ(ParseReason(ReasonName(reason)), reason) << ReasonName(reason);
    EXPECT_FALSE(ReasonPt(reason).empty());
  }
  EXPECT_EQ(ParseReason("cansado"), std::nullopt);
}

TEST_F(EngineTest, NothingDueBeforeTheFirstStep) {
  const Decision decision = DecideAt(D(2026, 3, 6), 10);  // D−4
  EXPECT_TRUE(decision.actions.empty());
  EXPECT_EQ(OnlySkip(decision), Reason::kNothingDue);
  EXPECT_EQ(decision.skips[0].step_key, "");
  EXPECT_EQ(decision.skips[0].installment, Ref("venda-1", 1));
}

TEST_F(EngineTest, RemindsThreeDaysBeforeOnWhatsapp) {
  const Decision decision = DecideAt(D(2026, 3, 7), 10);  // Saturday, D−3
  ASSERT_EQ(decision.actions.size(), 1u);
  const Action& action = decision.actions[0];
  EXPECT_EQ(action.action, StepAction::kWhatsapp);
  EXPECT_EQ(action.template_key, "lembrete-antes-vencimento");
  EXPECT_EQ(action.send_at, shop_.Local(D(2026, 3, 7), 10));
  EXPECT_FALSE(action.deferred);
  EXPECT_EQ(action.steps, Steps({{Ref("venda-1", 1), "varejo/d-3"}}));
  EXPECT_EQ(action.policy_id.str(), "varejo");
  ASSERT_EQ(action.listed.size(), 1u);  // not due yet, but its own reminder names it
  EXPECT_EQ(action.open_total, core::Money::FromCents(15000));
  EXPECT_NE(action.body.find("Maria"), std::string::npos);
  EXPECT_NE(action.body.find("10/03/2026"), std::string::npos);
  EXPECT_NE(action.body.find("R$ 150,00"), std::string::npos);
  EXPECT_NE(action.body.find("CNPJ 11.222.333/0001-81"), std::string::npos);
  EXPECT_TRUE(decision.skips.empty());
}

TEST_F(EngineTest, SaturdayAfterTwoPmDefersToMonday) {
  const Decision decision = DecideAt(D(2026, 3, 7), 14, 0);
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_TRUE(decision.actions[0].deferred);
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(D(2026, 3, 9), 8));
  ASSERT_EQ(decision.skips.size(), 1u);
  EXPECT_EQ(decision.skips[0].reason, Reason::kDeferred);
  EXPECT_EQ(decision.skips[0].step_key, "varejo/d-3");
  EXPECT_FALSE(DecideAt(D(2026, 3, 7), 13, 59).actions[0].deferred);
}

TEST_F(EngineTest, SundayRunDefersToMondayEightAm) {
  const Decision decision = DecideAt(D(2026, 3, 8), 11);  // D−2: the D−3 step is caught up
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(D(2026, 3, 9), 8));
  EXPECT_TRUE(decision.actions[0].deferred);
}

TEST_F(EngineTest, EarlyMorningRunSendsTheSameDayWithoutDeferral) {
  const Decision decision = DecideAt(kDue, 6);
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(kDue, 8));
  EXPECT_FALSE(decision.actions[0].deferred);
  EXPECT_TRUE(decision.skips.empty());
}

TEST_F(EngineTest, CarnavalDefersToAshWednesday) {
  account_.installments[0] = MakeInstallment("venda-1", 1, D(2026, 2, 15), 15000);  // Sunday
  const Decision decision = DecideAt(D(2026, 2, 16), 10);  // Carnaval Monday, D+1 e-mail
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].action, StepAction::kEmail);
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(D(2026, 2, 18), 8));
  EXPECT_FALSE(decision.actions[0].subject.empty());
}

TEST_F(EngineTest, RioDeJaneiroWaitsForNineOnAWeekday) {
  account_.state = "RJ";
  const Decision saturday = DecideAt(D(2026, 3, 7), 10);
  ASSERT_EQ(saturday.actions.size(), 1u);
  EXPECT_EQ(saturday.actions[0].send_at, shop_.Local(D(2026, 3, 9), 9));
  const Decision evening = DecideAt(kDue, 19, 30);
  EXPECT_EQ(evening.actions[0].send_at, shop_.Local(D(2026, 3, 11), 9));
}

TEST_F(EngineTest, ShopHoursNarrowTheLaw) {
  shop_.context.rules.hours.by_weekday[2] = DayHours{10 * 60, 12 * 60};  // Tuesdays 10–12
  const Decision decision = DecideAt(kDue, 9);
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(kDue, 10));
}

TEST_F(EngineTest, NoWindowHoldsContacts) {
  shop_.context.rules.hours = ContactHours{};
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kNoWindow);
}

TEST_F(EngineTest, DailyCapCountsContactsOfTheSendDay) {
  account_.history.push_back(PastAction{"", std::nullopt, StepAction::kCallTask, kDue});
  const Decision decision = DecideAt(kDue, 10);
  EXPECT_TRUE(decision.actions.empty());
  EXPECT_EQ(OnlySkip(decision), Reason::kDailyCap);
  EXPECT_EQ(decision.skips[0].step_key, "varejo/d0");
  shop_.context.rules.daily_cap = 2;
  EXPECT_EQ(DecideAt(kDue, 10).actions.size(), 1u);
}

TEST_F(EngineTest, OneActionCountsOnceAgainstTheCaps) {
  // Yesterday's e-mail did three installments: three PastActions, one contact.
  for (int n = 5; n <= 7; ++n) {
    account_.history.push_back(
        PastAction{"varejo/d+1", Ref("outra", n), StepAction::kEmail, D(2026, 3, 9)});
  }
  shop_.context.rules.weekly_cap = 2;
  EXPECT_EQ(DecideAt(kDue, 10).actions.size(), 1u);
}

TEST_F(EngineTest, WeeklyCapCountsSevenLocalDays) {
  for (int day : {4, 5, 6}) {
    account_.history.push_back(
        PastAction{"", std::nullopt, StepAction::kWhatsapp, D(2026, 3, day)});
  }
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kWeeklyCap);  // 04–10/03 already has 3
  account_.history.erase(account_.history.begin());
  EXPECT_EQ(DecideAt(kDue, 10).actions.size(), 1u);
}

TEST_F(EngineTest, CapsUseTheDayOfTheDeferredSend) {
  // Saturday 15:00 → Monday 08:00; Monday already has a contact.
  account_.history.push_back(PastAction{"", std::nullopt, StepAction::kCallTask, D(2026, 3, 9)});
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 7), 15)), Reason::kDailyCap);
  EXPECT_EQ(DecideAt(D(2026, 3, 7), 10).actions.size(), 1u);  // Saturday itself is free
}

TEST_F(EngineTest, MessagesNeedConsentForTheirChannel) {
  account_.consent = {false, true, true};  // no WhatsApp
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kNoConsent);
  EXPECT_EQ(DecideAt(D(2026, 3, 11), 10).actions.size(), 1u);  // D+1 is an e-mail
  account_.consent = {true, true, false};
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 11), 10)), Reason::kNoConsent);
}

TEST_F(EngineTest, MessagesNeedContactData) {
  account_.has_phone = false;
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kNoContactData);
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 17), 10)), Reason::kNoContactData);  // call task
  account_.has_phone = true;
  account_.has_email = false;
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 11), 10)), Reason::kNoContactData);
}

TEST_F(EngineTest, CallTaskIsAContactWithoutConsent) {
  account_.consent = {false, false, false};
  const Decision decision = DecideAt(D(2026, 3, 17), 21);  // D+7, after hours
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].action, StepAction::kCallTask);
  EXPECT_TRUE(decision.actions[0].body.empty());
  EXPECT_EQ(decision.actions[0].send_at, shop_.Local(D(2026, 3, 18), 8));
}

TEST_F(EngineTest, PromisePausesUntilItsDateAndThenResumes) {
  Pause promise;
  promise.kind = PauseKind::kPromise;
  promise.from = D(2026, 3, 9);
  promise.until = D(2026, 3, 20);
  account_.pauses.push_back(promise);
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kPromise);
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 20), 10)), Reason::kPromise);
  const Decision after = DecideAt(D(2026, 3, 21), 10);  // Saturday, D+11: the D+7 call
  ASSERT_EQ(after.actions.size(), 1u);
  EXPECT_EQ(after.actions[0].steps, Steps({{Ref("venda-1", 1), "varejo/d+7-ligacao"}}));
}

TEST_F(EngineTest, AgreementAndDisputeHoldUntilEnded) {
  Pause agreement;
  agreement.kind = PauseKind::kAgreement;
  agreement.from = D(2026, 3, 1);
  account_.pauses.push_back(agreement);
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 4, 30), 10)), Reason::kAgreement);
  Pause dispute = agreement;
  dispute.kind = PauseKind::kDispute;
  account_.pauses.push_back(dispute);
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 4, 30), 10)), Reason::kDispute);
  account_.pauses[0].ended_on = D(2026, 4, 1);
  account_.pauses[1].ended_on = D(2026, 4, 1);
  EXPECT_EQ(DecideAt(D(2026, 4, 30), 10).actions.size(), 1u);
}

TEST_F(EngineTest, PauseAlsoHoldsTheBureauNotice) {
  Pause dispute;
  dispute.kind = PauseKind::kDispute;
  dispute.from = D(2026, 3, 1);
  account_.pauses.push_back(dispute);
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 4, 9), 10)), Reason::kDispute);  // D+30
}

TEST_F(EngineTest, ExemptCustomerAndInstallment) {
  account_.exempt = true;
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kExemptCustomer);
  account_.exempt = false;
  account_.installments[0].exempt = true;
  const Decision decision = DecideAt(kDue, 10);
  EXPECT_TRUE(decision.actions.empty());
  EXPECT_EQ(OnlySkip(decision), Reason::kExemptInstallment);
}

TEST_F(EngineTest, BlockedCustomersAreStillCollected) {
  account_.status = customers::CustomerStatus::kBlocked;
  EXPECT_EQ(DecideAt(kDue, 10).actions.size(), 1u);
}

TEST_F(EngineTest, PaidInstallmentsAreIgnored) {
  account_.installments[0].settlements.push_back(
      payments::Settlement{D(2026, 3, 9), {}, {}, core::Money::FromCents(15000), {}});
  const Decision decision = DecideAt(kDue, 10);
  EXPECT_TRUE(decision.actions.empty());
  EXPECT_TRUE(decision.skips.empty());
}

TEST_F(EngineTest, CatchUpAfterDowntimeTakesOnlyTheLatestStep) {
  const Decision decision = DecideAt(D(2026, 3, 26), 10);  // D+16, nothing ran before
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].steps, Steps({{Ref("venda-1", 1), "varejo/d+15"}}));
  EXPECT_EQ(decision.actions[0].template_key, "whatsapp-d15");
}

TEST_F(EngineTest, RunningTheSameDayTwiceAddsNothing) {
  const Decision first = RecordAt(kDue, 9);
  ASSERT_EQ(first.actions.size(), 1u);
  const Decision second = RecordAt(kDue, 15);
  EXPECT_TRUE(second.actions.empty());
  EXPECT_EQ(OnlySkip(second), Reason::kAlreadyDone);
  EXPECT_EQ(second.skips[0].step_key, "varejo/d0");
  EXPECT_EQ(account_.history.size(), 1u);
  EXPECT_EQ(account_.history[0].on, kDue);
}

TEST_F(EngineTest, DeferredActionIsNotRepeatedOnSunday) {
  ASSERT_EQ(RecordAt(D(2026, 3, 7), 16).actions.size(), 1u);  // Saturday → Monday
  const Decision sunday = RecordAt(D(2026, 3, 8), 10);
  EXPECT_TRUE(sunday.actions.empty());
  EXPECT_EQ(OnlySkip(sunday), Reason::kAlreadyDone);
}

TEST_F(EngineTest, OneMessageListsEveryLateInstallment) {
  account_.installments.push_back(MakeInstallment("venda-1", 2, D(2026, 4, 10), 15000));
  account_.installments.push_back(MakeInstallment("venda-0", 3, D(2026, 2, 10), 20000, 3, "Fogão"));
  // 10/03: venda-0 #3 is at D+28 (e-mail), venda-1 #1 at D0 (WhatsApp), venda-1 #2 at D−31.
  const Decision decision = DecideAt(kDue, 10);
  ASSERT_EQ(decision.actions.size(), 1u);
  const Action& action = decision.actions[0];
  EXPECT_EQ(action.action, StepAction::kEmail);  // the most advanced step
  EXPECT_EQ(action.template_key, "email-d28");
  EXPECT_EQ(action.steps,
            Steps({{Ref("venda-0", 3), "varejo/d+28"}, {Ref("venda-1", 1), "varejo/d0"}}));
  ASSERT_EQ(action.listed.size(), 2u);
  EXPECT_EQ(action.listed[0].description, "Fogão");  // oldest first
  EXPECT_EQ(action.listed[0].days_late, 28);
  EXPECT_GT(action.listed[0].open, core::Money::FromCents(20000));  // fee and interest
  EXPECT_EQ(action.open_total, action.listed[0].open + action.listed[1].open);
  EXPECT_NE(action.body.find("Parcela 3/3 de Fogão — vence 10/02/2026"), std::string::npos);
  EXPECT_NE(action.body.find("Parcela 1/3 de Geladeira — vence 10/03/2026"), std::string::npos);
  ASSERT_EQ(decision.skips.size(), 1u);
  EXPECT_EQ(decision.skips[0].installment, Ref("venda-1", 2));
  EXPECT_EQ(decision.skips[0].reason, Reason::kNothingDue);
}

TEST_F(EngineTest, LateInstallmentWhoseStepWasDoneIsCovered) {
  account_.installments.push_back(MakeInstallment("venda-0", 3, D(2026, 3, 5), 20000));
  account_.history.push_back(
      PastAction{"varejo/d+1", Ref("venda-0", 3), StepAction::kEmail, D(2026, 3, 6)});
  const Decision decision = DecideAt(kDue, 10);  // venda-0 #3 at D+5: D+1 done
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].listed.size(), 2u);
  ASSERT_EQ(decision.skips.size(), 1u);
  EXPECT_EQ(decision.skips[0].installment, Ref("venda-0", 3));
  EXPECT_EQ(decision.skips[0].reason, Reason::kCovered);
}

TEST_F(EngineTest, BureauNoticeIsNotHeldByHoursOrCaps) {
  account_.history.push_back(PastAction{"", std::nullopt, StepAction::kWhatsapp, D(2026, 4, 12)});
  const Decision decision = DecideAt(D(2026, 4, 12), 22);  // Sunday, D+33
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].action, StepAction::kBureauNotice);
  EXPECT_EQ(decision.actions[0].send_at, shop_.context.now);
  EXPECT_FALSE(decision.actions[0].deferred);
  EXPECT_TRUE(decision.actions[0].body.empty());
  EXPECT_EQ(decision.actions[0].listed.size(), 1u);
}

class BureauTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Policy policy = testing::PresetsWithIds()[0];
    Step registration;
    registration.key = "d+45-negativacao";
    registration.day_offset = 45;
    registration.action = StepAction::kBureauRegistration;
    policy.steps.push_back(registration);
    shop_.context.policies = {policy};
  }
};

TEST_F(BureauTest, RegistrationNeedsANoticeTenDaysOld) {
  const core::Date day = D(2026, 4, 24);  // D+45
  EXPECT_EQ(OnlySkip(DecideAt(day, 10)), Reason::kNoBureauNotice);
  account_.history.push_back(PastAction{"varejo/d+30-comunicado", Ref("venda-1", 1),
                                        StepAction::kBureauNotice, D(2026, 4, 15)});
  EXPECT_EQ(OnlySkip(DecideAt(day, 10)), Reason::kNoBureauNotice);  // 9 days
  account_.history.back().on = D(2026, 4, 14);
  const Decision decision = DecideAt(day, 10);
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].action, StepAction::kBureauRegistration);
}

TEST_F(BureauTest, NoticeOfAnotherInstallmentDoesNotCount) {
  account_.history.push_back(PastAction{"varejo/d+30-comunicado", Ref("venda-9", 1),
                                        StepAction::kBureauNotice, D(2026, 4, 1)});
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 4, 24), 10)), Reason::kNoBureauNotice);
}

TEST_F(BureauTest, NothingOlderThanFiveYearsIsRegistered) {
  account_.installments[0] = MakeInstallment("venda-1", 1, D(2021, 3, 10), 15000);
  account_.history.push_back(PastAction{"varejo/d+30-comunicado", Ref("venda-1", 1),
                                        StepAction::kBureauNotice, D(2021, 4, 9)});
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 10), 10)), Reason::kTooOld);
  EXPECT_EQ(DecideAt(D(2026, 3, 9), 10).actions.size(), 1u);
}

TEST_F(EngineTest, StepMinimumIsCheckedOnTheUpdatedAmount) {
  shop_.context.policies[0].steps[1].min_open = core::Money::FromCents(20000);  // D0 ≥ R$ 200
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kBelowMinimum);
}

TEST_F(EngineTest, StepAudienceByTenureAndState) {
  shop_.context.policies[0].steps[1].audience.tenure = Tenure::kNew;
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kAudience);  // customer since 2024
  account_.first_sale_on = D(2026, 1, 10);
  EXPECT_EQ(DecideAt(kDue, 10).actions.size(), 1u);
  shop_.context.policies[0].steps[1].audience.states = {"MG"};
  EXPECT_EQ(OnlySkip(DecideAt(kDue, 10)), Reason::kAudience);
}

TEST_F(EngineTest, PolicyForPicksTheFirstMatchingByPriority) {
  shop_.At(kDue, 10);
  std::vector<Policy>& policies = shop_.context.policies;
  policies[1].priority = 10;
  policies[1].audience.states = {"RJ"};
  policies[1].active = true;  // the preset alternative starts switched off
  EXPECT_EQ(PolicyFor(shop_.context, account_)->id.str(), "varejo");
  account_.state = "RJ";
  EXPECT_EQ(PolicyFor(shop_.context, account_)->id.str(), "semanal");
  policies[1].active = false;
  EXPECT_EQ(PolicyFor(shop_.context, account_)->id.str(), "varejo");
  policies[0].audience.min_open = core::Money::FromCents(100000);
  EXPECT_EQ(PolicyFor(shop_.context, account_), nullptr);
  EXPECT_EQ(OnlySkip(Decide(shop_.context, account_)), Reason::kNoPolicy);
}

TEST_F(EngineTest, LetterIsMailedAnyDayButNeedsAnAddress) {
  Policy policy = testing::PresetsWithIds()[0];
  Step letter;
  letter.key = "d+20-carta";
  letter.day_offset = 20;
  letter.action = StepAction::kLetter;
  letter.template_key = "carta-valor-em-aberto";
  policy.steps.push_back(letter);
  shop_.context.policies = {policy};
  const Decision decision = DecideAt(D(2026, 3, 30), 21);  // D+20, after hours
  ASSERT_EQ(decision.actions.size(), 1u);
  EXPECT_EQ(decision.actions[0].action, StepAction::kLetter);
  EXPECT_EQ(decision.actions[0].send_at, shop_.context.now);
  EXPECT_EQ(decision.actions[0].subject, "Aviso de valor em aberto");
  account_.has_address = false;
  EXPECT_EQ(OnlySkip(DecideAt(D(2026, 3, 30), 21)), Reason::kNoContactData);
}

TEST_F(EngineTest, PixCodeCarriesTheOpenTotal) {
  shop_.context.pix_key = "11.222.333/0001-81";
  shop_.context.pix_merchant_name = "Magazine Boa Compra";
  shop_.context.pix_merchant_city = "Campinas";
  const Decision decision = DecideAt(kDue, 10);
  ASSERT_EQ(decision.actions.size(), 1u);
  const std::string& body = decision.actions[0].body;
  const std::size_t start = body.find("000201");
  ASSERT_NE(start, std::string::npos);
  const auto payload = payments::DecodePix(body.substr(start, body.find('\n', start) - start));
  ASSERT_TRUE(payload) << payload.error().Describe();
  EXPECT_EQ(payload->amount, core::Money::FromCents(15000));
  EXPECT_EQ(payload->txid.size(), 24u);
  // Same customer and day, same txid; no key, no code.
  EXPECT_EQ(DecideAt(kDue, 11).actions[0].body, body);
  shop_.context.pix_key = "";
  EXPECT_EQ(DecideAt(kDue, 10).actions[0].body.find("000201"), std::string::npos);
}

TEST_F(EngineTest, HistoryOfRecordsOneEntryPerStep) {
  account_.installments.push_back(MakeInstallment("venda-0", 3, D(2026, 2, 10), 20000));
  shop_.At(D(2026, 3, 7), 16);  // Saturday → Monday
  const Decision decision = Decide(shop_.context, account_);
  ASSERT_EQ(decision.actions.size(), 1u);
  const std::vector<PastAction> history = HistoryOf(decision.actions[0], shop_.zone);
  ASSERT_EQ(history.size(), 2u);
  for (const PastAction& past : history) {
    EXPECT_EQ(past.on, D(2026, 3, 9));
    EXPECT_EQ(past.action, decision.actions[0].action);
  }
}

}  // namespace
}  // namespace fiado::collection
