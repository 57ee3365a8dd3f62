#include "app/return_file.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/clock.h"
#include "payments/boleto_banks.h"

namespace fiado::app {
namespace {

constexpr std::size_t kLineWidth = 240;

// Codes for every installment without one, numbered after the store's last sequence.
void IssueMissingCodes(storage::Database& db, const stores::Store& store) {
  soci::session session(db.pool());
  storage::WriteTransaction transaction(session, db.engine());
  const std::string issued_at = core::FormatRfc3339(core::Instant{});
  const std::string txid =
      db.engine() == storage::Engine::kSqlite
          ? "printf('FD%010d', last.n + ROW_NUMBER() OVER (ORDER BY i.sale_id, i.number))"
          : "'FD' || lpad((last.n + ROW_NUMBER() OVER (ORDER BY i.sale_id, i.number))::text, 10, "
            "'0')";
  session
      << "INSERT INTO payment_codes (store_id, sale_id, number, sequence, txid, issued_at) "
         "SELECT i.store_id, i.sale_id, i.number, last.n + ROW_NUMBER() OVER (ORDER BY "
         "i.sale_id, i.number), " +
             txid +
             ", :at FROM installments i CROSS JOIN (SELECT "
             "COALESCE(MAX(sequence), 0) AS n FROM payment_codes WHERE store_id = :store1) last "
             "LEFT JOIN payment_codes c ON c.sale_id = i.sale_id AND c.number = i.number "
             "WHERE i.store_id = :store2 AND c.sale_id IS NULL",
      soci::use(issued_at), soci::use(store.id.str()), soci::use(store.id.str());
  transaction.Commit();
}

std::vector<ReturnTitleSpec> OpenTitles(storage::Database& db, const stores::Store& store,
                                        const ReturnFileOptions& options) {
  soci::session session(db.pool());
  std::vector<ReturnTitleSpec> titles;
  const long long limit = options.titles;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT c.sequence, i.due_date, i.amount_cents FROM installments i "
                          "JOIN payment_codes c ON c.sale_id = i.sale_id AND c.number = i.number "
                          "WHERE i.store_id = :store AND NOT EXISTS (SELECT 1 FROM payment_lines l "
                          "WHERE l.sale_id = i.sale_id AND l.installment_number = i.number) "
                          "ORDER BY i.due_date, c.sequence LIMIT :limit",
       soci::use(store.id.str()), soci::use(limit));
  const auto& agreement = *store.settings.bank_agreement;
  for (const soci::row& row : rows) {
    auto title = payments::MakeTitle(agreement, row.get<long long>(0), options.paid_on);
    if (!title) continue;
    const auto face = core::Money::FromCents(row.get<long long>(2));
    titles.push_back({title->nosso_numero_digits, "06",
                      core::ParseIsoDate(row.get<std::string>(1)).value(), face, face,
                      core::Money(), core::Money(), options.paid_on});
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
  const std::string head = fmt::format(
      "{}00000         2{:0>14}{:<20}{:0>5}{:1}{:0>12}{:1} ", a.bank_code, store.legal_id.value(),
      a.agreement, a.agency, a.agency_digit.substr(0, 1), a.account, a.account_digit.substr(0, 1));
  return Line(fmt::format("{:<72}{:<30}{:<30}{:10}2{}120000000001", head, store.name.substr(0, 30),
                          "BANCO", "", Date8(on)));
}

std::string SegmentT(const std::string& bank, int lot, long long seq, const ReturnTitleSpec& t) {
  return Line(
      fmt::format("{}{:04}3{:05}T {:2}{:020}{:<20}1{:<15}{}{:015}{}{:06}{:<25}09{:016}"
                  "{:<40}{:010}{:015}",
                  bank, lot, seq, t.occurrence, 0, t.nosso_numero, "", Date8(t.due_date),
                  t.face.cents(), bank, 0, "", 0, "PAGADOR", 0, t.fee.cents()));
}

std::string SegmentU(const std::string& bank, int lot, long long seq, const ReturnTitleSpec& t) {
  return Line(fmt::format("{}{:04}3{:05}U {:2}{:015}{:015}{:015}{:015}{:015}{:015}{:015}{:015}{}{}",
                          bank, lot, seq, t.occurrence, t.charges.cents(), 0, 0, 0, t.paid.cents(),
                          std::max(t.paid - t.fee, core::Money()).cents(), 0, 0,
                          Date8(t.occurred_on), Date8(t.occurred_on)));
}

}  // namespace

// A lot holds at most 49,999 titles: its record sequence has five digits.
std::string ReturnFileText(const stores::Store& store, const std::vector<ReturnTitleSpec>& titles,
                           core::Date file_date) {
  constexpr std::size_t kTitlesPerLot = 49'999;
  const std::string bank = store.settings.bank_agreement->bank_code;
  std::string text = Header(store, file_date);
  int lots = 0;
  long long records = 1;
  for (std::size_t start = 0; start == 0 || start < titles.size(); start += kTitlesPerLot) {
    ++lots;
    text += Line(fmt::format("{}{:04}1T01  040 2{:0>15}", bank, lots, store.legal_id.value()));
    long long seq = 0;
    for (std::size_t i = start; i < std::min(titles.size(), start + kTitlesPerLot); ++i) {
      text += SegmentT(bank, lots, seq + 1, titles[i]) + SegmentU(bank, lots, seq + 2, titles[i]);
      seq += 2;
    }
    text += Line(fmt::format("{}{:04}5         {:06}", bank, lots, seq + 2));
    records += seq + 2;
  }
  text += Line(fmt::format("{}99999         {:06}{:06}", bank, lots, records + 1));
  return text;
}

core::Result<ReturnFileSummary> WriteReturnFile(storage::Database& db, const stores::Store& store,
                                                const ReturnFileOptions& options) {
  if (!store.settings.bank_agreement) {
    return core::Invalid("settings.bank_agreement", "a loja não tem convênio bancário");
  }
  IssueMissingCodes(db, store);
  const auto titles = OpenTitles(db, store, options);
  std::ofstream out(options.path, std::ios::binary);
  if (!out) return core::Invalid("path", "não foi possível criar o arquivo");
  out << ReturnFileText(store, titles, options.paid_on);
  ReturnFileSummary summary;
  for (const ReturnTitleSpec& title : titles) {
    ++summary.titles;
    summary.paid_total += title.paid;
  }
  if (!out) return core::Invalid("path", "não foi possível gravar o arquivo");
  return summary;
}

}  // namespace fiado::app
