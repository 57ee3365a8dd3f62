#include "core/email.h"

#include <algorithm>
#include <cstddef>

#include "core/text.h"

namespace fiado::core {
namespace {

constexpr std::size_t kMaxTotal = 254;
constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxLabel = 63;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9'); }

// RFC 5322 atext: letters, digits and these specials.
bool IsAtext(char c) {
  return IsAsciiAlnum(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Empty when `local` is acceptable, else the reason.
std::string_view LocalPartProblem(std::string_view local) {
  if (local.empty()) return "falta o nome antes do @";
  if (local.size() > kMaxLocal) return "a parte antes do @ deve ter no máximo 64 caracteres";
  if (!std::all_of(local.begin(), local.end(), [](char c) { return IsAtext(c) || c == '.'; })) {
    return "a parte antes do @ contém caracteres inválidos";
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "a parte antes do @ não pode começar ou terminar com ponto nem ter pontos seguidos";
  }
  return {};
}

std::string_view LabelProblem(std::string_view label) {
  if (label.empty()) return "o domínio não pode ter pontos seguidos nem nas pontas";
  if (label.size() > kMaxLabel) return "cada parte do domínio deve ter no máximo 63 caracteres";
  if (!std::all_of(label.begin(), label.end(),
                   [](char c) { return IsAsciiAlnum(c) || c == '-'; })) {
    return "o domínio contém caracteres inválidos";
  }
  if (label.front() == '-' || label.back() == '-') {
    return "partes do domínio não podem começar ou terminar com hífen";
  }
  return {};
}

// Empty when `domain` (already lower case) is acceptable, else the reason.
std::string_view DomainProblem(std::string_view domain) {
  if (domain.empty()) return "falta o domínio depois do @";
  const std::size_t last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos) return "o domínio deve ter um ponto (ex.: gmail.com)";
  for (std::size_t start = 0; start <= domain.size();) {
    const std::size_t dot = std::min(domain.find('.', start), domain.size());
    if (auto problem = LabelProblem(domain.substr(start, dot - start)); !problem.empty()) {
      return problem;
    }
    start = dot + 1;
  }
  const std::string_view tld = domain.substr(last_dot + 1);
  if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), IsAsciiLetter)) {
    return "terminação do domínio inválida (ex.: .com, .br)";
  }
  return {};
}

}  // namespace

Result<Email> Email::Parse(std::string_view text, std::string_view field) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty()) return Invalid(std::string(field), "não informado");
  if (trimmed.size() > kMaxTotal) {
    return Invalid(std::string(field), "deve ter no máximo 254 caracteres");
  }
  const std::size_t at = trimmed.find('@');
  if (at == std::string::npos || trimmed.find('@', at + 1) != std::string::npos) {
    return Invalid(std::string(field), "deve ter exatamente um @");
  }
  const std::string_view local = std::string_view(trimmed).substr(0, at);
  if (auto problem = LocalPartProblem(local); !problem.empty()) {
    return Invalid(std::string(field), std::string(problem));
  }
  const std::string domain = AsciiLower(std::string_view(trimmed).substr(at + 1));
  if (auto problem = DomainProblem(domain); !problem.empty()) {
    return Invalid(std::string(field), std::string(problem));
  }
  return Email(std::string(local) + '@' + domain);
}

std::string Email::Lowercase() const { return AsciiLower(value_); }

}  // namespace fiado::core
