#include "core/email.h"

#include <gtest/gtest.h>

#include <string>

namespace fiado::core {
namespace {

TEST(Email, AcceptsCommonAddresses) {
  const struct {
    const char* input;
    const char* value;
  } kCases[] = {
      {"ana@example.com", "ana@example.com"},
      {"  ana.souza@loja.com.br \n", "ana.souza@loja.com.br"},
      {"Ana.Souza@Loja.COM.br", "Ana.Souza@loja.com.br"},  // local part kept as typed
      {"joao+fiado@gmail.com", "joao+fiado@gmail.com"},
      {"o'neil@ex-ample.org", "o'neil@ex-ample.org"},
      {"a@b.co", "a@b.co"},
      {"x_y-z!#$%&*/=?^`{|}~@mail.example.museum", "x_y-z!#$%&*/=?^`{|}~@mail.example.museum"},
      {"123@456.com", "123@456.com"},
      {"user@xn--caf-dma.com", "user@xn--caf-dma.com"},  // IDN in punycode
  };
  for (const auto& c : kCases) {
    auto email = Email::Parse(c.input);
    ASSERT_TRUE(email.has_value()) << c.input << ": " << email.error().Describe();
    EXPECT_EQ(email->value(), c.value);
    EXPECT_EQ(Email::Parse(email->value()), email);
  }
}

TEST(Email, LowercaseLowersEverything) {
  EXPECT_EQ(Email::Parse("Ana.Souza@Loja.COM.br")->Lowercase(), "ana.souza@loja.com.br");
}

TEST(Email, RejectsWithAReason) {
  const std::string long_local(65, 'a');
  const std::string long_label(64, 'a');
  const std::string long_total = std::string(64, 'a') + "@" + std::string(63, 'b') + "." +
                                 std::string(63, 'c') + "." + std::string(63, 'd') + ".com";
  const struct {
    std::string input;
    const char* message;
  } kCases[] = {
      {"", "não informado"},
      {"   ", "não informado"},
      {"ana.example.com", "deve ter exatamente um @"},
      {"ana@@example.com", "deve ter exatamente um @"},
      {"ana@loja@example.com", "deve ter exatamente um @"},
      {"@example.com", "falta o nome antes do @"},
      {long_local + "@example.com", "a parte antes do @ deve ter no máximo 64 caracteres"},
      {"ana souza@example.com", "a parte antes do @ contém caracteres inválidos"},
      {"joão@example.com", "a parte antes do @ contém caracteres inválidos"},
      {"\"ana\"@example.com", "a parte antes do @ contém caracteres inválidos"},
      {"ana(x)@example.com", "a parte antes do @ contém caracteres inválidos"},
      {".ana@example.com",
       "a parte antes do @ não pode começar ou terminar com ponto nem ter pontos seguidos"},
      {"ana.@example.com",
       "a parte antes do @ não pode começar ou terminar com ponto nem ter pontos seguidos"},
      {"ana..souza@example.com",
       "a parte antes do @ não pode começar ou terminar com ponto nem ter pontos seguidos"},
      {"ana@", "falta o domínio depois do @"},
      {"ana@localhost", "o domínio deve ter um ponto (ex.: gmail.com)"},
      {"ana@example..com", "o domínio não pode ter pontos seguidos nem nas pontas"},
      {"ana@.example.com", "o domínio não pode ter pontos seguidos nem nas pontas"},
      {"ana@example.com.", "o domínio não pode ter pontos seguidos nem nas pontas"},
      {"ana@exa_mple.com", "o domínio contém caracteres inválidos"},
      {"ana@exámple.com", "o domínio contém caracteres inválidos"},
      {"ana@[192.168.0.1]", "o domínio contém caracteres inválidos"},
      {"ana@-example.com", "partes do domínio não podem começar ou terminar com hífen"},
      {"ana@example-.com", "partes do domínio não podem começar ou terminar com hífen"},
      {"ana@" + long_label + ".com", "cada parte do domínio deve ter no máximo 63 caracteres"},
      {"ana@example.c", "terminação do domínio inválida (ex.: .com, .br)"},
      {"ana@example.c0m", "terminação do domínio inválida (ex.: .com, .br)"},
      {"ana@192.168.0.1", "terminação do domínio inválida (ex.: .com, .br)"},
      {long_total, "deve ter no máximo 254 caracteres"},
  };
  for (const auto& c : kCases) {
    const auto email = Email::Parse(c.input);
    ASSERT_FALSE(email.has_value()) << c.input;
    EXPECT_EQ(email.error().message_pt, c.message) << c.input;
    EXPECT_EQ(email.error().field, "email");
  }
  EXPECT_EQ(Email::Parse("x", "cliente.email").error().field, "cliente.email");
}

TEST(Email, LengthLimitsAreInclusive) {
  const std::string local(64, 'a');
  EXPECT_TRUE(Email::Parse(local + "@example.com").has_value());
  EXPECT_TRUE(Email::Parse("a@" + std::string(63, 'b') + ".com").has_value());
  // 64 + 1 + 63 + 1 + 63 + 1 + 57 + 1 + 3 = 254
  const std::string max_total = local + "@" + std::string(63, 'b') + "." + std::string(63, 'c') +
                                "." + std::string(57, 'd') + ".com";
  ASSERT_EQ(max_total.size(), 254u);
  EXPECT_TRUE(Email::Parse(max_total).has_value());
}

}  // namespace
}  // namespace fiado::core
