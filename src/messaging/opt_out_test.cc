#include "messaging/opt_out.h"

#include <gtest/gtest.h>

namespace fiado::messaging {
namespace {

TEST(OptOutTest, StopWordsInAnyCaseAndAccent) {
  for (const char* reply :
       {"PARAR", "parar", "Pare", "SAIR", "sair.", "STOP", "Stop!", "Não quero", "NAO QUERO MAIS",
        "quero sair", "Parar por favor", "cancelar", "descadastrar", "  remover  ", "sair 🙏"}) {
    EXPECT_TRUE(IsOptOutReply(reply)) << reply;
  }
}

TEST(OptOutTest, SentencesThatMentionAWordAreNotOptOuts) {
  for (const char* reply : {"", "ok", "obrigado", "vou pagar amanhã", "posso sair mais cedo?",
                            "quando vou parar de pagar juros?", "Pago sexta e depois quero sair",
                            "pare de cobrar juros errados por favor"}) {
    EXPECT_FALSE(IsOptOutReply(reply)) << reply;
  }
}

TEST(OptOutTest, ConfirmationNamesShopAndChannel) {
  EXPECT_EQ(OptOutConfirmation("Loja Exemplo", "WhatsApp"),
            "Pronto! Você não receberá mais mensagens de cobrança da Loja Exemplo por WhatsApp. "
            "Para voltar a receber, fale com a loja.");
}

}  // namespace
}  // namespace fiado::messaging
