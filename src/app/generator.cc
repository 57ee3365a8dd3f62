#include "app/generator.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <future>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/tax_id.h"
#include "core/text.h"
#include "core/time_zone.h"
#include "customers/customer.h"
#include "json/customer_json.h"
#include "json/store_json.h"
#include "payments/allocation.h"
#include "payments/ledger.h"
#include "sales/sale.h"

namespace fiado::app {
namespace {

using core::Date;
using core::Instant;
using core::Money;
using core::Rate;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Every generated row is written by this actor, as the demo seeding writes its own.
constexpr const char* kActor = "system";
constexpr const char* kLimitReason = "limite inicial (dados de demonstração)";
constexpr int kHistoryDays = 730;  // sales fall in the 24 months before today

// ---------------------------------------------------------------------------------------
// Randomness: SplitMix64 to derive seeds, xoshiro256** for the stream of one customer.
// Our own distributions (not <random>'s), so a seed gives the same rows with any
// standard library.

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t HashText(std::string_view text) {
  std::uint64_t hash = 0xCBF29CE484222325ull;  // FNV-1a
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return Mix(hash);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& word : state_) word = seed = Mix(seed);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [low, high] (the modulo bias is below 2^-40 for these ranges).
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    FIADO_CHECK(low <= high);
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<std::int64_t>(Next() % span);
  }
  int Int(int low, int high) { return static_cast<int>(Between(low, high)); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double probability) { return Unit() < probability; }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(items.size()) - 1))];
  }

  // An index drawn with the given weights.
  std::size_t Weighted(std::span<const int> weights) {
    int total = 0;
    for (int weight : weights) total += weight;
    int draw = Int(0, total - 1);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (draw < weights[i]) return i;
      draw -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

// ---------------------------------------------------------------------------------------
// Tables

constexpr std::array<std::string_view, 64> kWomenNames = {
    "Maria",     "Ana",      "Francisca", "Antônia",   "Adriana",   "Juliana",  "Márcia",
    "Fernanda",  "Patrícia", "Aline",     "Sandra",    "Camila",    "Amanda",   "Bruna",
    "Jéssica",   "Letícia",  "Júlia",     "Luciana",   "Vanessa",   "Mariana",  "Gabriela",
    "Vera",      "Vitória",  "Larissa",   "Cláudia",   "Beatriz",   "Luana",    "Rita",
    "Sônia",     "Renata",   "Eliane",    "Josefa",    "Simone",    "Natália",  "Raimunda",
    "Débora",    "Tatiane",  "Kátia",     "Cristiane", "Rosângela", "Lúcia",    "Fátima",
    "Conceição", "Helena",   "Alice",     "Valentina", "Laura",     "Manuela",  "Sophia",
    "Isabela",   "Lívia",    "Giovana",   "Yasmin",    "Thaís",     "Priscila", "Regina",
    "Célia",     "Tânia",    "Michele",   "Érica",     "Nathália",  "Carla",    "Luíza",
    "Eduarda"};

constexpr std::array<std::string_view, 64> kMenNames = {
    "José",      "João",     "Antônio",  "Francisco",  "Carlos",   "Paulo",   "Pedro",
    "Lucas",     "Luiz",     "Marcos",   "Luís",       "Gabriel",  "Rafael",  "Daniel",
    "Marcelo",   "Bruno",    "Eduardo",  "Felipe",     "Raimundo", "Rodrigo", "Manoel",
    "Mateus",    "André",    "Fernando", "Fábio",      "Leonardo", "Gustavo", "Guilherme",
    "Leandro",   "Tiago",    "Anderson", "Ricardo",    "Márcio",   "Jorge",   "Sebastião",
    "Alexandre", "Roberto",  "Sérgio",   "Cláudio",    "Vinícius", "Otávio",  "Júlio",
    "Renato",    "Samuel",   "Davi",     "Heitor",     "Arthur",   "Miguel",  "Enzo",
    "Joaquim",   "Benedito", "Edson",    "Wellington", "Diego",    "Caio",    "Igor",
    "Hélio",     "Flávio",   "Vítor",    "Rogério",    "Nélson",   "Emanuel", "Henrique",
    "Augusto"};

constexpr std::array<std::string_view, 72> kSurnames = {
    "Silva",      "Santos",     "Oliveira", "Souza",     "Rodrigues", "Ferreira",  "Alves",
    "Pereira",    "Lima",       "Gomes",    "Costa",     "Ribeiro",   "Martins",   "Carvalho",
    "Almeida",    "Lopes",      "Soares",   "Fernandes", "Vieira",    "Barbosa",   "Rocha",
    "Dias",       "Nascimento", "Andrade",  "Moreira",   "Nunes",     "Marques",   "Machado",
    "Mendes",     "Freitas",    "Cardoso",  "Ramos",     "Gonçalves", "Santana",   "Teixeira",
    "Araújo",     "Conceição",  "Brandão",  "Magalhães", "Guimarães", "Simões",    "Assunção",
    "Gusmão",     "Falcão",     "Sampaio",  "Batista",   "Monteiro",  "Correia",   "Moura",
    "Cavalcanti", "Pinto",      "Cunha",    "Farias",    "Melo",      "Barros",    "Campos",
    "Reis",       "Xavier",     "Aragão",   "Loureiro",  "Peixoto",   "Queiroz",   "Siqueira",
    "Nogueira",   "Leão",       "Paixão",   "Bezerra",   "Macêdo",    "Damasceno", "Figueiredo",
    "Brito",      "Estêvão"};

using Names = std::span<const std::string_view>;

// Surnames that come with their particle, which agrees with them ("da Silva", "dos Santos").
constexpr std::array<std::string_view, 21> kParticleSurnames = {
    "da Silva",   "da Costa",  "da Conceição", "da Rocha",   "da Cunha", "da Paixão",
    "da Luz",     "de Souza",  "de Oliveira",  "de Almeida", "de Jesus", "de Lima",
    "de Freitas", "de Assis",  "de Melo",      "dos Santos", "dos Reis", "dos Anjos",
    "das Neves",  "das Dores", "das Chagas"};

// Compound given names as Brazilians use them ("Maria Eduarda", "João Pedro").
constexpr std::array<std::string_view, 14> kWomenCompoundNames = {
    "Maria Eduarda", "Ana Paula",        "Maria Clara",      "Ana Clara",   "Maria Luíza",
    "Ana Carolina",  "Maria Aparecida",  "Maria José",       "Ana Beatriz", "Maria Fernanda",
    "Ana Júlia",     "Maria de Lourdes", "Maria das Graças", "Ana Lúcia"};
constexpr std::array<std::string_view, 14> kMenCompoundNames = {
    "João Pedro",     "José Carlos", "Luiz Carlos",          "Carlos Eduardo",  "Paulo Henrique",
    "Pedro Henrique", "João Vítor",  "Luís Fernando",        "Marcos Vinícius", "Antônio Carlos",
    "José Roberto",   "João Paulo",  "Francisco das Chagas", "José Antônio"};

struct City {
  std::string_view name;
  std::string_view state;
  std::string_view ddd;
  int cep_low;  // first five digits of the city's CEPs
  int cep_high;
  int weight;  // roughly the population, in hundred thousands
};

constexpr std::array<City, 50> kCities = {{
    {"São Paulo", "SP", "11", 1000, 5999, 120},
    {"Guarulhos", "SP", "11", 7000, 7399, 14},
    {"Campinas", "SP", "19", 13000, 13139, 12},
    {"Santo André", "SP", "11", 9000, 9299, 7},
    {"Osasco", "SP", "11", 6000, 6299, 7},
    {"Sorocaba", "SP", "15", 18000, 18109, 7},
    {"Ribeirão Preto", "SP", "16", 14000, 14114, 7},
    {"São José dos Campos", "SP", "12", 12200, 12248, 7},
    {"Rio de Janeiro", "RJ", "21", 20000, 23799, 67},
    {"Niterói", "RJ", "21", 24000, 24399, 5},
    {"Duque de Caxias", "RJ", "21", 25000, 25299, 9},
    {"Nova Iguaçu", "RJ", "21", 26000, 26099, 8},
    {"Belo Horizonte", "MG", "31", 30000, 31999, 23},
    {"Contagem", "MG", "31", 32000, 32399, 6},
    {"Uberlândia", "MG", "34", 38400, 38415, 7},
    {"Juiz de Fora", "MG", "32", 36000, 36099, 5},
    {"Salvador", "BA", "71", 40000, 42599, 24},
    {"Feira de Santana", "BA", "75", 44000, 44099, 6},
    {"Fortaleza", "CE", "85", 60000, 61599, 24},
    {"Recife", "PE", "81", 50000, 52999, 15},
    {"Jaboatão dos Guararapes", "PE", "81", 54000, 54499, 6},
    {"Petrolina", "PE", "87", 56300, 56339, 4},
    {"Curitiba", "PR", "41", 80000, 82999, 18},
    {"Londrina", "PR", "43", 86000, 86099, 6},
    {"Porto Alegre", "RS", "51", 90000, 91999, 13},
    {"Caxias do Sul", "RS", "54", 95000, 95124, 5},
    {"Manaus", "AM", "92", 69000, 69099, 21},
    {"Belém", "PA", "91", 66000, 66999, 13},
    {"Santarém", "PA", "93", 68000, 68109, 3},
    {"Goiânia", "GO", "62", 74000, 74899, 15},
    {"Brasília", "DF", "61", 70000, 72799, 28},
    {"São Luís", "MA", "98", 65000, 65109, 10},
    {"Imperatriz", "MA", "99", 65900, 65919, 3},
    {"Maceió", "AL", "82", 57000, 57099, 10},
    {"Natal", "RN", "84", 59000, 59099, 8},
    {"Mossoró", "RN", "84", 59600, 59649, 3},
    {"João Pessoa", "PB", "83", 58000, 58099, 8},
    {"Teresina", "PI", "86", 64000, 64099, 9},
    {"Campo Grande", "MS", "67", 79000, 79124, 9},
    {"Cuiabá", "MT", "65", 78000, 78109, 6},
    {"Florianópolis", "SC", "48", 88000, 88099, 5},
    {"Joinville", "SC", "47", 89200, 89239, 6},
    {"Aracaju", "SE", "79", 49000, 49099, 6},
    {"Vitória", "ES", "27", 29000, 29099, 3},
    {"Vila Velha", "ES", "27", 29100, 29129, 5},
    {"Porto Velho", "RO", "69", 76800, 76834, 5},
    {"Macapá", "AP", "96", 68900, 68914, 4},
    {"Boa Vista", "RR", "95", 69300, 69339, 4},
    {"Palmas", "TO", "63", 77000, 77270, 3},
    {"Rio Branco", "AC", "68", 69900, 69923, 4},
}};

constexpr std::array<std::string_view, 34> kStreets = {"Rua das Flores",
                                                       "Rua São João",
                                                       "Rua Sete de Setembro",
                                                       "Rua Tiradentes",
                                                       "Avenida Dom Pedro II",
                                                       "Rua Santos Dumont",
                                                       "Avenida Barão do Rio Branco",
                                                       "Rua Marechal Deodoro",
                                                       "Rua XV de Novembro",
                                                       "Avenida Getúlio Vargas",
                                                       "Avenida Presidente Vargas",
                                                       "Rua José Bonifácio",
                                                       "Rua Castro Alves",
                                                       "Rua Rui Barbosa",
                                                       "Rua Duque de Caxias",
                                                       "Rua Floriano Peixoto",
                                                       "Rua Benjamin Constant",
                                                       "Rua Amazonas",
                                                       "Rua Bahia",
                                                       "Travessa Paraná",
                                                       "Rua das Palmeiras",
                                                       "Rua dos Ipês",
                                                       "Rua Boa Vista",
                                                       "Avenida Bela Vista",
                                                       "Rua da Paz",
                                                       "Rua Santa Luzia",
                                                       "Rua São Sebastião",
                                                       "Rua Nossa Senhora Aparecida",
                                                       "Rua Padre Cícero",
                                                       "Rua Monteiro Lobato",
                                                       "Rua Machado de Assis",
                                                       "Rua Cecília Meireles",
                                                       "Travessa Chico Mendes",
                                                       "Avenida Brasil"};

constexpr std::array<std::string_view, 20> kDistricts = {
    "Centro",           "Jardim América",   "Vila Nova",
    "Boa Vista",        "Santa Cruz",       "São José",
    "Jardim Primavera", "Vila Esperança",   "Parque São Jorge",
    "Cidade Nova",      "Bela Vista",       "Jardim das Flores",
    "Vila Maria",       "Santo Antônio",    "Liberdade",
    "Campo Grande",     "Jardim Paulista",  "Conjunto Habitacional",
    "Novo Horizonte",   "Alto da Boa Vista"};

struct Occupation {
  std::string_view woman;
  std::string_view man;
  bool employed;            // has an employer
  std::int64_t income_low;  // R$ a month
  std::int64_t income_high;
  int min_age = 18;
  int max_age = 78;
};

constexpr std::array<Occupation, 22> kOccupations = {{
    {"autônoma", "autônomo", false, 1'412, 6'000},
    {"vendedora", "vendedor", true, 1'600, 4'500},
    {"auxiliar administrativa", "auxiliar administrativo", true, 1'700, 3'200},
    {"diarista", "pedreiro", false, 1'412, 4'000},
    {"motorista", "motorista", true, 2'200, 5'500},
    {"professora", "professor", true, 3'000, 7'500},
    {"costureira", "eletricista", false, 1'500, 4'500},
    {"cabeleireira", "barbeiro", false, 1'500, 5'000},
    {"comerciante", "comerciante", false, 2'500, 12'000},
    {"aposentada", "aposentado", false, 1'412, 5'000, 55, 78},
    {"técnica de enfermagem", "técnico de enfermagem", true, 2'800, 4'800},
    {"operadora de caixa", "operador de caixa", true, 1'500, 2'300},
    {"cozinheira", "mecânico", true, 1'800, 4'200},
    {"manicure", "motoboy", false, 1'412, 3'500},
    {"servidora pública", "servidor público", true, 3'500, 14'000},
    {"agricultora", "agricultor", false, 1'412, 4'000},
    {"recepcionista", "porteiro", true, 1'600, 2'600},
    {"enfermeira", "enfermeiro", true, 4'500, 9'000},
    {"analista de sistemas", "analista de sistemas", true, 5'000, 15'000},
    {"empregada doméstica", "jardineiro", false, 1'412, 2'400},
    {"estudante", "estudante", false, 800, 2'000, 18, 26},
    {"gerente de loja", "gerente de loja", true, 4'000, 10'000},
}};

constexpr std::array<std::string_view, 16> kEmployers = {
    "Supermercado Bom Preço",   "Prefeitura Municipal",       "Hospital São Lucas",
    "Construtora Horizonte",    "Transportes Rápido Sul",     "Escola Estadual Castro Alves",
    "Padaria Pão Dourado",      "Magazine Central",           "Clínica Vida",
    "Auto Peças Irmãos Silva",  "Farmácia Popular do Bairro", "Atacadão Nordeste",
    "Confecções Estrela",       "Secretaria de Saúde",        "Condomínio Jardim Europa",
    "Posto Ipiranga da Avenida"};

// How a reference knows the customer, in the reference's gender.
constexpr std::array<std::string_view, 9> kWomenRelations = {
    "mãe", "irmã", "vizinha", "tia", "amiga", "cunhada", "filha", "prima", "colega de trabalho"};
constexpr std::array<std::string_view, 10> kMenRelations = {
    "pai",     "irmão", "vizinho", "tio",    "amigo",
    "cunhado", "filho", "primo",   "patrão", "colega de trabalho"};

constexpr std::array<std::string_view, 6> kEmailDomains = {
    "gmail.com", "hotmail.com", "yahoo.com.br", "outlook.com", "uol.com.br", "bol.com.br"};

// Goods by price band, so a R$ 250 sale is not a refrigerator.
constexpr std::array<std::string_view, 14> kSmallGoods = {"Liquidificador 12 velocidades",
                                                          "Ventilador de coluna 40 cm",
                                                          "Micro-ondas 20 L",
                                                          "Jogo de panelas antiaderente 5 peças",
                                                          "Tênis esportivo",
                                                          "Jaqueta jeans",
                                                          "Cafeteira elétrica",
                                                          "Ferro de passar a vapor",
                                                          "Fone de ouvido Bluetooth",
                                                          "Jogo de cama casal 4 peças",
                                                          "Forno elétrico 44 L",
                                                          "Aspirador de pó 1.200 W",
                                                          "Batedeira planetária",
                                                          "Kit uniforme escolar"};
constexpr std::array<std::string_view, 12> kMediumGoods = {
    "Smartphone 64 GB",      "Tanquinho 10 kg",
    "Bicicleta aro 29",      "Fogão 4 bocas",
    "Rack para TV até 55\"", "Cama box solteiro",
    "Guarda-roupa 3 portas", "Mesa de jantar com 4 cadeiras",
    "Micro-ondas 32 L",      "Smart TV 32\"",
    "Cômoda 5 gavetas",      "Purificador de água"};
constexpr std::array<std::string_view, 12> kLargeGoods = {
    "Geladeira frost free 375 L",
    "Máquina de lavar 12 kg",
    "Smart TV 50\" 4K",
    "Sofá retrátil 3 lugares",
    "Colchão casal de molas ensacadas",
    "Notebook 15,6\"",
    "Guarda-roupa casal 6 portas",
    "Smartphone 128 GB",
    "Ar-condicionado split 9.000 BTUs",
    "Fogão 5 bocas com acendimento automático",
    "Cozinha compacta 4 peças",
    "Bicicleta elétrica"};
constexpr std::array<std::string_view, 10> kPremiumGoods = {"Geladeira French Door 540 L",
                                                            "Smart TV 65\" 4K",
                                                            "Jogo de quarto casal completo",
                                                            "Notebook gamer",
                                                            "Conjunto de sofás 5 lugares",
                                                            "Lava e seca 11 kg",
                                                            "Ar-condicionado split 18.000 BTUs",
                                                            "Cozinha planejada",
                                                            "Smartphone 256 GB",
                                                            "Kit geladeira, fogão e micro-ondas"};

// Installment counts a sale of each band gets, with their weights.
constexpr std::array<int, 6> kSmallCounts = {1, 2, 3, 4, 5, 6};
constexpr std::array<int, 6> kSmallWeights = {12, 22, 26, 14, 13, 13};
constexpr std::array<int, 7> kMediumCounts = {3, 4, 5, 6, 8, 10, 12};
constexpr std::array<int, 7> kMediumWeights = {12, 12, 16, 24, 14, 14, 8};
constexpr std::array<int, 6> kLargeCounts = {5, 6, 8, 10, 12, 15};
constexpr std::array<int, 6> kLargeWeights = {10, 16, 16, 28, 20, 10};
constexpr std::array<int, 6> kPremiumCounts = {10, 12, 15, 18, 20, 24};
constexpr std::array<int, 6> kPremiumWeights = {22, 30, 15, 13, 10, 10};

// Explicit monthly rates a clerk types, in basis points (0 is "sem juros").
constexpr std::array<std::int64_t, 11> kTypedRatesBps = {199, 249, 299, 349, 399, 449,
                                                         499, 549, 599, 649, 699};
constexpr std::array<int, 5> kDueDays = {5, 10, 15, 20, 25};

// ---------------------------------------------------------------------------------------
// Ids: UUIDv7-shaped text from a time base and the customer's stream. Customer i takes
// the millisecond base + i and numbers its rows in the 12 counter bits, so ids grow with
// i (indexes fill in order) and never depend on the clock.

std::string UuidText(std::uint64_t ms, std::uint32_t counter, std::uint64_t random) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint64_t high = (ms << 16) | 0x7000u | (counter & 0xFFFu);
  const std::uint64_t low = (random & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  std::string text(36, '-');
  std::size_t at = 0;
  const auto put = [&](std::uint64_t value, int nibbles) {
    for (int shift = (nibbles - 1) * 4; shift >= 0; shift -= 4) {
      if (at == 8 || at == 13 || at == 18 || at == 23) ++at;
      text[at++] = kHex[(value >> shift) & 0xFu];
    }
  };
  put(high, 16);
  put(low, 16);
  return text;
}

class IdMaker {
 public:
  IdMaker(std::uint64_t ms, Rng& rng) : ms_(ms), rng_(rng) {}
  std::string NextText() {
    FIADO_CHECK(counter_ < 0x1000u);  // at most 4096 rows with ids per customer
    return UuidText(ms_, counter_++, rng_.Next());
  }
  template <typename Tag>
  core::Id<Tag> Next() {
    return core::Id<Tag>::FromTrusted(NextText());
  }

 private:
  std::uint64_t ms_;
  std::uint32_t counter_ = 0;
  Rng& rng_;
};

// ---------------------------------------------------------------------------------------
// CPFs: customer i gets the first nine digits P(i + 1), where P is a keyed permutation of
// the nine-digit numbers (a Feistel network on 30 bits, cycle-walked into [0, 10^9) and
// past the repeated-digit sequences), so the CPFs of one run are distinct and look random.

constexpr std::uint64_t kCpfSpace = 1'000'000'000;

bool IsRepeatedDigits(std::uint64_t base) { return base % 111'111'111 == 0; }

std::uint64_t Feistel30(std::uint64_t value, std::uint64_t key) {
  std::uint64_t left = value >> 15;
  std::uint64_t right = value & 0x7FFFu;
  for (std::uint64_t round = 0; round < 4; ++round) {
    const std::uint64_t next = left ^ (Mix(key ^ (round << 32) ^ right) & 0x7FFFu);
    left = right;
    right = next;
  }
  return (left << 15) | right;
}

std::string CpfOf(std::int64_t index, std::uint64_t key) {
  std::uint64_t base = static_cast<std::uint64_t>(index) + 1;
  do {
    base = Feistel30(base, key);
  } while (base >= kCpfSpace || IsRepeatedDigits(base));
  std::ostringstream digits;
  digits << std::setw(9) << std::setfill('0') << base;
  const std::string first9 = digits.str();
  return first9 + core::CpfCheckDigits(first9);
}

// ---------------------------------------------------------------------------------------
// The run: what every customer's generation reads, shared by the threads.

struct Portfolio {
  const stores::Store& store;
  core::BusinessCalendar calendar;
  core::TimeZone zone;
  Date today;
  std::uint64_t content_key;  // from the seed: people, sales, payments, CPFs
  std::uint64_t id_key;       // from the seed and the store id: the ids' random bits
  std::uint64_t id_base_ms;
  std::size_t home_city;  // index in kCities of the store's city (or São Paulo)
};

std::size_t HomeCityOf(const stores::Store& store) {
  const std::string key = core::SearchKey(store.address.city);
  for (std::size_t i = 0; i < kCities.size(); ++i) {
    if (core::SearchKey(kCities[i].name) == key) return i;
  }
  return 0;
}

std::uint64_t MillisOf(Date date) {
  const auto since_epoch = std::chrono::sys_days(date).time_since_epoch();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count());
}

// A result the generator built from valid inputs: an error is a bug in the generator.
template <typename T>
T Valid(core::Result<T> result, const char* what) {
  if (!result) {
    throw std::logic_error(std::string("gerador: ") + what + ": " + result.error().Describe());
  }
  return std::move(*result);
}

// ---------------------------------------------------------------------------------------
// One customer: who they are, what they bought, how they paid.

enum class Habit { kOnTime, kLate, kStops };

struct GeneratedCustomer {
  customers::Customer customer;
  std::vector<sales::CreditDecision> decisions;  // one per sale, in the same order
  payments::Book book;                           // sales and payments in recording order
};

class CustomerMaker {
 public:
  // Who the customer is and what they did depend on the seed and the index only (the demo
  // shows the same people in every fresh store); the ids' random bits also on the store,
  // so runs into two stores never collide.
  CustomerMaker(const Portfolio& portfolio, std::int64_t index)
      : p_(portfolio),
        rng_(Mix(portfolio.content_key ^ Mix(static_cast<std::uint64_t>(index)))),
        id_rng_(Mix(portfolio.id_key ^ Mix(static_cast<std::uint64_t>(index)))),
        ids_(portfolio.id_base_ms + static_cast<std::uint64_t>(index), id_rng_) {}

  GeneratedCustomer Make(const std::string& cpf);

 private:
  struct Person {
    bool woman = false;
    std::string first_name;
    std::string surname;
  };
  // Phase 1
  Person DrawPerson();
  std::string DrawPhone(const City& city, bool mobile);
  customers::CustomerDraft DrawDraft(const std::string& cpf, Date created_on);
  // Phase 2
  std::vector<Date> DrawSaleDates();
  sales::Sale DrawSale(const customers::CustomerId& customer_id, Date sale_date);
  // Phase 3
  void DrawHabit(Date first_due);
  int DelayDays(const payments::InstallmentTerms& terms);
  std::vector<std::pair<payments::InstallmentRef, Date>> IntendedDates(
      const std::vector<sales::Sale>& sales);
  std::optional<payments::Payment> DrawPayment(
      const payments::Book& book, Date paid_on,
      const std::vector<std::pair<payments::InstallmentRef, Date>>& intended);
  // Instants: local business hours of `date`, never before the previous event.
  Instant Stamp(Date date);

  const Portfolio& p_;
  Rng rng_;
  Rng id_rng_;
  IdMaker ids_;
  Habit habit_ = Habit::kOnTime;
  bool late_before_stop_ = false;
  std::optional<Date> stop_on_;
  Instant last_instant_{};
};

CustomerMaker::Person CustomerMaker::DrawPerson() {
  Person person;
  person.woman = rng_.Chance(0.56);  // more women buy on crediário
  if (rng_.Chance(0.2)) {
    person.first_name = std::string(
        rng_.Pick(person.woman ? Names(kWomenCompoundNames) : Names(kMenCompoundNames)));
  } else {
    person.first_name =
        std::string(rng_.Pick(person.woman ? Names(kWomenNames) : Names(kMenNames)));
  }
  // One or two surnames; one of them may be one that takes a particle.
  const bool particle = rng_.Chance(0.35);
  const bool two = rng_.Chance(0.7);
  const bool particle_first = two && rng_.Chance(0.5);
  const auto surname = [&](bool with_particle) {
    return std::string(rng_.Pick(with_particle ? Names(kParticleSurnames) : Names(kSurnames)));
  };
  person.surname = surname(particle && (particle_first || !two));
  if (two) {
    const std::string last = surname(particle && !particle_first);
    if (person.surname.find(last) == std::string::npos) person.surname += " " + last;
  }
  return person;
}

std::string CustomerMaker::DrawPhone(const City& city, bool mobile) {
  std::ostringstream phone;
  phone << '(' << city.ddd << ") ";
  if (mobile) {
    phone << '9' << rng_.Int(6, 9) << std::setw(3) << std::setfill('0') << rng_.Int(0, 999) << '-'
          << std::setw(4) << rng_.Int(0, 9999);
  } else {
    phone << rng_.Int(2, 4) << std::setw(3) << std::setfill('0') << rng_.Int(0, 999) << '-'
          << std::setw(4) << rng_.Int(0, 9999);
  }
  return phone.str();
}

customers::CustomerDraft CustomerMaker::DrawDraft(const std::string& cpf, Date created_on) {
  customers::CustomerDraft draft;
  const Person person = DrawPerson();
  draft.cpf = cpf;
  draft.full_name = person.first_name + " " + person.surname;
  const int age_days = rng_.Int(18 * 365 + 5, 78 * 365);
  draft.birth_date = core::FormatIso(core::AddDays(created_on, -age_days));
  // Most customers live in the store's city; the rest anywhere, by population.
  std::array<int, kCities.size()> weights{};
  for (std::size_t i = 0; i < kCities.size(); ++i) weights[i] = kCities[i].weight;
  const City& city =
      kCities[rng_.Chance(0.6) ? p_.home_city : rng_.Weighted(std::span<const int>(weights))];
  draft.phones.push_back(DrawPhone(city, true));
  if (rng_.Chance(0.15)) draft.phones.push_back(DrawPhone(city, false));
  draft.address.street = std::string(rng_.Pick(Names(kStreets)));
  draft.address.number = std::to_string(rng_.Int(1, 2500));
  if (rng_.Chance(0.2)) {
    draft.address.complement = rng_.Chance(0.5)
                                   ? "apto " + std::to_string(rng_.Int(1, 24) * 10 + rng_.Int(1, 4))
                                   : "casa " + std::to_string(rng_.Int(1, 4));
  }
  draft.address.district = std::string(rng_.Pick(Names(kDistricts)));
  draft.address.city = std::string(city.name);
  draft.address.state = std::string(city.state);
  std::ostringstream cep;
  cep << std::setw(5) << std::setfill('0') << rng_.Int(city.cep_low, city.cep_high) << '-'
      << std::setw(3) << rng_.Int(0, 999);
  draft.address.postal_code = cep.str();
  // An occupation that fits the age (no 60-year-old student, no 30-year-old pensioner).
  const int age = age_days / 365;
  const Occupation* job = &rng_.Pick(std::span<const Occupation>(kOccupations));
  while (age < job->min_age || age > job->max_age) {
    job = &rng_.Pick(std::span<const Occupation>(kOccupations));
  }
  draft.occupation = std::string(person.woman ? job->woman : job->man);
  if (job->employed) draft.employer = std::string(rng_.Pick(Names(kEmployers)));
  const double low = std::log(static_cast<double>(job->income_low));
  const double high = std::log(static_cast<double>(job->income_high));
  const auto income_reais = static_cast<std::int64_t>(std::exp(low + rng_.Unit() * (high - low)));
  draft.monthly_income_cents = std::max<std::int64_t>(income_reais / 10 * 10, 500) * 100;
  if (rng_.Chance(0.45)) {
    std::string user = core::AsciiLower(core::FoldToAscii(person.first_name));
    std::replace(user.begin(), user.end(), ' ', '.');
    std::string last = core::AsciiLower(core::FoldToAscii(person.surname));
    last = last.substr(last.rfind(' ') == std::string::npos ? 0 : last.rfind(' ') + 1);
    draft.email = user + "." + last;
    if (rng_.Chance(0.6)) draft.email += std::to_string(rng_.Int(1, 99));
    draft.email += "@" + std::string(rng_.Pick(Names(kEmailDomains)));
  }
  const int references = rng_.Int(0, 2);
  for (int i = 0; i < references; ++i) {
    const Person other = DrawPerson();
    draft.references.push_back(customers::Reference{
        other.first_name + " " + other.surname, DrawPhone(city, true),
        std::string(rng_.Pick(other.woman ? Names(kWomenRelations) : Names(kMenRelations)))});
  }
  draft.consents = {{customers::Channel::kWhatsapp, rng_.Chance(0.85), "in_store_form"},
                    {customers::Channel::kSms, rng_.Chance(0.4), "in_store_form"}};
  if (!draft.email.empty()) {
    draft.consents.push_back({customers::Channel::kEmail, rng_.Chance(0.6), "in_store_form"});
  }
  return draft;
}

// 1–3 sale dates in the 24 months before today, oldest first.
std::vector<Date> CustomerMaker::DrawSaleDates() {
  static constexpr std::array<int, 3> kSaleCountWeights = {62, 30, 8};
  const std::size_t count = rng_.Weighted(std::span<const int>(kSaleCountWeights)) + 1;
  std::vector<Date> dates;
  for (std::size_t i = 0; i < count; ++i) {
    dates.push_back(core::AddDays(p_.today, -rng_.Int(0, kHistoryDays)));
  }
  std::sort(dates.begin(), dates.end());
  return dates;
}

sales::Sale CustomerMaker::DrawSale(const customers::CustomerId& customer_id, Date sale_date) {
  // Price: log-uniform, most R$ 200–3.000, one in ten up to R$ 10.000, ending in ,90.
  const bool premium = rng_.Chance(0.1);
  const double low = std::log(premium ? 3'000.0 : 200.0);
  const double high = std::log(premium ? 10'000.0 : 3'000.0);
  const auto tens = static_cast<std::int64_t>(std::exp(low + rng_.Unit() * (high - low)) / 10.0);
  const Money price = Money::FromCents(std::max<std::int64_t>(tens, 20) * 1'000 - 10);
  std::span<const std::string_view> goods = kSmallGoods;
  std::span<const int> counts = kSmallCounts;
  std::span<const int> weights = kSmallWeights;
  if (price.cents() >= 300'000) {
    goods = kPremiumGoods, counts = kPremiumCounts, weights = kPremiumWeights;
  } else if (price.cents() >= 150'000) {
    goods = kLargeGoods, counts = kLargeCounts, weights = kLargeWeights;
  } else if (price.cents() >= 60'000) {
    goods = kMediumGoods, counts = kMediumCounts, weights = kMediumWeights;
  }
  sales::SaleDraft draft;
  draft.customer_id = customer_id;
  draft.description = std::string(rng_.Pick(goods));
  draft.price = price;
  draft.installment_count = counts[rng_.Weighted(weights)];
  draft.sale_date = sale_date;
  if (rng_.Chance(0.3)) {
    const auto share =
        static_cast<std::int64_t>(static_cast<double>(price.cents()) * (0.1 + 0.2 * rng_.Unit()));
    draft.down_payment = Money::FromCents(std::max<std::int64_t>(share / 1'000, 1) * 1'000);
    static constexpr std::array<sales::PaymentMethod, 4> kDownMethods = {
        sales::PaymentMethod::kCash, sales::PaymentMethod::kPix, sales::PaymentMethod::kDebitCard,
        sales::PaymentMethod::kCreditCard};
    static constexpr std::array<int, 4> kDownWeights = {40, 35, 20, 5};
    draft.down_payment_method = kDownMethods[rng_.Weighted(std::span<const int>(kDownWeights))];
  }
  // Rate: the shop's default for half the sales; "sem juros" on short plans; else typed.
  const stores::CreditTerms& terms = p_.store.settings.credit;
  const double rate_draw = rng_.Unit();
  if (rate_draw < 0.2 && draft.installment_count <= 6) {
    draft.monthly_rate = Rate::FromBps(0);
  } else if (rate_draw >= 0.5) {
    const Rate typed = Rate::FromBps(rng_.Pick(std::span<const std::int64_t>(kTypedRatesBps)));
    if (typed <= terms.max_monthly_rate) draft.monthly_rate = typed;
  }
  if (rng_.Chance(0.35)) draft.due_day = rng_.Pick(std::span<const int>(kDueDays));
  // The sale is typed in on its own day, as the counter would.
  return Valid(sales::MakeSale(draft, terms, ids_.Next<sales::SaleTag>(), sale_date), "venda");
}

void CustomerMaker::DrawHabit(Date first_due) {
  const double draw = rng_.Unit();
  habit_ = draw < 0.70 ? Habit::kOnTime : draw < 0.90 ? Habit::kLate : Habit::kStops;
  late_before_stop_ = rng_.Chance(0.4);
  if (habit_ != Habit::kStops || first_due >= p_.today) return;
  const int span = core::DaysBetween(first_due, p_.today);
  stop_on_ = core::AddDays(first_due, rng_.Int(0, span));
}

// Days from the due date to the day the customer means to pay it (negative: early).
int CustomerMaker::DelayDays(const payments::InstallmentTerms& terms) {
  const bool late = habit_ == Habit::kLate || (habit_ == Habit::kStops && late_before_stop_);
  const double draw = rng_.Unit();
  if (late) {
    if (draw < 0.45) return rng_.Int(3, 10);
    if (draw < 0.80) return rng_.Int(11, 30);
    return rng_.Int(31, 60);
  }
  if (draw < 0.45) return 0;
  if (draw < 0.60) {  // on the last charge-free day (a weekend due date moves it)
    return core::DaysBetween(terms.due_date, p_.calendar.OnOrNextBusinessDay(terms.due_date));
  }
  if (draw < 0.85) return -rng_.Int(1, 5);  // early: the discount of art. 52 §2
  if (draw < 0.95) return -rng_.Int(6, 15);
  return rng_.Int(1, 4);  // a slip of a few days
}

// For each installment due before today, oldest due first, the day the customer pays it:
// never earlier than the one before it (so what is paid at a date is always the oldest
// open installments, as Allocate takes them), never after today, none after a stop.
std::vector<std::pair<payments::InstallmentRef, Date>> CustomerMaker::IntendedDates(
    const std::vector<sales::Sale>& sales) {
  const payments::Book all{{}, sales, {}, {}};
  std::vector<std::pair<payments::InstallmentRef, Date>> intended;
  Date previous{};
  for (const payments::InstallmentTerms& terms : payments::TermsOf(all)) {
    if (terms.due_date >= p_.today) break;  // future installments stay open
    Date on = core::AddDays(terms.due_date, DelayDays(terms));
    on = std::max({on, previous, terms.sale_date});
    if (on > p_.today || (stop_on_ && on >= *stop_on_)) break;
    intended.emplace_back(terms.ref, on);
    previous = on;
  }
  return intended;
}

// What settles an installment on `paid_on`: its charges and its face, discounted when it
// is paid before the due date (what Allocate will take for it).
Money CashToSettle(const payments::InstallmentView& view, Date paid_on) {
  Money cash = view.position.late_fee_open + view.position.interest_open;
  const Money face = view.position.principal_open;
  if (face.IsPositive()) cash += payments::SettleEarly(view.terms, face, face, paid_on).cash;
  return cash;
}

bool Owes(const payments::InstallmentView& view) {
  return payments::IsOpen(view.position.status) && view.position.UpdatedValue().IsPositive();
}

// The payment of `paid_on`: the oldest open installments the customer meant to have paid
// by then, sometimes only part of it, sometimes rounded up (the change stays as credit).
// Decided by PositionsOn + Allocate exactly as LedgerService::PostPayment decides a payment
// whose installments were chosen.
std::optional<payments::Payment> CustomerMaker::DrawPayment(
    const payments::Book& book, Date paid_on,
    const std::vector<std::pair<payments::InstallmentRef, Date>>& intended) {
  const std::vector<payments::InstallmentView> views =
      payments::PositionsOn(book, p_.calendar, paid_on);
  Money due;
  std::vector<payments::InstallmentRef> chosen;
  for (const payments::InstallmentView& view : views) {
    if (!Owes(view)) continue;
    const auto meant = std::find_if(intended.begin(), intended.end(),
                                    [&](const auto& each) { return each.first == view.terms.ref; });
    if (meant == intended.end() || meant->second > paid_on) break;
    due += CashToSettle(view, paid_on);
    chosen.push_back(view.terms.ref);
  }
  const Money credit = std::max(Money(), payments::CreditOn(book, paid_on));
  Money cash = due - credit;
  if (cash.cents() < 100) return std::nullopt;  // nothing (left) to pay
  const double partial = habit_ == Habit::kOnTime ? 0.03 : habit_ == Habit::kLate ? 0.12 : 0.08;
  std::string memo;
  if (rng_.Chance(partial)) {
    const auto part =
        static_cast<std::int64_t>(static_cast<double>(cash.cents()) * (0.3 + 0.5 * rng_.Unit()));
    if (part >= 1'000) {
      cash = Money::FromCents(part / 1'000 * 1'000);
      memo = "pagamento parcial";
    }
  }
  static constexpr std::array<sales::PaymentMethod, 5> kMethods = {
      sales::PaymentMethod::kCash, sales::PaymentMethod::kPix, sales::PaymentMethod::kDebitCard,
      sales::PaymentMethod::kBoleto, sales::PaymentMethod::kTransfer};
  static constexpr std::array<int, 5> kMethodWeights = {35, 35, 15, 10, 5};
  const sales::PaymentMethod method = kMethods[rng_.Weighted(std::span<const int>(kMethodWeights))];
  if (method == sales::PaymentMethod::kCash && memo.empty() && rng_.Chance(0.25) &&
      cash.cents() % 500 != 0) {
    cash = Money::FromCents((cash.cents() / 500 + 1) * 500);
    memo = "troco deixado como crédito";
  }
  // The installments are named, as the clerk does at the counter: what is left over stays
  // as credit instead of paying ahead an installment not yet meant (or not yet due).
  auto plan = Valid(payments::Allocate(cash, credit, views, chosen, paid_on), "pagamento");
  payments::Payment payment{ids_.Next<payments::PaymentTag>(),
                            p_.store.id,
                            book.customer_id,
                            paid_on,
                            cash,
                            method,
                            std::move(plan.lines),
                            plan.credit_change};
  payment.idempotency_key = "demo:" + payment.id.str();
  payment.memo = std::move(memo);
  payment.recorded_at = Stamp(paid_on);
  payment.recorded_by = kActor;
  FIADO_CHECK(payment.amount == payment.Allocated() + payment.credit_change);
  return payment;
}

Instant CustomerMaker::Stamp(Date date) {
  const seconds time_of_day =
      hours(9) + minutes(rng_.Int(0, 10 * 60 - 1)) + seconds(rng_.Int(0, 59));
  Instant instant = p_.zone.ToInstant(date, time_of_day);
  if (instant <= last_instant_) instant = last_instant_ + seconds(rng_.Int(60, 1'800));
  last_instant_ = instant;
  return instant;
}

// Phase 1: the person. Phase 2: the sales, made by MakeSale. Phase 3: the history, in
// recording order — each sale with its down payment, each payment decided on the book as
// it stood that day. Phase 4: a credit limit every sale fitted in, and the approvals.
GeneratedCustomer CustomerMaker::Make(const std::string& cpf) {
  // Phase 1
  const std::vector<Date> sale_dates = DrawSaleDates();
  const Date created_on = core::AddDays(sale_dates.front(), -rng_.Int(0, 45));
  const auto customer_id = ids_.Next<customers::CustomerTag>();
  const Instant created_at = Stamp(created_on);
  GeneratedCustomer out{Valid(customers::MakeCustomer(DrawDraft(cpf, created_on), customer_id,
                                                      p_.store.id, created_at),
                              "cliente"),
                        {},
                        {customer_id, {}, {}, {}}};
  // Phase 2
  std::vector<sales::Sale> sales;
  std::vector<sales::CreditDecisionId> decision_ids;
  for (const Date sale_date : sale_dates) {
    decision_ids.push_back(ids_.Next<sales::CreditDecisionTag>());
    sales.push_back(DrawSale(customer_id, sale_date));
  }
  DrawHabit(payments::TermsOf(payments::Book{{}, sales, {}, {}}).front().due_date);
  const auto intended = IntendedDates(sales);
  // Phase 3
  std::vector<Money> open_at_sale;
  std::size_t next_sale = 0;
  std::size_t next_payment = 0;
  while (next_sale < sales.size() || next_payment < intended.size()) {
    const bool sale_first =
        next_sale < sales.size() && (next_payment == intended.size() ||
                                     sales[next_sale].sale_date <= intended[next_payment].second);
    if (sale_first) {
      sales::Sale& sale = sales[next_sale];
      open_at_sale.push_back(payments::OpenPrincipal(out.book, p_.calendar, sale.sale_date));
      sale.store_id = p_.store.id;
      sale.credit_decision_id = decision_ids[next_sale];
      sale.created_at = Stamp(sale.sale_date);
      sale.created_by = kActor;
      if (sale.disclosure.down_payment.IsPositive()) {
        payments::Payment down{ids_.Next<payments::PaymentTag>(),
                               p_.store.id,
                               customer_id,
                               sale.sale_date,
                               sale.disclosure.down_payment,
                               sale.down_payment_method};
        down.down_payment_of = sale.id;
        down.idempotency_key = "down_payment:" + sale.id.str();
        down.recorded_at = sale.created_at;
        down.recorded_by = kActor;
        out.book.payments.push_back(std::move(down));
      }
      out.book.sales.push_back(sale);
      ++next_sale;
      continue;
    }
    const Date paid_on = intended[next_payment].second;
    while (next_payment < intended.size() && intended[next_payment].second == paid_on) {
      ++next_payment;
    }
    if (auto payment = DrawPayment(out.book, paid_on, intended)) {
      out.book.payments.push_back(std::move(*payment));
    }
  }
  // Phase 4
  customers::Customer& customer = out.customer;
  Money exposure;
  for (std::size_t i = 0; i < sales.size(); ++i) {
    exposure = std::max(exposure, open_at_sale[i] + sales[i].disclosure.financed);
  }
  const auto by_income = static_cast<std::int64_t>(
      static_cast<double>(customer.monthly_income->cents()) * (0.4 + 0.8 * rng_.Unit()));
  const std::int64_t limit_cents = std::max({by_income, exposure.cents(), std::int64_t{30'000}});
  customer.credit_limit = Money::FromCents((limit_cents + 9'999) / 10'000 * 10'000);
  customer.credit_limit_reason = kLimitReason;
  for (std::size_t i = 0; i < sales.size(); ++i) {
    sales::CreditDecision decision = sales::DecideCredit(
        {customer.status, customer.credit_limit, open_at_sale[i], sales[i].disclosure.financed}, "",
        false);
    FIADO_CHECK(decision.outcome == sales::CreditOutcome::kApproved);
    decision.id = decision_ids[i];
    decision.store_id = p_.store.id;
    decision.customer_id = customer_id;
    decision.decided_by = kActor;
    decision.decided_at = out.book.sales[i].created_at;
    out.decisions.push_back(std::move(decision));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Rows: one batch as column vectors, the shape SOCI's bulk binding takes. Columns a
// generated row never varies in (status 'active', request_digest '', ...) are literals.

struct CustomerRows {
  std::vector<std::string> id, store, cpf, name, name_key, birth, phones, email, street, number,
      complement, district, city, state, cep, occupation, employer, references, consents,
      limit_reason, created;
  std::vector<long long> income, limit;
};

struct TermRows {
  std::vector<std::string> store, customer, term;
};

struct DecisionRows {
  std::vector<std::string> id, store, customer, reasons, by, at;
  std::vector<long long> limit, open, requested;
};

struct SaleRows {
  std::vector<std::string> id, store, customer, description, date, method, decision, key, at, by;
  std::vector<int> seq, due_day, count;
  std::vector<soci::indicator> due_day_null, cet_null;
  std::vector<long long> price, down, financed, monthly, annual, cet, late_fee, moratory,
      installment, last, with, without, interest;
};

struct InstallmentRows {
  std::vector<std::string> sale, store, customer, due;
  std::vector<int> number;
  std::vector<long long> amount, interest, amortization;
};

struct PaymentRows {
  std::vector<std::string> id, store, customer, paid_on, method, down_of, key, memo, at, by;
  std::vector<int> seq;
  std::vector<soci::indicator> down_of_null;
  std::vector<long long> amount, credit_change;
};

struct LineRows {
  std::vector<std::string> payment, store, customer, sale;
  std::vector<int> line, number;
  std::vector<long long> late_fee, interest, principal, discount;
};

struct Batch {
  std::int64_t first = 0;  // index of its first customer
  std::int64_t count = 0;  // customers generated (skipped ones included)
  std::int64_t skipped = 0;
  CustomerRows customers;
  TermRows terms;
  DecisionRows decisions;
  SaleRows sales;
  InstallmentRows installments;
  PaymentRows payments;
  LineRows lines;
};

void AppendCustomer(const customers::Customer& c, CustomerRows& rows) {
  rows.id.push_back(c.id.str());
  rows.store.push_back(c.store_id.str());
  rows.cpf.push_back(c.cpf.digits());
  rows.name.push_back(c.full_name);
  rows.name_key.push_back(core::SearchKey(c.full_name));
  rows.birth.push_back(core::FormatIso(*c.birth_date));
  rows.phones.push_back(nlohmann::json(c.phones_e164).dump());
  rows.email.push_back(c.email);
  rows.street.push_back(c.address.street);
  rows.number.push_back(c.address.number);
  rows.complement.push_back(c.address.complement);
  rows.district.push_back(c.address.district);
  rows.city.push_back(c.address.city);
  rows.state.push_back(c.address.state);
  rows.cep.push_back(c.address.postal_code);
  rows.occupation.push_back(c.occupation);
  rows.employer.push_back(c.employer);
  rows.references.push_back(json::ReferencesJson(c.references).dump());
  rows.consents.push_back(json::ConsentsJson(c.consents).dump());
  rows.limit_reason.push_back(c.credit_limit_reason);
  rows.created.push_back(core::FormatRfc3339(c.created_at));
  rows.income.push_back(c.monthly_income->cents());
  rows.limit.push_back(c.credit_limit.cents());
}

void AppendDecision(const sales::CreditDecision& d, DecisionRows& rows) {
  rows.id.push_back(d.id.str());
  rows.store.push_back(d.store_id.str());
  rows.customer.push_back(d.customer_id.str());
  rows.reasons.push_back(nlohmann::json(d.reasons_pt).dump());
  rows.by.push_back(d.decided_by);
  rows.at.push_back(core::FormatRfc3339(d.decided_at));
  rows.limit.push_back(d.inputs.credit_limit.cents());
  rows.open.push_back(d.inputs.open_amount.cents());
  rows.requested.push_back(d.inputs.requested.cents());
}

void AppendSale(const sales::Sale& s, int seq, SaleRows& rows, InstallmentRows& installments) {
  const sales::Disclosure& d = s.disclosure;
  rows.id.push_back(s.id.str());
  rows.store.push_back(s.store_id.str());
  rows.customer.push_back(s.customer_id.str());
  rows.description.push_back(s.description);
  rows.date.push_back(core::FormatIso(s.sale_date));
  rows.method.push_back(std::string(sales::MethodName(s.down_payment_method)));
  rows.decision.push_back(s.credit_decision_id.str());
  rows.key.push_back("demo:" + s.id.str());
  rows.at.push_back(core::FormatRfc3339(s.created_at));
  rows.by.push_back(s.created_by);
  rows.seq.push_back(seq);
  rows.due_day.push_back(s.due_day.value_or(0));
  rows.due_day_null.push_back(s.due_day ? soci::i_ok : soci::i_null);
  rows.count.push_back(d.installment_count);
  rows.price.push_back(d.price.cents());
  rows.down.push_back(d.down_payment.cents());
  rows.financed.push_back(d.financed.cents());
  rows.monthly.push_back(d.monthly_rate.units());
  rows.annual.push_back(d.annual_rate.units());
  rows.cet.push_back(d.cet_annual ? d.cet_annual->units() : 0);
  rows.cet_null.push_back(d.cet_annual ? soci::i_ok : soci::i_null);
  rows.late_fee.push_back(d.late_fee_rate.units());
  rows.moratory.push_back(d.moratory_monthly_rate.units());
  rows.installment.push_back(d.installment_amount.cents());
  rows.last.push_back(d.last_installment_amount.cents());
  rows.with.push_back(d.total_with_financing.cents());
  rows.without.push_back(d.total_without_financing.cents());
  rows.interest.push_back(d.total_interest.cents());
  for (const sales::Installment& each : s.installments) {
    installments.sale.push_back(s.id.str());
    installments.store.push_back(s.store_id.str());
    installments.customer.push_back(s.customer_id.str());
    installments.due.push_back(core::FormatIso(each.due_date));
    installments.number.push_back(each.number);
    installments.amount.push_back(each.amount.cents());
    installments.interest.push_back(each.interest.cents());
    installments.amortization.push_back(each.amortization.cents());
  }
}

void AppendPayment(const payments::Payment& p, int seq, PaymentRows& rows, LineRows& lines) {
  rows.id.push_back(p.id.str());
  rows.store.push_back(p.store_id.str());
  rows.customer.push_back(p.customer_id.str());
  rows.paid_on.push_back(core::FormatIso(p.paid_on));
  rows.method.push_back(std::string(sales::MethodName(p.method)));
  rows.down_of.push_back(p.down_payment_of ? p.down_payment_of->str() : "");
  rows.down_of_null.push_back(p.down_payment_of ? soci::i_ok : soci::i_null);
  rows.key.push_back(p.idempotency_key);
  rows.memo.push_back(p.memo);
  rows.at.push_back(core::FormatRfc3339(p.recorded_at));
  rows.by.push_back(p.recorded_by);
  rows.seq.push_back(seq);
  rows.amount.push_back(p.amount.cents());
  rows.credit_change.push_back(p.credit_change.cents());
  int line_number = 0;
  for (const payments::AllocationLine& line : p.lines) {
    lines.payment.push_back(p.id.str());
    lines.store.push_back(p.store_id.str());
    lines.customer.push_back(p.customer_id.str());
    lines.sale.push_back(line.installment.sale_id.str());
    lines.line.push_back(++line_number);
    lines.number.push_back(line.installment.number);
    lines.late_fee.push_back(line.late_fee.cents());
    lines.interest.push_back(line.interest.cents());
    lines.principal.push_back(line.principal.cents());
    lines.discount.push_back(line.discount.cents());
  }
}

void Append(const GeneratedCustomer& g, Batch& batch) {
  AppendCustomer(g.customer, batch.customers);
  for (std::string& term : customers::SearchTermsOf(g.customer)) {
    batch.terms.store.push_back(g.customer.store_id.str());
    batch.terms.customer.push_back(g.customer.id.str());
    batch.terms.term.push_back(std::move(term));
  }
  for (const sales::CreditDecision& decision : g.decisions) {
    AppendDecision(decision, batch.decisions);
  }
  int seq = 0;
  for (const sales::Sale& sale : g.book.sales) {
    AppendSale(sale, ++seq, batch.sales, batch.installments);
  }
  seq = 0;
  for (const payments::Payment& payment : g.book.payments) {
    AppendPayment(payment, ++seq, batch.payments, batch.lines);
  }
}

// Rows of a batch in the order of their table's scattered index (due dates, search terms,
// name keys): SQLite then walks that index once per batch instead of jumping around it,
// which keeps the pages a batch touches few and in cache. Row contents do not change.
template <typename T>
void Reorder(const std::vector<std::size_t>& order, std::vector<T>& column) {
  std::vector<T> sorted;
  sorted.reserve(column.size());
  for (const std::size_t i : order) sorted.push_back(std::move(column[i]));
  column = std::move(sorted);
}

template <typename... Columns>
void SortBy(const std::vector<std::string>& key, Columns&... columns) {
  std::vector<std::size_t> order(key.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&key](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  (Reorder(order, columns), ...);
}

void SortForIndexes(Batch& batch) {
  CustomerRows& c = batch.customers;
  const std::vector<std::string> name_key = c.name_key;
  SortBy(name_key, c.id, c.store, c.cpf, c.name, c.name_key, c.birth, c.phones, c.email, c.street,
         c.number, c.complement, c.district, c.city, c.state, c.cep, c.occupation, c.employer,
         c.references, c.consents, c.limit_reason, c.created, c.income, c.limit);
  TermRows& t = batch.terms;
  const std::vector<std::string> term = t.term;
  SortBy(term, t.store, t.customer, t.term);
  InstallmentRows& i = batch.installments;
  const std::vector<std::string> due = i.due;
  SortBy(due, i.sale, i.store, i.customer, i.due, i.number, i.amount, i.interest, i.amortization);
}

// ---------------------------------------------------------------------------------------
// Writing a batch: one transaction, one prepared statement per table, bulk-bound vectors,
// parents before children (SQLite checks foreign keys row by row). Only SQL both engines
// speak.

void InsertCustomers(soci::session& session, CustomerRows& r) {
  soci::statement insert =
      (session.prepare
           << "INSERT INTO customers (id, store_id, cpf, full_name, name_key, birth_date, phones, "
              "email, street, street_number, complement, district, city, state, postal_code, "
              "monthly_income_cents, occupation, employer, personal_references, consents, notes, "
              "status, blocked_reason, credit_limit_cents, credit_limit_reason, version, "
              "created_at, updated_at) VALUES (:id, :store, :cpf, :name, :key, :birth, :phones, "
              ":email, :street, :number, :complement, :district, :city, :state, :cep, :income, "
              ":occupation, :employer, :refs, :consents, '', 'active', '', :limit, "
              ":limit_reason, 1, :created, :updated)",
       soci::use(r.id), soci::use(r.store), soci::use(r.cpf), soci::use(r.name),
       soci::use(r.name_key), soci::use(r.birth), soci::use(r.phones), soci::use(r.email),
       soci::use(r.street), soci::use(r.number), soci::use(r.complement), soci::use(r.district),
       soci::use(r.city), soci::use(r.state), soci::use(r.cep), soci::use(r.income),
       soci::use(r.occupation), soci::use(r.employer), soci::use(r.references),
       soci::use(r.consents), soci::use(r.limit), soci::use(r.limit_reason), soci::use(r.created),
       soci::use(r.created));
  insert.execute(true);
}

void InsertTerms(soci::session& session, TermRows& r) {
  soci::statement insert =
      (session.prepare << "INSERT INTO customer_search_terms (store_id, customer_id, term) "
                          "VALUES (:store, :customer, :term)",
       soci::use(r.store), soci::use(r.customer), soci::use(r.term));
  insert.execute(true);
}

void InsertDecisions(soci::session& session, DecisionRows& r) {
  soci::statement insert =
      (session.prepare << "INSERT INTO credit_decisions (id, store_id, customer_id, "
                          "customer_status, credit_limit_cents, open_cents, requested_cents, "
                          "outcome, reasons, override_reason, decided_by, decided_at) VALUES "
                          "(:id, :store, :customer, 'active', :limit, :open, :requested, "
                          "'approved', :reasons, '', :by, :at)",
       soci::use(r.id), soci::use(r.store), soci::use(r.customer), soci::use(r.limit),
       soci::use(r.open), soci::use(r.requested), soci::use(r.reasons), soci::use(r.by),
       soci::use(r.at));
  insert.execute(true);
}

void InsertSales(soci::session& session, SaleRows& r) {
  soci::statement insert =
      (session.prepare
           << "INSERT INTO sales (id, store_id, customer_id, seq, description, sale_date, "
              "down_payment_method, due_day, price_cents, down_payment_cents, financed_cents, "
              "monthly_rate_units, annual_rate_units, cet_annual_units, late_fee_rate_units, "
              "moratory_monthly_rate_units, installment_count, installment_amount_cents, "
              "last_installment_amount_cents, total_with_financing_cents, "
              "total_without_financing_cents, total_interest_cents, credit_decision_id, "
              "idempotency_key, request_digest, created_at, created_by) VALUES (:id, :store, "
              ":customer, :seq, :description, :date, :method, :due_day, :price, :down, "
              ":financed, :monthly, :annual, :cet, :late_fee, :moratory, :count, :installment, "
              ":last, :with, :without, :interest, :decision, :key, '', :at, :by)",
       soci::use(r.id), soci::use(r.store), soci::use(r.customer), soci::use(r.seq),
       soci::use(r.description), soci::use(r.date), soci::use(r.method),
       soci::use(r.due_day, r.due_day_null), soci::use(r.price), soci::use(r.down),
       soci::use(r.financed), soci::use(r.monthly), soci::use(r.annual),
       soci::use(r.cet, r.cet_null), soci::use(r.late_fee), soci::use(r.moratory),
       soci::use(r.count), soci::use(r.installment), soci::use(r.last), soci::use(r.with),
       soci::use(r.without), soci::use(r.interest), soci::use(r.decision), soci::use(r.key),
       soci::use(r.at), soci::use(r.by));
  insert.execute(true);
}

void InsertInstallments(soci::session& session, InstallmentRows& r) {
  soci::statement insert =
      (session.prepare << "INSERT INTO installments (sale_id, number, store_id, customer_id, "
                          "due_date, amount_cents, interest_cents, amortization_cents) VALUES "
                          "(:sale, :number, :store, :customer, :due, :amount, :interest, "
                          ":amortization)",
       soci::use(r.sale), soci::use(r.number), soci::use(r.store), soci::use(r.customer),
       soci::use(r.due), soci::use(r.amount), soci::use(r.interest), soci::use(r.amortization));
  insert.execute(true);
}

void InsertPayments(soci::session& session, PaymentRows& r) {
  soci::statement insert =
      (session.prepare << "INSERT INTO payments (id, store_id, customer_id, seq, paid_on, "
                          "amount_cents, method, credit_change_cents, down_payment_of, "
                          "idempotency_key, request_digest, memo, recorded_at, recorded_by) "
                          "VALUES (:id, :store, :customer, :seq, :paid_on, :amount, :method, "
                          ":credit, :down, :key, '', :memo, :at, :by)",
       soci::use(r.id), soci::use(r.store), soci::use(r.customer), soci::use(r.seq),
       soci::use(r.paid_on), soci::use(r.amount), soci::use(r.method), soci::use(r.credit_change),
       soci::use(r.down_of, r.down_of_null), soci::use(r.key), soci::use(r.memo), soci::use(r.at),
       soci::use(r.by));
  insert.execute(true);
}

void InsertLines(soci::session& session, LineRows& r) {
  soci::statement insert =
      (session.prepare << "INSERT INTO payment_lines (payment_id, line_number, store_id, "
                          "customer_id, sale_id, installment_number, late_fee_cents, "
                          "interest_cents, principal_cents, discount_cents) VALUES (:payment, "
                          ":line, :store, :customer, :sale, :number, :fee, :interest, "
                          ":principal, :discount)",
       soci::use(r.payment), soci::use(r.line), soci::use(r.store), soci::use(r.customer),
       soci::use(r.sale), soci::use(r.number), soci::use(r.late_fee), soci::use(r.interest),
       soci::use(r.principal), soci::use(r.discount));
  insert.execute(true);
}

void WriteBatch(soci::session& session, storage::Engine engine, Batch& batch) {
  if (batch.customers.id.empty()) return;  // every customer of it was already there
  storage::WriteTransaction transaction(session, engine);
  InsertCustomers(session, batch.customers);
  InsertTerms(session, batch.terms);
  InsertDecisions(session, batch.decisions);
  InsertSales(session, batch.sales);
  InsertInstallments(session, batch.installments);
  if (!batch.payments.id.empty()) InsertPayments(session, batch.payments);
  if (!batch.lines.payment.empty()) InsertLines(session, batch.lines);
  transaction.Commit();
}

// The writer's SQLite connection tuned for bulk loading while the run lasts, restored
// after: a page cache that holds a batch's pages (the scattered indexes above all), fewer
// checkpoints (pages rewritten by consecutive batches reach the database file once), and
// synchronous = NORMAL — in WAL mode a crash may lose the last batches but never leaves the
// database inconsistent, and running the seed again writes them. Foreign keys stay on.
class BulkLoadSettings {
 public:
  static constexpr int kCacheKib = 256 * 1024;
  static constexpr int kCheckpointPages = 64 * 1024;  // 256 MiB of WAL

  BulkLoadSettings(soci::session& session, storage::Engine engine)
      : session_(session), sqlite_(engine == storage::Engine::kSqlite) {
    if (!sqlite_) return;
    session_ << "PRAGMA cache_size", soci::into(cache_size_);
    session_ << "PRAGMA synchronous", soci::into(synchronous_);
    session_ << "PRAGMA wal_autocheckpoint", soci::into(autocheckpoint_);
    session_ << "PRAGMA cache_size = -" + std::to_string(kCacheKib);
    session_ << "PRAGMA synchronous = NORMAL";
    session_ << "PRAGMA wal_autocheckpoint = " + std::to_string(kCheckpointPages);
  }
  ~BulkLoadSettings() {
    if (!sqlite_) return;
    try {
      session_ << "PRAGMA wal_autocheckpoint = " + std::to_string(autocheckpoint_);
      // Folds the WAL back into the database and shrinks it; with readers it does less.
      session_ << "PRAGMA wal_checkpoint(TRUNCATE)";
      session_ << "PRAGMA cache_size = " + std::to_string(cache_size_);
      session_ << "PRAGMA synchronous = " + std::to_string(synchronous_);
    } catch (...) {  // the connection is gone: nothing to restore
    }
  }
  BulkLoadSettings(const BulkLoadSettings&) = delete;
  BulkLoadSettings& operator=(const BulkLoadSettings&) = delete;

 private:
  soci::session& session_;
  bool sqlite_;
  int cache_size_ = -2000;
  int synchronous_ = 2;  // FULL
  int autocheckpoint_ = 1000;
};

// ---------------------------------------------------------------------------------------
// Generating a batch (on the generator thread, which never touches the database)

bool StoreHasCustomers(soci::session& session, const core::StoreId& store_id) {
  int found = 0;
  session << "SELECT COUNT(*) FROM (SELECT 1 FROM customers WHERE store_id = :store LIMIT 1) s",
      soci::use(store_id.str()), soci::into(found);
  return found > 0;
}

// Which customers of [first, first + count) the store already has (by CPF): an earlier
// run of the seed wrote them.
std::vector<bool> AlreadyThere(soci::session& session, const Portfolio& portfolio,
                               std::int64_t first, std::int64_t count) {
  std::vector<bool> there(static_cast<std::size_t>(count), false);
  std::string cpf;
  int found = 0;
  soci::statement lookup =
      (session.prepare << "SELECT COUNT(*) FROM customers WHERE store_id = :store AND cpf = :cpf",
       soci::use(portfolio.store.id.str()), soci::use(cpf), soci::into(found));
  for (std::int64_t i = 0; i < count; ++i) {
    cpf = CpfOf(first + i, portfolio.content_key);
    lookup.execute(true);
    there[static_cast<std::size_t>(i)] = found > 0;
  }
  return there;
}

Batch GenerateBatch(const Portfolio& portfolio, std::int64_t first, std::int64_t count,
                    const std::vector<bool>& skip) {
  Batch batch;
  batch.first = first;
  batch.count = count;
  for (std::int64_t i = 0; i < count; ++i) {
    if (!skip.empty() && skip[static_cast<std::size_t>(i)]) {
      ++batch.skipped;
      continue;
    }
    const std::int64_t index = first + i;
    Append(CustomerMaker(portfolio, index).Make(CpfOf(index, portfolio.content_key)), batch);
  }
  SortForIndexes(batch);
  return batch;
}

void Count(const Batch& batch, PortfolioSummary& summary) {
  summary.customers += static_cast<std::int64_t>(batch.customers.id.size());
  summary.skipped += batch.skipped;
  summary.sales += static_cast<std::int64_t>(batch.sales.id.size());
  summary.installments += static_cast<std::int64_t>(batch.installments.sale.size());
  summary.payments += static_cast<std::int64_t>(batch.payments.id.size());
  summary.payment_lines += static_cast<std::int64_t>(batch.lines.payment.size());
}

std::string Percent(std::int64_t part, std::int64_t whole) {
  return std::to_string(part * 100 / std::max<std::int64_t>(whole, 1)) + "%";
}

void PrintProgress(std::ostream& out, std::int64_t done, std::int64_t total, double elapsed) {
  const auto rate = static_cast<std::int64_t>(static_cast<double>(done) / std::max(elapsed, 1e-3));
  out << "clientes: " << done << "/" << total << " (" << Percent(done, total) << "), " << std::fixed
      << std::setprecision(1) << elapsed << " s, " << rate << " clientes/s" << std::endl;
}

}  // namespace

// Phase 1: the run's shared context and the one session that writes. Phase 2: a pipeline
// of batches — the next one is generated on a second thread while this one writes the
// current one, and the batch written before is freed on that thread too; at most three
// batches live at once. Phase 3: the counts.
PortfolioSummary GeneratePortfolio(storage::Database& db, const stores::Store& store,
                                   const PortfolioOptions& options) {
  FIADO_CHECK(options.customers >= 1 && options.customers <= kMaxGeneratedCustomers);
  FIADO_CHECK(options.batch_customers >= 1 && options.today.ok());
  const auto started = std::chrono::steady_clock::now();
  // Phase 1
  const Portfolio portfolio{store,
                            core::BusinessCalendar(store.settings.local_holidays),
                            Valid(core::TimeZone::Named(store.time_zone), "fuso horário"),
                            options.today,
                            Mix(options.seed),
                            Mix(options.seed ^ HashText(store.id.str())),
                            MillisOf(core::AddDays(options.today, -kHistoryDays - 30)),
                            HomeCityOf(store)};
  soci::session session(db.pool());
  const BulkLoadSettings settings(session, db.engine());
  const bool check_existing = StoreHasCustomers(session, store.id);
  // Phase 2
  const auto generate = [&](std::int64_t first, Batch written) {
    const std::int64_t count = std::min(options.batch_customers, options.customers - first);
    std::vector<bool> skip;
    if (check_existing) skip = AlreadyThere(session, portfolio, first, count);
    return std::async(std::launch::async, [&portfolio, first, count, skip = std::move(skip),
                                           written = std::move(written)]() mutable {
      { const Batch freed = std::move(written); }
      return GenerateBatch(portfolio, first, count, skip);
    });
  };
  PortfolioSummary summary;
  std::future<Batch> next = generate(0, Batch{});
  Batch written;
  while (next.valid()) {
    Batch batch = next.get();
    const std::int64_t done = batch.first + batch.count;
    if (done < options.customers) next = generate(done, std::move(written));
    WriteBatch(session, db.engine(), batch);
    // Phase 3
    Count(batch, summary);
    written = std::move(batch);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    summary.elapsed_seconds = elapsed.count();
    if (options.progress != nullptr) {
      PrintProgress(*options.progress, done, options.customers, summary.elapsed_seconds);
    }
  }
  return summary;
}

core::Result<stores::Store> FindOrCreateSyntheticStore(stores::StoreRepository& repository,
                                                       std::uint64_t seed, core::Date today) {
  Rng rng(Mix(seed ^ 0x5354'4F52'4500'0000ull));  // "STORE"
  std::ostringstream base;
  base << std::setw(8) << std::setfill('0') << rng.Between(10'000'000, 99'999'999) << "0001";
  const std::string cnpj = base.str() + core::CnpjCheckDigits(base.str());
  for (stores::Store& existing : repository.List()) {
    if (existing.legal_id.value() == cnpj) return std::move(existing);
  }
  stores::StoreDraft draft;
  draft.name = "Magazine Exemplo (semente " + std::to_string(seed) + ")";
  draft.legal_id = cnpj;
  draft.address = {"Avenida Brasil", "1500", "", "Centro", "São Paulo", "SP", "01430-001"};
  draft.phone = "(11) 3000-1000";
  draft.email = "contato@exemplo.fiado.com.br";
  draft.settings.credit.default_monthly_rate = kDemoMonthlyRate;
  // Created before every generated row: ids and instants from `today`, not the clock.
  const std::uint64_t base_ms = MillisOf(core::AddDays(today, -kHistoryDays - 31));
  const Instant created_at =
      Instant(std::chrono::sys_days(core::AddDays(today, -kHistoryDays - 31))) + hours(12);
  auto store = stores::MakeStore(
      draft, core::StoreId::FromTrusted(UuidText(base_ms, 0, rng.Next())), created_at);
  if (!store) return store;
  const core::AuditEntry audit{UuidText(base_ms, 1, rng.Next()),
                               store->id,
                               created_at,
                               "cli",
                               "store",
                               store->id.str(),
                               "create",
                               std::nullopt,
                               json::StoreJson(*store).dump(),
                               ""};
  if (auto created = repository.Create(*store, audit); !created) {
    return core::Fail(created.error());
  }
  return store;
}

}  // namespace fiado::app
