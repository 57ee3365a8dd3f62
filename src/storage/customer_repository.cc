#include "storage/customer_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/text.h"
#include "json/customer_json.h"
#include "storage/audit_log.h"

namespace fiado::storage {
namespace {

using customers::Customer;

constexpr const char* kColumns =
    "id, store_id, cpf, full_name, birth_date, phones, email, street, street_number, "
    "complement, district, city, state, postal_code, monthly_income_cents, occupation, "
    "employer, personal_references, guarantor, consents, notes, status, blocked_reason, "
    "version, created_at, updated_at, name_key, credit_limit_cents, credit_limit_reason";
constexpr std::size_t kNameKeyColumn = 26;

constexpr int kMaxPageSize = 200;
constexpr std::size_t kMaxSearchWords = 5;

// ---------------------------------------------------------------------------------------
// Errors

core::Error CustomerNotFound() { return core::Error::NotFound("cliente não encontrado"); }

core::Error CpfTaken(const std::string& existing_id) {
  core::Error error = core::Error::Conflict("já existe um cliente com este CPF");
  error.field = "cpf";
  error.related_id = existing_id;
  return error;
}

core::Error StaleVersion() {
  return core::Error::Conflict("este cliente foi alterado por outra pessoa; recarregue a página");
}

core::Error BadCursor() {
  return core::Error::Invalid("cursor",
                              "cursor de paginação inválido: recomece da primeira página");
}

// A row that does not read back means the table was edited outside Fiado.
[[noreturn]] void BadRow(const std::string& what) {
  throw StorageError("dado inválido na tabela customers: " + what);
}

template <typename T>
T Trusted(core::Result<T> result) {
  if (!result) BadRow(result.error().Describe());
  return std::move(*result);
}

// ---------------------------------------------------------------------------------------
// JSON shapes, shared by the columns and by CustomerToJson

nlohmann::json ParseColumn(const std::string& text, const char* column) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    BadRow(std::string(column) + ": " + error.what());
  }
}

std::string TextOf(const nlohmann::json& value, const char* key) {
  return value.at(key).get<std::string>();
}

std::vector<customers::Reference> ReferencesFrom(const nlohmann::json& items) {
  std::vector<customers::Reference> references;
  for (const auto& item : items) {
    references.push_back(customers::Reference{TextOf(item, "name"), TextOf(item, "phone"),
                                              TextOf(item, "relation")});
  }
  return references;
}

customers::Guarantor GuarantorFrom(const nlohmann::json& item) {
  return customers::Guarantor{TextOf(item, "name"), TextOf(item, "cpf"), TextOf(item, "phone")};
}

std::array<customers::Consent, 3> ConsentsFrom(const nlohmann::json& items) {
  std::array<customers::Consent, 3> consents{};
  std::array<bool, 3> seen{};
  for (const auto& item : items) {
    const auto channel = customers::ParseChannel(TextOf(item, "channel"));
    if (!channel) BadRow("canal de consentimento desconhecido");
    const auto index = static_cast<std::size_t>(
        std::find(customers::kChannels.begin(), customers::kChannels.end(), *channel) -
        customers::kChannels.begin());
    customers::Consent& consent = consents[index];
    consent.channel = *channel;
    consent.granted = item.at("granted").get<bool>();
    if (!item.at("recorded_at").is_null()) {
      consent.recorded_at = Trusted(core::ParseRfc3339(TextOf(item, "recorded_at")));
    }
    consent.source = TextOf(item, "source");
    seen[index] = true;
  }
  if (!std::all_of(seen.begin(), seen.end(), [](bool each) { return each; })) {
    BadRow("falta o consentimento de um canal");
  }
  return consents;
}

// ---------------------------------------------------------------------------------------
// Rows

std::string TextAt(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return {};
  return row.get<std::string>(column);
}

std::optional<std::string> OptionalTextAt(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return row.get<std::string>(column);
}

// Integers come back as int or long long depending on the engine and the declared type.
long long IntegerAt(const soci::row& row, std::size_t column) {
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return row.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(column));
    default:
      BadRow("coluna " + std::to_string(column) + " deveria ser um número inteiro");
  }
}

customers::CustomerStatus StatusFrom(const std::string& text) {
  const auto status = customers::ParseStatus(text);
  if (!status) BadRow("situação desconhecida: " + text);
  return *status;
}

Customer CustomerFromRow(const soci::row& row) {
  try {
    Customer customer{customers::CustomerId::FromTrusted(row.get<std::string>(0)),
                      core::StoreId::FromTrusted(row.get<std::string>(1)),
                      Trusted(core::Cpf::Parse(row.get<std::string>(2))), row.get<std::string>(3)};
    if (auto birth_date = OptionalTextAt(row, 4)) {
      customer.birth_date = Trusted(core::ParseIsoDate(*birth_date));
    }
    customer.phones_e164 =
        ParseColumn(row.get<std::string>(5), "phones").get<std::vector<std::string>>();
    customer.email = TextAt(row, 6);
    customer.address = {TextAt(row, 7),  TextAt(row, 8),  TextAt(row, 9), TextAt(row, 10),
                        TextAt(row, 11), TextAt(row, 12), TextAt(row, 13)};
    if (row.get_indicator(14) != soci::i_null) {
      customer.monthly_income = core::Money::FromCents(IntegerAt(row, 14));
    }
    customer.occupation = TextAt(row, 15);
    customer.employer = TextAt(row, 16);
    customer.references =
        ReferencesFrom(ParseColumn(row.get<std::string>(17), "personal_references"));
    if (auto guarantor = OptionalTextAt(row, 18)) {
      customer.guarantor = GuarantorFrom(ParseColumn(*guarantor, "guarantor"));
    }
    customer.consents = ConsentsFrom(ParseColumn(row.get<std::string>(19), "consents"));
    customer.notes = TextAt(row, 20);
    customer.status = StatusFrom(row.get<std::string>(21));
    customer.blocked_reason = TextAt(row, 22);
    customer.version = static_cast<int>(IntegerAt(row, 23));
    customer.created_at = Trusted(core::ParseRfc3339(row.get<std::string>(24)));
    customer.updated_at = Trusted(core::ParseRfc3339(row.get<std::string>(25)));
    customer.credit_limit = core::Money::FromCents(IntegerAt(row, 27));
    customer.credit_limit_reason = TextAt(row, 28);
    return customer;
  } catch (const nlohmann::json::exception& error) {
    BadRow(error.what());
  }
}

// The column values a customer's fields turn into, shared by INSERT and UPDATE. Members are
// bound by reference, so the object outlives the statement.
struct CustomerColumns {
  explicit CustomerColumns(const Customer& customer)
      : name_key(core::SearchKey(customer.full_name)),
        phones(nlohmann::json(customer.phones_e164).dump()),
        references(json::ReferencesJson(customer.references).dump()),
        guarantor(json::GuarantorJson(customer.guarantor).dump()),
        consents(json::ConsentsJson(customer.consents).dump()),
        status(customers::StatusName(customer.status)),
        credit_limit_cents(customer.credit_limit.cents()),
        created_at(core::FormatRfc3339(customer.created_at)),
        updated_at(core::FormatRfc3339(customer.updated_at)) {
    if (customer.birth_date) {
      birth_date = core::FormatIso(*customer.birth_date);
      birth_date_null = soci::i_ok;
    }
    if (customer.monthly_income) {
      income_cents = customer.monthly_income->cents();
      income_null = soci::i_ok;
    }
    if (customer.guarantor) guarantor_null = soci::i_ok;
  }
  std::string name_key;
  std::string birth_date;
  soci::indicator birth_date_null = soci::i_null;
  std::string phones;
  long long income_cents = 0;
  soci::indicator income_null = soci::i_null;
  std::string references;
  std::string guarantor;
  soci::indicator guarantor_null = soci::i_null;
  std::string consents;
  std::string status;
  long long credit_limit_cents;
  std::string created_at;
  std::string updated_at;
};

std::optional<Customer> SelectOne(soci::session& session, const char* where,
                                  const std::string& first, const std::string& second) {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kColumns + " FROM customers WHERE " + where,
       soci::use(first), soci::use(second));
  for (const soci::row& row : rows) return CustomerFromRow(row);
  return std::nullopt;
}

std::optional<Customer> SelectById(soci::session& session, const core::StoreId& store_id,
                                   const customers::CustomerId& id) {
  return SelectOne(session, "store_id = :store AND id = :id", store_id.str(), id.str());
}

std::optional<Customer> SelectByCpf(soci::session& session, const core::StoreId& store_id,
                                    const core::Cpf& cpf) {
  return SelectOne(session, "store_id = :store AND cpf = :cpf", store_id.str(), cpf.digits());
}

void InsertRow(soci::session& session, const Customer& c) {
  CustomerColumns v(c);
  const auto& a = c.address;
  session << "INSERT INTO customers (id, store_id, cpf, full_name, name_key, birth_date, phones, "
             "email, street, street_number, complement, district, city, state, postal_code, "
             "monthly_income_cents, occupation, employer, personal_references, guarantor, "
             "consents, notes, status, blocked_reason, credit_limit_cents, credit_limit_reason, "
             "version, created_at, updated_at) VALUES "
             "(:id, :store, :cpf, :name, :key, :birth, :phones, :email, :street, :number, "
             ":complement, :district, :city, :state, :cep, :income, :occupation, :employer, "
             ":refs, :guarantor, :consents, :notes, :status, :reason, :limit, :limit_reason, "
             ":version, :created, :updated)",
      soci::use(c.id.str()), soci::use(c.store_id.str()), soci::use(c.cpf.digits()),
      soci::use(c.full_name), soci::use(v.name_key), soci::use(v.birth_date, v.birth_date_null),
      soci::use(v.phones), soci::use(c.email), soci::use(a.street), soci::use(a.number),
      soci::use(a.complement), soci::use(a.district), soci::use(a.city), soci::use(a.state),
      soci::use(a.postal_code), soci::use(v.income_cents, v.income_null), soci::use(c.occupation),
      soci::use(c.employer), soci::use(v.references), soci::use(v.guarantor, v.guarantor_null),
      soci::use(v.consents), soci::use(c.notes), soci::use(v.status), soci::use(c.blocked_reason),
      soci::use(v.credit_limit_cents), soci::use(c.credit_limit_reason), soci::use(c.version),
      soci::use(v.created_at), soci::use(v.updated_at);
}

// Replaces the row whose version is c.version - 1; false when there is none.
bool UpdateRow(soci::session& session, const Customer& c) {
  CustomerColumns v(c);
  const auto& a = c.address;
  const int previous_version = c.version - 1;
  soci::statement update =
      (session.prepare << "UPDATE customers SET cpf = :cpf, full_name = :name, name_key = :key, "
                          "birth_date = :birth, phones = :phones, email = :email, street = "
                          ":street, street_number = :number, complement = :complement, district "
                          "= :district, city = :city, state = :state, postal_code = :cep, "
                          "monthly_income_cents = :income, occupation = :occupation, employer = "
                          ":employer, personal_references = :refs, guarantor = :guarantor, "
                          "consents = :consents, notes = :notes, status = :status, "
                          "blocked_reason = :reason, credit_limit_cents = :limit, "
                          "credit_limit_reason = :limit_reason, version = :version, "
                          "updated_at = :updated "
                          "WHERE store_id = :store AND id = :id AND version = :previous",
       soci::use(c.cpf.digits()), soci::use(c.full_name), soci::use(v.name_key),
       soci::use(v.birth_date, v.birth_date_null), soci::use(v.phones), soci::use(c.email),
       soci::use(a.street), soci::use(a.number), soci::use(a.complement), soci::use(a.district),
       soci::use(a.city), soci::use(a.state), soci::use(a.postal_code),
       soci::use(v.income_cents, v.income_null), soci::use(c.occupation), soci::use(c.employer),
       soci::use(v.references), soci::use(v.guarantor, v.guarantor_null), soci::use(v.consents),
       soci::use(c.notes), soci::use(v.status), soci::use(c.blocked_reason),
       soci::use(v.credit_limit_cents), soci::use(c.credit_limit_reason), soci::use(c.version),
       soci::use(v.updated_at), soci::use(c.store_id.str()), soci::use(c.id.str()),
       soci::use(previous_version));
  update.execute(true);
  return update.get_affected_rows() == 1;
}

void WriteSearchTerms(soci::session& session, const Customer& c) {
  session << "DELETE FROM customer_search_terms WHERE store_id = :store AND customer_id = :id",
      soci::use(c.store_id.str()), soci::use(c.id.str());
  std::string term;
  soci::statement insert =
      (session.prepare << "INSERT INTO customer_search_terms (store_id, customer_id, term) "
                          "VALUES (:store, :id, :term)",
       soci::use(c.store_id.str()), soci::use(c.id.str()), soci::use(term));
  for (std::string& each : customers::SearchTermsOf(c)) {
    term = std::move(each);
    insert.execute(true);
  }
}

void CheckAuditEntryIsAbout(const core::AuditEntry& audit, const Customer& customer) {
  FIADO_CHECK(audit.store_id == customer.store_id);
  FIADO_CHECK(audit.entity_type == "customer");
  FIADO_CHECK(audit.entity_id == customer.id.str());
}

// ---------------------------------------------------------------------------------------
// Search: filters, keyset cursor, SQL

bool IsDescending(customers::CustomerSort sort) {
  return sort == customers::CustomerSort::kNameDesc ||
         sort == customers::CustomerSort::kCreatedDesc;
}

bool SortsByName(customers::CustomerSort sort) {
  return sort == customers::CustomerSort::kNameAsc || sort == customers::CustomerSort::kNameDesc;
}

std::string_view SortTag(customers::CustomerSort sort) {
  switch (sort) {
    case customers::CustomerSort::kNameAsc:
      return "n";
    case customers::CustomerSort::kNameDesc:
      return "-n";
    case customers::CustomerSort::kCreatedAsc:
      return "c";
    case customers::CustomerSort::kCreatedDesc:
      return "-c";
  }
  return "?";
}

// Where the previous page ended: the last row's sort key and id.
struct Position {
  std::string key;
  std::string id;
};

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string text;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      text += kBase64Url[(buffer >> bits) & 0x3Fu];
    }
  }
  if (bits > 0) text += kBase64Url[(buffer << (6 - bits)) & 0x3Fu];
  return text;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const std::size_t value = kBase64Url.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFFu);
    }
  }
  // Leftover bits must be the zero padding of a canonical encoding.
  if (bits >= 6 || (buffer & ((1u << bits) - 1u)) != 0) return std::nullopt;
  return bytes;
}

// "<sort tag>|<sort key>|<id>", base64url: opaque to clients, checked when it comes back.
std::string EncodeCursor(customers::CustomerSort sort, const Position& last) {
  return Base64UrlEncode(std::string(SortTag(sort)) + "|" + last.key + "|" + last.id);
}

core::Result<std::optional<Position>> DecodeCursor(const std::string& cursor,
                                                   customers::CustomerSort sort) {
  if (cursor.empty()) return std::optional<Position>{};
  const auto payload = Base64UrlDecode(cursor);
  if (!payload) return core::Fail(BadCursor());
  const std::size_t first = payload->find('|');
  const std::size_t last = payload->rfind('|');
  if (first == std::string::npos || first == last) return core::Fail(BadCursor());
  if (std::string_view(*payload).substr(0, first) != SortTag(sort)) return core::Fail(BadCursor());
  Position position{payload->substr(first + 1, last - first - 1), payload->substr(last + 1)};
  if (!core::IsCanonicalUuid(position.id)) return core::Fail(BadCursor());
  const bool printable_ascii = std::all_of(position.key.begin(), position.key.end(),
                                           [](char c) { return c >= 0x20 && c < 0x7F; });
  if (!printable_ascii) return core::Fail(BadCursor());
  if (!SortsByName(sort)) {
    auto instant = core::ParseRfc3339(position.key);
    if (!instant || core::FormatRfc3339(*instant) != position.key) return core::Fail(BadCursor());
  }
  return std::optional<Position>{std::move(position)};
}

// Term prefixes the customer must match, one per word. Digits (with the punctuation of
// CPFs and phones) are one prefix of the CPF or of a phone; other text is split into folded
// words. Empty text filters nothing; text with nothing searchable matches nothing.
struct TextFilter {
  std::vector<std::string> prefixes;
  bool matches_nothing = false;
};

TextFilter TextFilterOf(std::string_view raw) {
  TextFilter filter;
  const std::string text = core::Trim(raw);
  if (text.empty()) return filter;
  const bool numeric = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '(' || c == ')' || c == '/' ||
           c == '+' || core::IsAsciiSpace(c);
  });
  if (numeric) {
    std::string digits = core::DigitsOnly(text);
    // "+55 11 9..." is a phone with its country code; terms keep DDD + number only.
    if (text.front() == '+' && digits.rfind("55", 0) == 0) digits.erase(0, 2);
    if (digits.empty()) {
      filter.matches_nothing = true;
    } else {
      filter.prefixes.push_back(std::move(digits));
    }
    return filter;
  }
  filter.prefixes = customers::SearchWords(text);
  // A longer query narrows little more; five words keep the statement small.
  if (filter.prefixes.size() > kMaxSearchWords) filter.prefixes.resize(kMaxSearchWords);
  filter.matches_nothing = filter.prefixes.empty();
  return filter;
}

// The smallest text greater than every text that starts with `prefix`: the last byte plus
// one. Prefixes are ASCII letters and digits, so the byte never overflows.
std::string PrefixEnd(std::string prefix) {
  FIADO_CHECK(!prefix.empty() && static_cast<unsigned char>(prefix.back()) < 0x7F);
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

// A SELECT with named parameters, built to fit the query.
struct SearchStatement {
  std::string sql;
  std::vector<std::pair<std::string, std::string>> params;  // name, value

  void Add(std::string_view clause) { sql.append(clause); }
  std::string Bind(std::string value) {
    // Appended, not "p" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
    std::string name(1, 'p');
    name += std::to_string(params.size());
    params.emplace_back(name, std::move(value));
    std::string placeholder(1, ':');
    placeholder += name;
    return placeholder;
  }
};

// Phase 2 of a text search: how the rows are reached. A prefix matching few terms drives
// the query (its index range, then the customers it names, sorted: cost grows with the
// matches); when every prefix matches many, the customers are read in sort order and
// checked (matches are dense, so a page fills early). The cut keeps both bounded.
//
// The index of the prefix with the fewest matching terms and its count (capped just above
// driving_matches); nullopt when there is no prefix.
std::optional<std::pair<std::size_t, int>> MostSelective(soci::session& session,
                                                         const std::string& store_id,
                                                         const TextFilter& filter,
                                                         int driving_matches) {
  std::optional<std::pair<std::size_t, int>> best;
  for (std::size_t i = 0; i < filter.prefixes.size(); ++i) {
    const std::string end = PrefixEnd(filter.prefixes[i]);
    const int cap = driving_matches + 1;
    int count = 0;
    session << "SELECT COUNT(*) FROM (SELECT 1 FROM customer_search_terms WHERE store_id = "
               ":store AND term >= :low AND term < :high LIMIT :cap) capped",
        soci::use(store_id), soci::use(filter.prefixes[i]), soci::use(end), soci::use(cap),
        soci::into(count);
    if (!best || count < best->second) best = std::pair{i, count};
  }
  return best;
}

SearchStatement BuildSearch(const customers::CustomerQuery& query, const TextFilter& filter,
                            const std::optional<Position>& after, std::optional<std::size_t> driver,
                            Engine engine) {
  SearchStatement statement;
  statement.Add(std::string("SELECT ") + kColumns + " FROM ");
  if (driver) {
    const std::string& prefix = filter.prefixes[*driver];
    // SQLite would read the whole store through the primary key to get DISTINCT for free,
    // and joins in the order written only with CROSS JOIN; PostgreSQL plans by itself.
    const bool sqlite = engine == Engine::kSqlite;
    statement.Add("(SELECT DISTINCT customer_id FROM customer_search_terms");
    if (sqlite) statement.Add(" INDEXED BY customer_search_terms_by_term");
    statement.Add(" WHERE store_id = " + statement.Bind(query.store_id.str()) +
                  " AND term >= " + statement.Bind(prefix) + " AND term < " +
                  statement.Bind(PrefixEnd(prefix)) + ") m");
    statement.Add(sqlite ? " CROSS JOIN" : " JOIN");
    statement.Add(" customers c ON c.id = m.customer_id");
  } else {
    statement.Add("customers c");
  }
  statement.Add(" WHERE c.store_id = ");
  statement.Add(statement.Bind(query.store_id.str()));
  if (query.status) {
    statement.Add(" AND c.status = " + statement.Bind(std::string(StatusName(*query.status))));
  }
  // One EXISTS per word: every word must start some term of the customer. The range is the
  // prefix match both engines run on the (store_id, term) index; LIKE would not be.
  for (std::size_t i = 0; i < filter.prefixes.size(); ++i) {
    if (driver && *driver == i) continue;
    const std::string& prefix = filter.prefixes[i];
    statement.Add(
        " AND EXISTS (SELECT 1 FROM customer_search_terms t WHERE t.store_id = c.store_id "
        "AND t.customer_id = c.id AND t.term >= " +
        statement.Bind(prefix) + " AND t.term < " + statement.Bind(PrefixEnd(prefix)) + ")");
  }
  const std::string key_column = SortsByName(query.sort) ? "c.name_key" : "c.created_at";
  const std::string direction = IsDescending(query.sort) ? " DESC" : " ASC";
  const std::string beyond = IsDescending(query.sort) ? " < " : " > ";
  if (after) {
    statement.Add(" AND (" + key_column + beyond + statement.Bind(after->key) + " OR (" +
                  key_column + " = " + statement.Bind(after->key) + " AND c.id" + beyond +
                  statement.Bind(after->id) + "))");
  }
  statement.Add(" ORDER BY " + key_column + direction + ", c.id" + direction + " LIMIT :limit");
  return statement;
}

}  // namespace

std::string CustomerToJson(const Customer& customer) { return json::CustomerJson(customer).dump(); }

std::optional<Customer> LockCustomer(soci::session& session, Engine engine,
                                     const core::StoreId& store_id,
                                     const customers::CustomerId& id) {
  // SQLite has no row locks: BEGIN IMMEDIATE already holds the database's write lock.
  const char* where = engine == Engine::kPostgresql ? "store_id = :store AND id = :id FOR UPDATE"
                                                    : "store_id = :store AND id = :id";
  return SelectOne(session, where, store_id.str(), id.str());
}

bool LockCustomerRow(soci::session& session, Engine engine, const core::StoreId& store_id,
                     const customers::CustomerId& id) {
  const char* sql = engine == Engine::kPostgresql
                        ? "SELECT 1 FROM customers WHERE store_id = :store AND id = :id FOR UPDATE"
                        : "SELECT 1 FROM customers WHERE store_id = :store AND id = :id";
  int found = 0;
  soci::indicator indicator = soci::i_null;
  session << sql, soci::use(store_id.str(), "store"), soci::use(id.str(), "id"),
      soci::into(found, indicator);
  return session.got_data() && indicator == soci::i_ok;
}

core::Status SqlCustomerRepository::Create(const Customer& customer,
                                           const core::AuditEntry& audit) {
  CheckAuditEntryIsAbout(audit, customer);
  try {
    return CreateOnce(customer, audit);
  } catch (const soci::soci_error&) {
    // UNIQUE (store_id, cpf) is the backstop when another writer took the CPF between the
    // check and the insert; the transaction has rolled back.
    if (auto conflict = CpfHeldByAnother(customer)) return core::Fail(std::move(*conflict));
    throw;
  }
}

core::Status SqlCustomerRepository::CreateOnce(const Customer& customer,
                                               const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  if (auto existing = SelectByCpf(session, customer.store_id, customer.cpf)) {
    return core::Fail(CpfTaken(existing->id.str()));
  }
  InsertRow(session, customer);
  WriteSearchTerms(session, customer);
  core::AuditEntry entry = audit;
  entry.before.reset();
  entry.after = CustomerToJson(customer);
  InsertAuditEntry(session, entry);
  transaction.Commit();
  return {};
}

core::Status SqlCustomerRepository::Update(const Customer& customer,
                                           const core::AuditEntry& audit) {
  CheckAuditEntryIsAbout(audit, customer);
  try {
    return UpdateOnce(customer, audit);
  } catch (const soci::soci_error&) {
    if (auto conflict = CpfHeldByAnother(customer)) return core::Fail(std::move(*conflict));
    throw;
  }
}

core::Status SqlCustomerRepository::UpdateOnce(const Customer& customer,
                                               const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const auto current = SelectById(session, customer.store_id, customer.id);
  if (!current) return core::Fail(CustomerNotFound());
  if (current->version != customer.version - 1) return core::Fail(StaleVersion());
  if (current->cpf != customer.cpf) {
    auto holder = SelectByCpf(session, customer.store_id, customer.cpf);
    if (holder && holder->id != customer.id) return core::Fail(CpfTaken(holder->id.str()));
  }
  // The version guard again: on PostgreSQL another transaction may commit after our read.
  if (!UpdateRow(session, customer)) return core::Fail(StaleVersion());
  WriteSearchTerms(session, customer);
  core::AuditEntry entry = audit;
  entry.before = CustomerToJson(*current);
  entry.after = CustomerToJson(customer);
  InsertAuditEntry(session, entry);
  transaction.Commit();
  return {};
}

std::optional<core::Error> SqlCustomerRepository::CpfHeldByAnother(const Customer& customer) const {
  auto holder = FindByCpf(customer.store_id, customer.cpf);
  if (!holder || holder->id == customer.id) return std::nullopt;
  return CpfTaken(holder->id.str());
}

std::optional<Customer> SqlCustomerRepository::Find(const core::StoreId& store_id,
                                                    const customers::CustomerId& id) const {
  soci::session session(db_.pool());
  return SelectById(session, store_id, id);
}

std::optional<Customer> SqlCustomerRepository::FindByCpf(const core::StoreId& store_id,
                                                         const core::Cpf& cpf) const {
  soci::session session(db_.pool());
  return SelectByCpf(session, store_id, cpf);
}

// Phase 1: check the limit and the cursor. Phase 2: build the statement for the filters and
// the sort. Phase 3: fetch one row more than the page, which says whether another follows.
core::Result<customers::CustomerPage> SqlCustomerRepository::Search(
    const customers::CustomerQuery& query) const {
  // Phase 1
  if (query.limit < 1 || query.limit > kMaxPageSize) {
    return core::Invalid("limit", "o limite por página deve ser de 1 a 200");
  }
  auto after = DecodeCursor(query.cursor, query.sort);
  if (!after) return core::Fail(std::move(after.error()));
  // Phase 2
  const TextFilter filter = TextFilterOf(query.text);
  if (filter.matches_nothing) return customers::CustomerPage{};
  soci::session session(db_.pool());
  std::optional<std::size_t> driver;
  if (auto selective = MostSelective(session, query.store_id.str(), filter, driving_matches_)) {
    if (selective->second == 0) return customers::CustomerPage{};
    if (selective->second <= driving_matches_) driver = selective->first;
  }
  SearchStatement built = BuildSearch(query, filter, *after, driver, db_.engine());
  // Phase 3
  soci::row row;
  int fetch_limit = query.limit + 1;
  soci::statement statement(session);
  for (auto& [name, value] : built.params) statement.exchange(soci::use(value, name));
  statement.exchange(soci::use(fetch_limit, "limit"));
  statement.exchange(soci::into(row));
  statement.alloc();
  statement.prepare(built.sql);
  statement.define_and_bind();
  statement.execute(false);
  customers::CustomerPage page;
  std::vector<std::string> name_keys;
  while (statement.fetch()) {
    page.items.push_back(CustomerFromRow(row));
    name_keys.push_back(TextAt(row, kNameKeyColumn));
  }
  if (page.items.size() > static_cast<std::size_t>(query.limit)) {
    page.items.pop_back();
    const Customer& last = page.items.back();
    const std::string key = SortsByName(query.sort) ? name_keys[page.items.size() - 1]
                                                    : core::FormatRfc3339(last.created_at);
    page.next_cursor = EncodeCursor(query.sort, Position{key, last.id.str()});
  }
  return page;
}

}  // namespace fiado::storage
