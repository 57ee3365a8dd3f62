#include "customers/customer.h"

#include <algorithm>
#include <utility>

#include "core/email.h"
#include "core/phone.h"
#include "core/text.h"

namespace fiado::customers {
namespace {

constexpr std::size_t kMinNameChars = 3;
constexpr std::size_t kMaxNameChars = 120;
constexpr std::size_t kMinNameLetters = 2;
constexpr std::size_t kMaxPhones = 5;
constexpr std::size_t kMaxReferences = 5;
constexpr std::size_t kMaxAddressPartChars = 120;
constexpr std::size_t kMaxStreetNumberChars = 20;
constexpr std::size_t kMaxRelationChars = 60;
constexpr std::size_t kMaxJobChars = 120;  // occupation, employer
constexpr std::size_t kMaxSourceChars = 80;
constexpr std::size_t kMaxNotesChars = 2000;
constexpr std::int64_t kMaxIncomeCents = 10'000'000'000;  // R$ 100 milhões
constexpr int kMaxAgeYears = 120;
// Civil capacity starts at 18, but a minor emancipated from 16 (Código Civil, art. 5º,
// parágrafo único) may sign a credit contract, so the registry accepts customers from 16.
constexpr int kMinAgeYears = 16;

// Collects every field error of a draft, so a form can show all of them at once.
class FieldErrors {
 public:
  void Add(std::string field, std::string message_pt) {
    errors_.push_back(core::FieldError{std::move(field), std::move(message_pt)});
  }
  bool empty() const { return errors_.empty(); }
  core::Error ToError() { return core::Error::InvalidFields(std::move(errors_)); }

 private:
  std::vector<core::FieldError> errors_;
};

std::string Indexed(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index) + "]";
}

// Characters (code points) of valid UTF-8 text.
std::size_t CharCount(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

bool HasControlChars(std::string_view text, bool multiline) {
  return std::any_of(text.begin(), text.end(), [multiline](char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) return false;
    return byte < 0x20 || byte == 0x7F;
  });
}

// Free text: trimmed, valid UTF-8, no control characters (line breaks only where
// `multiline`), at most `max_chars` characters. Returns the trimmed text.
std::string CheckText(std::string_view raw, const std::string& field, std::size_t max_chars,
                      FieldErrors& errors, bool multiline = false) {
  std::string text = core::Trim(raw);
  if (!core::IsValidUtf8(text)) {
    errors.Add(field, "texto com caracteres inválidos (codificação não é UTF-8)");
  } else if (HasControlChars(text, multiline)) {
    errors.Add(field, "texto com caracteres de controle");
  } else if (CharCount(text) > max_chars) {
    errors.Add(field, "deve ter no máximo " + std::to_string(max_chars) + " caracteres");
  }
  return text;
}

// A core parser's message under our field, with "<what> inválido: " in front unless the
// message already says so ("DDD inválido: 00" stays as it is).
std::string Explain(std::string_view what, const core::Error& error) {
  const std::string& message = error.message_pt;
  if (message == "dígito verificador inválido") {
    return std::string(what) + " inválido: dígito verificador não confere";
  }
  if (message.find("inválid") != std::string::npos) return message;
  return std::string(what) + " inválido: " + message;
}

std::optional<core::Cpf> CheckCpf(std::string_view raw, const std::string& field,
                                  std::string_view missing_message, FieldErrors& errors) {
  if (core::Trim(raw).empty()) {
    if (!missing_message.empty()) errors.Add(field, std::string(missing_message));
    return std::nullopt;
  }
  auto cpf = core::Cpf::Parse(raw, field);
  if (!cpf) {
    errors.Add(field, Explain("CPF", cpf.error()));
    return std::nullopt;
  }
  return *cpf;
}

// Empty text stays empty; anything else must be a Brazilian phone. Returns E.164 or "".
std::string CheckOptionalPhone(std::string_view raw, const std::string& field,
                               FieldErrors& errors) {
  if (core::Trim(raw).empty()) return {};
  auto phone = core::Phone::ParseBrazilian(raw, field);
  if (!phone) {
    errors.Add(field, Explain("telefone", phone.error()));
    return {};
  }
  return phone->e164();
}

// A person's name: single spaces between words, 3..120 characters, at least two letters.
std::string CheckPersonName(std::string_view raw, const std::string& field,
                            std::string_view missing_message, FieldErrors& errors) {
  std::string name;
  for (char c : core::Trim(raw)) {
    if (core::IsAsciiSpace(c)) {
      if (!name.empty() && name.back() != ' ') name += ' ';
    } else {
      name += c;
    }
  }
  if (name.empty()) {
    errors.Add(field, std::string(missing_message));
    return name;
  }
  if (!core::IsValidUtf8(name)) {
    errors.Add(field, "texto com caracteres inválidos (codificação não é UTF-8)");
    return name;
  }
  const std::string folded = core::FoldToAscii(name);
  const auto letters = static_cast<std::size_t>(std::count_if(
      folded.begin(), folded.end(), [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }));
  const std::size_t chars = CharCount(name);
  if (HasControlChars(name, false)) {
    errors.Add(field, "texto com caracteres de controle");
  } else if (chars < kMinNameChars || letters < kMinNameLetters) {
    errors.Add(field, "nome muito curto: informe pelo menos 3 caracteres, com 2 letras");
  } else if (chars > kMaxNameChars) {
    errors.Add(field, "nome muito longo (máximo de 120 caracteres)");
  }
  return name;
}

// Whole years from `birth` to `today` (the birthday counts from its own day).
int AgeOn(core::Date birth, core::Date today) {
  int years = static_cast<int>(today.year()) - static_cast<int>(birth.year());
  if (std::pair{today.month(), today.day()} < std::pair{birth.month(), birth.day()}) --years;
  return years;
}

std::optional<core::Date> CheckBirthDate(std::string_view raw, core::Instant now,
                                         FieldErrors& errors) {
  const std::string text = core::Trim(raw);
  if (text.empty()) return std::nullopt;
  auto date = text.find('/') != std::string::npos ? core::ParseBrDate(text, "birth_date")
                                                  : core::ParseIsoDate(text, "birth_date");
  if (!date) {
    errors.Add("birth_date", date.error().message_pt);
    return std::nullopt;
  }
  const core::Date today{std::chrono::floor<std::chrono::days>(now)};
  if (std::chrono::sys_days{*date} > std::chrono::sys_days{today}) {
    errors.Add("birth_date", "data de nascimento no futuro");
  } else if (AgeOn(*date, today) > kMaxAgeYears) {
    errors.Add("birth_date", "data de nascimento de mais de 120 anos atrás: confira o ano");
  } else if (AgeOn(*date, today) < kMinAgeYears) {
    errors.Add("birth_date", "o cliente deve ter pelo menos 16 anos");
  }
  return *date;
}

std::vector<std::string> CheckPhones(const std::vector<std::string>& raw, FieldErrors& errors) {
  std::vector<std::string> phones;
  if (raw.size() > kMaxPhones) errors.Add("phones", "informe no máximo 5 telefones");
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string field = Indexed("phones", i);
    if (core::Trim(raw[i]).empty()) {
      errors.Add(field, "informe o número ou retire a linha");
      continue;
    }
    std::string e164 = CheckOptionalPhone(raw[i], field, errors);
    if (e164.empty()) continue;
    if (std::find(phones.begin(), phones.end(), e164) != phones.end()) {
      errors.Add(field, "telefone repetido");
      continue;
    }
    phones.push_back(std::move(e164));
  }
  return phones;
}

std::string CheckEmail(std::string_view raw, FieldErrors& errors) {
  if (core::Trim(raw).empty()) return {};
  auto email = core::Email::Parse(raw, "email");
  if (!email) {
    errors.Add("email", Explain("e-mail", email.error()));
    return {};
  }
  return email->value();
}

std::string CheckPostalCode(std::string_view raw, FieldErrors& errors) {
  const std::string text = core::Trim(raw);
  if (text.empty()) return {};
  const bool only_cep_chars = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ' ';
  });
  std::string digits = core::DigitsOnly(text);
  if (!only_cep_chars || digits.size() != 8) {
    errors.Add("address.postal_code", "CEP deve ter 8 dígitos, como 01310-100");
  }
  return digits;
}

// Every part is optional for a customer; what is given must be well formed.
stores::Address CheckAddress(const stores::Address& raw, FieldErrors& errors) {
  stores::Address address;
  address.street = CheckText(raw.street, "address.street", kMaxAddressPartChars, errors);
  address.number = CheckText(raw.number, "address.number", kMaxStreetNumberChars, errors);
  address.complement =
      CheckText(raw.complement, "address.complement", kMaxAddressPartChars, errors);
  address.district = CheckText(raw.district, "address.district", kMaxAddressPartChars, errors);
  address.city = CheckText(raw.city, "address.city", kMaxAddressPartChars, errors);
  address.state = core::AsciiUpper(core::Trim(raw.state));
  if (!address.state.empty() && !stores::IsValidUf(address.state)) {
    errors.Add("address.state", "UF inválida: use a sigla do estado, como SP ou MG");
  }
  address.postal_code = CheckPostalCode(raw.postal_code, errors);
  return address;
}

std::optional<core::Money> CheckIncome(std::optional<std::int64_t> cents, FieldErrors& errors) {
  if (!cents) return std::nullopt;
  if (*cents < 0) {
    errors.Add("monthly_income_cents", "a renda mensal não pode ser negativa");
  } else if (*cents >= kMaxIncomeCents) {
    errors.Add("monthly_income_cents", "renda mensal acima do limite de R$ 100 milhões");
  }
  return core::Money::FromCents(*cents);
}

std::vector<Reference> CheckReferences(const std::vector<Reference>& raw, FieldErrors& errors) {
  std::vector<Reference> references;
  if (raw.size() > kMaxReferences) errors.Add("references", "informe no máximo 5 referências");
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string prefix = Indexed("references", i);
    Reference reference{
        CheckPersonName(raw[i].name, prefix + ".name", "informe o nome da referência", errors)};
    reference.phone_e164 = CheckOptionalPhone(raw[i].phone_e164, prefix + ".phone", errors);
    reference.relation =
        CheckText(raw[i].relation, prefix + ".relation", kMaxRelationChars, errors);
    references.push_back(std::move(reference));
  }
  return references;
}

std::optional<Guarantor> CheckGuarantor(const std::optional<Guarantor>& raw,
                                        const std::optional<core::Cpf>& customer_cpf,
                                        FieldErrors& errors) {
  if (!raw) return std::nullopt;
  Guarantor guarantor{
      CheckPersonName(raw->name, "guarantor.name", "informe o nome do avalista", errors)};
  if (auto cpf = CheckCpf(raw->cpf, "guarantor.cpf", "", errors)) {
    if (customer_cpf && *cpf == *customer_cpf) {
      errors.Add("guarantor.cpf", "o avalista deve ser outra pessoa, não o próprio cliente");
    }
    guarantor.cpf = cpf->digits();
  }
  guarantor.phone_e164 = CheckOptionalPhone(raw->phone_e164, "guarantor.phone", errors);
  return guarantor;
}

std::size_t ChannelIndex(Channel channel) {
  const auto found = std::find(kChannels.begin(), kChannels.end(), channel);
  FIADO_CHECK(found != kChannels.end());
  return static_cast<std::size_t>(found - kChannels.begin());
}

std::array<Consent, 3> NeverAsked() {
  std::array<Consent, 3> consents{};
  for (std::size_t i = 0; i < kChannels.size(); ++i) consents[i].channel = kChannels[i];
  return consents;
}

// Whether the customer has somewhere to be reached on `channel`.
bool HasAddressFor(Channel channel, const std::string& email,
                   const std::vector<std::string>& phones) {
  return channel == Channel::kEmail ? !email.empty() : !phones.empty();
}

std::string NoAddressMessage(Channel channel) {
  return channel == Channel::kEmail ? "não há e-mail cadastrado para este consentimento"
                                    : "não há telefone cadastrado para este consentimento";
}

// Applies the draft's answers over `previous` (one per channel). An answer that changes,
// or the first explicit answer on a channel, is stamped `now`; others keep their time and
// source. A granted channel needs an address to reach the customer on.
std::array<Consent, 3> CheckConsents(const std::vector<ConsentDraft>& drafts,
                                     const std::array<Consent, 3>& previous,
                                     const std::string& email,
                                     const std::vector<std::string>& phones, core::Instant now,
                                     FieldErrors& errors) {
  std::array<Consent, 3> consents = previous;
  std::array<bool, 3> answered{};
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const std::string prefix = Indexed("consents", i);
    const ConsentDraft& draft = drafts[i];
    const std::size_t index = ChannelIndex(draft.channel);
    if (answered[index]) {
      errors.Add(prefix + ".channel", "canal repetido: informe cada canal uma vez só");
      continue;
    }
    answered[index] = true;
    const std::string source = CheckText(draft.source, prefix + ".source", kMaxSourceChars, errors);
    if (draft.granted && !HasAddressFor(draft.channel, email, phones)) {
      errors.Add(prefix + ".granted", NoAddressMessage(draft.channel));
    }
    Consent& consent = consents[index];
    if (consent.recorded_at.has_value() && consent.granted == draft.granted) continue;
    consent = Consent{draft.channel, draft.granted, now, source};
  }
  // Answers kept from before must still have somewhere to go.
  for (std::size_t index = 0; index < consents.size(); ++index) {
    const Consent& consent = consents[index];
    if (answered[index] || !consent.granted) continue;
    if (HasAddressFor(consent.channel, email, phones)) continue;
    if (consent.channel == Channel::kEmail) {
      errors.Add("email",
                 "o cliente autorizou contato por e-mail: informe o e-mail ou registre "
                 "a retirada do consentimento");
    } else {
      errors.Add("phones", "o cliente autorizou contato por " +
                               std::string(consent.channel == Channel::kSms ? "SMS" : "WhatsApp") +
                               ": informe um telefone ou registre a retirada do consentimento");
    }
  }
  return consents;
}

// The editable fields of a draft, checked and normalised; the CPF is absent when invalid.
struct CheckedDraft {
  std::optional<core::Cpf> cpf{};
  std::string full_name{};
  std::optional<core::Date> birth_date{};
  std::vector<std::string> phones_e164{};
  std::string email{};
  stores::Address address{};
  std::optional<core::Money> monthly_income{};
  std::string occupation{};
  std::string employer{};
  std::vector<Reference> references{};
  std::optional<Guarantor> guarantor{};
  std::array<Consent, 3> consents{};
  std::string notes{};
};

core::Result<CheckedDraft> CheckDraft(const CustomerDraft& draft,
                                      const std::array<Consent, 3>& previous_consents,
                                      core::Instant now) {
  FieldErrors errors;
  CheckedDraft checked;
  checked.cpf = CheckCpf(draft.cpf, "cpf", "informe o CPF", errors);
  checked.full_name =
      CheckPersonName(draft.full_name, "full_name", "informe o nome completo", errors);
  checked.birth_date = CheckBirthDate(draft.birth_date, now, errors);
  checked.phones_e164 = CheckPhones(draft.phones, errors);
  checked.email = CheckEmail(draft.email, errors);
  checked.address = CheckAddress(draft.address, errors);
  checked.monthly_income = CheckIncome(draft.monthly_income_cents, errors);
  checked.occupation = CheckText(draft.occupation, "occupation", kMaxJobChars, errors);
  checked.employer = CheckText(draft.employer, "employer", kMaxJobChars, errors);
  checked.references = CheckReferences(draft.references, errors);
  checked.guarantor = CheckGuarantor(draft.guarantor, checked.cpf, errors);
  checked.consents = CheckConsents(draft.consents, previous_consents, checked.email,
                                   checked.phones_e164, now, errors);
  checked.notes = CheckText(draft.notes, "notes", kMaxNotesChars, errors, /*multiline=*/true);
  if (!errors.empty()) return core::Fail(errors.ToError());
  return checked;
}

void ApplyDraft(CheckedDraft&& checked, Customer& customer) {
  customer.cpf = std::move(*checked.cpf);
  customer.full_name = std::move(checked.full_name);
  customer.birth_date = checked.birth_date;
  customer.phones_e164 = std::move(checked.phones_e164);
  customer.email = std::move(checked.email);
  customer.address = std::move(checked.address);
  customer.monthly_income = checked.monthly_income;
  customer.occupation = std::move(checked.occupation);
  customer.employer = std::move(checked.employer);
  customer.references = std::move(checked.references);
  customer.guarantor = std::move(checked.guarantor);
  customer.consents = std::move(checked.consents);
  customer.notes = std::move(checked.notes);
}

bool IsSearchChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

void AddUnique(std::vector<std::string>& words, std::string word) {
  if (word.empty()) return;
  if (std::find(words.begin(), words.end(), word) != words.end()) return;
  words.push_back(std::move(word));
}

}  // namespace

std::string_view StatusName(CustomerStatus status) {
  return status == CustomerStatus::kBlocked ? "blocked" : "active";
}

std::optional<CustomerStatus> ParseStatus(std::string_view name) {
  if (name == "active") return CustomerStatus::kActive;
  if (name == "blocked") return CustomerStatus::kBlocked;
  return std::nullopt;
}

std::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kWhatsapp:
      return "whatsapp";
    case Channel::kSms:
      return "sms";
    case Channel::kEmail:
      return "email";
  }
  return "unknown";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (Channel channel : kChannels) {
    if (ChannelName(channel) == name) return channel;
  }
  return std::nullopt;
}

const Consent& Customer::ConsentFor(Channel channel) const {
  const Consent& consent = consents[ChannelIndex(channel)];
  FIADO_CHECK(consent.channel == channel);
  return consent;
}

core::Result<Customer> MakeCustomer(const CustomerDraft& draft, CustomerId id,
                                    core::StoreId store_id, core::Instant now) {
  auto checked = CheckDraft(draft, NeverAsked(), now);
  if (!checked) return core::Fail(std::move(checked.error()));
  Customer customer{std::move(id), std::move(store_id), *checked->cpf, {}};
  ApplyDraft(std::move(*checked), customer);
  customer.status = CustomerStatus::kActive;
  customer.version = 1;
  customer.created_at = now;
  customer.updated_at = now;
  return customer;
}

core::Result<Customer> ReviseCustomer(const Customer& current, const CustomerDraft& draft,
                                      core::Instant now) {
  auto checked = CheckDraft(draft, current.consents, now);
  if (!checked) return core::Fail(std::move(checked.error()));
  Customer customer = current;
  ApplyDraft(std::move(*checked), customer);
  customer.version = current.version + 1;
  customer.updated_at = now;
  return customer;
}

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : core::SearchKey(text)) {
    if (IsSearchChar(c)) {
      word += c;
    } else {
      AddUnique(words, std::move(word));
      word.clear();
    }
  }
  AddUnique(words, std::move(word));
  return words;
}

std::vector<std::string> SearchTermsOf(const Customer& customer) {
  std::vector<std::string> terms = SearchWords(customer.full_name);
  AddUnique(terms, customer.cpf.digits());
  for (const std::string& phone : customer.phones_e164) {
    AddUnique(terms, phone.substr(3));  // "+55" off: DDD + number
  }
  return terms;
}

}  // namespace fiado::customers
