#include "app/return_file.h"

#include <fstream>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/clock.h"
#include "payments/boleto_banks.h"

namespace fiado::app {
namespace {

constexpr std::size_t kLineWidth = 240;

struct Title {
  std::string nosso_numero;
  core::Date due_date;
  core::Money face;
};

// Codes for every installment without one, numbered after the store's last sequence.
void IssueMissingCodes(storage::Database& db, const stores::Store& store) {
  soci::session session(db.pool());
  storage::WriteTransaction transaction(session, db.engine());
  const std::string txid = db.engine() == storage::Engine::kSqlite
                               ? "printf('FD%010d', last.n + ROW_NUMBER() OVER (ORDER BY i.sale_id, i.number))"
                               : "'FD' || lpad((last.n + ROW_NUMBER() OVER (ORDER BY i.sale_id, i.number))::text, 10, '0')";
  session << "INSERT INTO payment_codes (store_id, sale_id, number, sequence, txid, issued_at) "
             "SELECT i.store_id, i.sale_id, i.number, last.n + ROW_NUMBER() OVER (ORDER BY "
             "i.sale_id, i.number), " + txid + ", :at FROM installments i CROSS JOIN (SELECT "
             "COALESCE(MAX(sequence), 0) AS n FROM payment_codes WHERE store_id = :store1) last "
             "LEFT JOIN payment_codes c ON c.sale_id = i.sale_id AND c.number = i.number "
             "WHERE i.store_id = :store2 AND c.sale_id IS NULL",
      soci::use(core::FormatRfc3339(core::Instant{})), soci::use(store.id.str()),
      soci::use(store.id.str());
  transaction.Commit();
}

std::vector<Title> OpenTitles(storage::Database& db, const stores::Store& store,
                              const ReturnFileOptions& options) {
  soci::session session(db.pool());
  std::vector<Title> titles;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT c.sequence, i.due_date, i.amount_cents FROM installments i "
                          "JOIN payment_codes c ON c.sale_id = i.sale_id AND c.number = i.number "
                          "WHERE i.store_id = :store AND (i.sale_id, i.number) NOT IN (SELECT "
                          "l.sale_id, l.installment_number FROM payment_lines l WHERE l.store_id = "
                          "i.store_id) ORDER BY i.due_date, c.sequence LIMIT :limit",
       soci::use(store.id.str()), soci::use(static_cast<long long>(options.titles)));
  const auto& agreement = *store.settings.bank_agreement;
  for (const soci::row& row : rows) {
    auto title = payments::MakeTitle(agreement, row.get<long long>(0), options.paid_on);
    if (!title) continue;
    titles.push_back({title->nosso_numero_digits, core::ParseIsoDate(row.get<std::string>(1)).value(),
                      core::Money::FromCents(row.get<long long>(2))});
  }
  return titles;
}

std::string Date8(core::Date date) {
  const std::string iso = core::FormatIso(date);  // AAAA-MM-DD
  return iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(0, 4);
}

std::string Line(std::string text) {
  text.resize(kLineWidth, ' ');
  return text + "\r\n";
}

std::string Header(const stores::Store& store, core::Date on) {
  const auto& a = *store.settings.bank_agreement;
  const std::string head = fmt::format("{}00000         2{:0>14}{:<20}{:0>5}{:1}{:0>12}{:1} ",
                                       a.bank_code, store.legal_id.value(), a.agreement, a.agency,
                                       a.agency_digit.substr(0, 1), a.account,
                                       a.account_digit.substr(0, 1));
  return Line(fmt::format("{:<72}{:<30}{:<30}{:10}2{}120000000001", head, store.name.substr(0, 30),
                          "BANCO", "", Date8(on)));
}

std::string SegmentT(const std::string& bank, long long seq, const Title& t) {
  return Line(fmt::format("{}00013{:05}T 06{:<20}{:<20}1{:<15}{}{:015}{}{:<5}{:<1}", bank, seq,
                          "", t.nosso_numero, "", Date8(t.due_date), t.face.cents(), bank, "", ""));
}

std::string SegmentU(const std::string& bank, long long seq, const Title& t, core::Date on) {
  return Line(fmt::format("{}00013{:05}U 06{:015}{:015}{:015}{:015}{:015}{:015}{:015}{:015}{}{}",
                          bank, seq, 0, 0, 0, 0, t.face.cents(), t.face.cents(), 0, 0, Date8(on),
                          Date8(on)));
}

}  // namespace

core::Result<ReturnFileSummary> WriteReturnFile(storage::Database& db, const stores::Store& store,
                                                const ReturnFileOptions& options) {
  if (!store.settings.bank_agreement) {
    return core::Invalid("settings.bank_agreement", "a loja não tem convênio bancário");
  }
  IssueMissingCodes(db, store);
  const auto titles = OpenTitles(db, store, options);
  const std::string bank = store.settings.bank_agreement->bank_code;
  std::ofstream out(options.path, std::ios::binary);
  if (!out) return core::Invalid("path", "não foi possível criar o arquivo");
  out << Header(store, options.paid_on);
  out << Line(fmt::format("{}00011T01  040 2{:0>15}", bank, store.legal_id.value()));
  ReturnFileSummary summary;
  long long seq = 0;
  for (const Title& title : titles) {
    out << SegmentT(bank, seq + 1, title) << SegmentU(bank, seq + 2, title, options.paid_on);
    seq += 2;
    ++summary.titles;
    summary.paid_total += title.face;
  }
  out << Line(fmt::format("{}00015         {:06}", bank, seq + 2));
  out << Line(fmt::format("{}99999         {:06}{:06}", bank, 1, seq + 4));
  if (!out) return core::Invalid("path", "não foi possível gravar o arquivo");
  return summary;
}

}  // namespace fiado::app
