#include "customers/customer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace fiado::customers {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;
const core::StoreId kStore = core::StoreId::Parse("019a8b2c-0000-7000-8000-000000000001").value();
const CustomerId kId = CustomerId::Parse("019a8b2c-0000-7000-8000-0000000000c1").value();

CustomerDraft ValidDraft() {
  CustomerDraft draft;
  draft.cpf = "529.982.247-25";
  draft.full_name = "  Maria José   da Silva ";
  draft.birth_date = "1985-03-14";
  draft.phones = {"(11) 98765-4321", "11 3456-7890"};
  draft.email = " maria@Example.COM ";
  draft.address = {"Av. Paulista", "1000", "ap. 12", "Bela Vista", "São Paulo", "sp", "01310-100"};
  draft.monthly_income_cents = 250000;
  draft.occupation = "costureira";
  draft.employer = "Ateliê Ponto Fino";
  draft.references = {Reference{"Ana Souza", "(11) 91234-5678", "irmã"}};
  draft.guarantor = Guarantor{"João Pereira", "111.444.777-35", "(11) 95555-4444"};
  draft.consents = {ConsentDraft{Channel::kWhatsapp, true, "in_store_form"}};
  draft.notes = "Prefere ser chamada de Zezé.\nCliente desde 2010.";
  return draft;
}

Customer MakeValid(const CustomerDraft& draft = ValidDraft()) {
  auto customer = MakeCustomer(draft, kId, kStore, kNow);
  EXPECT_TRUE(customer.has_value()) << customer.error().Describe();
  return *customer;
}

std::vector<std::string> FieldsOf(const core::Error& error) {
  std::vector<std::string> fields;
  for (const auto& each : error.fields) fields.push_back(each.field);
  return fields;
}

TEST(MakeCustomer, NormalisesAValidDraft) {
  const Customer customer = MakeValid();
  EXPECT_EQ(customer.id, kId);
  EXPECT_EQ(customer.store_id, kStore);
  EXPECT_EQ(customer.cpf.digits(), "52998224725");
  EXPECT_EQ(customer.full_name, "Maria José da Silva");
  EXPECT_EQ(customer.birth_date, (core::Date{std::chrono::year{1985} / 3 / 14}));
  EXPECT_THAT(customer.phones_e164, ElementsAre("+5511987654321", "+551134567890"));
  EXPECT_EQ(customer.email, "maria@example.com");
  EXPECT_EQ(customer.address.street, "Av. Paulista");
  EXPECT_EQ(customer.address.city, "São Paulo");
  EXPECT_EQ(customer.address.state, "SP");
  EXPECT_EQ(customer.address.postal_code, "01310100");
  EXPECT_EQ(customer.monthly_income, core::Money::FromCents(250000));
  EXPECT_EQ(customer.occupation, "costureira");
  EXPECT_EQ(customer.employer, "Ateliê Ponto Fino");
  EXPECT_THAT(customer.references, ElementsAre(Reference{"Ana Souza", "+5511912345678", "irmã"}));
  EXPECT_EQ(customer.guarantor, (Guarantor{"João Pereira", "11144477735", "+5511955554444"}));
  EXPECT_EQ(customer.notes, "Prefere ser chamada de Zezé.\nCliente desde 2010.");
  EXPECT_EQ(customer.status, CustomerStatus::kActive);
  EXPECT_EQ(customer.blocked_reason, "");
  EXPECT_EQ(customer.version, 1);
  EXPECT_EQ(customer.created_at, kNow);
  EXPECT_EQ(customer.updated_at, kNow);
}

TEST(MakeCustomer, NeedsOnlyCpfAndName) {
  CustomerDraft draft;
  draft.cpf = "12345678909";
  draft.full_name = "Zé";
  auto short_name = MakeCustomer(draft, kId, kStore, kNow);
  ASSERT_FALSE(short_name.has_value());
  EXPECT_EQ(short_name.error().field, "full_name");

  draft.full_name = "Xuxa";  // one word is a name too
  const Customer customer = MakeValid(draft);
  EXPECT_EQ(customer.full_name, "Xuxa");
  EXPECT_FALSE(customer.birth_date.has_value());
  EXPECT_TRUE(customer.phones_e164.empty());
  EXPECT_FALSE(customer.monthly_income.has_value());
  EXPECT_FALSE(customer.guarantor.has_value());
  EXPECT_EQ(customer.address.state, "");
  EXPECT_EQ(customer.address.postal_code, "");
}

TEST(MakeCustomer, AcceptsBrazilianDatesAndBareCep) {
  CustomerDraft draft = ValidDraft();
  draft.birth_date = "14/03/1985";
  draft.address.postal_code = "01310100";
  const Customer customer = MakeValid(draft);
  EXPECT_EQ(customer.birth_date, (core::Date{std::chrono::year{1985} / 3 / 14}));
  EXPECT_EQ(customer.address.postal_code, "01310100");
}

TEST(MakeCustomer, AgeLimitsCountFromTheBirthday) {
  CustomerDraft draft = ValidDraft();
  draft.birth_date = "2010-11-22";  // 16 today
  EXPECT_TRUE(MakeCustomer(draft, kId, kStore, kNow).has_value());
  draft.birth_date = "2010-11-23";  // 16 tomorrow
  EXPECT_EQ(MakeCustomer(draft, kId, kStore, kNow).error().field, "birth_date");
  draft.birth_date = "1906-11-22";  // 120 today
  EXPECT_TRUE(MakeCustomer(draft, kId, kStore, kNow).has_value());
  draft.birth_date = "1906-11-21";  // 120 and one day
  EXPECT_TRUE(MakeCustomer(draft, kId, kStore, kNow).has_value());
  draft.birth_date = "1905-11-22";  // 121
  EXPECT_EQ(MakeCustomer(draft, kId, kStore, kNow).error().field, "birth_date");
}

struct BadField {
  std::string name;
  std::function<void(CustomerDraft&)> spoil;
  std::string field;
};

class MakeCustomerRejects : public ::testing::TestWithParam<BadField> {};

TEST_P(MakeCustomerRejects, NamingTheField) {
  CustomerDraft draft = ValidDraft();
  GetParam().spoil(draft);
  auto customer = MakeCustomer(draft, kId, kStore, kNow);
  ASSERT_FALSE(customer.has_value());
  EXPECT_EQ(customer.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(customer.error()), ElementsAre(GetParam().field))
      << customer.error().Describe();
  EXPECT_FALSE(customer.error().fields.front().message_pt.empty());
}

const BadField kBadFields[] = {
    {"CpfMissing", [](CustomerDraft& d) { d.cpf = " "; }, "cpf"},
    {"CpfCheckDigit", [](CustomerDraft& d) { d.cpf = "529.982.247-26"; }, "cpf"},
    {"CpfRepeated", [](CustomerDraft& d) { d.cpf = "111.111.111-11"; }, "cpf"},
    {"CpfShort", [](CustomerDraft& d) { d.cpf = "5299822472"; }, "cpf"},
    {"NameMissing", [](CustomerDraft& d) { d.full_name = "   "; }, "full_name"},
    {"NameTooShort", [](CustomerDraft& d) { d.full_name = "A."; }, "full_name"},
    {"NameWithoutLetters", [](CustomerDraft& d) { d.full_name = "123"; }, "full_name"},
    {"NameTooLong", [](CustomerDraft& d) { d.full_name = std::string(121, 'a'); }, "full_name"},
    {"NameBadUtf8", [](CustomerDraft& d) { d.full_name = "Jos\xC3"; }, "full_name"},
    {"BirthDateShape", [](CustomerDraft& d) { d.birth_date = "14-03-1985"; }, "birth_date"},
    {"BirthDateMissingDay", [](CustomerDraft& d) { d.birth_date = "31/02/1985"; }, "birth_date"},
    {"BirthDateFuture", [](CustomerDraft& d) { d.birth_date = "2026-11-23"; }, "birth_date"},
    {"BirthDateTooYoung", [](CustomerDraft& d) { d.birth_date = "2015-01-01"; }, "birth_date"},
    {"BirthDateTooOld", [](CustomerDraft& d) { d.birth_date = "1900-01-01"; }, "birth_date"},
    {"PhoneDdd", [](CustomerDraft& d) { d.phones[0] = "(00) 98765-4321"; }, "phones[0]"},
    {"PhoneForeign", [](CustomerDraft& d) { d.phones[1] = "+1 212 555 0100"; }, "phones[1]"},
    {"PhoneBlank", [](CustomerDraft& d) { d.phones[1] = " "; }, "phones[1]"},
    {"PhoneRepeated", [](CustomerDraft& d) { d.phones[1] = "+55 11 98765-4321"; }, "phones[1]"},
    {"PhonesTooMany",
     [](CustomerDraft& d) {
       d.phones = {"11987654321", "11987654322", "11987654323",
                   "11987654324", "11987654325", "11987654326"};
     },
     "phones"},
    {"Email", [](CustomerDraft& d) { d.email = "maria@"; }, "email"},
    {"State", [](CustomerDraft& d) { d.address.state = "XX"; }, "address.state"},
    {"CepShort", [](CustomerDraft& d) { d.address.postal_code = "1310-100"; },
     "address.postal_code"},
    {"CepLetters", [](CustomerDraft& d) { d.address.postal_code = "0131A100"; },
     "address.postal_code"},
    {"CityTooLong", [](CustomerDraft& d) { d.address.city = std::string(121, 'c'); },
     "address.city"},
    {"IncomeNegative", [](CustomerDraft& d) { d.monthly_income_cents = -1; },
     "monthly_income_cents"},
    {"IncomeHuge", [](CustomerDraft& d) { d.monthly_income_cents = 10'000'000'000; },
     "monthly_income_cents"},
    {"OccupationTooLong", [](CustomerDraft& d) { d.occupation = std::string(121, 'o'); },
     "occupation"},
    {"EmployerTooLong", [](CustomerDraft& d) { d.employer = std::string(121, 'e'); }, "employer"},
    {"ReferenceName",
     [](CustomerDraft& d) {
       d.references.push_back(Reference{" ", "", "vizinho"});
     },
     "references[1].name"},
    {"ReferencePhone",
     [](CustomerDraft& d) {
       d.references.push_back(Reference{"Pedro", "123", ""});
     },
     "references[1].phone"},
    {"ReferencesTooMany",
     [](CustomerDraft& d) {
       d.references.resize(6, Reference{"Ana Souza", "", ""});
     },
     "references"},
    {"GuarantorName", [](CustomerDraft& d) { d.guarantor->name = ""; }, "guarantor.name"},
    {"GuarantorCpf", [](CustomerDraft& d) { d.guarantor->cpf = "111.444.777-36"; },
     "guarantor.cpf"},
    {"GuarantorIsTheCustomer", [](CustomerDraft& d) { d.guarantor->cpf = "52998224725"; },
     "guarantor.cpf"},
    {"GuarantorPhone", [](CustomerDraft& d) { d.guarantor->phone_e164 = "(11) 1234"; },
     "guarantor.phone"},
    {"ConsentTwice",
     [](CustomerDraft& d) {
       d.consents.push_back(ConsentDraft{Channel::kWhatsapp, false, ""});
     },
     "consents[1].channel"},
    {"ConsentSourceTooLong", [](CustomerDraft& d) { d.consents[0].source = std::string(81, 's'); },
     "consents[0].source"},
    {"EmailConsentWithoutEmail",
     [](CustomerDraft& d) {
       d.email = "";
       d.consents.push_back(ConsentDraft{Channel::kEmail, true, "in_store_form"});
     },
     "consents[1].granted"},
    {"WhatsappConsentWithoutPhone", [](CustomerDraft& d) { d.phones.clear(); },
     "consents[0].granted"},
    {"NotesTooLong", [](CustomerDraft& d) { d.notes = std::string(2001, 'n'); }, "notes"},
    {"NotesControlChar", [](CustomerDraft& d) { d.notes = "a\x01z"; }, "notes"},
};

INSTANTIATE_TEST_SUITE_P(EveryField, MakeCustomerRejects, ::testing::ValuesIn(kBadFields),
                         [](const auto& each) { return each.param.name; });

TEST(MakeCustomer, ReportsEveryFieldAtOnce) {
  CustomerDraft draft = ValidDraft();
  draft.cpf = "529.982.247-26";
  draft.full_name = "";
  draft.phones = {"(11) 98765-4321", "(00) 1234-5678"};
  draft.address.postal_code = "123";
  draft.guarantor->cpf = "000";
  auto customer = MakeCustomer(draft, kId, kStore, kNow);
  ASSERT_FALSE(customer.has_value());
  const core::Error& error = customer.error();
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(error),
              ElementsAre("cpf", "full_name", "phones[1]", "address.postal_code", "guarantor.cpf"));
  EXPECT_EQ(error.message_pt, "há 5 campos com problemas");
  EXPECT_EQ(error.fields[0].message_pt, "CPF inválido: dígito verificador não confere");
  EXPECT_EQ(error.fields[1].message_pt, "informe o nome completo");
  EXPECT_EQ(error.fields[3].message_pt, "CEP deve ter 8 dígitos, como 01310-100");
}

TEST(MakeCustomer, StampsExplicitConsentsOnly) {
  CustomerDraft draft = ValidDraft();
  draft.consents = {ConsentDraft{Channel::kSms, false, " signed_contract "},
                    ConsentDraft{Channel::kEmail, true, "in_store_form"}};
  const Customer customer = MakeValid(draft);
  EXPECT_EQ(customer.ConsentFor(Channel::kWhatsapp), (Consent{Channel::kWhatsapp, false, {}, ""}));
  EXPECT_EQ(customer.ConsentFor(Channel::kSms),
            (Consent{Channel::kSms, false, kNow, "signed_contract"}));
  EXPECT_EQ(customer.ConsentFor(Channel::kEmail),
            (Consent{Channel::kEmail, true, kNow, "in_store_form"}));
  for (std::size_t i = 0; i < kChannels.size(); ++i) {
    EXPECT_EQ(customer.consents[i].channel, kChannels[i]);
  }
}

TEST(ReviseCustomer, KeepsIdentityAndBumpsVersion) {
  const Customer current = MakeValid();
  CustomerDraft draft = ValidDraft();
  draft.full_name = "Maria José da Silva Santos";
  draft.phones = {"11987654321"};
  auto revised = ReviseCustomer(current, draft, kNow + 1h);
  ASSERT_TRUE(revised.has_value()) << revised.error().Describe();
  EXPECT_EQ(revised->id, current.id);
  EXPECT_EQ(revised->store_id, current.store_id);
  EXPECT_EQ(revised->full_name, "Maria José da Silva Santos");
  EXPECT_THAT(revised->phones_e164, ElementsAre("+5511987654321"));
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(revised->created_at, kNow);
  EXPECT_EQ(revised->updated_at, kNow + 1h);
}

TEST(ReviseCustomer, KeepsStatusAndBlockReason) {
  Customer current = MakeValid();
  current.status = CustomerStatus::kBlocked;
  current.blocked_reason = "cheque devolvido";
  current.version = 4;
  auto revised = ReviseCustomer(current, ValidDraft(), kNow + 1h);
  ASSERT_TRUE(revised.has_value()) << revised.error().Describe();
  EXPECT_EQ(revised->status, CustomerStatus::kBlocked);
  EXPECT_EQ(revised->blocked_reason, "cheque devolvido");
  EXPECT_EQ(revised->version, 5);
}

TEST(ReviseCustomer, StampsOnlyConsentsWhoseAnswerChanges) {
  const Customer current = MakeValid();  // whatsapp granted at kNow
  const core::Instant later = kNow + 24h;
  CustomerDraft draft = ValidDraft();
  draft.consents = {ConsentDraft{Channel::kWhatsapp, true, "other_source"},  // unchanged
                    ConsentDraft{Channel::kEmail, true, "portal"}};          // changed
  auto revised = ReviseCustomer(current, draft, later);
  ASSERT_TRUE(revised.has_value()) << revised.error().Describe();
  EXPECT_EQ(revised->ConsentFor(Channel::kWhatsapp),
            (Consent{Channel::kWhatsapp, true, kNow, "in_store_form"}));
  EXPECT_EQ(revised->ConsentFor(Channel::kEmail),
            (Consent{Channel::kEmail, true, later, "portal"}));
  EXPECT_EQ(revised->ConsentFor(Channel::kSms), (Consent{Channel::kSms, false, {}, ""}));

  // Not listed: kept. Refused: stamped again.
  draft.consents = {ConsentDraft{Channel::kEmail, false, "whatsapp_reply"}};
  auto again = ReviseCustomer(*revised, draft, later + 1h);
  ASSERT_TRUE(again.has_value()) << again.error().Describe();
  EXPECT_EQ(again->ConsentFor(Channel::kWhatsapp), revised->ConsentFor(Channel::kWhatsapp));
  EXPECT_EQ(again->ConsentFor(Channel::kEmail),
            (Consent{Channel::kEmail, false, later + 1h, "whatsapp_reply"}));
  // A first explicit refusal is an answer too.
  draft.consents = {ConsentDraft{Channel::kSms, false, "in_store_form"}};
  auto refused = ReviseCustomer(*again, draft, later + 2h);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->ConsentFor(Channel::kSms),
            (Consent{Channel::kSms, false, later + 2h, "in_store_form"}));
}

TEST(ReviseCustomer, AKeptConsentNeedsItsAddress) {
  const Customer current = MakeValid();  // whatsapp granted
  CustomerDraft draft = ValidDraft();
  draft.consents.clear();
  draft.phones.clear();
  auto revised = ReviseCustomer(current, draft, kNow + 1h);
  ASSERT_FALSE(revised.has_value());
  EXPECT_THAT(FieldsOf(revised.error()), ElementsAre("phones"));
  // Withdrawing the consent in the same change is fine.
  draft.consents = {ConsentDraft{Channel::kWhatsapp, false, "whatsapp_reply"}};
  EXPECT_TRUE(ReviseCustomer(current, draft, kNow + 1h).has_value());
}

TEST(ReviseCustomer, ChecksLikeMakeCustomer) {
  const Customer current = MakeValid();
  CustomerDraft draft = ValidDraft();
  draft.cpf = "123";
  draft.address.state = "ZZ";
  auto revised = ReviseCustomer(current, draft, kNow + 1h);
  ASSERT_FALSE(revised.has_value());
  EXPECT_THAT(FieldsOf(revised.error()), ElementsAre("cpf", "address.state"));
}

TEST(SearchTermsOf, FoldsNameWordsAndAddsDigits) {
  CustomerDraft draft = ValidDraft();
  draft.full_name = "José da SILVA-Souza da Conceição";
  const Customer customer = MakeValid(draft);
  EXPECT_THAT(SearchTermsOf(customer), ElementsAre("jose", "da", "silva", "souza", "conceicao",
                                                   "52998224725", "11987654321", "1134567890"));
}

TEST(SearchWords, SplitsFoldedText) {
  EXPECT_THAT(SearchWords("  Ávila, João d'Ávila "), ElementsAre("avila", "joao", "d"));
  EXPECT_TRUE(SearchWords("  ... ").empty());
  EXPECT_THAT(SearchWords("Nº 12"), UnorderedElementsAre("no", "12"));
}

TEST(Names, RoundTrip) {
  for (Channel channel : kChannels) EXPECT_EQ(ParseChannel(ChannelName(channel)), channel);
  EXPECT_EQ(ParseChannel("telegram"), std::nullopt);
  EXPECT_EQ(ParseStatus(StatusName(CustomerStatus::kBlocked)), CustomerStatus::kBlocked);
  EXPECT_EQ(ParseStatus(StatusName(CustomerStatus::kActive)), CustomerStatus::kActive);
  EXPECT_EQ(ParseStatus("deleted"), std::nullopt);
}

}  // namespace
}  // namespace fiado::customers
