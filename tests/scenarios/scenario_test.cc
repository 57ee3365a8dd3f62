// Golden scenarios of the crediário: every tests/scenarios/NN_name.json file is one
// parameterised test. The runner builds the real program (app::Wiring) on a fresh SQLite
// database with a FixedClock, creates a store and a customer, sets the credit limit,
// replays the events through Wiring::ledger() with the clock at noon (São Paulo) of each
// event's date, and compares every expectation the file states. The expected numbers in
// the files were computed by hand from the rules (see each file's "notes"), not copied
// from the program's output.
//
// File format (integers are centavos; dates are YYYY-MM-DD):
//   {"description": "...", "notes": ["the hand arithmetic", ...] (not read),
//    "store": {"local_holidays": [{"month", "day", "year"?, "name"}],
//              "credit"?: {"default_monthly_rate_percent"?, "max_monthly_rate_percent"?,
//                          "late_fee_percent"?, "moratory_monthly_rate_percent"?}},
//    "credit_limit_cents": 100000,
//    "events": [
//      {"on": "2025-02-10", "sale": {"description"?, "price_cents", "down_payment_cents"?,
//         "installment_count", "monthly_rate_percent"?, "sale_date"?, "first_due_date"?,
//         "due_day"?}, "expect"?: {"installments": [{"number", "due_date"?, "amount_cents"?,
//         "interest_cents"?, "amortization_cents"?}], "installment_count"?}},
//      {"on": ..., "payment": {"amount_cents", "method"?, "paid_on"?, "key"?,
//         "installments"?: [{"sale": index, "number"}]},
//         "expect"?: {"lines": [{"sale", "number", "late_fee_cents", "interest_cents",
//         "principal_cents", "discount_cents"}], "credit_change_cents"?, "paid_on"?}},
//      {"on": ..., "reversal": {"payment": index, "reason", "reversed_on"?}},
//      any event may have "expect_error": {"code", "field"?} instead of "expect": it must
//      be refused and leave the ledger unchanged],
//    "statements": [{"as_of", "totals"?: {...StatementTotals in *_cents / counts},
//      "installments"?: [{"sale", "number", "status"?, "principal_open_cents"?,
//      "late_fee_open_cents"?, "interest_open_cents"?, "updated_value_cents"?,
//      "days_late"?, "charge_free_until"?, "due_date"?, "paid_cents"?, "discount_cents"?}],
//      "event_count"?, "events"?: [{"kind", "on"?, "amount_cents"?, "credit_change_cents"?}]}]}
// Totals keys: principal_open_cents, late_fee_open_cents, interest_open_cents,
// updated_value_cents, overdue_value_cents, credit_cents, open_installments,
// overdue_installments. Only the keys a file gives are compared (lines: all of them).
// Sale and payment indexes count the file's sale (payment) events from 0, refused ones
// included.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/wiring.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"
#include "core/tax_id.h"
#include "core/time_zone.h"
#include "support/temp_dir.h"

#ifndef FIADO_SCENARIO_DIR
#error "FIADO_SCENARIO_DIR must name the folder of the scenario files"
#endif

namespace fiado::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(FIADO_SCENARIO_DIR)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path().filename().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string TestNameOf(const std::string& file) {
  std::string name = fs::path(file).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// A malformed scenario file: the test fails with the file and the path.
struct BadScenario : std::runtime_error {
  using std::runtime_error::runtime_error;
};

core::Date DateAt(const json& value, const std::string& path) {
  if (!value.is_string()) throw BadScenario(path + ": expected a YYYY-MM-DD string");
  auto date = core::ParseIsoDate(value.get<std::string>());
  if (!date) throw BadScenario(path + ": " + date.error().Describe());
  return *date;
}

core::Rate RateAt(const json& value, const std::string& path) {
  if (!value.is_string()) throw BadScenario(path + ": expected a percent string");
  auto rate = core::Rate::ParsePercent(value.get<std::string>());
  if (!rate) throw BadScenario(path + ": " + rate.error().Describe());
  return *rate;
}

std::int64_t IntAt(const json& object, const std::string& key, const std::string& path) {
  if (!object.contains(key) || !object[key].is_number_integer()) {
    throw BadScenario(path + "." + key + ": expected an integer");
  }
  return object[key].get<std::int64_t>();
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    file_ = GetParam();
    std::ifstream in(fs::path(FIADO_SCENARIO_DIR) / file_);
    ASSERT_TRUE(in) << file_ << ": cannot open";
    scenario_ = json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    ASSERT_FALSE(scenario_.is_discarded()) << file_ << ": not valid JSON";
    ASSERT_TRUE(scenario_.contains("description") && scenario_["description"].is_string())
        << file_ << ": a scenario needs a description";
    ASSERT_TRUE(scenario_.contains("events") && scenario_["events"].is_array() &&
                !scenario_["events"].empty())
        << file_ << ": a scenario needs events";
  }

  // --- the world ---

  void SetToday(core::Date date) { clock_.Set(zone_->ToInstant(date, std::chrono::hours(12))); }

  void BuildWorld() {
    zone_ = core::TimeZone::Named(core::kDefaultTimeZone).value();
    SetToday(DateAt(scenario_["events"][0]["on"], "events[0].on"));
    wiring_ = std::make_unique<app::Wiring>("sqlite:" + dir_.File("fiado.db"), 2, clock_);

    stores::StoreDraft draft;
    draft.name = "Loja Cenário";
    draft.legal_id = "11.222.333/0001-81";
    draft.address.city = "São Paulo";
    draft.address.state = "SP";
    const json store = scenario_.value("store", json::object());
    if (store.contains("local_holidays")) {
      int i = 0;
      for (const json& holiday : store["local_holidays"]) {
        const std::string path = "store.local_holidays[" + std::to_string(i++) + "]";
        std::optional<int> year;
        if (holiday.contains("year") && !holiday["year"].is_null())
          year = holiday["year"].get<int>();
        auto made = core::LocalHoliday::Make(static_cast<int>(IntAt(holiday, "month", path)),
                                             static_cast<int>(IntAt(holiday, "day", path)), year,
                                             holiday.value("name", std::string("Feriado local")));
        if (!made) throw BadScenario(path + ": " + made.error().Describe());
        draft.settings.local_holidays.push_back(*made);
      }
    }
    if (store.contains("credit")) {
      const json& credit = store["credit"];
      auto& terms = draft.settings.credit;
      if (credit.contains("default_monthly_rate_percent"))
        terms.default_monthly_rate = RateAt(credit["default_monthly_rate_percent"],
                                            "store.credit.default_monthly_rate_percent");
      if (credit.contains("max_monthly_rate_percent"))
        terms.max_monthly_rate =
            RateAt(credit["max_monthly_rate_percent"], "store.credit.max_monthly_rate_percent");
      if (credit.contains("late_fee_percent"))
        terms.late_fee_rate = RateAt(credit["late_fee_percent"], "store.credit.late_fee_percent");
      if (credit.contains("moratory_monthly_rate_percent"))
        terms.moratory_monthly_rate = RateAt(credit["moratory_monthly_rate_percent"],
                                             "store.credit.moratory_monthly_rate_percent");
    }
    auto created = app::CreateStore(*wiring_, draft, "cli");
    if (!created) throw BadScenario("store: " + created.error().Describe());
    store_ = *created;
    actor_ = core::Actor{store_->id, "cli", "scenario"};

    customers::CustomerDraft customer;
    customer.cpf = "529982247" + core::CpfCheckDigits("529982247");
    customer.full_name = "Maria José da Silva";
    auto registered = wiring_->customers().Register(*actor_, customer);
    if (!registered) throw BadScenario("customer: " + registered.error().Describe());
    customer_id_ = registered->id;
    const std::int64_t limit = IntAt(scenario_, "credit_limit_cents", "");
    auto limited = wiring_->customers().SetCreditLimit(
        *actor_, *customer_id_, core::Money::FromCents(limit), "cenário de teste");
    if (!limited) throw BadScenario("credit_limit_cents: " + limited.error().Describe());
  }

  // What the ledger holds, as compared before and after a refused event.
  std::string LedgerSnapshot() {
    auto statement = wiring_->ledger().StatementOf(
        store_->id, *customer_id_,
        core::Date{std::chrono::year{2099}, std::chrono::December, std::chrono::day{31}});
    if (!statement) return "statement error: " + statement.error().Describe();
    std::ostringstream out;
    for (const auto& event : statement->events) {
      out << core::FormatIso(event.on) << ' ' << payments::EventKindName(event.kind) << ' '
          << event.reference_id << ' ' << event.amount.cents() << ' ' << event.lines.size() << ' '
          << event.credit_change.cents() << '\n';
    }
    out << "installments " << statement->installments.size() << " credit "
        << statement->totals.credit.cents();
    return out.str();
  }

  // --- comparison helpers ---

  template <typename T, typename U>
  void Check(const std::string& where, const T& expected, const U& actual) {
    if (!(expected == actual)) {
      ADD_FAILURE() << file_ << ": " << where << ": expected " << ::testing::PrintToString(expected)
                    << ", got " << ::testing::PrintToString(actual);
    }
  }
  void CheckCents(const json& expect, const std::string& key, core::Money actual,
                  const std::string& where) {
    if (expect.contains(key)) Check(where + "." + key, IntAt(expect, key, where), actual.cents());
  }
  void CheckInt(const json& expect, const std::string& key, std::int64_t actual,
                const std::string& where) {
    if (expect.contains(key)) Check(where + "." + key, IntAt(expect, key, where), actual);
  }

  int SaleIndexOf(const sales::SaleId& id) {
    for (const auto& [index, sale_id] : sales_) {
      if (sale_id == id) return index;
    }
    return -1;
  }
  sales::SaleId SaleAt(const json& object, const std::string& where) {
    const int index = static_cast<int>(IntAt(object, "sale", where));
    auto found = sales_.find(index);
    if (found == sales_.end())
      throw BadScenario(where + ".sale: no sale with index " + std::to_string(index));
    return found->second;
  }

  void CheckLines(const json& expected, const std::vector<payments::AllocationLine>& lines,
                  const std::string& where) {
    if (!expected.is_array()) throw BadScenario(where + ": expected an array");
    Check(where + ".size()", expected.size(), lines.size());
    for (std::size_t i = 0; i < std::min(expected.size(), lines.size()); ++i) {
      const std::string at = where + "[" + std::to_string(i) + "]";
      const json& e = expected[i];
      const payments::AllocationLine& line = lines[i];
      Check(at + ".sale", IntAt(e, "sale", at),
            std::int64_t{SaleIndexOf(line.installment.sale_id)});
      Check(at + ".number", IntAt(e, "number", at), std::int64_t{line.installment.number});
      Check(at + ".late_fee_cents", IntAt(e, "late_fee_cents", at), line.late_fee.cents());
      Check(at + ".interest_cents", IntAt(e, "interest_cents", at), line.interest.cents());
      Check(at + ".principal_cents", IntAt(e, "principal_cents", at), line.principal.cents());
      Check(at + ".discount_cents",
            e.contains("discount_cents") ? IntAt(e, "discount_cents", at) : 0,
            line.discount.cents());
    }
  }

  // --- events ---

  void RunSale(const json& event, int sale_index, const std::string& where) {
    const json& body = event["sale"];
    sales::SaleDraft draft;
    draft.customer_id = *customer_id_;
    draft.description = body.value("description", std::string("Mercadoria"));
    draft.price = core::Money::FromCents(IntAt(body, "price_cents", where + ".sale"));
    if (body.contains("down_payment_cents"))
      draft.down_payment =
          core::Money::FromCents(IntAt(body, "down_payment_cents", where + ".sale"));
    draft.installment_count = static_cast<int>(IntAt(body, "installment_count", where + ".sale"));
    if (body.contains("monthly_rate_percent"))
      draft.monthly_rate =
          RateAt(body["monthly_rate_percent"], where + ".sale.monthly_rate_percent");
    draft.sale_date =
        body.contains("sale_date") ? DateAt(body["sale_date"], where + ".sale.sale_date") : today_;
    if (body.contains("first_due_date"))
      draft.first_due_date = DateAt(body["first_due_date"], where + ".sale.first_due_date");
    if (body.contains("due_day"))
      draft.due_day = static_cast<int>(IntAt(body, "due_day", where + ".sale"));
    const std::string key = body.value("key", "sale-" + std::to_string(sale_index));
    auto posted = wiring_->ledger().CreateSale(*actor_, draft, "", false, key, event.dump());
    if (!CheckOutcome(event, posted, where)) return;
    const sales::Sale& sale = posted->value;
    sales_[sale_index] = sale.id;
    if (!event.contains("expect")) return;
    const json& expect = event["expect"];
    CheckInt(expect, "installment_count", static_cast<std::int64_t>(sale.installments.size()),
             where + ".expect");
    if (expect.contains("installments")) {
      int i = 0;
      for (const json& e : expect["installments"]) {
        const std::string at = where + ".expect.installments[" + std::to_string(i++) + "]";
        const int number = static_cast<int>(IntAt(e, "number", at));
        if (number < 1 || number > static_cast<int>(sale.installments.size())) {
          ADD_FAILURE() << file_ << ": " << at << ": the sale has no installment " << number;
          continue;
        }
        const sales::Installment& installment = sale.installments[number - 1];
        if (e.contains("due_date"))
          Check(at + ".due_date", e["due_date"].get<std::string>(),
                core::FormatIso(installment.due_date));
        CheckCents(e, "amount_cents", installment.amount, at);
        CheckCents(e, "interest_cents", installment.interest, at);
        CheckCents(e, "amortization_cents", installment.amortization, at);
      }
    }
  }

  void RunPayment(const json& event, int payment_index, const std::string& where) {
    const json& body = event["payment"];
    payments::PaymentDraft draft;
    draft.customer_id = *customer_id_;
    draft.amount = core::Money::FromCents(IntAt(body, "amount_cents", where + ".payment"));
    const std::string method = body.value("method", std::string("cash"));
    auto parsed = sales::ParseMethod(method);
    if (!parsed) throw BadScenario(where + ".payment.method: unknown method " + method);
    draft.method = *parsed;
    if (body.contains("paid_on"))
      draft.paid_on = DateAt(body["paid_on"], where + ".payment.paid_on");
    if (body.contains("installments")) {
      int i = 0;
      for (const json& chosen : body["installments"]) {
        const std::string at = where + ".payment.installments[" + std::to_string(i++) + "]";
        draft.installments.push_back(
            {SaleAt(chosen, at), static_cast<int>(IntAt(chosen, "number", at))});
      }
    }
    const std::string key = body.value("key", "payment-" + std::to_string(payment_index));
    auto posted = wiring_->ledger().PostPayment(*actor_, draft, key, event.dump());
    if (!CheckOutcome(event, posted, where)) return;
    const payments::Payment& payment = posted->value;
    payments_[payment_index] = payment.id;
    if (!event.contains("expect")) return;
    const json& expect = event["expect"];
    if (expect.contains("lines"))
      CheckLines(expect["lines"], payment.lines, where + ".expect.lines");
    CheckCents(expect, "credit_change_cents", payment.credit_change, where + ".expect");
    if (expect.contains("paid_on"))
      Check(where + ".expect.paid_on", expect["paid_on"].get<std::string>(),
            core::FormatIso(payment.paid_on));
  }

  void RunReversal(const json& event, const std::string& where) {
    const json& body = event["reversal"];
    const int index = static_cast<int>(IntAt(body, "payment", where + ".reversal"));
    auto found = payments_.find(index);
    if (found == payments_.end()) {
      throw BadScenario(where + ".reversal.payment: no payment with index " +
                        std::to_string(index));
    }
    std::optional<core::Date> on;
    if (body.contains("reversed_on"))
      on = DateAt(body["reversed_on"], where + ".reversal.reversed_on");
    auto reversed = wiring_->ledger().ReversePayment(*actor_, found->second, on,
                                                     body.value("reason", std::string()));
    if (!CheckOutcome(event, reversed, where)) return;
    if (!reversed->reversal)
      ADD_FAILURE() << file_ << ": " << where << ": the payment has no reversal";
  }

  // True when the event succeeded and was expected to. Reports an unexpected success or
  // failure, and checks the error's code and field when one was expected.
  template <typename T>
  bool CheckOutcome(const json& event, const core::Result<T>& result, const std::string& where) {
    if (event.contains("expect_error")) {
      const json& expect = event["expect_error"];
      if (result) {
        ADD_FAILURE() << file_ << ": " << where << ": expected error "
                      << expect.value("code", std::string("?")) << " but it succeeded";
        return false;
      }
      Check(where + ".expect_error.code", expect.value("code", std::string()),
            std::string(core::ErrorCodeName(result.error().code)));
      if (expect.contains("field")) {
        Check(where + ".expect_error.field", expect["field"].get<std::string>(),
              result.error().field);
      }
      return false;
    }
    if (!result) {
      ADD_FAILURE() << file_ << ": " << where << ": unexpected error "
                    << core::ErrorCodeName(result.error().code) << ": "
                    << result.error().Describe();
      return false;
    }
    return true;
  }

  // --- statements ---

  void CheckStatement(const json& expect, const std::string& where) {
    const core::Date as_of = DateAt(expect["as_of"], where + ".as_of");
    auto statement = wiring_->ledger().StatementOf(store_->id, *customer_id_, as_of);
    if (!statement) {
      ADD_FAILURE() << file_ << ": " << where << ": " << statement.error().Describe();
      return;
    }
    const std::string at = where + " (as of " + core::FormatIso(as_of) + ")";
    if (expect.contains("totals")) {
      const json& e = expect["totals"];
      const payments::StatementTotals& t = statement->totals;
      const std::string w = at + ".totals";
      CheckCents(e, "principal_open_cents", t.principal_open, w);
      CheckCents(e, "late_fee_open_cents", t.late_fee_open, w);
      CheckCents(e, "interest_open_cents", t.interest_open, w);
      CheckCents(e, "updated_value_cents", t.updated_value, w);
      CheckCents(e, "overdue_value_cents", t.overdue_value, w);
      CheckCents(e, "credit_cents", t.credit, w);
      CheckInt(e, "open_installments", t.open_installments, w);
      CheckInt(e, "overdue_installments", t.overdue_installments, w);
    }
    CheckInt(expect, "event_count", static_cast<std::int64_t>(statement->events.size()), at);
    if (expect.contains("events")) {
      const json& events = expect["events"];
      Check(at + ".events.size()", events.size(), statement->events.size());
      for (std::size_t i = 0; i < std::min(events.size(), statement->events.size()); ++i) {
        const std::string w = at + ".events[" + std::to_string(i) + "]";
        const payments::StatementEvent& actual = statement->events[i];
        Check(w + ".kind", events[i].value("kind", std::string()),
              std::string(payments::EventKindName(actual.kind)));
        if (events[i].contains("on"))
          Check(w + ".on", events[i]["on"].get<std::string>(), core::FormatIso(actual.on));
        CheckCents(events[i], "amount_cents", actual.amount, w);
        CheckCents(events[i], "credit_change_cents", actual.credit_change, w);
      }
    }
    if (expect.contains("installments")) {
      int i = 0;
      for (const json& e : expect["installments"]) {
        const std::string w = at + ".installments[" + std::to_string(i++) + "]";
        const sales::SaleId sale_id = SaleAt(e, w);
        const int number = static_cast<int>(IntAt(e, "number", w));
        auto view =
            std::find_if(statement->installments.begin(), statement->installments.end(),
                         [&](const payments::InstallmentView& v) {
                           return v.terms.ref.sale_id == sale_id && v.terms.ref.number == number;
                         });
        if (view == statement->installments.end()) {
          ADD_FAILURE() << file_ << ": " << w << ": installment not in the statement";
          continue;
        }
        const payments::Position& p = view->position;
        if (e.contains("status"))
          Check(w + ".status", e["status"].get<std::string>(),
                std::string(payments::StatusName(p.status)));
        if (e.contains("charge_free_until"))
          Check(w + ".charge_free_until", e["charge_free_until"].get<std::string>(),
                core::FormatIso(p.charge_free_until));
        if (e.contains("due_date"))
          Check(w + ".due_date", e["due_date"].get<std::string>(),
                core::FormatIso(view->terms.due_date));
        CheckInt(e, "days_late", p.days_late, w);
        CheckCents(e, "principal_open_cents", p.principal_open, w);
        CheckCents(e, "late_fee_open_cents", p.late_fee_open, w);
        CheckCents(e, "interest_open_cents", p.interest_open, w);
        CheckCents(e, "updated_value_cents", p.UpdatedValue(), w);
        CheckCents(e, "paid_cents", p.paid, w);
        CheckCents(e, "discount_cents", p.discount, w);
      }
    }
  }

  void Run() {
    BuildWorld();
    int sale_index = 0;
    int payment_index = 0;
    int e = 0;
    for (const json& event : scenario_["events"]) {
      const std::string where = "events[" + std::to_string(e++) + "]";
      today_ = DateAt(event["on"], where + ".on");
      SetToday(today_);
      const std::string before = LedgerSnapshot();
      const std::string label = where + " (" + core::FormatIso(today_) + ")";
      if (event.contains("sale")) {
        RunSale(event, sale_index++, label);
      } else if (event.contains("payment")) {
        RunPayment(event, payment_index++, label);
      } else if (event.contains("reversal")) {
        RunReversal(event, label);
      } else {
        throw BadScenario(where + ": an event is a sale, a payment or a reversal");
      }
      if (event.contains("expect_error")) {
        const std::string after = LedgerSnapshot();
        if (after != before) {
          ADD_FAILURE() << file_ << ": " << label
                        << ": a refused event changed the ledger\nbefore:\n"
                        << before << "\nafter:\n"
                        << after;
        }
      }
    }
    if (scenario_.contains("statements")) {
      int s = 0;
      for (const json& statement : scenario_["statements"]) {
        CheckStatement(statement, "statements[" + std::to_string(s++) + "]");
      }
    }
  }

  std::string file_;
  json scenario_;
  TempDir dir_;
  core::FixedClock clock_{core::Instant{}};
  std::optional<core::TimeZone> zone_;
  std::unique_ptr<app::Wiring> wiring_;
  std::optional<stores::Store> store_;
  std::optional<core::Actor> actor_;
  std::optional<customers::CustomerId> customer_id_;
  core::Date today_{};
  std::map<int, sales::SaleId> sales_;
  std::map<int, payments::PaymentId> payments_;
};

TEST_P(ScenarioTest, Replays) {
  try {
    Run();
  } catch (const BadScenario& bad) {
    FAIL() << file_ << ": malformed scenario: " << bad.what();
  } catch (const json::exception& bad) {
    FAIL() << file_ << ": malformed scenario: " << bad.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return TestNameOf(param_info.param);
                         });

}  // namespace
}  // namespace fiado::testing
