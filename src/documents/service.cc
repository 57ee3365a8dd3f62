#include "documents/service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/phone.h"
#include "core/time_zone.h"
#include "documents/render.h"
#include "payments/boleto.h"
#include "payments/boleto_banks.h"
#include "payments/pix.h"

namespace fiado::documents {
namespace {

using payments::InstallmentView;

std::string ShortReference(std::string_view id) { return std::string(id.substr(id.size() - 8)); }

std::string PostalCodeText(const std::string& digits) {
  if (digits.size() != 8) return digits;
  return digits.substr(0, 5) + "-" + digits.substr(5);
}

std::string AddressLine(const stores::Address& a) {
  std::string line = a.street;
  if (!a.number.empty()) line += ", " + a.number;
  if (!a.complement.empty()) line += ", " + a.complement;
  if (!a.district.empty()) line += ", " + a.district;
  return line;
}

std::string CityLine(const stores::Address& a) {
  std::string line = a.city;
  if (!a.state.empty()) line += "/" + a.state;
  if (!a.postal_code.empty()) line += ", CEP " + PostalCodeText(a.postal_code);
  return line;
}

// Which installments of the sale to print, in the order asked.
core::Result<std::vector<const InstallmentView*>> ChosenInstallments(
    const payments::SaleView& view, const std::vector<int>& numbers) {
  std::vector<const InstallmentView*> ofSale;
  for (const auto& each : view.statement.installments) {
    if (each.terms.ref.sale_id == view.sale.id) ofSale.push_back(&each);
  }
  std::sort(ofSale.begin(), ofSale.end(),
            [](const auto* x, const auto* y) { return x->terms.ref.number < y->terms.ref.number; });
  std::vector<const InstallmentView*> chosen;
  if (numbers.empty()) {
    for (const auto* each : ofSale) {
      if (payments::IsOpen(each->position.status)) chosen.push_back(each);
    }
    if (chosen.empty()) return core::Invalid("installments", "a venda não tem parcelas em aberto");
    return chosen;
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string field = fmt::format("installments[{}]", i);
    const int number = numbers[i];
    if (number < 1 || number > static_cast<int>(ofSale.size())) {
      return core::Invalid(field, fmt::format("a venda não tem a parcela {}", number));
    }
    const auto* each = ofSale[static_cast<std::size_t>(number - 1)];
    if (!payments::IsOpen(each->position.status)) {
      return core::Invalid(field, fmt::format("a parcela {} não está em aberto", number));
    }
    chosen.push_back(each);
  }
  return chosen;
}

// A Pix or boleto error names the shop's setting at fault, so the owner knows what to fix.
core::Error AboutStore(core::Error error, std::string_view what) {
  static const std::pair<std::string_view, std::string_view> kFields[] = {
      {"key", "pix_key"},
      {"merchant_name", "settings.pix_merchant_name"},
      {"merchant_city", "settings.pix_merchant_city"},
  };
  for (const auto& [from, to] : kFields) {
    if (error.field == from) error.field = std::string(to);
  }
  if (error.field.starts_with("bank_agreement")) error.field = "settings." + error.field;
  error.message_pt = fmt::format("{}: {}", what, error.message_pt);
  return error;
}

// How every slip of a carnê gets its codes: the Pix encoder (key, name and city checked
// once) and the bank agreement.
struct CodeMakers {
  std::optional<payments::PixEncoder> pix{};
  std::optional<stores::BankAgreement> bank{};
  core::Date issue_date{};  // the sale's date: a code never changes on a reprint
};

core::Result<CodeMakers> MakersOf(const stores::Store& store, core::Date issue_date) {
  CodeMakers makers;
  makers.issue_date = issue_date;
  if (!store.pix_key.empty()) {
    auto pix = payments::PixEncoder::Make(store.pix_key, stores::PixMerchantName(store),
                                          stores::PixMerchantCity(store));
    if (!pix) return core::Fail(AboutStore(std::move(pix.error()), "Pix da loja"));
    makers.pix = std::move(*pix);
  }
  if (store.settings.bank_agreement) {
    if (auto checked = payments::CheckAgreement(*store.settings.bank_agreement); !checked) {
      return core::Fail(AboutStore(std::move(checked.error()), "convênio de boleto da loja"));
    }
    makers.bank = store.settings.bank_agreement;
  }
  return makers;
}

core::Result<BoletoCode> BoletoOf(const stores::BankAgreement& bank, std::int64_t sequence,
                                  core::Date issue_date, core::Date due, core::Money amount) {
  auto title = payments::MakeTitle(bank, sequence, issue_date);
  if (!title) return core::Fail(AboutStore(std::move(title.error()), "boleto"));
  auto barcode = payments::MakeBarcode(bank.bank_code, due, amount, title->campo_livre);
  if (!barcode) return core::Fail(AboutStore(std::move(barcode.error()), "boleto"));
  const auto info = payments::FindBank(bank.bank_code);
  FIADO_CHECK(info.has_value());  // CheckAgreement accepted the bank
  BoletoCode code;
  code.bank_name = std::string(info->name);
  code.bank_code = std::string(info->code_with_dv);
  code.linha = payments::FormatLinha(payments::LinhaFromBarcode(*barcode));
  code.barcode = std::move(*barcode);
  code.nosso_numero = title->nosso_numero;
  code.beneficiary_code = title->beneficiary;
  return code;
}

core::Result<CarneSlip> SlipOf(const InstallmentView& view, int count,
                               const payments::InstallmentCode& code, const CodeMakers& makers,
                               std::optional<core::Date> updated_to) {
  CarneSlip slip;
  slip.number = view.terms.ref.number;
  slip.count = count;
  slip.due_date = view.terms.due_date;
  slip.face_amount = view.position.principal_open;
  slip.charges = view.position.late_fee_open + view.position.interest_open;
  slip.amount = updated_to ? view.position.UpdatedValue() : view.position.principal_open;
  slip.updated_to = updated_to;
  slip.txid = code.txid;
  // A reprint moves the boleto's due date to the update date, never before the original.
  const core::Date pay_by = std::max(updated_to.value_or(view.terms.due_date), view.terms.due_date);
  if (makers.pix) {
    auto payload = makers.pix->Encode(slip.amount, code.txid);
    if (!payload) return core::Fail(AboutStore(std::move(payload.error()), "Pix"));
    slip.pix_payload = std::move(*payload);
  }
  if (makers.bank) {
    auto boleto = BoletoOf(*makers.bank, code.sequence, makers.issue_date, pay_by, slip.amount);
    if (!boleto) return core::Fail(std::move(boleto.error()));
    slip.boleto = std::move(*boleto);
  }
  return slip;
}

std::string_view MethodText(sales::PaymentMethod method) {
  switch (method) {
    case sales::PaymentMethod::kCash:
      return "Dinheiro";
    case sales::PaymentMethod::kDebitCard:
      return "Cartão de débito";
    case sales::PaymentMethod::kCreditCard:
      return "Cartão de crédito";
    case sales::PaymentMethod::kPix:
      return "Pix";
    case sales::PaymentMethod::kBoleto:
      return "Boleto";
    case sales::PaymentMethod::kTransfer:
      return "Transferência";
    case sales::PaymentMethod::kCredit:
      return "Crédito do cliente";
  }
  return "Outro";
}

const sales::Sale& SaleIn(const payments::Book& book, const sales::SaleId& id) {
  const auto found = std::find_if(book.sales.begin(), book.sales.end(),
                                  [&](const sales::Sale& each) { return each.id == id; });
  FIADO_CHECK(found != book.sales.end());
  return *found;
}

std::vector<ReceiptLine> LinesOf(const payments::PaymentView& view) {
  std::vector<ReceiptLine> lines;
  for (const auto& line : view.payment.lines) {
    const sales::Sale& sale = SaleIn(view.book, line.installment.sale_id);
    const auto& installment =
        sale.installments[static_cast<std::size_t>(line.installment.number - 1)];
    lines.push_back(ReceiptLine{.number = line.installment.number,
                                .count = static_cast<int>(sale.installments.size()),
                                .sale_description = sale.description,
                                .due_date = installment.due_date,
                                .late_fee = line.late_fee,
                                .interest = line.interest,
                                .principal = line.principal,
                                .discount = line.discount});
  }
  return lines;
}

std::vector<OpenItem> OpenItemsOf(const payments::PaymentView& view) {
  std::vector<OpenItem> items;
  for (const auto& each : view.after.installments) {
    if (!payments::IsOpen(each.position.status)) continue;
    const sales::Sale& sale = SaleIn(view.book, each.terms.ref.sale_id);
    items.push_back(OpenItem{.number = each.terms.ref.number,
                             .count = static_cast<int>(sale.installments.size()),
                             .sale_description = sale.description,
                             .due_date = each.terms.due_date,
                             .updated_value = each.position.UpdatedValue(),
                             .overdue = each.position.days_late > 0});
  }
  return items;
}

std::string LocalTimeText(const stores::Store& store, core::Instant instant) {
  auto zone = core::TimeZone::Named(store.time_zone.empty() ? std::string(core::kDefaultTimeZone)
                                                            : store.time_zone);
  if (!zone) return core::FormatRfc3339(instant);
  const core::LocalDateTime local = zone->ToLocal(instant);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local.time_of_day).count();
  return fmt::format("{} {:02d}:{:02d}", core::FormatBr(local.date), minutes / 60, minutes % 60);
}

Receipt ReceiptOf(const payments::PaymentView& view, const stores::Store& store,
                  const customers::Customer& customer) {
  const payments::Payment& payment = view.payment;
  Receipt receipt;
  receipt.issuer = IssuerOf(store);
  receipt.payer = PayerOf(customer);
  receipt.payment_id = payment.id.str();
  receipt.paid_on = payment.paid_on;
  receipt.recorded_at = LocalTimeText(store, payment.recorded_at);
  receipt.method = std::string(MethodText(payment.method));
  receipt.amount = payment.amount;
  if (payment.credit_change.IsNegative()) receipt.credit_used = -payment.credit_change;
  if (payment.credit_change.IsPositive()) receipt.credit_change = payment.credit_change;
  receipt.lines = LinesOf(view);
  receipt.open = OpenItemsOf(view);
  receipt.open_total = view.after.totals.updated_value;
  receipt.credit_balance = view.after.totals.credit;
  receipt.recorded_by = payment.recorded_by;
  if (payment.reversal) {
    receipt.reversal = fmt::format("ESTORNADO em {}: {}", core::FormatBr(payment.reversal->on),
                                   payment.reversal->reason);
  }
  return receipt;
}

}  // namespace

Issuer IssuerOf(const stores::Store& store) {
  Issuer issuer;
  issuer.name = store.name;
  issuer.legal_id = store.legal_id.Formatted();
  issuer.address_line = AddressLine(store.address);
  issuer.city_line = CityLine(store.address);
  if (!store.phone_e164.empty()) {
    auto phone = core::Phone::ParseBrazilian(store.phone_e164);
    issuer.phone = phone ? phone->Formatted() : store.phone_e164;
  }
  issuer.email = store.email;
  return issuer;
}

Payer PayerOf(const customers::Customer& customer) {
  Payer payer;
  payer.name = customer.full_name;
  payer.tax_id = customer.cpf.Formatted();
  if (!customer.address.street.empty()) {
    payer.address_line = AddressLine(customer.address);
    const std::string city = CityLine(customer.address);
    if (!city.empty()) payer.address_line += " — " + city;
  }
  return payer;
}

std::string LateChargeRule(const sales::Disclosure& disclosure) {
  return fmt::format(
      "Após o vencimento: multa de {} e juros de mora de {} ao mês, pro rata die, sobre o "
      "valor em atraso.",
      disclosure.late_fee_rate.FormatPercent(), disclosure.moratory_monthly_rate.FormatPercent());
}

DocumentService::DocumentService(payments::LedgerService& ledger, stores::StoreRepository& stores,
                                 const customers::CustomerRepository& customers,
                                 payments::PaymentCodeRepository& codes)
    : ledger_(ledger), stores_(stores), customers_(customers), codes_(codes) {}

core::Result<DocumentService::Parties> DocumentService::PartiesOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  auto store = stores_.Find(store_id);
  if (!store) return core::Fail(core::Error::NotFound("loja não encontrada"));
  auto customer = customers_.Find(store_id, customer_id);
  if (!customer) return core::Fail(core::Error::NotFound("cliente não encontrado"));
  return Parties{std::move(*store), std::move(*customer)};
}

core::Result<Carne> DocumentService::CarneOf(const core::StoreId& store_id,
                                             const CarneRequest& request) {
  auto view = ledger_.ViewSale(store_id, request.sale_id, request.updated_to);
  if (!view) return core::Fail(std::move(view.error()));
  auto chosen = ChosenInstallments(*view, request.installments);
  if (!chosen) return core::Fail(std::move(chosen.error()));
  auto parties = PartiesOf(store_id, view->sale.customer_id);
  if (!parties) return core::Fail(std::move(parties.error()));
  auto makers = MakersOf(parties->store, view->sale.sale_date);
  if (!makers) return core::Fail(std::move(makers.error()));
  const int count = static_cast<int>(view->sale.installments.size());
  const auto codes = codes_.Issue(store_id, view->sale.id, count);
  Carne carne;
  carne.issuer = IssuerOf(parties->store);
  carne.payer = PayerOf(parties->customer);
  carne.sale_reference = ShortReference(view->sale.id.str());
  carne.sale_description = view->sale.description;
  carne.sale_date = view->sale.sale_date;
  carne.late_charge_rule = LateChargeRule(view->sale.disclosure);
  for (const auto* installment : *chosen) {
    const auto& code = codes[static_cast<std::size_t>(installment->terms.ref.number - 1)];
    auto slip = SlipOf(*installment, count, code, *makers, request.updated_to);
    if (!slip) return core::Fail(std::move(slip.error()));
    carne.slips.push_back(std::move(*slip));
  }
  return carne;
}

core::Result<Pdf> DocumentService::CarnePdf(const core::StoreId& store_id,
                                            const CarneRequest& request) {
  auto carne = CarneOf(store_id, request);
  if (!carne) return core::Fail(std::move(carne.error()));
  auto bytes = RenderCarnePdf(*carne);
  if (!bytes) return core::Fail(std::move(bytes.error()));
  return Pdf{std::move(*bytes), "carne-" + carne->sale_reference + ".pdf"};
}

core::Result<Pdf> DocumentService::ReceiptPdf(const core::StoreId& store_id,
                                              const payments::PaymentId& id, PaperSize paper) {
  auto view = ledger_.ViewPayment(store_id, id);
  if (!view) return core::Fail(std::move(view.error()));
  auto parties = PartiesOf(store_id, view->payment.customer_id);
  if (!parties) return core::Fail(std::move(parties.error()));
  auto bytes = RenderReceiptPdf(ReceiptOf(*view, parties->store, parties->customer), paper);
  if (!bytes) return core::Fail(std::move(bytes.error()));
  return Pdf{std::move(*bytes), "recibo-" + ShortReference(id.str()) + ".pdf"};
}

core::Result<Pdf> DocumentService::ContractPdf(const core::StoreId& store_id,
                                               const sales::SaleId& id) {
  auto sale = ledger_.FindSale(store_id, id);
  if (!sale) return core::Fail(std::move(sale.error()));
  auto parties = PartiesOf(store_id, sale->customer_id);
  if (!parties) return core::Fail(std::move(parties.error()));
  Contract contract;
  contract.issuer = IssuerOf(parties->store);
  contract.payer = PayerOf(parties->customer);
  contract.sale_reference = ShortReference(sale->id.str());
  contract.sale_date = sale->sale_date;
  contract.description = sale->description;
  contract.disclosure = sale->disclosure;
  contract.schedule = sale->installments;
  contract.place = parties->store.address.city;
  auto bytes = RenderContractPdf(contract);
  if (!bytes) return core::Fail(std::move(bytes.error()));
  return Pdf{std::move(*bytes), "contrato-" + contract.sale_reference + ".pdf"};
}

}  // namespace fiado::documents
