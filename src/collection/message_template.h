// Message templates of the régua, in Portuguese, with variables in braces
// ("Olá, {primeiro_nome}"). CheckTemplate keeps them lawful (CDC arts. 42, 42-A): no
// threats or shaming words, no unknown variable, and the shop's identification (name,
// address and CNPJ) in every text a customer receives.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection/policy.h"
#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace fiado::collection {

struct MessageTemplate {
  std::string key{};                        // [a-z0-9-], 1–40 chars, unique in the shop
  std::string name{};                       // shown in the editor
  StepAction channel = StepAction::kEmail;  // a text action (HasText)
  std::string subject{};                    // e-mail and letter; empty for WhatsApp and SMS
  std::string body{};
  friend bool operator==(const MessageTemplate&, const MessageTemplate&) = default;
};

// The variables a template may use, with what they stand for (Portuguese, for the editor):
// primeiro_nome, nome, valor_em_aberto (updated today, with late charges), valor_original,
// parcelas (one line per installment: "Parcela 3/10 de Geladeira — vence 10/11/2026 —
// R$ 150,00"; "/10" only when the count is known), vencimentos ("10/11/2026, 10/12/2026"),
// dias_em_atraso, loja_nome, loja_endereco, loja_cnpj, loja_telefone, pix_copia_e_cola,
// link_pagamento.
struct TemplateVariable {
  std::string_view name;
  std::string_view description_pt;
};
const std::vector<TemplateVariable>& TemplateVariables();

// Words a collection text must never carry (threats and shaming, CDC art. 42 and 71):
// "dívida", "devedor", "caloteiro", "inadimplente", "processo", "justiça", "polícia",
// "protesto", "vergonha", ... compared without accents and case, as whole words.
const std::vector<std::string_view>& ForbiddenWords();

// Refuses, naming the field ("body", "subject", "key") in Portuguese: an empty body; an
// unknown or unclosed variable; a forbidden word; a body (subject + body) that does not
// use loja_nome, loja_endereco and loja_cnpj (art. 42-A); an e-mail or letter without
// subject; a non-text channel.
core::Status CheckTemplate(const MessageTemplate& message_template);

// One installment listed in a message.
struct ListedInstallment {
  int number = 0;
  int count = 0;              // installments of the sale
  std::string description{};  // the sale's goods
  core::Date due_date{};
  core::Money open{};  // updated today
  int days_late = 0;
};

// What the variables become for one message.
struct TemplateValues {
  std::string full_name{};
  std::vector<ListedInstallment> installments{};  // oldest due first
  core::Money open_total{};                       // updated today
  core::Money original_total{};                   // face still open
  std::string store_name{};
  std::string store_address{};   // one line
  std::string store_legal_id{};  // formatted CNPJ or CPF
  std::string store_phone{};
  std::string pix_code{};      // copy and paste; empty when the shop has no Pix key
  std::string payment_link{};  // empty when the shop configured none
};

// Replaces every variable; the text must have passed CheckTemplate.
std::string RenderTemplate(std::string_view text, const TemplateValues& values);

// The variables of a text with their values, in the order they first appear (the
// parameters of an approved WhatsApp template built from the same text). The text must
// have passed CheckTemplate.
std::vector<std::pair<std::string, std::string>> TemplateParameters(std::string_view text,
                                                                    const TemplateValues& values);

// The shipped templates, in the vocabulary the seeds recommend ("valor em aberto").
std::vector<MessageTemplate> PresetTemplates();

}  // namespace fiado::collection
