// The daily run and the preview: the shop's context, the window of installments the
// régua looks at, and the batches decided by the pure engine.
#include <algorithm>
#include <limits>

#include "collection/service.h"
#include "collection/shop.h"
#include "core/time_zone.h"

namespace fiado::collection {

namespace {

std::string AddressLine(const stores::Address& a) {
  std::string line = a.street + ", " + a.number;
  if (!a.complement.empty()) line += " " + a.complement;
  line += " — " + a.district + ", " + a.city + "/" + a.state;
  if (a.postal_code.size() == 8) {
    line += ", CEP " + a.postal_code.substr(0, 5) + "-" + a.postal_code.substr(5);
  }
  return line;
}

TemplateValues ShopValues(const stores::Store& store, const CollectionSettings& settings) {
  TemplateValues values;
  values.store_name = store.name;
  values.store_address = AddressLine(store.address);
  values.store_legal_id = store.legal_id.Formatted();
  values.store_phone = store.phone_e164;
  values.payment_link = settings.payment_link;
  return values;
}

// Day offsets the active policies use: [earliest, latest].
std::pair<int, int> OffsetRange(const std::vector<Policy>& policies) {
  int earliest = 0;
  int latest = 0;
  for (const Policy& policy : policies) {
    if (!policy.active) continue;
    for (const Step& step : policy.steps) {
      earliest = std::min(earliest, step.day_offset);
      latest = std::max(latest, step.day_offset);
    }
  }
  return {earliest, latest};
}

core::Date AddDays(core::Date date, int days) {
  return core::Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

}  // namespace

core::Result<std::unique_ptr<CollectionService::Shop>> CollectionService::ShopOf(
    const core::StoreId& store_id, std::optional<core::Date> date) {
  auto store = stores_.Find(store_id);
  if (!store) return core::Fail(core::Error::NotFound("loja não encontrada"));
  auto zone = core::TimeZone::Named(store->time_zone);
  if (!zone) return core::Fail(std::move(zone.error()));
  auto settings = Settings(store_id);
  if (!settings) return core::Fail(std::move(settings.error()));
  auto shop = std::make_unique<Shop>(
      Shop{*store, *settings, *zone, core::BusinessCalendar(store->settings.local_holidays)});
  const core::Instant now = clock_.Now();
  const core::Date today = zone->LocalDate(now);
  ShopContext& context = shop->context;
  context.today = date.value_or(today);
  context.now = context.today == today
                    ? now
                    : zone->ToInstant(context.today, std::chrono::minutes{settings->run_minute});
  context.zone = &shop->zone;
  context.calendar = &shop->calendar;
  context.rules = settings->rules;
  context.policies = Policies(store_id);
  context.templates = Templates(store_id);
  context.shop_values = ShopValues(*store, *settings);
  context.pix_key = store->pix_key;
  context.pix_merchant_name = stores::PixMerchantName(*store);
  context.pix_merchant_city = stores::PixMerchantCity(*store);
  const auto [earliest, latest] = OffsetRange(context.policies);
  shop->due_from = AddDays(context.today, -(latest + kCatchUpDays));
  shop->due_to = AddDays(context.today, -earliest);
  return shop;
}

void CollectionService::DecideAll(
    const Shop& shop,
    const std::function<void(std::vector<Account>&, std::vector<Decision>&)>& each,
    const RunProgress& progress) const {
  std::int64_t done = 0;
  repository_.ForEachAccount(shop.store.id, shop.due_from, shop.due_to, shop.context.today,
                             shop.zone, kRunBatchCustomers, [&](std::vector<Account>& accounts) {
                               std::vector<Decision> decisions;
                               decisions.reserve(accounts.size());
                               for (const Account& account : accounts)
                                 decisions.push_back(Decide(shop.context, account));
                               each(accounts, decisions);
                               done += static_cast<std::int64_t>(accounts.size());
                               if (progress) progress(done);
                             });
}

namespace {

void Count(RunRecord& run, const std::vector<Account>& accounts,
           const std::vector<Decision>& decisions) {
  run.customers += static_cast<std::int64_t>(accounts.size());
  for (const Account& account : accounts) {
    run.installments += static_cast<std::int64_t>(account.installments.size());
  }
  for (const Decision& decision : decisions) {
    for (const Action& action : decision.actions) run.deferred += action.deferred ? 1 : 0;
    for (const Skip& skip : decision.skips) {
      if (skip.reason != Reason::kDeferred) ++run.skipped[std::string(ReasonName(skip.reason))];
    }
  }
}

std::vector<Action> ActionsOf(std::vector<Decision>& decisions) {
  std::vector<Action> actions;
  for (Decision& decision : decisions) {
    for (Action& action : decision.actions) actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace

core::Result<RunRecord> CollectionService::Run(const core::Actor& actor, const RunRequest& request,
                                               const RunProgress& progress) {
  auto shop = ShopOf(actor.store_id, request.date);
  if (!shop) return core::Fail(std::move(shop.error()));
  RunRecord run{ids_.NextText(), actor.store_id,  (*shop)->context.today,
                request.trigger, request.dry_run, clock_.Now()};
  run.actor = actor.actor;
  DecideAll(
      **shop,
      [&](std::vector<Account>& accounts, std::vector<Decision>& decisions) {
        Count(run, accounts, decisions);
        std::vector<Action> actions = ActionsOf(decisions);
        run.actions += request.dry_run ? static_cast<std::int64_t>(actions.size())
                                       : repository_.RecordActions(actor.store_id, run.id, actions,
                                                                   clock_.Now());
      },
      progress);
  run.finished_at = clock_.Now();
  repository_.SaveRun(run);
  return run;
}

core::Result<Preview> CollectionService::PreviewDay(const core::StoreId& store_id,
                                                    std::optional<core::Date> date) {
  auto shop = ShopOf(store_id, date);
  if (!shop) return core::Fail(std::move(shop.error()));
  Preview preview;
  preview.date = (*shop)->context.today;
  preview.counts.store_id = store_id;
  preview.counts.run_date = preview.date;
  DecideAll(**shop,
            [&](std::vector<Account>& accounts, std::vector<Decision>& decisions) {
              Count(preview.counts, accounts, decisions);
              for (std::size_t i = 0; i < accounts.size(); ++i) {
                if (decisions[i].actions.empty() && decisions[i].skips.empty()) continue;
                preview.customer_names[accounts[i].customer_id.str()] = accounts[i].full_name;
                for (Skip& skip : decisions[i].skips) {
                  preview.skips.emplace_back(accounts[i].customer_id, std::move(skip));
                }
              }
              for (Action& action : ActionsOf(decisions))
                preview.actions.push_back(std::move(action));
            },
            {});
  preview.counts.actions = static_cast<std::int64_t>(preview.actions.size());
  return preview;
}

std::vector<RunRecord> CollectionService::RunDueShops() {
  std::vector<RunRecord> runs;
  const core::Instant now = clock_.Now();
  for (const stores::Store& store : stores_.List()) {
    auto zone = core::TimeZone::Named(store.time_zone);
    auto settings = Settings(store.id);
    if (!zone || !settings) continue;
    const core::LocalDateTime local = zone->ToLocal(now);
    if (local.time_of_day < std::chrono::minutes{settings->run_minute}) continue;
    if (repository_.RunOn(store.id, local.date)) continue;
    const core::Actor actor{store.id, "system"};
    auto run = Run(actor, RunRequest{local.date, false, "scheduler"});
    if (run) runs.push_back(std::move(*run));
  }
  return runs;
}

}  // namespace fiado::collection
