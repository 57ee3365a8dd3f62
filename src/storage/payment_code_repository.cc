#include "storage/payment_code_repository.h"

#include <soci/soci.h>

namespace fiado::storage {
namespace {

using payments::InstallmentCode;

std::vector<InstallmentCode> CodesOfSale(soci::session& session, const core::StoreId& store_id,
                                         const sales::SaleId& sale_id) {
  std::vector<InstallmentCode> codes;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT number, sequence, txid FROM payment_codes "
                          "WHERE store_id = :store AND sale_id = :sale ORDER BY number",
       soci::use(store_id.str()), soci::use(sale_id.str()));
  for (const soci::row& row : rows) {
    codes.push_back(InstallmentCode{.installment = {sale_id, row.get<int>(0)},
                                    .sequence = row.get<long long>(1),
                                    .txid = row.get<std::string>(2)});
  }
  return codes;
}

void LockStore(soci::session& session, Engine engine, const core::StoreId& store_id) {
  if (engine != Engine::kPostgresql) return;  // BEGIN IMMEDIATE holds the write lock
  int found = 0;
  session << "SELECT 1 FROM stores WHERE id = :id FOR UPDATE", soci::use(store_id.str()),
      soci::into(found);
}

long long LastSequence(soci::session& session, const core::StoreId& store_id) {
  long long last = 0;
  soci::indicator indicator = soci::i_null;
  session << "SELECT MAX(sequence) FROM payment_codes WHERE store_id = :store",
      soci::use(store_id.str()), soci::into(last, indicator);
  return indicator == soci::i_ok ? last : 0;
}

// Numbers 1..count that `codes` (sorted by number) lacks.
std::vector<int> MissingNumbers(const std::vector<InstallmentCode>& codes, int count) {
  std::vector<bool> present(static_cast<std::size_t>(count) + 1, false);
  for (const auto& code : codes) {
    if (code.installment.number <= count) {
      present[static_cast<std::size_t>(code.installment.number)] = true;
    }
  }
  std::vector<int> missing;
  for (int number = 1; number <= count; ++number) {
    if (!present[static_cast<std::size_t>(number)]) missing.push_back(number);
  }
  return missing;
}

}  // namespace

std::vector<InstallmentCode> SqlPaymentCodeRepository::Issue(const core::StoreId& store_id,
                                                             const sales::SaleId& sale_id,
                                                             int installment_count) {
  soci::session session(db_.pool());
  auto codes = CodesOfSale(session, store_id, sale_id);
  if (MissingNumbers(codes, installment_count).empty()) return codes;
  WriteTransaction transaction(session, db_.engine());
  LockStore(session, db_.engine(), store_id);
  codes = CodesOfSale(session, store_id, sale_id);  // another issuer may have won
  long long sequence = LastSequence(session, store_id);
  const std::string issued_at = core::FormatRfc3339(clock_.Now());
  for (const int number : MissingNumbers(codes, installment_count)) {
    const std::string txid = payments::TxidOf(++sequence);
    session << "INSERT INTO payment_codes (store_id, sale_id, number, sequence, txid, issued_at) "
               "VALUES (:store, :sale, :number, :sequence, :txid, :issued)",
        soci::use(store_id.str()), soci::use(sale_id.str()), soci::use(number), soci::use(sequence),
        soci::use(txid), soci::use(issued_at);
  }
  codes = CodesOfSale(session, store_id, sale_id);
  transaction.Commit();
  return codes;
}

std::optional<InstallmentCode> SqlPaymentCodeRepository::FindBySequence(
    const core::StoreId& store_id, std::int64_t sequence) const {
  soci::session session(db_.pool());
  std::string sale_id;
  int number = 0;
  std::string txid;
  const long long wanted = sequence;
  session << "SELECT sale_id, number, txid FROM payment_codes "
             "WHERE store_id = :store AND sequence = :sequence",
      soci::use(store_id.str()), soci::use(wanted), soci::into(sale_id), soci::into(number),
      soci::into(txid);
  if (!session.got_data()) return std::nullopt;
  return InstallmentCode{.installment = {sales::SaleId::FromTrusted(sale_id), number},
                         .sequence = sequence,
                         .txid = std::move(txid)};
}

}  // namespace fiado::storage
