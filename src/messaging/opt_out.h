// Opt-out by reply: a customer who answers "PARAR", "SAIR", "STOP" (and the like) to a
// WhatsApp or SMS message stops receiving collection messages on that channel at once,
// and gets one confirmation.
#pragma once

#include <string>
#include <string_view>

namespace fiado::messaging {

// True when the reply asks to stop: after folding accents and case and dropping
// punctuation and emoji, the text is one of the stop words ("parar", "pare", "sair",
// "stop", "cancelar", "descadastrar", "remover", "nao quero", "nao quero mais",
// "nao enviar", "chega", "bloquear", "unsubscribe") optionally followed by "por favor" or
// preceded by "quero" — short replies only (at most four words), so a sentence that
// merely contains "sair" is not taken as an opt-out.
bool IsOptOutReply(std::string_view text);

// The confirmation sent back: "Pronto! Você não receberá mais mensagens de cobrança da
// {shop} por {channel}. Para voltar a receber, fale com a loja."
std::string OptOutConfirmation(std::string_view shop_name, std::string_view channel_pt);

}  // namespace fiado::messaging
