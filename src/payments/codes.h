// The payment codes of an installment: a number (sequence) unique within the shop, given
// the first time a document needs it and never changed, from which come the Pix txid
// (unique per installment, 1–25 letters and digits) and, with the shop's bank agreement,
// the boleto's nosso número (boleto_banks.h). Bank returns and Pix notifications find
// the installment back through them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "payments/ledger.h"
#include "sales/sale.h"

namespace fiado::payments {

struct InstallmentCode {
  InstallmentRef installment{};
  std::int64_t sequence = 0;  // 1, 2, ... within the shop
  std::string txid{};
  friend bool operator==(const InstallmentCode&, const InstallmentCode&) = default;
};

// "FD" + the sequence in at least ten digits: "FD0000000042" (letters and digits only).
std::string TxidOf(std::int64_t sequence);
// The sequence a txid of TxidOf carries; nullopt for any other text.
std::optional<std::int64_t> SequenceOfTxid(std::string_view txid);

// Storage of the codes, implemented by the storage module.
class PaymentCodeRepository {
 public:
  virtual ~PaymentCodeRepository() = default;
  // The codes of installments 1..installment_count of the sale, giving the next
  // sequences of the shop (in installment order) to those that have none yet, in one
  // transaction; calling it again returns the same codes. By installment number.
  virtual std::vector<InstallmentCode> Issue(const core::StoreId& store_id,
                                             const sales::SaleId& sale_id,
                                             int installment_count) = 0;
  virtual std::optional<InstallmentCode> FindBySequence(const core::StoreId& store_id,
                                                        std::int64_t sequence) const = 0;
};

}  // namespace fiado::payments
