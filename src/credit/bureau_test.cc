#include "credit/bureau.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "credit/settings.h"

// The settings checks (settings.cc) are tested here too: they are mostly the bureau checks.

namespace fiado::credit {
namespace {

using core::Money;
using ::testing::ElementsAre;

core::Date Iso(std::string_view text) { return core::ParseIsoDate(text).value(); }

const core::Date kToday = Iso("2026-11-20");

std::vector<std::string> FieldsOf(const core::Error& error) {
  std::vector<std::string> fields;
  for (const core::FieldError& each : error.fields) fields.push_back(each.field);
  return fields;
}

std::string Repeat(std::string_view piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

ManualLookupDraft CleanDraft() {
  ManualLookupDraft draft;
  draft.bureau = " SPC ";
  draft.purpose = "sale";
  draft.consulted_on = "2026-11-20";
  return draft;
}

TEST(PurposeTest, NamesRoundTrip) {
  for (Purpose purpose : {Purpose::kSale, Purpose::kCreditReview, Purpose::kRegistration}) {
    EXPECT_EQ(ParsePurpose(PurposeName(purpose)), purpose);
  }
  EXPECT_EQ(PurposeName(Purpose::kCreditReview), "credit_review");
  EXPECT_FALSE(ParsePurpose("venda"));
  EXPECT_EQ(PurposePt(Purpose::kSale), "análise para venda a prazo");
  EXPECT_EQ(PurposePt(Purpose::kCreditReview), "revisão do limite de crédito");
  EXPECT_EQ(PurposePt(Purpose::kRegistration), "cadastro de cliente");
}

TEST(ManualLookupTest, CleanConsultation) {
  const core::Result<BureauLookup> lookup = MakeManualLookup(CleanDraft(), kToday);
  ASSERT_TRUE(lookup) << lookup.error().Describe();
  EXPECT_EQ(lookup->bureau, "SPC");
  EXPECT_EQ(lookup->source, "manual");
  EXPECT_EQ(lookup->purpose, Purpose::kSale);
  EXPECT_EQ(lookup->consulted_on, kToday);
  EXPECT_FALSE(lookup->answer.restricted);
  EXPECT_TRUE(lookup->answer.restrictions.empty());
}

TEST(ManualLookupTest, RestrictedWithDetails) {
  ManualLookupDraft draft = CleanDraft();
  draft.purpose = "credit_review";
  draft.consulted_on = "10/11/2026";
  draft.restricted = true;
  draft.restrictions = {{" Loja X ", Money::FromCents(123456), Iso("2026-03-01")},
                        {"Banco Y", Money::FromCents(100), std::nullopt}};
  draft.bureau_score = 310;
  draft.summary = "  consulta feita no site  ";
  const core::Result<BureauLookup> lookup = MakeManualLookup(draft, kToday);
  ASSERT_TRUE(lookup) << lookup.error().Describe();
  EXPECT_EQ(lookup->purpose, Purpose::kCreditReview);
  EXPECT_EQ(lookup->consulted_on, Iso("2026-11-10"));
  EXPECT_TRUE(lookup->answer.restricted);
  ASSERT_EQ(lookup->answer.restrictions.size(), 2u);
  EXPECT_EQ(lookup->answer.restrictions[0].creditor, "Loja X");
  EXPECT_EQ(lookup->answer.bureau_score, 310);
  EXPECT_EQ(lookup->answer.summary, "consulta feita no site");
}

TEST(ManualLookupTest, RestrictedWithoutListIsAllowed) {
  ManualLookupDraft draft = CleanDraft();
  draft.restricted = true;  // a protest, a bad cheque
  EXPECT_TRUE(MakeManualLookup(draft, kToday));
}

TEST(ManualLookupTest, EveryFaultyFieldAtOnce) {
  ManualLookupDraft draft;
  draft.bureau = "   ";
  draft.purpose = "venda";
  draft.consulted_on = "2026-11-21";
  draft.restricted = true;
  draft.restrictions = {{"", Money{}, Iso("2026-12-01")}};
  draft.bureau_score = 1001;
  draft.summary = Repeat("a", 501);
  const core::Result<BureauLookup> lookup = MakeManualLookup(draft, kToday);
  ASSERT_FALSE(lookup);
  EXPECT_THAT(FieldsOf(lookup.error()),
              ElementsAre("bureau", "purpose", "consulted_on", "restrictions[0].creditor",
                          "restrictions[0].amount_cents", "restrictions[0].registered_on",
                          "bureau_score", "summary"));
  EXPECT_EQ(lookup.error().fields[2].message_pt, "a data da consulta não pode ser futura");
}

TEST(ManualLookupTest, ConsultedOnWindow) {
  ManualLookupDraft draft = CleanDraft();
  draft.consulted_on = "2026-08-22";  // 90 days ago
  EXPECT_TRUE(MakeManualLookup(draft, kToday));
  draft.consulted_on = "21/08/2026";  // 91 days ago
  core::Result<BureauLookup> lookup = MakeManualLookup(draft, kToday);
  ASSERT_FALSE(lookup);
  EXPECT_EQ(lookup.error().field, "consulted_on");
  EXPECT_EQ(lookup.error().message_pt, "consulta com mais de 90 dias: faça uma nova");
  for (const char* bad : {"", "31/02/2026", "2026-11", "ontem"}) {
    draft.consulted_on = bad;
    lookup = MakeManualLookup(draft, kToday);
    ASSERT_FALSE(lookup) << bad;
    EXPECT_EQ(lookup.error().field, "consulted_on") << bad;
  }
}

TEST(ManualLookupTest, RestrictionsOnlyWhenRestricted) {
  ManualLookupDraft draft = CleanDraft();
  draft.restrictions = {{"Loja X", Money::FromCents(100), std::nullopt}};
  const core::Result<BureauLookup> lookup = MakeManualLookup(draft, kToday);
  ASSERT_FALSE(lookup);
  EXPECT_EQ(lookup.error().field, "restrictions");
}

TEST(ManualLookupTest, LengthsCountCharactersNotBytes) {
  ManualLookupDraft draft = CleanDraft();
  draft.bureau = Repeat("ç", 40);
  draft.restricted = true;
  draft.restrictions = {{Repeat("ã", 80), Money::FromCents(1), std::nullopt}};
  draft.summary = Repeat("é", 500);
  EXPECT_TRUE(MakeManualLookup(draft, kToday));
  draft.bureau = Repeat("ç", 41);
  draft.restrictions[0].creditor = Repeat("ã", 81);
  const core::Result<BureauLookup> lookup = MakeManualLookup(draft, kToday);
  ASSERT_FALSE(lookup);
  EXPECT_THAT(FieldsOf(lookup.error()), ElementsAre("bureau", "restrictions[0].creditor"));
  EXPECT_EQ(lookup.error().fields[0].message_pt, "no máximo 40 caracteres");
}

HttpBureauSettings GoodBureau(std::string name) {
  HttpBureauSettings settings;
  settings.name = std::move(name);
  settings.url = "https://api.bureau.example/consulta/{cpf}";
  settings.auth_header = "Authorization: Bearer abc";
  return settings;
}

TEST(HttpBureauSettingsTest, DefaultsWithNameAndUrlAreValid) {
  EXPECT_TRUE(CheckHttpBureauSettings(GoodBureau("Boa Vista"), "bureaus[0]."));
}

TEST(HttpBureauSettingsTest, ReportsEveryFaultyFieldWithThePrefix) {
  HttpBureauSettings settings;
  settings.url = "ftp://bureau";
  settings.auth_header = "Authorization: x\r\nX-Injected: y";
  settings.restricted_pointer = "restricted";
  settings.score_pointer = "score";
  settings.amount_cents_field = "";
  settings.timeout_ms = 99;
  const core::Status status = CheckHttpBureauSettings(settings, "bureaus[1].");
  ASSERT_FALSE(status);
  EXPECT_THAT(FieldsOf(status.error()),
              ElementsAre("bureaus[1].name", "bureaus[1].url", "bureaus[1].auth_header",
                          "bureaus[1].restricted_pointer", "bureaus[1].score_pointer",
                          "bureaus[1].amount_cents_field", "bureaus[1].timeout_ms"));
  EXPECT_EQ(status.error().fields[1].message_pt, "o endereço deve começar com http:// ou https://");
}

TEST(HttpBureauSettingsTest, PointersMayBeEmptyButNotBoth) {
  HttpBureauSettings settings = GoodBureau("SPC");
  settings.score_pointer = "";
  settings.reference_pointer = "";
  settings.restrictions_pointer = "";
  settings.creditor_field = "";  // not needed without a list
  EXPECT_TRUE(CheckHttpBureauSettings(settings, ""));
  settings.restricted_pointer = "";
  const core::Status status = CheckHttpBureauSettings(settings, "");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "restricted_pointer");
  settings.url = "http://";
  settings.timeout_ms = 60001;
  EXPECT_THAT(FieldsOf(CheckHttpBureauSettings(settings, "").error()),
              ElementsAre("url", "restricted_pointer", "timeout_ms"));
}

TEST(CreditSettingsTest, DefaultsAreValid) { EXPECT_TRUE(CheckCreditSettings(CreditSettings{})); }

TEST(CreditSettingsTest, ReportsRulesLadderAndBureausTogether) {
  CreditSettings settings;
  settings.rules.min_score = -1;
  settings.ladder.raise_bps = 0;
  settings.bureaus = {GoodBureau("SPC"), GoodBureau("Serasa"), GoodBureau(" spc ")};
  settings.bureaus[1].url = "serasa.example";
  const core::Status status = CheckCreditSettings(settings);
  ASSERT_FALSE(status);
  EXPECT_THAT(FieldsOf(status.error()), ElementsAre("rules.min_score", "ladder.raise_bps",
                                                    "bureaus[1].url", "bureaus[2].name"));
  EXPECT_EQ(status.error().fields[3].message_pt, "já existe um bureau com este nome");
  EXPECT_EQ(status.error().message_pt, "há 4 campos com problemas");
}

TEST(CreditSettingsTest, KeepSecretsCopiesEmptyAuthHeadersByName) {
  CreditSettings stored;
  stored.bureaus = {GoodBureau("SPC"), GoodBureau("Serasa")};
  stored.bureaus[1].auth_header = "X-Api-Key: serasa";
  CreditSettings incoming = stored;
  incoming.bureaus[0].auth_header = "";                 // kept
  incoming.bureaus[1].auth_header = "X-Api-Key: novo";  // replaced
  incoming.bureaus.push_back(GoodBureau("Boa Vista"));
  incoming.bureaus[2].auth_header = "";  // new bureau: nothing to keep
  KeepSecrets(incoming, stored);
  EXPECT_EQ(incoming.bureaus[0].auth_header, "Authorization: Bearer abc");
  EXPECT_EQ(incoming.bureaus[1].auth_header, "X-Api-Key: novo");
  EXPECT_EQ(incoming.bureaus[2].auth_header, "");
}

}  // namespace
}  // namespace fiado::credit
