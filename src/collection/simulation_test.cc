// A year of daily runs of the régua over a generated portfolio of 10,000 customers
// (deterministic seed): payments on time, late, partial or never; promises, agreements and
// disputes; consents withdrawn mid-year; server downtime and runs at any hour, Sundays
// and holidays included. Every action is checked against the contact rules; the counts at
// the end make sure the year was not empty.
//
// To keep the year fast (the suite runs under ASan), a day decides only the customers
// the service would load: those with an installment whose latest due step is not done
// (nor lapsed, 60 days after its day); and customers, being independent, are split
// among threads.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "collection/engine_test_support.h"

namespace fiado::collection {
namespace {

using testing::D;

constexpr int kCustomers = 10'000;
constexpr std::uint64_t kSeed = 20260101;
const core::Date kFirstDay = D(2026, 1, 1);
// As the service does, a step not done within this many days of its day lapses.
constexpr int kCatchUpDays = 60;

// What the simulation knows of one installment, beside the engine's AccountInstallment.
struct SimInstallment {
  std::optional<core::Date> paid_off_on{};  // the principal is fully paid from this day
  int due_day = 0;                          // days since the epoch
  std::vector<int> done_offsets{};          // day offsets of the steps recorded for it
};

int DayNumber(core::Date date) {
  return static_cast<int>(std::chrono::sys_days(date).time_since_epoch().count());
}

struct SimCustomer {
  Account account{};
  std::vector<SimInstallment> installments{};
  std::optional<core::Date> withdraws_on{};  // consent of `withdrawn_channel` ends
  std::size_t withdrawn_channel = 0;
  std::vector<core::Date> contact_days{};
  int wake_day = 0;  // no installment reaches a new step before this day
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : random_(seed) {}

  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(random_); }

  std::string State() {
    static constexpr std::array<const char*, 10> kStates = {"SP", "SP", "SP", "RJ", "RJ",
                                                            "ES", "AM", "MG", "RS", "BA"};
    return kStates[static_cast<std::size_t>(Between(0, kStates.size() - 1))];
  }

  SimCustomer Customer(int index) {
    SimCustomer customer;
    Account& account = customer.account;
    account.customer_id = customers::CustomerId::FromTrusted("c" + std::to_string(index));
    account.full_name = "Cliente " + std::to_string(index) + " da Silva";
    account.state = State();
    account.consent = {Chance(0.92), Chance(0.3), Chance(0.85)};
    account.has_phone = Chance(0.95);
    account.has_email = Chance(0.85);
    account.has_address = Chance(0.9);
    account.exempt = Chance(0.01);
    if (Chance(0.02)) account.status = customers::CustomerStatus::kBlocked;
    const int sales = Between(1, 3);
    for (int s = 0; s < sales; ++s) AddSale(customer, index, s);
    account.first_sale_on = account.installments.front().terms.sale_date;
    AddPauses(account);
    if (Chance(0.15)) {
      customer.withdraws_on = core::AddDays(D(2026, 1, 1), Between(60, 300));
      customer.withdrawn_channel = static_cast<std::size_t>(Between(0, 2));
    }
    return customer;
  }

 private:
  void AddSale(SimCustomer& customer, int index, int sale) {
    const core::Date sold_on = core::AddDays(D(2025, 9, 1), Between(0, 450));
    const int count = Between(1, 12);
    const std::string id = "c" + std::to_string(index) + "-s" + std::to_string(sale);
    for (int n = 1; n <= count; ++n) {
      const core::Date due = core::AddMonthsClamped(sold_on, n);
      AccountInstallment installment =
          testing::MakeInstallment(id, n, due, Between(30, 800) * 100, count, "Mercadoria");
      installment.terms.sale_date = sold_on;
      installment.exempt = Chance(0.01);
      customer.installments.push_back(Pay(installment));
      customer.account.installments.push_back(std::move(installment));
    }
  }

  // Settlements of the whole year (the ledger ignores those after the run's date).
  SimInstallment Pay(AccountInstallment& installment) {
    SimInstallment sim;
    const core::Date due = installment.terms.due_date;
    sim.due_day = DayNumber(due);
    const int kind = Between(0, 99);
    if (kind >= 80) return sim;  // never paid
    const core::Date paid_on = core::AddDays(due, kind < 55 ? Between(-5, 0) : Between(1, 70));
    core::Money principal = installment.terms.amount;
    if (kind >= 75) principal = core::Money::FromCents(principal.cents() / 2);  // partial
    installment.settlements.push_back(payments::Settlement{paid_on, {}, {}, principal, {}});
    if (principal == installment.terms.amount) sim.paid_off_on = paid_on;
    return sim;
  }

  void AddPauses(Account& account) {
    const core::Date start = core::AddDays(D(2026, 1, 1), Between(0, 330));
    Pause pause;
    pause.from = start;
    if (Chance(0.12)) {
      pause.kind = PauseKind::kPromise;
      pause.until = core::AddDays(start, Between(3, 20));
      account.pauses.push_back(pause);
    } else if (Chance(0.05)) {
      pause.kind = Chance(0.6) ? PauseKind::kAgreement : PauseKind::kDispute;
      if (Chance(0.7)) pause.ended_on = core::AddDays(start, Between(10, 90));
      account.pauses.push_back(pause);
    }
  }

  std::mt19937_64 random_;
};

// The day offsets of the policy a customer gets (the weekly cadence for RS and BA).
std::vector<int> OffsetsOf(const Policy& policy) {
  std::vector<int> offsets;
  for (const Step& step : policy.steps) offsets.push_back(step.day_offset);
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  return offsets;
}

class SimulationTest : public ::testing::Test {
 protected:
  testing::Shop shop_{"America/Sao_Paulo",
                      {*core::LocalHoliday::Make(1, 25, std::nullopt, "Aniversário de SP")}};
  std::vector<SimCustomer> customers_{};
  std::set<std::string> done_steps_{};
  std::map<std::string, int> counts_{};
  std::vector<int> retail_offsets_{};
  std::vector<int> weekly_offsets_{};

  void SetUp() override {
    shop_.context.policies[1].priority = 50;
    shop_.context.policies[1].audience.states = {"RS", "BA"};
    retail_offsets_ = OffsetsOf(shop_.context.policies[0]);
    weekly_offsets_ = OffsetsOf(shop_.context.policies[1]);
    Generator generator(kSeed);
    customers_.reserve(kCustomers);
    for (int i = 0; i < kCustomers; ++i) customers_.push_back(generator.Customer(i));
  }

  bool IsWeekly(const std::string& state) const { return state == "RS" || state == "BA"; }
  const Policy& PolicyOfState(const std::string& state) const {
    return shop_.context.policies[IsWeekly(state) ? 1 : 0];
  }

  // The storage's filter: an installment not paid off whose latest due step is not done.
  // When there is none, `wake_day` becomes the first day one reaches a new step (the
  // storage finds those by due date), so the customer is not looked at before it.
  bool HasPendingStep(SimCustomer& customer, core::Date today) const {
    const std::vector<int>& offsets =
        IsWeekly(customer.account.state) ? weekly_offsets_ : retail_offsets_;
    const int today_day = DayNumber(today);
    if (today_day < customer.wake_day) return false;
    int wake_day = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i < customer.installments.size(); ++i) {
      if (customer.account.installments[i].exempt) continue;
      const SimInstallment& sim = customer.installments[i];
      if (sim.paid_off_on && DayNumber(*sim.paid_off_on) <= today_day) continue;
      const auto next = std::upper_bound(offsets.begin(), offsets.end(), today_day - sim.due_day);
      if (next != offsets.end()) wake_day = std::min(wake_day, sim.due_day + *next);
      if (next == offsets.begin()) continue;
      const int offset = *std::prev(next);
      if (today_day - sim.due_day - offset > kCatchUpDays) continue;  // lapsed
      if (std::find(sim.done_offsets.begin(), sim.done_offsets.end(), offset) ==
          sim.done_offsets.end()) {
        return true;
      }
    }
    customer.wake_day = wake_day;
    return false;
  }

  // What the storage loads: open installments only, their steps and the recent contacts.
  static void DropPaidOff(SimCustomer& customer, core::Date today) {
    Account& account = customer.account;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < customer.installments.size(); ++i) {
      const auto& paid_off = customer.installments[i].paid_off_on;
      if (paid_off && *paid_off <= today) continue;
      if (kept != i) {
        customer.installments[kept] = std::move(customer.installments[i]);
        account.installments[kept] = std::move(account.installments[i]);
      }
      ++kept;
    }
    if (kept == customer.installments.size()) return;
    customer.installments.resize(kept);
    account.installments.resize(kept);
    const auto stale = [&account, today](const PastAction& past) {
      const bool open = std::any_of(
          account.installments.begin(), account.installments.end(),
          [&past](const AccountInstallment& i) { return i.terms.ref == *past.installment; });
      return !open && core::DaysBetween(past.on, today) > 14;
    };
    account.history.erase(std::remove_if(account.history.begin(), account.history.end(), stale),
                          account.history.end());
  }

  // One worker's share of the year: its own run context and findings.
  struct Worker {
    ShopContext context;
    std::map<std::string, int> counts{};
    std::set<std::string> done_steps{};
    std::vector<std::string> failures{};
    void Fail(std::string what) {
      if (failures.size() < 10) failures.push_back(std::move(what));
    }
  };

  void CheckAction(Worker& worker, SimCustomer& customer, const Action& action) const {
    const Account& account = customer.account;
    const ShopContext& context = worker.context;
    ++worker.counts["actions"];
    ++worker.counts[std::string(ActionName(action.action))];
    if (action.deferred) ++worker.counts["deferred"];
    for (const Pause& pause : account.pauses) {
      if (pause.IsActiveOn(context.today)) worker.Fail("action during a pause");
    }
    if (IsContact(action.action)) {
      const ContactHours hours = HoursFor(context.rules, account.state);
      if (!IsAllowed(hours, shop_.calendar, shop_.zone, action.send_at) ||
          action.send_at < context.now) {
        worker.Fail("contact outside hours: " + account.state + " " +
                    core::FormatRfc3339(action.send_at));
      }
      customer.contact_days.push_back(shop_.zone.LocalDate(action.send_at));
    }
    if (IsMessage(action.action)) {
      const std::size_t channel = action.action == StepAction::kWhatsapp ? 0
                                  : action.action == StepAction::kSms    ? 1
                                                                         : 2;
      if (!account.consent[channel]) worker.Fail("message without consent");
      if (action.body.empty()) worker.Fail("message without text");
    }
    for (const auto& [ref, key] : action.steps) {
      const std::string id = ref.sale_id.str() + "#" + std::to_string(ref.number) + " " + key;
      if (!worker.done_steps.insert(id).second) worker.Fail("step done twice: " + id);
    }
  }

  void Record(Worker& worker, SimCustomer& customer, const Decision& decision) const {
    for (const Action& action : decision.actions) {
      CheckAction(worker, customer, action);
      for (PastAction& past : HistoryOf(action, shop_.zone)) {
        customer.account.history.push_back(past);
      }
    }
    for (const Skip& skip : decision.skips) {
      if (skip.reason == Reason::kDailyCap || skip.reason == Reason::kWeeklyCap) {
        ++worker.counts["capped"];
      }
      if (skip.reason == Reason::kNoConsent) ++worker.counts["no_consent"];
      if (skip.reason == Reason::kPromise || skip.reason == Reason::kAgreement ||
          skip.reason == Reason::kDispute) {
        ++worker.counts["paused"];
      }
    }
  }

  // The steps recorded from history entry `first` on, for the filter.
  void MarkDone(SimCustomer& customer, std::size_t first) const {
    const Policy& policy = PolicyOfState(customer.account.state);
    const auto& history = customer.account.history;
    for (std::size_t h = first; h < history.size(); ++h) {
      for (std::size_t i = 0; i < customer.account.installments.size(); ++i) {
        if (customer.account.installments[i].terms.ref != *history[h].installment) continue;
        for (const Step& step : policy.steps) {
          if (StepKeyOf(policy, step) == history[h].step_key) {
            customer.installments[i].done_offsets.push_back(step.day_offset);
          }
        }
      }
    }
  }

  // The customer's year: every run day of `schedule` (nullopt = the server was down).
  void RunYear(Worker& worker, SimCustomer& customer,
               const std::vector<std::optional<int>>& schedule) const {
    for (std::size_t day = 0; day < schedule.size(); ++day) {
      const core::Date today = core::AddDays(kFirstDay, static_cast<int>(day));
      if (customer.withdraws_on && *customer.withdraws_on == today) {
        customer.account.consent[customer.withdrawn_channel] = false;
      }
      if (!schedule[day] || customer.account.exempt || !HasPendingStep(customer, today)) continue;
      worker.context.today = today;
      worker.context.now = shop_.Local(today, *schedule[day], 17);
      DropPaidOff(customer, today);
      ++worker.counts["decisions"];
      const std::size_t before = customer.account.history.size();
      Record(worker, customer, Decide(worker.context, customer.account));
      MarkDone(customer, before);
    }
    CheckCaps(worker, customer);
  }

  void CheckCaps(Worker& worker, const SimCustomer& customer) const {
    const ContactRules& rules = shop_.context.rules;
    std::map<int, int> per_day;
    for (core::Date day : customer.contact_days) ++per_day[DayNumber(day)];
    for (const auto& [day, count] : per_day) {
      if (count > rules.daily_cap) worker.Fail("daily cap: " + customer.account.customer_id.str());
      int week = 0;
      for (auto it = per_day.lower_bound(day); it != per_day.end() && it->first < day + 7; ++it) {
        week += it->second;
      }
      if (week > rules.weekly_cap) worker.Fail("weekly cap: " + customer.account.customer_id.str());
    }
  }
};

// Run days of the year with their local hour; downtime: a week in June and 5% of days.
std::vector<std::optional<int>> Schedule(std::map<std::string, int>& counts) {
  Generator random(kSeed + 1);
  std::vector<std::optional<int>> schedule;
  for (int day = 0; day < 365; ++day) {
    const core::Date today = core::AddDays(kFirstDay, day);
    const bool outage = today >= D(2026, 6, 10) && today <= D(2026, 6, 16);
    if (outage || random.Chance(0.05)) {
      ++counts["downtime_days"];
      schedule.emplace_back();
    } else {
      ++counts["runs"];
      schedule.emplace_back(random.Between(0, 23));
    }
  }
  return schedule;
}

TEST_F(SimulationTest, AYearOfDailyRunsKeepsEveryRule) {
  std::map<std::string, int> counts;
  const std::vector<std::optional<int>> schedule = Schedule(counts);
  // Customers are independent: the portfolio is split among threads (the engine is pure,
  // the zone and the calendar are immutable and shared).
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<Worker> workers(threads, Worker{shop_.context});
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([this, t, threads, &workers, &schedule] {
      for (std::size_t c = t; c < customers_.size(); c += threads) {
        RunYear(workers[t], customers_[c], schedule);
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  for (const Worker& worker : workers) {
    for (const std::string& failure : worker.failures) ADD_FAILURE() << failure;
    for (const auto& [name, count] : worker.counts) counts[name] += count;
  }
  for (const auto& [name, count] : counts) std::printf("%-16s %d\n", name.c_str(), count);
  EXPECT_GT(counts["actions"], 20'000);
  EXPECT_GT(counts["deferred"], 1'000);
  EXPECT_GT(counts["whatsapp"], 5'000);
  EXPECT_GT(counts["email"], 5'000);
  EXPECT_GT(counts["call_task"], 1'000);
  EXPECT_GT(counts["bureau_notice"], 500);
  EXPECT_GT(counts["capped"], 100);
  EXPECT_GT(counts["no_consent"], 100);
  EXPECT_GT(counts["paused"], 100);
  EXPECT_GT(counts["downtime_days"], 7);
}

}  // namespace
}  // namespace fiado::collection
