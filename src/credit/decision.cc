#include "credit/decision.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "core/text.h"

namespace fiado::credit {
namespace {

__extension__ typedef __int128 Int128;

constexpr std::int64_t kOneReal = 100;

core::Money FloorReais(core::Money amount) {
  const std::int64_t rest = ((amount.cents() % kOneReal) + kOneReal) % kOneReal;
  return core::Money::FromCents(amount.cents() - rest);
}

// a × b / c truncated toward zero, exact in 128 bits; c > 0. The callers' results are at
// most a (b ≤ c) or a sum of checked amounts, so they fit int64.
std::int64_t MulDiv(std::int64_t a, std::int64_t b, std::int64_t c) {
  return static_cast<std::int64_t>(Int128{a} * b / c);
}

// 3000 → "30%", 2550 → "25,5%", 1234 → "12,34%".
std::string PercentText(int bps) {
  const int cents = bps % 100;
  if (cents == 0) return fmt::format("{}%", bps / 100);
  if (cents % 10 == 0) return fmt::format("{},{}%", bps / 100, cents / 10);
  return fmt::format("{},{:02}%", bps / 100, cents);
}

std::string Counted(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// What the checks found so far. A hard reason refuses; a soft one asks for a counter-offer
// whose caps are the tightest found.
struct Verdict {
  std::vector<DecisionReason> reasons{};
  bool refused = false;
  bool counter = false;
  std::optional<core::Money> max_amount{};
  std::optional<int> max_installments{};

  void Refuse(std::string code, std::string text_pt) {
    reasons.push_back({std::move(code), std::move(text_pt)});
    refused = true;
  }
  void Headroom(core::Money amount) { max_amount = std::min(max_amount.value_or(amount), amount); }
  // A soft reason with the most that fits; nothing fitting (≤ 0) refuses.
  void Counter(std::string code, std::string text_pt, core::Money fits) {
    reasons.push_back({std::move(code), std::move(text_pt)});
    if (!fits.IsPositive()) {
      refused = true;
      return;
    }
    counter = true;
    Headroom(fits);
  }
};

bool OnDemand(const DecisionInputs& in) { return in.installment_count <= 0; }

void CheckScore(const DecisionRules& rules, const DecisionInputs& in, Verdict& v) {
  if (in.behaviour.score >= rules.min_score) return;
  v.Refuse("score", fmt::format("score de comportamento {} abaixo do mínimo da loja ({})",
                                in.behaviour.score, rules.min_score));
}

std::string RestrictionText(const BureauFinding& finding) {
  std::string text = fmt::format("restrição encontrada no {} em {}", finding.bureau,
                                 core::FormatBr(finding.consulted_on));
  std::vector<std::string> details;
  if (finding.restrictions > 0)
    details.push_back(Counted(finding.restrictions, "registro", "registros"));
  if (finding.restricted_amount.IsPositive()) details.push_back(finding.restricted_amount.Format());
  if (!details.empty()) text += fmt::format(" ({})", fmt::join(details, ", "));
  return text;
}

// A finding counts while it is at most bureau_valid_days old.
void CheckBureau(const DecisionRules& rules, const DecisionInputs& in, Verdict& v) {
  const bool valid =
      in.bureau && in.bureau->consulted_on >= core::AddDays(in.today, -rules.bureau_valid_days);
  if (!valid) {
    if (!rules.bureau_required) return;
    v.Refuse("bureau_missing", rules.bureau_valid_days == 1
                                   ? "sem consulta ao SPC/Serasa no último dia"
                                   : fmt::format("sem consulta ao SPC/Serasa nos últimos {} dias",
                                                 rules.bureau_valid_days));
    return;
  }
  if (in.bureau->restricted && rules.refuse_on_restriction) {
    v.Refuse("bureau_restricted", RestrictionText(*in.bureau));
  }
}

void CheckLimit(const DecisionInputs& in, Verdict& v) {
  const core::Money available = in.credit_limit - in.open_principal;
  if (!in.credit_limit.IsPositive()) {
    v.Refuse("limit", "cliente sem limite de crédito definido");
    return;
  }
  if (OnDemand(in) && in.requested.IsZero()) {
    if (available.IsPositive()) {
      v.Headroom(available);
    } else {
      v.Refuse("limit", fmt::format("em aberto {} já ocupa todo o limite de {}",
                                    in.open_principal.Format(), in.credit_limit.Format()));
    }
    return;
  }
  if (OnDemand(in)) v.Headroom(available);
  if (in.open_principal + in.requested <= in.credit_limit) return;
  v.Counter("limit",
            fmt::format("em aberto {} + {} {} passam do limite de {}", in.open_principal.Format(),
                        OnDemand(in) ? "o valor pedido" : "esta venda", in.requested.Format(),
                        in.credit_limit.Format()),
            available);
}

std::string AffordabilityText(const DecisionRules& rules, core::Money monthly, core::Money income) {
  return fmt::format("parcelas de {} por mês passam de {} da renda declarada ({})",
                     monthly.Format(), PercentText(rules.max_commitment_income_bps),
                     income.Format());
}

// A sale: the new installment on top of the monthly commitment must fit the income share;
// the counter-offer scales the amount financed by room / installment.
void CheckSaleAffordability(const DecisionRules& rules, const DecisionInputs& in,
                            core::Money allowed, Verdict& v) {
  const core::Money monthly = in.monthly_commitment + in.installment_amount;
  if (monthly <= allowed) return;
  const core::Money room = allowed - in.monthly_commitment;
  core::Money fits{};
  if (room.IsPositive()) {  // then installment_amount > room > 0
    fits = FloorReais(core::Money::FromCents(
        MulDiv(in.requested.cents(), room.cents(), in.installment_amount.cents())));
  }
  v.Counter("affordability", AffordabilityText(rules, monthly, *in.monthly_income), fits);
}

// On demand there is no plan yet: the amount is assumed paid in the band's most installments
// (at least one), without interest, so what fits is room × that count.
void CheckOnDemandAffordability(const DecisionRules& rules, const DecisionInputs& in,
                                core::Money allowed, Verdict& v) {
  const int count =
      std::max(1, rules.max_installments_by_band[static_cast<std::size_t>(in.behaviour.band)]);
  const core::Money room = allowed - in.monthly_commitment;
  const core::Money fits = room.IsPositive() ? FloorReais(room * count) : core::Money{};
  if (in.requested.IsZero()) {
    if (fits.IsPositive()) {
      v.Headroom(fits);
    } else {
      v.Refuse(
          "affordability",
          fmt::format("parcelas de {} por mês já ocupam {} da renda declarada ({})",
                      in.monthly_commitment.Format(), PercentText(rules.max_commitment_income_bps),
                      in.monthly_income->Format()));
    }
    return;
  }
  v.Headroom(fits);
  const core::Money per_month =
      core::Money::FromCents((in.requested.cents() + count - 1) / count);  // rounded up
  const core::Money monthly = in.monthly_commitment + per_month;
  if (monthly <= allowed) return;
  v.Counter("affordability", AffordabilityText(rules, monthly, *in.monthly_income), fits);
}

// Only with a declared income (else income_missing decides, or it is not checked).
void CheckAffordability(const DecisionRules& rules, const DecisionInputs& in, Verdict& v) {
  const core::Money income = std::max(*in.monthly_income, core::Money{});
  const core::Money allowed =
      core::Money::FromCents(MulDiv(income.cents(), rules.max_commitment_income_bps, 10000));
  if (OnDemand(in)) {
    CheckOnDemandAffordability(rules, in, allowed, v);
  } else {
    CheckSaleAffordability(rules, in, allowed, v);
  }
}

void CheckInstallments(const DecisionRules& rules, const DecisionInputs& in, Verdict& v) {
  if (OnDemand(in)) return;
  const int most = rules.max_installments_by_band[static_cast<std::size_t>(in.behaviour.band)];
  if (in.installment_count <= most) return;
  const char band = BandLetter(in.behaviour.band);
  if (most <= 0) {
    v.Refuse("installments", fmt::format("a faixa {} não permite venda parcelada", band));
    return;
  }
  v.reasons.push_back({"installments", fmt::format("até {} para a faixa {}",
                                                   Counted(most, "parcela", "parcelas"), band)});
  v.counter = true;
  v.max_installments = most;
}

Decision Conclude(Verdict v, const DecisionInputs& in) {
  Decision decision;
  decision.reasons = std::move(v.reasons);
  if (v.refused) {
    decision.outcome = Outcome::kRefused;
    return decision;
  }
  decision.outcome = v.counter ? Outcome::kCounterOffer : Outcome::kApproved;
  if (v.counter || OnDemand(in)) decision.max_amount = v.max_amount;
  decision.max_installments = v.max_installments;
  return decision;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kApproved:
      return "approved";
    case Outcome::kCounterOffer:
      return "counter_offer";
    case Outcome::kRefused:
      return "refused";
    case Outcome::kOverridden:
      return "overridden";
  }
  return "refused";
}

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (Outcome outcome :
       {Outcome::kApproved, Outcome::kCounterOffer, Outcome::kRefused, Outcome::kOverridden}) {
    if (OutcomeName(outcome) == name) return outcome;
  }
  return std::nullopt;
}

std::string_view KindName(DecisionKind kind) {
  return kind == DecisionKind::kOnDemand ? "on_demand" : "sale";
}

std::optional<DecisionKind> ParseKind(std::string_view name) {
  if (name == "sale") return DecisionKind::kSale;
  if (name == "on_demand") return DecisionKind::kOnDemand;
  return std::nullopt;
}

core::Status CheckDecisionRules(const DecisionRules& rules) {
  std::vector<core::FieldError> errors;
  if (rules.min_score < 0 || rules.min_score > 1000) {
    errors.push_back({"rules.min_score", "deve estar entre 0 e 1000"});
  }
  if (rules.bureau_valid_days < 1 || rules.bureau_valid_days > 365) {
    errors.push_back({"rules.bureau_valid_days", "deve estar entre 1 e 365 dias"});
  }
  if (rules.max_commitment_income_bps < 1 || rules.max_commitment_income_bps > 10000) {
    errors.push_back(
        {"rules.max_commitment_income_bps", "deve estar entre 1 e 10000 (0,01% a 100% da renda)"});
  }
  for (std::size_t i = 0; i < rules.max_installments_by_band.size(); ++i) {
    const int most = rules.max_installments_by_band[i];
    if (most < 0 || most > 120) {
      errors.push_back({fmt::format("rules.max_installments_by_band[{}]", i),
                        "deve estar entre 0 e 120 parcelas"});
    }
  }
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

// Phase 1: hard checks (blocked, score, bureau, income missing) and the amount checks
// (limit, affordability, installments), in that order, every reason kept.
// Phase 2: refused if any hard reason or nothing fits; else a counter-offer when a soft
// reason was found; else approved. Phase 3: an owner's override.
Decision Decide(const DecisionRules& rules, const DecisionInputs& inputs,
                std::string_view override_reason, bool may_override) {
  // Phase 1
  Verdict verdict;
  const bool blocked = inputs.customer_status == customers::CustomerStatus::kBlocked;
  if (blocked) verdict.Refuse("blocked", "cliente bloqueado");
  CheckScore(rules, inputs, verdict);
  CheckBureau(rules, inputs, verdict);
  if (!inputs.monthly_income && rules.income_required) {
    verdict.Refuse("income_missing", "renda não informada");
  }
  CheckLimit(inputs, verdict);
  if (inputs.monthly_income) CheckAffordability(rules, inputs, verdict);
  CheckInstallments(rules, inputs, verdict);
  // Phase 2
  Decision decision = Conclude(std::move(verdict), inputs);
  // Phase 3
  const std::string reason = core::Trim(override_reason);
  if (decision.outcome != Outcome::kApproved && may_override && !reason.empty() && !blocked) {
    decision.outcome = Outcome::kOverridden;
    decision.override_reason = reason;
  }
  return decision;
}

}  // namespace fiado::credit
