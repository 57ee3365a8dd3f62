#include "payments/service.h"

#include <algorithm>
#include <utility>

#include "core/text.h"
#include "core/time_zone.h"
#include "payments/credit_history.h"

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

constexpr std::int64_t kMaxPaymentCents = 1'000'000'000;  // R$ 10 milhões
constexpr std::size_t kMaxReasonChars = 500;
constexpr std::size_t kMaxMemoChars = 200;
constexpr std::size_t kMaxSimulatedPlans = 12;

core::Error NotFoundCustomer() { return core::Error::NotFound("cliente não encontrado"); }

core::Error Precondition(std::string message_pt) {
  return core::Error{core::ErrorCode::kFailedPrecondition, std::move(message_pt), {}};
}

std::size_t CharCount(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A refused credit decision as the error the API answers.
core::Error RefusalError(const sales::CreditDecision& decision) {
  const bool blocked = decision.inputs.customer_status == customers::CustomerStatus::kBlocked;
  std::string message = "crédito recusado";
  for (const std::string& reason : decision.reasons_pt) message += "; " + reason;
  core::Error error{
      blocked ? core::ErrorCode::kFailedPrecondition : core::ErrorCode::kLimitExceeded,
      std::move(message),
      {}};
  error.related_id = decision.id.str();
  return error;
}

std::vector<core::FieldError> CheckPaymentDraft(const PaymentDraft& draft, Date today) {
  std::vector<core::FieldError> errors;
  if (!draft.amount.IsPositive()) {
    errors.push_back({"amount_cents", "o valor do pagamento deve ser maior que zero"});
  } else if (draft.amount.cents() > kMaxPaymentCents) {
    errors.push_back({"amount_cents", "valor acima do máximo de R$ 10 milhões"});
  }
  if (draft.method == sales::PaymentMethod::kCredit) {
    errors.push_back({"method", "forma de pagamento inválida"});
  }
  if (draft.paid_on && *draft.paid_on > today) {
    errors.push_back({"paid_on", "a data do pagamento não pode ser no futuro"});
  }
  if (CharCount(draft.memo) > kMaxMemoChars) {
    errors.push_back({"memo", "observação muito longa (máximo de 200 caracteres)"});
  }
  return errors;
}

// The last date of an effective payment of the book, if any.
std::optional<Date> LatestPaymentDate(const Book& book) {
  std::optional<Date> latest;
  for (const Payment& payment : book.payments) {
    if (payment.reversal) continue;
    if (!latest || payment.paid_on > *latest) latest = payment.paid_on;
  }
  return latest;
}

}  // namespace

LedgerService::LedgerService(LedgerRepository& ledger, stores::StoreRepository& stores,
                             const customers::CustomerRepository& customers, core::IdGenerator& ids,
                             const core::Clock& clock)
    : ledger_(ledger), stores_(stores), customers_(customers), ids_(ids), clock_(clock) {}

std::shared_ptr<const core::BusinessCalendar> LedgerService::CalendarOf(
    const stores::Store& store) {
  std::lock_guard lock(calendars_mutex_);
  auto& cached = calendars_[store.id.str()];
  if (!cached || cached->local_holidays() != store.settings.local_holidays) {
    cached = std::make_shared<const core::BusinessCalendar>(store.settings.local_holidays);
  }
  return cached;
}

core::Result<LedgerService::StoreContext> LedgerService::ContextOf(const core::StoreId& store_id) {
  auto store = stores_.Find(store_id);
  if (!store) return core::Fail(core::Error::NotFound("loja não encontrada"));
  auto zone = core::TimeZone::Named(store->time_zone);
  if (!zone) return core::Fail(std::move(zone.error()));
  StoreContext context{std::move(*store), nullptr, zone->LocalDate(clock_.Now())};
  context.calendar = CalendarOf(context.store);
  return context;
}

core::Result<Date> LedgerService::Today(const core::StoreId& store_id) {
  auto context = ContextOf(store_id);
  if (!context) return core::Fail(std::move(context.error()));
  return context->today;
}

core::Result<LedgerService::StoreDay> LedgerService::DayOf(const core::StoreId& store_id) {
  auto context = ContextOf(store_id);
  if (!context) return core::Fail(std::move(context.error()));
  return StoreDay{context->today, context->calendar};
}

core::AuditEntry LedgerService::EntryFor(const core::Actor& actor, std::string entity_type,
                                         std::string entity_id, std::string action) {
  return core::AuditEntry{
      ids_.NextText(),      actor.store_id,    clock_.Now(), actor.actor,  std::move(entity_type),
      std::move(entity_id), std::move(action), std::nullopt, std::nullopt, actor.request_id};
}

core::Result<std::vector<sales::SimulatedPlan>> LedgerService::Simulate(
    const core::StoreId& store_id, Money price, Money down_payment,
    std::optional<core::Rate> monthly_rate, const std::vector<int>& counts) {
  auto context = ContextOf(store_id);
  if (!context) return core::Fail(std::move(context.error()));
  const core::Rate rate =
      monthly_rate.value_or(context->store.settings.credit.default_monthly_rate);
  // MakeSale checks price, down payment and rate exactly as a sale would.
  sales::SaleDraft probe{customers::CustomerId(), "simulação", price, down_payment, 1, rate,
                         context->today};
  auto checked = sales::MakeSale(probe, context->store.settings.credit, ids_.Next<sales::SaleTag>(),
                                 context->today);
  if (!checked) return core::Fail(std::move(checked.error()));
  if (counts.empty() || counts.size() > kMaxSimulatedPlans) {
    return core::Invalid("installment_counts", "informe de 1 a 12 quantidades de parcelas");
  }
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < 1 || counts[i] > sales::kMaxInstallments) {
      return core::Invalid("installment_counts[" + std::to_string(i) + "]",
                           "o número de parcelas deve ser de 1 a 48");
    }
  }
  return sales::Simulate(price, down_payment, rate, context->today, counts);
}

core::Result<LedgerService::StoreContext> LedgerService::SaleContextOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  auto context = ContextOf(store_id);
  if (!context || advisor_ == nullptr) return context;
  auto credit = advisor_->ContextFor(store_id, customer_id);
  if (!credit) return core::Fail(std::move(credit.error()));
  context->credit = std::move(*credit);
  return context;
}

core::Result<SalePreview> LedgerService::PreviewSale(const core::Actor& actor,
                                                     const sales::SaleDraft& draft) {
  auto context = SaleContextOf(actor.store_id, draft.customer_id);
  if (!context) return core::Fail(std::move(context.error()));
  auto sale = sales::MakeSale(draft, context->store.settings.credit, ids_.Next<sales::SaleTag>(),
                              context->today);
  if (!sale) return core::Fail(std::move(sale.error()));
  auto customer = customers_.Find(actor.store_id, draft.customer_id);
  if (!customer) return core::Fail(NotFoundCustomer());
  auto book = ledger_.LoadBook(actor.store_id, draft.customer_id);
  if (!book) return core::Fail(NotFoundCustomer());
  auto write = DecideSale(actor, *sale, *context, *customer, *book, "", false);
  if (!write) return core::Fail(std::move(write.error()));
  sale->store_id = actor.store_id;
  return SalePreview{std::move(*sale), std::move(write->decision)};
}

namespace {

sales::CreditDecision DecideWithRules(const sales::CreditInputs& inputs,
                                      const CreditContext& credit,
                                      const customers::Customer& customer, const Book& book,
                                      const sales::Sale& sale, Date today,
                                      const std::string& override_reason, bool may_override) {
  credit::DecisionInputs analysis;
  analysis.today = today;
  analysis.monthly_commitment = MonthlyCommitment(book, today);
  analysis.monthly_income = customer.monthly_income;
  analysis.behaviour = credit.behaviour;
  analysis.application_score = credit.application_score;
  analysis.bureau = credit.bureau;
  analysis.installment_count = static_cast<int>(sale.installments.size());
  if (!sale.installments.empty()) analysis.installment_amount = sale.installments.front().amount;
  return sales::DecideCredit(inputs, credit.rules, std::move(analysis), credit::DecisionKind::kSale,
                             override_reason, may_override);
}

}  // namespace

core::Result<SaleWrite> LedgerService::DecideSale(const core::Actor& actor, sales::Sale sale,
                                                  const StoreContext& context,
                                                  const customers::Customer& customer,
                                                  const Book& book,
                                                  const std::string& override_reason,
                                                  bool may_override) {
  const sales::CreditInputs inputs{customer.status, customer.credit_limit,
                                   OpenPrincipal(book, *context.calendar, sale.sale_date),
                                   sale.disclosure.financed};
  sales::CreditDecision decision =
      context.credit ? DecideWithRules(inputs, *context.credit, customer, book, sale, context.today,
                                       override_reason, may_override)
                     : sales::DecideCredit(inputs, override_reason, may_override);
  decision.id = ids_.Next<sales::CreditDecisionTag>();
  decision.store_id = actor.store_id;
  decision.customer_id = customer.id;
  decision.decided_by = actor.actor;
  decision.decided_at = clock_.Now();
  SaleWrite write{decision};
  write.audit.push_back(EntryFor(actor, "credit_decision", decision.id.str(),
                                 std::string(sales::OutcomeName(decision.outcome))));
  if (decision.outcome == sales::CreditOutcome::kRefused) return write;
  sale.store_id = actor.store_id;
  sale.credit_decision_id = decision.id;
  sale.created_at = decision.decided_at;
  sale.created_by = actor.actor;
  if (sale.disclosure.down_payment.IsPositive()) {
    Payment down{ids_.Next<PaymentTag>(),      actor.store_id,          customer.id, sale.sale_date,
                 sale.disclosure.down_payment, sale.down_payment_method};
    down.down_payment_of = sale.id;
    down.idempotency_key = "down_payment:" + sale.id.str();
    down.recorded_at = decision.decided_at;
    down.recorded_by = actor.actor;
    write.audit.push_back(EntryFor(actor, "payment", down.id.str(), "create"));
    write.down_payment = std::move(down);
  }
  write.audit.push_back(EntryFor(actor, "sale", sale.id.str(), "create"));
  write.sale = std::move(sale);
  return write;
}

core::Result<Posted<sales::Sale>> LedgerService::CreateSale(
    const core::Actor& actor, const sales::SaleDraft& draft, const std::string& override_reason,
    bool may_override, const std::string& idempotency_key, const std::string& request_digest) {
  auto context = SaleContextOf(actor.store_id, draft.customer_id);
  if (!context) return core::Fail(std::move(context.error()));
  auto sale = sales::MakeSale(draft, context->store.settings.credit, ids_.Next<sales::SaleTag>(),
                              context->today);
  if (!sale) return core::Fail(std::move(sale.error()));
  if (core::Trim(override_reason).size() > kMaxReasonChars) {
    return core::Invalid("override_reason", "motivo muito longo (máximo de 500 caracteres)");
  }
  auto posted =
      ledger_.CreateSale(actor.store_id, draft.customer_id, idempotency_key, request_digest,
                         [&](const customers::Customer& customer, const Book& book) {
                           return DecideSale(actor, *sale, *context, customer, book,
                                             core::Trim(override_reason), may_override);
                         });
  if (!posted) return core::Fail(std::move(posted.error()));
  if (!posted->value.sale) return core::Fail(RefusalError(posted->value.decision));
  return Posted<sales::Sale>{std::move(*posted->value.sale), posted->replayed};
}

core::Result<PaymentWrite> LedgerService::DecidePayment(const core::Actor& actor,
                                                        const PaymentDraft& draft,
                                                        const StoreContext& context,
                                                        const Book& book,
                                                        const std::string& idempotency_key) {
  const Date paid_on = draft.paid_on.value_or(context.today);
  if (auto latest = LatestPaymentDate(book); latest && paid_on < *latest) {
    return core::Invalid("paid_on", "já há um pagamento registrado em " + core::FormatBr(*latest) +
                                        "; use essa data ou uma posterior");
  }
  const std::vector<InstallmentView> views = PositionsOn(book, *context.calendar, paid_on);
  const Money credit = std::max(Money(), CreditOn(book, paid_on));
  auto plan = Allocate(draft.amount, credit, views, draft.installments, paid_on);
  if (!plan) return core::Fail(std::move(plan.error()));
  Payment payment{ids_.Next<PaymentTag>(),
                  actor.store_id,
                  draft.customer_id,
                  paid_on,
                  draft.amount,
                  draft.method,
                  std::move(plan->lines),
                  plan->credit_change};
  payment.idempotency_key = idempotency_key;
  payment.memo = core::Trim(draft.memo);
  payment.recorded_at = clock_.Now();
  payment.recorded_by = actor.actor;
  core::AuditEntry audit = EntryFor(actor, "payment", payment.id.str(), "create");
  return PaymentWrite{std::move(payment), std::move(audit)};
}

core::Result<Posted<Payment>> LedgerService::PostPayment(const core::Actor& actor,
                                                         const PaymentDraft& draft,
                                                         const std::string& idempotency_key,
                                                         const std::string& request_digest) {
  auto context = ContextOf(actor.store_id);
  if (!context) return core::Fail(std::move(context.error()));
  if (auto errors = CheckPaymentDraft(draft, context->today); !errors.empty()) {
    return core::Fail(core::Error::InvalidFields(std::move(errors)));
  }
  return ledger_.PostPayment(actor.store_id, draft.customer_id, idempotency_key, request_digest,
                             [&](const Book& book) {
                               return DecidePayment(actor, draft, *context, book, idempotency_key);
                             });
}

core::Result<std::vector<core::Result<Posted<Payment>>>> LedgerService::PostPayments(
    const core::Actor& actor, std::span<const BatchItem> items) {
  auto context = ContextOf(actor.store_id);
  if (!context) return core::Fail(std::move(context.error()));
  std::vector<core::Result<Posted<Payment>>> results(items.size());
  std::vector<PaymentRequest> requests;
  std::vector<std::size_t> positions;  // of each request in `items`
  for (std::size_t i = 0; i < items.size(); ++i) {
    const BatchItem& item = items[i];
    if (auto errors = CheckPaymentDraft(item.draft, context->today); !errors.empty()) {
      results[i] = core::Fail(core::Error::InvalidFields(std::move(errors)));
      continue;
    }
    positions.push_back(i);
    requests.push_back({item.draft.customer_id, item.idempotency_key, item.request_digest,
                        [this, &actor, &item, &context](const Book& book) {
                          return DecidePayment(actor, item.draft, *context, book,
                                               item.idempotency_key);
                        }});
  }
  auto posted = ledger_.PostPayments(actor.store_id, requests);
  for (std::size_t j = 0; j < positions.size(); ++j) results[positions[j]] = std::move(posted[j]);
  return results;
}

core::Result<Payment> LedgerService::ReversePayment(const core::Actor& actor,
                                                    const PaymentId& payment_id,
                                                    std::optional<Date> on,
                                                    const std::string& reason) {
  auto context = ContextOf(actor.store_id);
  if (!context) return core::Fail(std::move(context.error()));
  const std::string trimmed = core::Trim(reason);
  if (trimmed.empty()) return core::Invalid("reason", "informe o motivo do estorno");
  if (CharCount(trimmed) > kMaxReasonChars) {
    return core::Invalid("reason", "motivo muito longo (máximo de 500 caracteres)");
  }
  const Date reversed_on = on.value_or(context->today);
  if (reversed_on > context->today) {
    return core::Invalid("reversed_on", "a data do estorno não pode ser no futuro");
  }
  return ledger_.ReversePayment(
      actor.store_id, payment_id,
      [&](const Book& book, const Payment& payment) -> core::Result<ReversalWrite> {
        if (payment.reversal) return core::Fail(Precondition("este pagamento já foi estornado"));
        if (payment.down_payment_of) {
          return core::Fail(Precondition("a entrada de uma venda não pode ser estornada"));
        }
        if (reversed_on < payment.paid_on) {
          return core::Invalid("reversed_on", "o estorno não pode ser anterior ao pagamento");
        }
        if (payment.credit_change.IsPositive() &&
            CreditOn(book, Date{std::chrono::year{9999}, std::chrono::December,
                                std::chrono::day{31}}) < payment.credit_change) {
          return core::Fail(Precondition(
              "o crédito gerado por este pagamento já foi usado; estorne antes o pagamento que o "
              "usou"));
        }
        Reversal reversal{reversed_on, trimmed, clock_.Now(), actor.actor};
        return ReversalWrite{reversal, EntryFor(actor, "payment", payment.id.str(), "reverse")};
      });
}

core::Result<Statement> LedgerService::StatementOf(const core::StoreId& store_id,
                                                   const customers::CustomerId& customer_id,
                                                   std::optional<Date> as_of) {
  auto context = ContextOf(store_id);
  if (!context) return core::Fail(std::move(context.error()));
  auto book = ledger_.LoadBook(store_id, customer_id);
  if (!book) return core::Fail(NotFoundCustomer());
  return BuildStatement(*book, *context->calendar, as_of.value_or(context->today));
}

core::Result<sales::Sale> LedgerService::FindSale(const core::StoreId& store_id,
                                                  const sales::SaleId& id) {
  auto sale = ledger_.FindSale(store_id, id);
  if (!sale) return core::Fail(core::Error::NotFound("venda não encontrada"));
  return std::move(*sale);
}

core::Result<Payment> LedgerService::FindPayment(const core::StoreId& store_id,
                                                 const PaymentId& id) {
  auto payment = ledger_.FindPayment(store_id, id);
  if (!payment) return core::Fail(core::Error::NotFound("pagamento não encontrado"));
  return std::move(*payment);
}

core::Result<PaymentView> LedgerService::ViewPayment(const core::StoreId& store_id,
                                                     const PaymentId& id) {
  auto context = ContextOf(store_id);
  if (!context) return core::Fail(std::move(context.error()));
  auto payment = FindPayment(store_id, id);
  if (!payment) return core::Fail(std::move(payment.error()));
  auto book = ledger_.LoadBook(store_id, payment->customer_id);
  FIADO_CHECK(book.has_value());
  Book until = *book;
  const auto last = std::find_if(until.payments.begin(), until.payments.end(),
                                 [&](const Payment& each) { return each.id == id; });
  FIADO_CHECK(last != until.payments.end());
  until.payments.erase(last + 1, until.payments.end());
  Statement after = BuildStatement(until, *context->calendar, payment->paid_on);
  return PaymentView{std::move(*payment), std::move(*book), std::move(after)};
}

core::Result<SaleView> LedgerService::ViewSale(const core::StoreId& store_id,
                                               const sales::SaleId& id, std::optional<Date> as_of) {
  auto sale = FindSale(store_id, id);
  if (!sale) return core::Fail(std::move(sale.error()));
  auto statement = StatementOf(store_id, sale->customer_id, as_of);
  if (!statement) return core::Fail(std::move(statement.error()));
  return SaleView{std::move(*sale), std::move(*statement)};
}

core::Result<std::vector<sales::CreditDecision>> LedgerService::DecisionsOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) {
  constexpr int kMaxDecisions = 100;
  if (!customers_.Find(store_id, customer_id)) return core::Fail(NotFoundCustomer());
  return ledger_.DecisionsOf(store_id, customer_id, kMaxDecisions);
}

}  // namespace fiado::payments
