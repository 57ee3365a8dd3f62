#include "collection/message_template.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collection/engine_test_support.h"
#include "core/text.h"

namespace fiado::collection {
namespace {

using testing::D;

constexpr std::string_view kSignature = " {loja_nome}, {loja_endereco}, CNPJ {loja_cnpj}";

MessageTemplate Whatsapp(std::string body) {
  MessageTemplate message;
  message.key = "teste";
  message.name = "Teste";
  message.channel = StepAction::kWhatsapp;
  message.body = std::move(body) + std::string(kSignature);
  return message;
}

std::vector<std::string> FieldsOf(const core::Status& status) {
  std::vector<std::string> fields;
  if (status) return fields;
  for (const core::FieldError& field : status.error().fields) fields.push_back(field.field);
  return fields;
}

std::string FirstMessage(const core::Status& status) {
  return status ? std::string() : status.error().fields.front().message_pt;
}

TemplateValues Values() {
  TemplateValues values;
  values.full_name = "Maria Aparecida da Silva";
  values.installments = {
      ListedInstallment{3, 10, "Geladeira", D(2026, 11, 10), core::Money::FromCents(15000), 12},
      ListedInstallment{1, 2, "Fogão", D(2026, 11, 20), core::Money::FromCents(123456), 2}};
  values.open_total = core::Money::FromCents(138456);
  values.original_total = core::Money::FromCents(130000);
  values.store_name = "Magazine Boa Compra";
  values.store_address = "Rua das Flores, 100";
  values.store_legal_id = "11.222.333/0001-81";
  values.store_phone = "(19) 3232-1000";
  values.pix_code = "000201...";
  values.payment_link = "https://loja.example/p/abc";
  return values;
}

TEST(MessageTemplateTest, ListsEveryVariable) {
  std::vector<std::string_view> names;
  for (const TemplateVariable& v : TemplateVariables()) {
    names.push_back(v.name);
    EXPECT_FALSE(v.description_pt.empty());
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{
                       "primeiro_nome", "nome", "valor_em_aberto", "valor_original", "parcelas",
                       "vencimentos", "dias_em_atraso", "loja_nome", "loja_endereco", "loja_cnpj",
                       "loja_telefone", "pix_copia_e_cola", "link_pagamento"}));
}

TEST(MessageTemplateTest, PresetsAreLawfulAndPolite) {
  const std::vector<MessageTemplate> presets = PresetTemplates();
  EXPECT_GE(presets.size(), 6u);
  for (const MessageTemplate& preset : presets) {
    const core::Status status = CheckTemplate(preset);
    EXPECT_TRUE(status) << preset.key << ": " << (status ? "" : status.error().Describe());
    const std::string folded = core::SearchKey(preset.subject + " " + preset.body);
    EXPECT_EQ(folded.find("divida"), std::string::npos) << preset.key;
  }
}

TEST(MessageTemplateTest, PresetsCoverEveryStepOfThePresetPolicies) {
  std::vector<std::string> keys;
  for (const MessageTemplate& preset : PresetTemplates()) keys.push_back(preset.key);
  for (const Policy& policy : PresetPolicies()) {
    for (const Step& step : policy.steps) {
      if (!HasText(step.action)) continue;
      EXPECT_NE(std::find(keys.begin(), keys.end(), step.template_key), keys.end())
          << step.template_key;
    }
  }
}

TEST(MessageTemplateTest, ForbiddenWordsIgnoreAccentsAndCase) {
  for (const char* body : {"Sua dívida venceu.", "Sua DIVIDA venceu.", "Caro devedor,",
                           "Evite o PROTESTO", "vamos à Justiça", "que vergonha!"}) {
    const core::Status status = CheckTemplate(Whatsapp(body));
    EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{"body"})) << body;
  }
  EXPECT_NE(FirstMessage(CheckTemplate(Whatsapp("sua dívida"))).find("\"dívida\""),
            std::string::npos);
}

TEST(MessageTemplateTest, ForbiddenWordsAreWholeWords) {
  EXPECT_TRUE(CheckTemplate(Whatsapp("Processamento do pagamento em até 1 dia útil.")));
  EXPECT_TRUE(CheckTemplate(Whatsapp("Pagamento individualizado por parcela.")));
  EXPECT_FALSE(CheckTemplate(Whatsapp("Seu nome   SUJO na praça")));
}

TEST(MessageTemplateTest, RefusesUnknownAndUnclosedVariables) {
  EXPECT_EQ(FirstMessage(CheckTemplate(Whatsapp("Olá, {apelido}"))),
            "variável desconhecida: {apelido}");
  EXPECT_EQ(FirstMessage(CheckTemplate(Whatsapp("Olá, {primeiro_nome"))),
            "variável sem a chave de fechamento '}'");
  EXPECT_EQ(FirstMessage(CheckTemplate(Whatsapp("Olá, {primeiro_{nome}}"))),
            "variável sem a chave de fechamento '}'");
  EXPECT_EQ(FirstMessage(CheckTemplate(Whatsapp("Olá } mundo"))),
            "chave '}' sem a '{' correspondente");
}

TEST(MessageTemplateTest, RequiresTheShopIdentification) {
  MessageTemplate message = Whatsapp("");
  message.body = "Olá, {primeiro_nome}. {loja_nome}, {loja_endereco}";
  const core::Status status = CheckTemplate(message);
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{"body"}));
  EXPECT_NE(FirstMessage(status).find("{loja_cnpj}"), std::string::npos);
  message.subject = "{loja_cnpj}";  // the subject counts too (e-mail)
  message.channel = StepAction::kEmail;
  EXPECT_TRUE(CheckTemplate(message));
}

TEST(MessageTemplateTest, RefusesEmptyBodyMissingSubjectBadKeyAndChannel) {
  MessageTemplate message = Whatsapp("");
  message.body = "   ";
  EXPECT_NE(FieldsOf(CheckTemplate(message)).front(), "");
  EXPECT_EQ(FieldsOf(CheckTemplate(message)).front(), "body");

  message = Whatsapp("Olá");
  message.channel = StepAction::kEmail;
  EXPECT_EQ(FieldsOf(CheckTemplate(message)), (std::vector<std::string>{"subject"}));
  message.channel = StepAction::kLetter;
  EXPECT_EQ(FieldsOf(CheckTemplate(message)), (std::vector<std::string>{"subject"}));

  message = Whatsapp("Olá");
  message.key = "Com Espaço";
  EXPECT_EQ(FieldsOf(CheckTemplate(message)), (std::vector<std::string>{"key"}));
  message.key = "ok";
  message.channel = StepAction::kCallTask;
  EXPECT_EQ(FieldsOf(CheckTemplate(message)), (std::vector<std::string>{"channel"}));
}

TEST(MessageTemplateTest, RendersEveryVariable) {
  const TemplateValues values = Values();
  EXPECT_EQ(RenderTemplate("Olá, {primeiro_nome} ({nome})", values),
            "Olá, Maria (Maria Aparecida da Silva)");
  EXPECT_EQ(RenderTemplate("{valor_em_aberto} de {valor_original}", values),
            "R$ 1.384,56 de R$ 1.300,00");
  EXPECT_EQ(RenderTemplate("{vencimentos}", values), "10/11/2026, 20/11/2026");
  EXPECT_EQ(RenderTemplate("{parcelas}", values),
            "Parcela 3/10 de Geladeira — vence 10/11/2026 — R$ 150,00\n"
            "Parcela 1/2 de Fogão — vence 20/11/2026 — R$ 1.234,56");
  EXPECT_EQ(RenderTemplate("{dias_em_atraso} dias", values), "12 dias");
  EXPECT_EQ(RenderTemplate("{loja_nome}|{loja_endereco}|{loja_cnpj}|{loja_telefone}", values),
            "Magazine Boa Compra|Rua das Flores, 100|11.222.333/0001-81|(19) 3232-1000");
  EXPECT_EQ(RenderTemplate("{pix_copia_e_cola} {link_pagamento}", values),
            "000201... https://loja.example/p/abc");
  EXPECT_EQ(RenderTemplate("sem variáveis", values), "sem variáveis");
}

TEST(MessageTemplateTest, RendersThePresets) {
  const TemplateValues values = Values();
  for (const MessageTemplate& preset : PresetTemplates()) {
    const std::string body = RenderTemplate(preset.body, values);
    EXPECT_EQ(body.find('{'), std::string::npos) << preset.key;
    EXPECT_NE(body.find("Magazine Boa Compra"), std::string::npos) << preset.key;
    EXPECT_NE(body.find("11.222.333/0001-81"), std::string::npos) << preset.key;
    EXPECT_NE(body.find("Rua das Flores, 100"), std::string::npos) << preset.key;
  }
}

}  // namespace
}  // namespace fiado::collection
