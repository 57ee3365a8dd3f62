#include "collection/message_template.h"

#include <algorithm>
#include <utility>

#include "core/text.h"

namespace fiado::collection {
namespace {

constexpr std::size_t kMaxKeyChars = 40;
constexpr std::array<std::string_view, 3> kRequiredVariables = {"loja_nome", "loja_endereco",
                                                                "loja_cnpj"};

// One piece of a template: literal text, or a variable name (without braces).
struct Piece {
  std::string_view text;
  bool is_variable = false;
};

// Splits `text` into literal and variable pieces; nullopt-like error text when a brace is
// unclosed or stray.
struct Parsed {
  std::vector<Piece> pieces{};
  std::string error_pt{};
};

Parsed Parse(std::string_view text) {
  Parsed parsed;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t open = text.find_first_of("{}", start);
    if (open == std::string_view::npos) break;
    if (text[open] == '}') {
      parsed.error_pt = "chave '}' sem a '{' correspondente";
      return parsed;
    }
    const std::size_t close = text.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || text[close] == '{') {
      parsed.error_pt = "variável sem a chave de fechamento '}'";
      return parsed;
    }
    parsed.pieces.push_back({text.substr(start, open - start), false});
    parsed.pieces.push_back({text.substr(open + 1, close - open - 1), true});
    start = close + 1;
  }
  parsed.pieces.push_back({text.substr(start), false});
  return parsed;
}

bool IsKnownVariable(std::string_view name) {
  const auto& variables = TemplateVariables();
  return std::any_of(variables.begin(), variables.end(),
                     [name](const TemplateVariable& v) { return v.name == name; });
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyChars) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// " word word word ": folded to ASCII lower case, every run of non-alphanumerics one space.
std::string WordLine(std::string_view text) {
  const std::string folded = core::AsciiLower(core::FoldToAscii(text));
  std::string line = " ";
  for (char c : folded) {
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word_char) {
      line += c;
    } else if (line.back() != ' ') {
      line += ' ';
    }
  }
  if (line.back() != ' ') line += ' ';
  return line;
}

// The first forbidden word (or phrase) in `text`, empty when none.
std::string FindForbidden(std::string_view text) {
  const std::string line = WordLine(text);
  for (std::string_view word : ForbiddenWords()) {
    const std::string needle = WordLine(word);
    if (line.find(needle) != std::string::npos) return std::string(word);
  }
  return {};
}

// Checks one text (subject or body) and adds the variables it uses to `used`.
void CheckText(std::string_view text, const std::string& field, std::vector<std::string_view>& used,
               std::vector<core::FieldError>& errors) {
  const Parsed parsed = Parse(text);
  if (!parsed.error_pt.empty()) {
    errors.push_back({field, parsed.error_pt});
    return;
  }
  for (const Piece& piece : parsed.pieces) {
    if (!piece.is_variable) continue;
    if (!IsKnownVariable(piece.text)) {
      errors.push_back({field, "variável desconhecida: {" + std::string(piece.text) + "}"});
    }
    used.push_back(piece.text);
  }
  const std::string forbidden = FindForbidden(text);
  if (!forbidden.empty()) {
    errors.push_back({field, "palavra não permitida em cobrança (CDC art. 42): \"" + forbidden +
                                 "\"; prefira \"valor em aberto\""});
  }
}

std::string FirstName(std::string_view full_name) {
  const std::string trimmed = core::Trim(full_name);
  return trimmed.substr(0, trimmed.find(' '));
}

std::string InstallmentLine(const ListedInstallment& item) {
  std::string line = "Parcela " + std::to_string(item.number);
  if (item.count > 0) line += "/" + std::to_string(item.count);
  if (!item.description.empty()) line += " de " + item.description;
  return line + " — vence " + core::FormatBr(item.due_date) + " — " + item.open.Format();
}

std::string InstallmentLines(const std::vector<ListedInstallment>& items) {
  std::string lines;
  for (const ListedInstallment& item : items) {
    if (!lines.empty()) lines += "\n";
    lines += InstallmentLine(item);
  }
  return lines;
}

std::string DueDates(const std::vector<ListedInstallment>& items) {
  std::string dates;
  for (const ListedInstallment& item : items) {
    if (!dates.empty()) dates += ", ";
    dates += core::FormatBr(item.due_date);
  }
  return dates;
}

int MaxDaysLate(const std::vector<ListedInstallment>& items) {
  int days = 0;
  for (const ListedInstallment& item : items) days = std::max(days, item.days_late);
  return days;
}

std::string ValueOf(std::string_view name, const TemplateValues& values) {
  if (name == "primeiro_nome") return FirstName(values.full_name);
  if (name == "nome") return values.full_name;
  if (name == "valor_em_aberto") return values.open_total.Format();
  if (name == "valor_original") return values.original_total.Format();
  if (name == "parcelas") return InstallmentLines(values.installments);
  if (name == "vencimentos") return DueDates(values.installments);
  if (name == "dias_em_atraso") return std::to_string(MaxDaysLate(values.installments));
  if (name == "loja_nome") return values.store_name;
  if (name == "loja_endereco") return values.store_address;
  if (name == "loja_cnpj") return values.store_legal_id;
  if (name == "loja_telefone") return values.store_phone;
  if (name == "pix_copia_e_cola") return values.pix_code;
  if (name == "link_pagamento") return values.payment_link;
  return {};
}

constexpr std::string_view kSignature = "\n\n{loja_nome} — {loja_endereco} — CNPJ {loja_cnpj}";

MessageTemplate Make(std::string key, std::string name, StepAction channel, std::string subject,
                     std::string body) {
  MessageTemplate made;
  made.key = std::move(key);
  made.name = std::move(name);
  made.channel = channel;
  made.subject = std::move(subject);
  made.body = std::move(body) + std::string(kSignature);
  return made;
}

}  // namespace

const std::vector<TemplateVariable>& TemplateVariables() {
  static const std::vector<TemplateVariable> kVariables = {
      {"primeiro_nome", "primeiro nome do cliente"},
      {"nome", "nome completo do cliente"},
      {"valor_em_aberto", "valor em aberto atualizado hoje, com multa e juros"},
      {"valor_original", "valor original das parcelas ainda em aberto"},
      {"parcelas", "uma linha por parcela: número, mercadoria, vencimento e valor"},
      {"vencimentos", "datas de vencimento das parcelas, separadas por vírgula"},
      {"dias_em_atraso", "dias em atraso da parcela mais antiga"},
      {"loja_nome", "nome da loja"},
      {"loja_endereco", "endereço da loja"},
      {"loja_cnpj", "CNPJ (ou CPF) da loja"},
      {"loja_telefone", "telefone da loja"},
      {"pix_copia_e_cola", "código Pix copia e cola do valor em aberto"},
      {"link_pagamento", "link para pagamento"},
  };
  return kVariables;
}

const std::vector<std::string_view>& ForbiddenWords() {
  static const std::vector<std::string_view> kWords = {
      "dívida",    "dívidas",  "devedor",      "devedora",      "devedores",     "caloteiro",
      "caloteira", "calote",   "inadimplente", "inadimplentes", "inadimplência", "processo",
      "processar", "justiça",  "judicial",     "polícia",       "delegacia",     "protesto",
      "protestar", "vergonha", "cadeia",       "prisão",        "preso",         "penhora",
      "nome sujo", "ameaça",   "último aviso"};
  return kWords;
}

core::Status CheckTemplate(const MessageTemplate& message_template) {
  std::vector<core::FieldError> errors;
  if (!IsValidKey(message_template.key)) {
    errors.push_back({"key", "a chave deve ter de 1 a 40 caracteres entre a-z, 0-9 e -"});
  }
  if (message_template.name.empty()) errors.push_back({"name", "informe o nome do modelo"});
  if (!HasText(message_template.channel)) {
    errors.push_back({"channel", "o canal deve ser WhatsApp, SMS, e-mail ou carta"});
  }
  const bool needs_subject = message_template.channel == StepAction::kEmail ||
                             message_template.channel == StepAction::kLetter;
  if (needs_subject && core::Trim(message_template.subject).empty()) {
    errors.push_back({"subject", "informe o assunto"});
  }
  std::vector<std::string_view> used;
  CheckText(message_template.subject, "subject", used, errors);
  if (core::Trim(message_template.body).empty()) {
    errors.push_back({"body", "o texto da mensagem está vazio"});
  } else {
    CheckText(message_template.body, "body", used, errors);
  }
  for (std::string_view required : kRequiredVariables) {
    if (std::find(used.begin(), used.end(), required) == used.end()) {
      errors.push_back({"body", "inclua {" + std::string(required) +
                                    "}: toda cobrança identifica a loja (CDC art. 42-A)"});
    }
  }
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

std::string RenderTemplate(std::string_view text, const TemplateValues& values) {
  const Parsed parsed = Parse(text);
  FIADO_CHECK(parsed.error_pt.empty());
  std::string rendered;
  for (const Piece& piece : parsed.pieces) {
    rendered += piece.is_variable ? ValueOf(piece.text, values) : std::string(piece.text);
  }
  return rendered;
}

std::vector<std::pair<std::string, std::string>> TemplateParameters(std::string_view text,
                                                                    const TemplateValues& values) {
  const Parsed parsed = Parse(text);
  FIADO_CHECK(parsed.error_pt.empty());
  std::vector<std::pair<std::string, std::string>> parameters;
  for (const Piece& piece : parsed.pieces) {
    if (!piece.is_variable) continue;
    const bool seen = std::any_of(parameters.begin(), parameters.end(),
                                  [&](const auto& p) { return p.first == piece.text; });
    if (!seen) parameters.emplace_back(std::string(piece.text), ValueOf(piece.text, values));
  }
  return parameters;
}

std::vector<MessageTemplate> PresetTemplates() {
  return {
      Make("lembrete-antes-vencimento", "Lembrete antes do vencimento", StepAction::kWhatsapp, "",
           "Olá, {primeiro_nome}! Passando para lembrar que a sua parcela na {loja_nome} vence em "
           "{vencimentos}:\n{parcelas}\nSe já pagou, por favor desconsidere. Obrigado!"),
      Make("lembrete-vencimento", "Lembrete no dia do vencimento", StepAction::kWhatsapp, "",
           "Olá, {primeiro_nome}! Hoje é o dia do vencimento na {loja_nome}:\n{parcelas}\n"
           "Pix copia e cola: {pix_copia_e_cola}\nSe já pagou, por favor desconsidere."),
      Make("email-d1", "E-mail um dia após o vencimento", StepAction::kEmail,
           "{loja_nome}: lembrete de parcela em aberto",
           "Olá, {primeiro_nome},\n\nNão localizamos o pagamento da(s) parcela(s) abaixo:\n"
           "{parcelas}\n\nValor em aberto hoje: {valor_em_aberto}.\nPix copia e cola: "
           "{pix_copia_e_cola}\n\nSe o pagamento já foi feito, por favor desconsidere esta "
           "mensagem. Qualquer dúvida, fale conosco: {loja_telefone}.\n\nAtenciosamente,"),
      Make("whatsapp-d15", "WhatsApp 15 dias após o vencimento", StepAction::kWhatsapp, "",
           "Olá, {primeiro_nome}! Aqui é da {loja_nome}. Há um valor em aberto de "
           "{valor_em_aberto} ({vencimentos}). Podemos ajudar a combinar o pagamento? "
           "Pix copia e cola: {pix_copia_e_cola}"),
      Make("email-d28", "E-mail 28 dias após o vencimento", StepAction::kEmail,
           "{loja_nome}: vamos combinar o pagamento?",
           "Olá, {primeiro_nome},\n\nConsta um valor em aberto de {valor_em_aberto} referente a:\n"
           "{parcelas}\n\nQueremos ajudar: responda este e-mail ou ligue {loja_telefone} para "
           "combinarmos uma forma de pagamento que caiba no seu orçamento.\nPix copia e cola: "
           "{pix_copia_e_cola}\n\nAtenciosamente,"),
      Make("email-semanal", "E-mail semanal de valor em aberto", StepAction::kEmail,
           "{loja_nome}: valor em aberto de {valor_em_aberto}",
           "Olá, {primeiro_nome},\n\nSegue o resumo do seu valor em aberto ({dias_em_atraso} "
           "dias desde o vencimento mais antigo):\n{parcelas}\n\nTotal atualizado: "
           "{valor_em_aberto}.\nPix copia e cola: {pix_copia_e_cola}\n\nSe já pagou, por favor "
           "desconsidere.\n\nAtenciosamente,"),
      Make("sms-lembrete", "SMS de lembrete", StepAction::kSms, "",
           "{loja_nome}: {primeiro_nome}, ha um valor em aberto de {valor_em_aberto} "
           "({vencimentos}). Duvidas: {loja_telefone}."),
      Make("carta-valor-em-aberto", "Carta de valor em aberto", StepAction::kLetter,
           "Aviso de valor em aberto",
           "Prezado(a) {nome},\n\nInformamos que consta em nosso cadastro o valor em aberto de "
           "{valor_em_aberto}, referente a:\n{parcelas}\n\nPara combinar o pagamento, procure "
           "a loja ou ligue {loja_telefone}. Se o pagamento já foi feito, por favor "
           "desconsidere este aviso.\n\nAtenciosamente,"),
  };
}

}  // namespace fiado::collection
