// A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temporary folder, on a free
// loopback port, run as the `postgres` user when the tests run as root (PostgreSQL refuses
// root). Stopped and deleted when the object dies. Header-only; tests that use it link SOCI.
#pragma once

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fiado::testing {

class PostgresCluster {
 public:
  // Starts a cluster; throws std::runtime_error saying what is missing or what failed.
  static std::unique_ptr<PostgresCluster> Start() {
    std::unique_ptr<PostgresCluster> cluster(new PostgresCluster());
    cluster->Init();
    for (int attempt = 0; attempt < 3; ++attempt) {
      cluster->port_ = FreePort();
      if (cluster->Run(cluster->PgCtl("start"))) return cluster;
    }
    throw std::runtime_error("pg_ctl start failed; see " + (cluster->dir_ / "server.log").string());
  }

  // The cluster shared by every test of this program, started on first use.
  static PostgresCluster& Shared() {
    static std::unique_ptr<PostgresCluster> shared = Start();
    return *shared;
  }

  ~PostgresCluster() {
    if (port_ != 0) Run(Bin("pg_ctl") + " -D " + Quote(data_dir()) + " -m immediate -w stop");
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

  // A new empty database with a unique name; returns its URL.
  std::string CreateDatabase() {
    const std::string name = "fiado_test_" + std::to_string(++databases_);
    soci::session admin(soci::postgresql, "host=127.0.0.1 user=postgres dbname=postgres port=" +
                                              std::to_string(port_));
    admin << "CREATE DATABASE " + name;
    return Url(name);
  }

 private:
  PostgresCluster() = default;

  // Single-quoted for the shell. Built by appending: GCC 12 at -O3 reports a false
  // -Wrestrict on `"'" + text + "'"` (GCC bug 105329).
  static std::string Quote(const std::filesystem::path& path) {
    std::string quoted;
    quoted.reserve(path.native().size() + 2);
    quoted.append(1, '\'').append(path.native()).append(1, '\'');
    return quoted;
  }

  static std::string FindBinDir() {
    std::vector<std::filesystem::path> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
      if (std::filesystem::exists(entry.path() / "bin" / "initdb")) found.push_back(entry.path());
    }
    if (found.empty()) {
      throw std::runtime_error(
          "PostgreSQL server binaries not found under /usr/lib/postgresql (package postgresql; "
          "run scripts/setup.sh)");
    }
    std::sort(found.begin(), found.end());
    return (found.back() / "bin").string();
  }

  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      close(fd);
      throw std::runtime_error("no free port on 127.0.0.1");
    }
    close(fd);
    return ntohs(address.sin_port);
  }

  std::filesystem::path data_dir() const { return dir_ / "data"; }

  std::string Bin(const std::string& tool) const {
    const std::string command = Quote(bin_dir_ + "/" + tool);
    return run_as_postgres_ ? "runuser -u postgres -- " + command : command;
  }

  std::string PgCtl(const std::string& action) const {
    std::ostringstream options;
    options << "-p " << port_ << " -k " << dir_.string()
            << " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
    return Bin("pg_ctl") + " -D " + Quote(data_dir()) + " -l " + Quote(dir_ / "server.log") +
           " -w -t 60 -o \"" + options.str() + "\" " + action;
  }

  bool Run(const std::string& command) const {
    return std::system((command + " >>" + Quote(dir_ / "commands.log") + " 2>&1").c_str()) == 0;
  }

  void Init() {
    bin_dir_ = FindBinDir();
    char pattern[] = "/tmp/fiado-pg-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("cannot create a temporary folder");
    dir_ = pattern;
    run_as_postgres_ = geteuid() == 0;
    if (run_as_postgres_) {
      const passwd* postgres = getpwnam("postgres");
      if (postgres == nullptr) {
        throw std::runtime_error(
            "running as root and there is no `postgres` user to run the "
            "server (install the postgresql package)");
      }
      if (chown(pattern, postgres->pw_uid, postgres->pw_gid) != 0) {
        throw std::runtime_error("cannot hand the temporary folder to the postgres user");
      }
    }
    const std::string initdb = Bin("initdb") + " -D " + Quote(data_dir()) +
                               " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync";
    if (!Run(initdb)) {
      std::ifstream log(dir_ / "commands.log");
      std::stringstream text;
      text << log.rdbuf();
      throw std::runtime_error("initdb failed: " + text.str());
    }
  }

  std::string bin_dir_;
  std::filesystem::path dir_;
  bool run_as_postgres_ = false;
  int port_ = 0;
  int databases_ = 0;
};

}  // namespace fiado::testing
