// Builders shared by the collection tests: a shop in São Paulo with the preset policies
// and templates, customers and installments with the usual consumer terms (2% late fee,
// 1% a month), and a way to replay runs while feeding the actions back into history.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "collection/engine.h"
#include "core/rate.h"

namespace fiado::collection::testing {

inline core::Date D(int year, unsigned month, unsigned day) {
  return core::Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

inline payments::InstallmentRef Ref(const std::string& sale, int number) {
  return payments::InstallmentRef{sales::SaleId::FromTrusted(sale), number};
}

inline AccountInstallment MakeInstallment(const std::string& sale, int number, core::Date due,
                                          std::int64_t amount_cents, int count = 3,
                                          std::string description = "Geladeira") {
  AccountInstallment installment;
  installment.terms.ref = Ref(sale, number);
  installment.terms.sale_date = core::AddDays(due, -30 * number);
  installment.terms.due_date = due;
  installment.terms.amount = core::Money::FromCents(amount_cents);
  installment.terms.late_fee_rate = core::Rate::FromBps(200);
  installment.terms.moratory_monthly_rate = core::Rate::FromBps(100);
  installment.installment_count = count;
  installment.description = std::move(description);
  return installment;
}

inline Account MakeAccount(std::string state = "SP") {
  Account account;
  account.customer_id = customers::CustomerId::FromTrusted("cliente-1");
  account.full_name = "Maria Aparecida da Silva";
  account.state = std::move(state);
  account.first_sale_on = D(2024, 1, 10);
  account.consent = {true, true, true};
  account.has_phone = true;
  account.has_email = true;
  account.has_address = true;
  return account;
}

// The presets with ids, so step keys read "varejo/d+1".
inline std::vector<Policy> PresetsWithIds() {
  std::vector<Policy> policies = PresetPolicies();
  policies[0].id = PolicyId::FromTrusted("varejo");
  policies[1].id = PolicyId::FromTrusted("semanal");
  return policies;
}

struct Shop {
  core::TimeZone zone;
  core::BusinessCalendar calendar;
  ShopContext context{};

  explicit Shop(const std::string& zone_name = "America/Sao_Paulo",
                std::vector<core::LocalHoliday> local = {})
      : zone(*core::TimeZone::Named(zone_name)), calendar(std::move(local)) {
    context.zone = &zone;
    context.calendar = &calendar;
    context.policies = PresetsWithIds();
    context.templates = PresetTemplates();
    context.shop_values.store_name = "Magazine Boa Compra";
    context.shop_values.store_address = "Rua das Flores, 100, Centro, Campinas/SP";
    context.shop_values.store_legal_id = "11.222.333/0001-81";
    context.shop_values.store_phone = "(19) 3232-1000";
  }
  Shop(const Shop&) = delete;
  Shop& operator=(const Shop&) = delete;

  // The run at `hour`:`minute` local time of `day`.
  void At(core::Date day, int hour, int minute = 0) {
    context.today = day;
    context.now = zone.ToInstant(day, std::chrono::hours(hour) + std::chrono::minutes(minute));
  }
  core::Instant Local(core::Date day, int hour, int minute = 0) const {
    return zone.ToInstant(day, std::chrono::hours(hour) + std::chrono::minutes(minute));
  }
};

// Decides and records the actions into the account's history, as the storage would.
inline Decision DecideAndRecord(const Shop& shop, Account& account) {
  Decision decision = Decide(shop.context, account);
  for (const Action& action : decision.actions) {
    for (PastAction& past : HistoryOf(action, shop.zone)) account.history.push_back(past);
  }
  return decision;
}

}  // namespace fiado::collection::testing
