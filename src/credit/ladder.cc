#include "credit/ladder.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace fiado::credit {
namespace {

constexpr std::int64_t kMaxAmountCents = 1'000'000'000;  // R$ 10 milhões
constexpr std::int64_t kOneReal = 100;

core::Money FloorReais(core::Money amount) {
  const std::int64_t cents = amount.cents();
  const std::int64_t rest = ((cents % kOneReal) + kOneReal) % kOneReal;
  return core::Money::FromCents(cents - rest);
}

core::Money CeilReais(core::Money amount) {
  const core::Money floor = FloorReais(amount);
  return floor == amount ? floor : floor + core::Money::FromCents(kOneReal);
}

__extension__ typedef __int128 Int128;

// amount × bps / 10000 truncated toward zero, exact in 128 bits; bps is 0..10000, so the
// result never exceeds the amount.
core::Money TimesBps(core::Money amount, int bps) {
  return core::Money::FromCents(static_cast<std::int64_t>(Int128{amount.cents()} * bps / 10000));
}

std::string Days(int days) { return fmt::format("{} {}", days, days == 1 ? "dia" : "dias"); }

void CheckRange(std::vector<core::FieldError>& errors, std::string_view field, int value, int min,
                int max, std::string_view message_pt) {
  if (value < min || value > max) {
    errors.push_back({fmt::format("ladder.{}", field), std::string(message_pt)});
  }
}

void CheckAmounts(const LadderPolicy& policy, std::vector<core::FieldError>& errors) {
  const std::string max_text = core::Money::FromCents(kMaxAmountCents).Format();
  for (std::size_t i = 0; i < policy.first_limit_by_band.size(); ++i) {
    const core::Money amount = policy.first_limit_by_band[i];
    if (amount.IsNegative() || amount.cents() > kMaxAmountCents) {
      errors.push_back({fmt::format("ladder.first_limit_by_band_cents[{}]", i),
                        "o limite inicial deve estar entre R$ 0,00 e " + max_text});
    }
  }
  if (!policy.cap.IsPositive() || policy.cap.cents() > kMaxAmountCents) {
    errors.push_back(
        {"ladder.cap_cents", "o teto deve ser maior que zero e no máximo " + max_text});
    return;
  }
  const core::Money highest =
      *std::max_element(policy.first_limit_by_band.begin(), policy.first_limit_by_band.end());
  if (policy.cap < highest) {
    errors.push_back({"ladder.cap_cents", "o teto deve ser pelo menos o maior limite inicial (" +
                                              highest.Format() + ")"});
  }
}

// The next rung above `current`: + raise_bps rounded down to reais, at least R$ 1,00 more,
// at most the cap.
core::Money NextRung(const LadderPolicy& policy, core::Money current) {
  core::Money next = FloorReais(current + TimesBps(current, policy.raise_bps));
  next = std::max(next, current + core::Money::FromCents(kOneReal));
  return std::min(next, std::max(policy.cap, current));
}

LadderStep Lower(const LadderPolicy& policy, const LadderInputs& inputs, LadderStep step) {
  const core::Money lowered = FloorReais(TimesBps(inputs.current_limit, policy.lower_bps));
  const core::Money floor = CeilReais(std::max(inputs.open_principal, core::Money{}));
  const core::Money new_limit = std::max(lowered, floor);
  if (inputs.lowered_during_delay || new_limit >= inputs.current_limit) {
    step.move = LadderMove::kFrozen;
    step.text_pt = "limite congelado: há parcela em atraso";
    return step;
  }
  step.move = LadderMove::kLower;
  step.new_limit = new_limit;
  step.text_pt = fmt::format("limite reduzido de {} para {}: parcela com {} de atraso",
                             inputs.current_limit.Format(), new_limit.Format(),
                             Days(inputs.current_days_late));
  return step;
}

LadderStep Climb(const LadderPolicy& policy, const LadderInputs& inputs, LadderStep step) {
  const core::Money next = NextRung(policy, inputs.current_limit);
  const int paid = std::max(0, inputs.paid_on_time_since_change);
  if (paid >= policy.raise_after_on_time) {
    step.move = LadderMove::kRaise;
    step.new_limit = next;
    step.text_pt = fmt::format("{} {} em dia: limite sobe de {} para {}", paid,
                               paid == 1 ? "parcela paga" : "parcelas pagas",
                               inputs.current_limit.Format(), next.Format());
    return step;
  }
  const int missing = policy.raise_after_on_time - paid;
  step.move = LadderMove::kHold;
  step.next_limit = next;
  step.installments_to_next = missing;
  step.text_pt = fmt::format("mais {} {} em dia para subir para {}", missing,
                             missing == 1 ? "parcela" : "parcelas", next.Format());
  return step;
}

}  // namespace

core::Status CheckLadderPolicy(const LadderPolicy& policy) {
  std::vector<core::FieldError> errors;
  CheckAmounts(policy, errors);
  CheckRange(errors, "first_limit_max_income_bps", policy.first_limit_max_income_bps, 0, 10000,
             "deve estar entre 0 e 10000 (0% a 100% da renda)");
  CheckRange(errors, "raise_after_on_time", policy.raise_after_on_time, 1, 48,
             "deve estar entre 1 e 48 parcelas");
  CheckRange(errors, "raise_bps", policy.raise_bps, 1, 10000,
             "deve estar entre 1 e 10000 (0,01% a 100%)");
  CheckRange(errors, "freeze_days_late", policy.freeze_days_late, 1, 3650,
             "deve estar entre 1 e 3650 dias");
  if (policy.lower_days_late < policy.freeze_days_late || policy.lower_days_late > 3650) {
    errors.push_back({"ladder.lower_days_late", "deve estar entre o atraso que congela o limite (" +
                                                    Days(policy.freeze_days_late) +
                                                    ") e 3650 dias"});
  }
  CheckRange(errors, "lower_bps", policy.lower_bps, 0, 10000,
             "deve estar entre 0 e 10000 (0% a 100% do limite)");
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

core::Money FirstLimit(const LadderPolicy& policy, Band band,
                       std::optional<core::Money> monthly_income) {
  const core::Money by_band = policy.first_limit_by_band[static_cast<std::size_t>(band)];
  if (!monthly_income) return by_band;
  const core::Money income = std::max(*monthly_income, core::Money{});
  const core::Money share = FloorReais(TimesBps(income, policy.first_limit_max_income_bps));
  return std::min(by_band, share);
}

LadderStep NextStep(const LadderPolicy& policy, const LadderInputs& inputs) {
  LadderStep step;
  step.current_limit = inputs.current_limit;
  step.new_limit = inputs.current_limit;
  step.next_limit = inputs.current_limit;
  if (inputs.current_days_late >= policy.lower_days_late) return Lower(policy, inputs, step);
  if (inputs.current_days_late >= policy.freeze_days_late) {
    step.move = LadderMove::kFrozen;
    step.text_pt = "limite congelado: há parcela em atraso";
    return step;
  }
  if (inputs.current_limit >= policy.cap) {
    step.move = LadderMove::kAtCap;
    step.text_pt = fmt::format("limite no teto da loja ({})", policy.cap.Format());
    return step;
  }
  if (!inputs.current_limit.IsPositive()) {
    step.move = LadderMove::kHold;
    step.text_pt = "sem limite definido: o primeiro limite é decidido pelo dono";
    return step;
  }
  return Climb(policy, inputs, step);
}

}  // namespace fiado::credit
