#include "messaging/opt_out.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"

namespace fiado::messaging {
namespace {

constexpr std::size_t kMaxWords = 4;

constexpr std::array<std::string_view, 14> kStopPhrases = {
    "parar",     "pare",           "sair",       "stop",  "cancelar", "descadastrar", "remover",
    "nao quero", "nao quero mais", "nao enviar", "chega", "bloquear", "unsubscribe",  "descadastro",
};

// The reply's words, folded: "Não quero MAIS!!" → {"nao", "quero", "mais"}.
std::vector<std::string> WordsOf(std::string_view text) {
  const std::string folded = core::SearchKey(text);
  std::vector<std::string> words;
  std::string word;
  for (char c : folded) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (letter) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string Join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string joined;
  for (std::size_t i = from; i < to; ++i) {
    if (!joined.empty()) joined += ' ';
    joined += words[i];
  }
  return joined;
}

bool IsStopPhrase(std::string_view phrase) {
  for (std::string_view stop : kStopPhrases) {
    if (stop == phrase) return true;
  }
  return false;
}

}  // namespace

bool IsOptOutReply(std::string_view text) {
  std::vector<std::string> words = WordsOf(text);
  if (words.empty() || words.size() > kMaxWords) return false;
  std::size_t from = 0;
  std::size_t to = words.size();
  if (words[from] == "quero" && to - from > 1) ++from;
  if (to - from > 2 && words[to - 2] == "por" && words[to - 1] == "favor") to -= 2;
  if (to - from > 1 && words[to - 1] == "obrigado") --to;
  return IsStopPhrase(Join(words, from, to));
}

std::string OptOutConfirmation(std::string_view shop_name, std::string_view channel_pt) {
  return fmt::format(
      "Pronto! Você não receberá mais mensagens de cobrança da {} por {}. Para voltar a "
      "receber, fale com a loja.",
      shop_name, channel_pt);
}

}  // namespace fiado::messaging
