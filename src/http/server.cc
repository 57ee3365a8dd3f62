#include "http/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "http/api.h"
#include "http/problem.h"

namespace fiado::http {
namespace {

constexpr const char* kJsonContentType = "application/json";
constexpr const char* kRequestIdHeader = "X-Request-Id";

// Per worker thread: when the request being served started. Each request is served from
// start to finish by one thread, so the logger reads what the pre-routing handler wrote.
thread_local std::chrono::steady_clock::time_point request_started;

// Request ids: a random per-process prefix and a counter, cheap and unique enough to find
// a request in the logs.
std::string NextRequestId() {
  static const unsigned prefix = std::random_device{}() & 0xFFFFFFu;
  static std::atomic<unsigned long long> counter{0};
  char text[32];
  std::snprintf(text, sizeof text, "%06x-%llu", prefix, ++counter);
  return text;
}

// The code and Portuguese detail of an error httplib answered before any handler ran.
std::pair<const char*, const char*> BareErrorText(int status) {
  switch (status) {
    case 404:
      return {"not_found", "endereço não encontrado"};
    case 413:
      return {"payload_too_large", "corpo da requisição maior que 1 MB"};
    case 405:
      return {"method_not_allowed", "método não permitido neste endereço"};
    case 400:
      return {"bad_request", "requisição malformada"};
    default:
      return {"http_error", "requisição recusada"};
  }
}

std::string RequestIdOf(const httplib::Response& res) {
  return res.get_header_value(kRequestIdHeader);
}

void HandleHealth(const ServerDependencies& dependencies, httplib::Response& res) {
  const HealthReport report = dependencies.health();
  nlohmann::json body = {{"status", report.database_ok ? "ok" : "unavailable"},
                         {"version", report.version},
                         {"database",
                          {{"engine", report.database_engine},
                           {"ok", report.database_ok},
                           {"migration_level", report.migration_level},
                           {"latest_migration_level", report.latest_migration_level}}}};
  if (!report.database_ok) body["database"]["problem"] = report.problem;
  res.status = report.database_ok ? 200 : 503;
  res.set_content(body.dump(), kJsonContentType);
}

}  // namespace

Server::Server(ServerOptions options, ServerDependencies dependencies)
    : options_(std::move(options)),
      dependencies_(std::move(dependencies)),
      server_(std::make_unique<httplib::Server>()) {
  const std::size_t threads = options_.threads;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // Fiado bind the same port and silently split the traffic with the first.
  // Replies leave in two writes (headers, body): without TCP_NODELAY, Nagle's algorithm
  // holds the second one until the client's delayed ACK, 40 ms later, on every request of
  // a kept-alive connection. (Debian builds httplib as a library, so the
  // CPPHTTPLIB_TCP_NODELAY macro would not reach its constructors: set it here.)
  server_->set_tcp_nodelay(true);
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  InstallConventions();
  InstallRoutes();
}

Server::~Server() = default;

void Server::InstallConventions() {
  server_->set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    res.set_header(kRequestIdHeader, NextRequestId());
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                   "frame-ancestors 'none'");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const httplib::Server::HandlerWithResponse problem_for_bare_errors = [](const httplib::Request&,
                                                                          httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const auto [code, detail] = BareErrorText(res.status);
    res.set_content(ProblemJson(res.status, code, detail, RequestIdOf(res)), kProblemContentType);
    return httplib::Server::HandlerResponse::Handled;
  };
  server_->set_error_handler(problem_for_bare_errors);
  server_->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown";
        try {
          std::rethrow_exception(std::move(error));
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("request {} {} {} failed: {}", RequestIdOf(res), req.method, req.path, what);
        res.status = 500;
        res.set_content(
            ProblemJson(500, "internal",
                        "erro interno; informe o código " + RequestIdOf(res) + " ao suporte",
                        RequestIdOf(res)),
            kProblemContentType);
      });
  server_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const auto elapsed = std::chrono::steady_clock::now() - request_started;
    const double elapsed_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    spdlog::info("{} {} {} {} {:.1f}ms {}B {}", req.remote_addr, req.method, req.path, res.status,
                 elapsed_ms, res.body.size(), RequestIdOf(res));
  });
}

void Server::InstallRoutes() {
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    HandleHealth(dependencies_, res);
  });
  if (dependencies_.api != nullptr) InstallApi(*server_, *dependencies_.api);
  if (!dependencies_.web_dir.empty()) InstallWebUi();
}

// The built UI: its files as they are, and index.html for every other path outside the
// API, so that the UI's own routes (/clientes/123) survive a reload.
void Server::InstallWebUi() {
  if (!server_->set_mount_point("/", dependencies_.web_dir)) {
    spdlog::warn("interface web não encontrada em {}", dependencies_.web_dir);
    return;
  }
  const std::string index_path = dependencies_.web_dir + "/index.html";
  server_->Get(R"(/(?!api/|healthz).*)",
               [index_path](const httplib::Request&, httplib::Response& res) {
                 std::ifstream file(index_path, std::ios::binary);
                 if (!file) return;  // 404 problem from the error handler
                 std::ostringstream text;
                 text << file.rdbuf();
                 res.set_header("Cache-Control", "no-cache");
                 res.set_content(text.str(), "text/html; charset=utf-8");
               });
}

core::Status Server::Bind() {
  if (options_.port < 0 || options_.port > 65535) {
    return core::Invalid("port", "porta inválida: use um número de 1 a 65535");
  }
  if (options_.port == 0) {
    bound_port_ = server_->bind_to_any_port(options_.address);
    if (bound_port_ > 0) return {};
  } else if (server_->bind_to_port(options_.address, options_.port)) {
    bound_port_ = options_.port;
    return {};
  }
  return core::Fail(core::Error{core::ErrorCode::kUnavailable,
                                "não foi possível escutar em " + options_.address + ":" +
                                    std::to_string(options_.port) +
                                    " (porta em uso ou endereço inválido)",
                                "port"});
}

void Server::Run() {
  {
    std::lock_guard lock(run_state_mutex_);
    if (stop_requested_) return;
    run_started_ = true;
  }
  server_->listen_after_bind();
  run_finished_ = true;
}

void Server::Stop() {
  bool started = false;
  {
    std::lock_guard lock(run_state_mutex_);
    stop_requested_ = true;
    started = run_started_;
  }
  if (!started) return;  // Run() will see the request and not listen
  // httplib ignores stop() until its loop runs: wait for the loop (or for Run to end).
  while (!server_->is_running() && !run_finished_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_->stop();
}

}  // namespace fiado::http
