// The remittance of a sale's boletos: the carnê's codes written as CNAB 240 P, Q, R.
#include <fmt/format.h>

#include "bankfiles/remittance.h"
#include "core/time_zone.h"
#include "documents/service.h"
#include "payments/boleto_banks.h"
#include "payments/codes.h"

namespace fiado::documents {
namespace {

bankfiles::RemittancePayer PayerOf(const customers::Customer& customer) {
  const stores::Address& a = customer.address;
  std::string street = a.street;
  if (!a.number.empty()) street += ", " + a.number;
  if (!a.complement.empty()) street += " " + a.complement;
  return {customer.cpf.digits(),
          customer.full_name,
          street,
          a.district,
          a.postal_code,
          a.city,
          a.state};
}

bankfiles::RemittanceTitle TitleOf(const payments::InstallmentView& installment,
                                   const std::string& nosso_numero, const sales::Sale& sale,
                                   const customers::Customer& customer) {
  bankfiles::RemittanceTitle title;
  title.nosso_numero_digits = nosso_numero;
  title.document_number =
      fmt::format("{}-{}", sale.id.str().substr(0, 8), installment.terms.ref.number);
  title.company_use = nosso_numero.substr(0, std::min<std::size_t>(25, nosso_numero.size()));
  title.issue_date = sale.sale_date;
  title.due_date = installment.terms.due_date;
  title.face_value = installment.position.principal_open;
  title.late_fee_rate = installment.terms.late_fee_rate;
  title.moratory_monthly_rate = installment.terms.moratory_monthly_rate;
  title.payer = PayerOf(customer);
  return title;
}

}  // namespace

core::Result<Pdf> DocumentService::RemittanceOf(const core::StoreId& store_id,
                                                const sales::SaleId& id, std::int64_t file_sequence,
                                                core::Instant now) {
  auto view = ledger_.ViewSale(store_id, id, std::nullopt);
  if (!view) return core::Fail(std::move(view.error()));
  auto parties = PartiesOf(store_id, view->sale.customer_id);
  if (!parties) return core::Fail(std::move(parties.error()));
  const stores::Store& store = parties->store;
  if (!store.settings.bank_agreement) {
    return core::Invalid("settings.bank_agreement", "a loja não tem convênio bancário");
  }
  auto zone = core::TimeZone::Named(store.time_zone);
  if (!zone) return core::Fail(std::move(zone.error()));
  const core::LocalDateTime local = zone->ToLocal(now);
  bankfiles::Remittance remittance;
  remittance.agreement = *store.settings.bank_agreement;
  remittance.bb_wallet_variation = remittance.agreement.wallet_variation;
  remittance.company_document = store.legal_id.value();
  remittance.company_name = store.name;
  remittance.file_sequence = file_sequence;
  remittance.generated_on = local.date;
  const auto seconds = local.time_of_day.count();
  remittance.generated_hhmmss =
      static_cast<int>(seconds / 3600 * 10000 + seconds % 3600 / 60 * 100 + seconds % 60);
  const int count = static_cast<int>(view->sale.installments.size());
  const auto codes = codes_.Issue(store_id, id, count);
  for (const auto& installment : view->statement.installments) {
    if (installment.terms.ref.sale_id != id || !payments::IsOpen(installment.position.status)) {
      continue;
    }
    const auto& code = codes[static_cast<std::size_t>(installment.terms.ref.number - 1)];
    auto title = payments::MakeTitle(remittance.agreement, code.sequence, view->sale.sale_date);
    if (!title) return core::Fail(std::move(title.error()));
    remittance.titles.push_back(
        TitleOf(installment, title->nosso_numero_digits, view->sale, parties->customer));
  }
  auto bytes = bankfiles::WriteRemittance240(remittance);
  if (!bytes) return core::Fail(std::move(bytes.error()));
  return Pdf{std::move(*bytes), fmt::format("remessa-{}.rem", file_sequence)};
}

}  // namespace fiado::documents
