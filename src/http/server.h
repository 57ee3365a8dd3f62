// The HTTP server: cpp-httplib with Fiado's conventions — one access-log line per request,
// a request id on every response, RFC 9457 problem+json errors in Portuguese. Routes for
// the REST API register here; the server knows the domain only through the functions the
// app wires in (it never opens the database itself).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/error.h"

namespace httplib {
class Server;
}

namespace fiado::http {

// What GET /healthz reports; produced by the app from the live database.
struct HealthReport {
  bool database_ok = false;
  std::string version;
  std::string database_engine;  // "sqlite" or "postgresql"
  int migration_level = 0;      // applied schema version
  int latest_migration_level = 0;
  std::string problem;  // why the database is not ok, when it is not
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  std::size_t threads = 8;
};

struct ApiServices;

struct ServerDependencies {
  std::function<HealthReport()> health;
  ApiServices* api = nullptr;  // the REST API under /api/v1; none when null
  std::string web_dir{};       // the built web UI (web/dist); not served when empty
};

class Server {
 public:
  Server(ServerOptions options, ServerDependencies dependencies);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; an error (in Portuguese) when the port is taken or the
  // address is wrong. With port 0 the system picks one: see port().
  core::Status Bind();
  int port() const { return bound_port_; }
  // Serves until Stop(); returns after in-flight requests finish. Returns at once when
  // Stop() came first.
  void Run();
  // Safe to call from another thread (the signal watcher), before or during Run().
  void Stop();

 private:
  void InstallRoutes();
  void InstallConventions();
  void InstallWebUi();

  ServerOptions options_;
  ServerDependencies dependencies_;
  std::unique_ptr<httplib::Server> server_;
  int bound_port_ = 0;
  std::mutex run_state_mutex_;
  bool stop_requested_ = false;  // guarded by run_state_mutex_
  bool run_started_ = false;     // guarded by run_state_mutex_
  std::atomic<bool> run_finished_{false};
};

}  // namespace fiado::http
