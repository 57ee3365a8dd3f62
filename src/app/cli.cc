#include "app/cli.h"

#include <soci/soci-backend.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "app/tools.h"
#include "app/version.h"
#include "core/text.h"
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
  std::string tool_input;
};

// Each subcommand's callback stores the code main returns.
void AddTools(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* tools = app.add_subcommand("tools", "verificações avulsas (CPF, CNPJ, feriados)");
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
}

void AddCommands(CLI::App& app, Arguments& args, int& exit_code) {
  CLI::App* migrate = app.add_subcommand("migrate", "aplica as migrações pendentes do banco");
  AddDbOption(*migrate, args.db_url);
  migrate->callback([&] { exit_code = RunMigrate(args.db_url); });

  CLI::App* serve = app.add_subcommand("serve", "inicia o servidor web e a API");
  AddDbOption(*serve, args.db_url);
  serve->add_option("--address", args.serve.address, "endereço de escuta")
      ->default_val("127.0.0.1");
  serve->add_option("--port", args.serve.port, "porta")
      ->default_val(8080)
      ->check(CLI::Range(0, 65535));
  serve->callback([&] {
    args.serve.db_url = args.db_url;
    exit_code = RunServe(args.serve);
  });
  AddTools(app, args, exit_code);
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
    std::cerr << "erro de uso: " << error.what() << "\n\n" << app.help();
    return kExitUsage;
  }
}

}  // namespace

int Main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("fiado"));
  CLI::App app("Fiado: crediário próprio e cobrança para lojas", "fiado");
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  Arguments args;
  int exit_code = 0;
  AddCommands(app, args, exit_code);
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
