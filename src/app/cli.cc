#include "app/cli.h"

#include <soci/soci-backend.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "app/daily_run.h"
#include "app/generator.h"
#include "app/outbox.h"
#include "app/score_command.h"
#include "app/score_export.h"
#include "app/tools.h"
#include "app/tools_cnab.h"
#include "app/version.h"
#include "core/text.h"
#include "core/time_zone.h"
#include "storage/database.h"

namespace fiado::app {
namespace {

constexpr int kExitUsage = 2;
constexpr const char* kDefaultDb = "sqlite:fiado.db";

void AddDbOption(CLI::App& command, std::string& db_url) {
  command.add_option("--db", db_url, "banco: sqlite:CAMINHO ou postgresql://… (ou FIADO_DB)")
      ->envname("FIADO_DB")
      ->default_val(kDefaultDb);
}

struct Arguments {
  std::string db_url = kDefaultDb;
  ServeOptions serve;
  UserAddOptions user;
  StoreAddOptions store;
  DemoGenerateOptions demo;
  ImportOptions import;
  ReturnFileCommand return_file;
  DailyRunOptions daily_run;
  WorkerCommandOptions worker;
  ScoreArguments score;
  ScoreExportOptions score_export;
  std::string tool_input;
  PixEncodeOptions pix;
  std::string today;  // AAAA-MM-DD for `tools boleto decode`; empty = today in São Paulo
};

// The date the boleto decoder takes as "today": --today, or the São Paulo date now.
core::Result<core::Date> ToolToday(const std::string& text) {
  if (!text.empty()) return core::ParseIsoDate(text, "--today");
  const core::SystemClock clock;
  return core::TimeZone::Named(core::kDefaultTimeZone).value().LocalDate(clock.Now());
}

void AddPaymentCodeTools(CLI::App& tools, Arguments& args, int& exit_code) {
  CLI::App* pix = tools.add_subcommand("pix", "Pix copia e cola (BR Code estático)");
  pix->require_subcommand(1);
  CLI::App* encode = pix->add_subcommand("encode", "gera o código Pix copia e cola");
  encode
      ->add_option("--key", args.pix.key,
                   "a chave Pix: CPF, CNPJ, e-mail, +55 telefone ou aleatória")
      ->required();
  encode->add_option("--name", args.pix.name, "nome do recebedor (até 25 letras)")->required();
  encode->add_option("--city", args.pix.city, "cidade do recebedor (até 15 letras)")->required();
  encode->add_option("--amount", args.pix.amount,
                     "valor em reais, como 94.56 (omita: valor livre)");
  encode->add_option("--txid", args.pix.txid, "identificador, 1 a 25 letras e dígitos");
  encode->add_option("--info", args.pix.info, "informação adicional para o pagador");
  encode->callback([&] { exit_code = PixEncodeTool(args.pix, std::cout, std::cerr); });
  pix->add_subcommand("decode", "lê um código Pix copia e cola e mostra os campos em JSON")
      ->callback([&] { exit_code = PixDecodeTool(args.tool_input, std::cout, std::cerr); })
      ->add_option("payload", args.tool_input, "o código Pix")
      ->required();
  CLI::App* boleto = tools.add_subcommand("boleto", "boleto bancário");
  boleto->require_subcommand(1);
  CLI::App* decode = boleto->add_subcommand("decode", "lê uma linha digitável ou código de barras");
  decode
      ->add_option("code", args.tool_input, "linha digitável (47 dígitos) ou código de barras (44)")
      ->required();
  decode->add_option("--today", args.today, "data de referência AAAA-MM-DD (fator de vencimento)");
  decode->callback([&] {
    const auto today = ToolToday(args.today);
    if (!today) {
      std::cerr << today.error().Describe() << '\n';
      exit_code = 2;
      return;
    }
    exit_code = BoletoDecodeTool(args.tool_input, *today, std::cout, std::cerr);
  });
}

void AddUserCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* user = app.add_subcommand("user", "usuários da equipe de uma loja");
  user->require_subcommand(1);
  CLI::App* add = user->add_subcommand("add", "cria um usuário (a senha é gerada se omitida)");
  AddDbOption(*add, args.db_url);
  add->add_option("--store", args.user.store, "a loja: id ou CNPJ/CPF")->required();
  add->add_option("--email", args.user.email, "e-mail (é o nome de entrada)")->required();
  add->add_option("--name", args.user.name, "nome (padrão: o e-mail)");
  add->add_option("--role", args.user.role, "papel: owner, clerk, collector ou viewer")->required();
  add->add_option("--password", args.user.password, "senha inicial (ou FIADO_PASSWORD)")
      ->envname("FIADO_PASSWORD");
  add->callback([&] {
    args.user.db_url = args.db_url;
    exit_code = RunUserAdd(args.user);
  });
}

void AddStoreCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* store = app.add_subcommand("store", "lojas desta instalação");
  store->require_subcommand(1);
  CLI::App* add = store->add_subcommand("add", "cadastra uma loja e mostra o id");
  AddDbOption(*add, args.db_url);
  stores::StoreDraft& draft = args.store.draft;
  add->add_option("--name", draft.name, "nome da loja")->required();
  add->add_option("--legal-id", draft.legal_id, "CNPJ (ou CPF de quem é MEI)")->required();
  add->add_option("--city", draft.address.city, "cidade")->required();
  add->add_option("--state", draft.address.state, "UF, como SP")->required();
  add->add_option("--postal-code", draft.address.postal_code, "CEP");
  add->add_option("--phone", draft.phone, "telefone");
  add->add_option("--email", draft.email, "e-mail");
  add->add_option("--time-zone", draft.time_zone, "fuso horário (padrão America/Sao_Paulo)");
  add->callback([&] {
    args.store.db_url = args.db_url;
    exit_code = RunStoreAdd(args.store);
  });
}

void AddDemoCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "dados de demonstração");
  demo->require_subcommand(1);
  CLI::App* generate = demo->add_subcommand(
      "generate",
      "gera uma carteira sintética: clientes com CPFs válidos, vendas, parcelas e pagamentos "
      "(em dia, com atraso, inadimplentes), calculados pelas mesmas regras do Fiado. A mesma "
      "semente gera as mesmas linhas. Dados sintéticos em massa: não grava o registro de "
      "auditoria (audit_log) dos clientes, vendas e pagamentos gerados. Rodar de novo com a "
      "mesma semente completa uma geração interrompida (CPFs já existentes são pulados)");
  AddDbOption(*generate, args.db_url);
  generate->add_option("--customers", args.demo.customers, "quantos clientes gerar")
      ->required()
      ->check(CLI::Range(std::int64_t{1}, kMaxGeneratedCustomers).description(""))
      ->type_name("N");
  generate->add_option("--seed", args.demo.seed, "semente (a mesma semente, os mesmos dados)")
      ->required()
      ->type_name("S");
  generate->add_option("--store", args.demo.store,
                       "a loja: id ou CNPJ/CPF (padrão: cria a loja de exemplo da semente)");
  generate->add_option("--today", args.demo.today,
                       "a data de hoje, AAAA-MM-DD (padrão: a data local de agora)");
  generate->add_option("--batch", args.demo.batch_customers, "clientes por transação")
      ->default_val(2500)
      ->check(CLI::Range(1, 100000).description(""))
      ->type_name("N");
  generate->callback([&] {
    args.demo.db_url = args.db_url;
    exit_code = RunDemoGenerate(args.demo);
  });
  CLI::App* cnab = demo->add_subcommand(
      "cnab-return",
      "gera um retorno CNAB 240 que paga parcelas em aberto da loja, para testar "
      "a importação (dá às parcelas os seus códigos de pagamento)");
  AddDbOption(*cnab, args.db_url);
  cnab->add_option("--store", args.return_file.store, "a loja: id ou CNPJ/CPF")->required();
  cnab->add_option("--out", args.return_file.out, "o arquivo a gravar")->required();
  cnab->add_option("--titles", args.return_file.titles, "quantos títulos (no máximo)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}).description(""));
  cnab->add_option("--paid-on", args.return_file.paid_on, "data do pagamento, AAAA-MM-DD");
  cnab->callback([&] {
    args.return_file.db_url = args.db_url;
    exit_code = RunDemoReturnFile(args.return_file);
  });
}

void AddImportCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* import = app.add_subcommand("import", "importa arquivos do banco");
  import->require_subcommand(1);
  CLI::App* cnab = import->add_subcommand(
      "cnab",
      "importa um arquivo de retorno CNAB 240/400: lança os pagamentos uma única vez e "
      "põe na fila de conciliação o que não casar");
  AddDbOption(*cnab, args.db_url);
  cnab->add_option("file", args.import.file, "o arquivo de retorno")
      ->required()
      ->type_name("ARQUIVO");
  cnab->add_option("--store", args.import.store, "a loja: id ou CNPJ/CPF")->required();
  cnab->callback([&] {
    args.import.db_url = args.db_url;
    exit_code = RunImportCnab(args.import);
  });
}

void AddWorkerCommand(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* worker = app.add_subcommand(
      "worker", "envia as mensagens da fila (e-mail, WhatsApp, SMS) com novas tentativas");
  AddDbOption(*worker, args.db_url);
  auto& w = args.worker;
  worker->add_option("--public-url", w.public_url, "endereço público, para os links de descadastro")
      ->capture_default_str();
  worker->add_option("--threads", w.threads, "mensagens enviadas ao mesmo tempo")
      ->capture_default_str();
  worker->add_option("--batch", w.batch, "mensagens por lote")->capture_default_str();
  worker
      ->add_option("--lease", w.lease_seconds,
                   "segundos até retomar um lote de um worker que parou")
      ->capture_default_str();
  worker->add_flag("--once", w.once, "envia o que está vencido e sai");
  worker->callback([&] {
    args.worker.db_url = args.db_url;
    exit_code = RunWorker(args.worker);
  });
}

// `score export` beside the scorecard's train, apply and report (score_command.h).
void AddScoreExportCommand(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* command = app.get_subcommand("score")->add_subcommand(
      "export", "exporta o histórico da loja em CSV, para treinar um modelo de score");
  AddDbOption(*command, args.db_url);
  command->add_option("--store", args.score_export.store, "a loja: id ou CNPJ/CPF")->required();
  command->add_option("--out", args.score_export.out, "o CSV gravado")
      ->required()
      ->type_name("ARQUIVO");
  command->callback([&] {
    args.score_export.db_url = args.db_url;
    exit_code = RunScoreExport(args.score_export);
  });
}

void AddDailyRunCommand(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* run = app.add_subcommand(
      "daily-run",
      "executa a régua de cobrança do dia: lembretes e cobranças, uma vez por parcela e etapa");
  AddDbOption(*run, args.db_url);
  run->add_option("--store", args.daily_run.store, "a loja: id ou CNPJ/CPF (padrão: todas)");
  run->add_option("--date", args.daily_run.date, "o dia, AAAA-MM-DD (padrão: hoje na loja)");
  run->add_flag("--dry-run", args.daily_run.dry_run, "só mostra o que sairia; não grava ações");
  run->callback([&] {
    args.daily_run.db_url = args.db_url;
    exit_code = RunDailyRun(args.daily_run);
  });
}

// Each subcommand's callback stores the code main returns.
void AddTools(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* tools =
      app.add_subcommand("tools", "verificações avulsas (CPF, CNPJ, feriados, Pix, boleto, CNAB)");
  tools->require_subcommand(1);
  CLI::App* cpf = tools->add_subcommand("cpf", "CPF")->require_subcommand(1);
  cpf->add_subcommand("check", "valida um CPF")
      ->callback([&] { exit_code = CheckCpfTool(args.tool_input, std::cout, std::cerr); })
      ->add_option("cpf", args.tool_input, "o CPF, com ou sem pontuação")
      ->required();
  CLI::App* cnpj = tools->add_subcommand("cnpj", "CNPJ numérico ou alfanumérico");
  cnpj->require_subcommand(1);
  cnpj->add_subcommand("check", "valida um CNPJ")
      ->callback([&] { exit_code = CheckCnpjTool(args.tool_input, std::cout, std::cerr); })
      ->add_option("cnpj", args.tool_input, "o CNPJ, com ou sem pontuação")
      ->required();
  tools->add_subcommand("holidays", "feriados nacionais e bancários de um ano, em JSON")
      ->callback([&] { exit_code = HolidaysTool(args.tool_input, std::cout, std::cerr); })
      ->add_option("ano", args.tool_input, "o ano, como 2026")
      ->required();
  AddPaymentCodeTools(*tools, args, exit_code);
  CLI::App* cnab =
      tools->add_subcommand("cnab", "arquivos CNAB de cobrança")->require_subcommand(1);
  cnab->add_subcommand("parse", "lê um retorno CNAB 240/400 e mostra um JSON por título")
      ->callback([&] { exit_code = RunCnabParse(args.tool_input, std::cout, std::cerr); })
      ->add_option("file", args.tool_input, "o arquivo de retorno")
      ->required()
      ->type_name("ARQUIVO");
}

void AddCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* migrate = app.add_subcommand("migrate", "aplica as migrações pendentes do banco");
  AddDbOption(*migrate, args.db_url);
  migrate->callback([&] { exit_code = RunMigrate(args.db_url); });

  CLI::App* serve = app.add_subcommand("serve", "inicia o servidor web e a API");
  AddDbOption(*serve, args.db_url);
  serve->add_option("--address", args.serve.address, "endereço de escuta")
      ->default_val("127.0.0.1");
  serve
      ->add_option("--port", args.serve.port,
                   "porta, de 0 a 65535 (0: o sistema escolhe uma livre)")
      ->default_val(8080)
      ->check(CLI::Range(0, 65535).description(""))
      ->type_name("PORTA");
  serve->add_option("--web-dir", args.serve.web_dir, "pasta da interface web compilada (web/dist)")
      ->default_val(FIADO_DEFAULT_WEB_DIR);
  serve->add_flag("--demo", args.serve.demo,
                  "cria uma loja de demonstração se o banco estiver vazio");
  serve->add_flag("--secure-cookies", args.serve.secure_cookies,
                  "marca o cookie de sessão como Secure (atrás de HTTPS)");
  serve->add_flag("!--no-collection-scheduler", args.serve.collection_scheduler,
                  "não executa a régua de cobrança no horário de cada loja");
  serve->add_flag("!--no-outbox-worker", args.serve.outbox_worker,
                  "não envia as mensagens da fila (use `fiado worker` à parte)");
  serve->add_option("--public-url", args.serve.public_url,
                    "endereço público do Fiado, para os links de descadastro dos e-mails");
  serve->callback([&] {
    args.serve.db_url = args.db_url;
    exit_code = RunServe(args.serve);
  });
  AddUserCommands(app, args, exit_code);
  AddStoreCommands(app, args, exit_code);
  AddDemoCommands(app, args, exit_code);
  AddImportCommands(app, args, exit_code);
  AddDailyRunCommand(app, args, exit_code);
  AddWorkerCommand(app, args, exit_code);
  AddScoreCommands(app, args.score, exit_code);
  AddScoreExportCommand(app, args, exit_code);
  AddTools(app, args, exit_code);
}

// CLI11 speaks English; Fiado's users read Portuguese. Labels of the help text, and the
// group names of options and commands, in the whole tree of commands.
void SpeakPortuguese(CLI::App& app) {
  const auto formatter = app.get_formatter();
  formatter->label("Usage", "Uso");
  formatter->label("OPTIONS", "OPÇÕES");
  formatter->label("SUBCOMMAND", "COMANDO");
  formatter->label("SUBCOMMANDS", "COMANDOS");
  formatter->label("REQUIRED", "OBRIGATÓRIO");
  formatter->label("Positionals", "Argumentos");
  formatter->label("Env", "variável");
  formatter->label("TEXT", "TEXTO");
  formatter->label("INT", "NÚMERO");
  for (CLI::Option* option : app.get_options()) option->group("Opções");
  for (CLI::App* command : app.get_subcommands({})) {
    command->group("Comandos");
    command->formatter(formatter);
    SpeakPortuguese(*command);
  }
}

// A Portuguese headline for a command-line mistake, with CLI11's own detail (which names
// the argument at fault) after it.
std::string UsageError(const CLI::ParseError& error) {
  std::string headline = "argumentos inválidos";
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    headline = "argumento não reconhecido";
  } else if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    headline = "falta um argumento obrigatório";
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    headline = "quantidade errada de valores";
  } else if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr ||
             dynamic_cast<const CLI::ValidationError*>(&error) != nullptr) {
    headline = "valor inválido";
  }
  return headline + " (" + error.what() + ")";
}

int Run(CLI::App& app, int argc, char** argv, int& exit_code) {
  try {
    app.parse(argc, argv);
    return exit_code;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << "fiado " << kVersion << '\n';
    return 0;
  } catch (const CLI::ParseError& error) {
    std::cerr << "erro de uso: " << UsageError(error) << "\n\n" << app.help();
    return kExitUsage;
  }
}

}  // namespace

int Main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("fiado"));
  CLI::App app("Fiado: crediário próprio e cobrança para lojas", "fiado");
  app.set_help_flag("-h,--help", "mostra esta ajuda e sai");
  app.set_version_flag("--version", kVersion, "mostra a versão e sai");
  app.require_subcommand(1);
  Arguments args;
  int exit_code = 0;
  AddCommands(app, args, exit_code);
  SpeakPortuguese(app);
  try {
    return Run(app, argc, argv, exit_code);
  } catch (const storage::StorageError& error) {
    std::cerr << "erro: " << error.what() << '\n';
  } catch (const soci::soci_error& error) {
    std::cerr << "erro de banco de dados: " << core::FirstLine(error.get_error_message()) << '\n';
  } catch (const std::exception& error) {
    std::cerr << "erro: " << core::FirstLine(error.what()) << '\n';
  }
  return 1;
}

}  // namespace fiado::app
