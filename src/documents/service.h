// The documents service: the carnê of a sale, the receipt of a payment and the contract
// of a sale as PDFs. It gathers the values from the ledger, the shop and the customer,
// makes the payment codes of each slip (Pix BR Code with the installment's txid; the
// boleto from the shop's bank agreement and the installment's sequence) and checks them
// all before any PDF is drawn.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "customers/registry.h"
#include "documents/model.h"
#include "payments/codes.h"
#include "payments/service.h"
#include "stores/store.h"

namespace fiado::documents {

struct CarneRequest {
  sales::SaleId sale_id{};
  // Installment numbers to print, in that order; empty = every installment not yet
  // settled on the date (all of them on the sale's day).
  std::vector<int> installments{};
  // Reprint of overdue slips: each slip charges its updated value on this date (open
  // principal + late fee + interest), and its Pix and boleto carry that amount and date.
  std::optional<core::Date> updated_to{};
};

// What a rendered document is, for a download.
struct Pdf {
  std::string bytes{};
  std::string file_name{};  // "carne-<sale>.pdf"
};

class DocumentService {
 public:
  DocumentService(payments::LedgerService& ledger, stores::StoreRepository& stores,
                  const customers::CustomerRepository& customers,
                  payments::PaymentCodeRepository& codes);

  core::Result<Carne> CarneOf(const core::StoreId& store_id, const CarneRequest& request);
  core::Result<Pdf> CarnePdf(const core::StoreId& store_id, const CarneRequest& request);
  core::Result<Pdf> ReceiptPdf(const core::StoreId& store_id, const payments::PaymentId& id,
                               PaperSize paper);
  core::Result<Pdf> ContractPdf(const core::StoreId& store_id, const sales::SaleId& id);
  // The CNAB 240 remittance (bankfiles/remittance.h) that registers the boletos of the
  // sale's open installments with the shop's bank: the same nosso números as the carnê,
  // the sale's late-charge rates, the customer as payer. `file_sequence` is the shop's
  // running number of remittance files (NSA); `now` dates the file in the shop's zone.
  core::Result<Pdf> RemittanceOf(const core::StoreId& store_id, const sales::SaleId& id,
                                 std::int64_t file_sequence, core::Instant now);

 private:
  struct Parties {
    stores::Store store;
    customers::Customer customer;
  };
  core::Result<Parties> PartiesOf(const core::StoreId& store_id,
                                  const customers::CustomerId& customer_id);

  payments::LedgerService& ledger_;
  stores::StoreRepository& stores_;
  const customers::CustomerRepository& customers_;
  payments::PaymentCodeRepository& codes_;
};

// The shop as the documents print it (CDC art. 42-A).
Issuer IssuerOf(const stores::Store& store);
Payer PayerOf(const customers::Customer& customer);
// "Após o vencimento: multa de 2,00% e juros de mora de 1,00% ao mês, pro rata die."
std::string LateChargeRule(const sales::Disclosure& disclosure);

}  // namespace fiado::documents
