// A real SMTP server for tests: tests/support/smtp_server.py (aiosmtpd) started on a free
// port of 127.0.0.1, optionally with STARTTLS or implicit TLS (a self-signed certificate
// made with the openssl command) and AUTH. Every accepted message comes back as JSON
// (mail_from, rcpt_tos, headers, text, html, attachments, tls, login, raw; see the script).
// Recipients starting with "recusa" get 550, "tempfalha" 451. Killed when destroyed.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.h"
#include "support/temp_dir.h"

// The test target defines it: "<repo>/tests/support/smtp_server.py".
#ifndef FIADO_SMTP_SERVER_SCRIPT
#error "define FIADO_SMTP_SERVER_SCRIPT (the path of tests/support/smtp_server.py)"
#endif

namespace fiado::testing {

struct SmtpServerOptions {
  enum class Tls { kNone, kStartTls, kImplicit };
  Tls tls = Tls::kNone;
  std::string username{};  // empty = no AUTH
  std::string password{};
};

class SmtpServer {
 public:
  explicit SmtpServer(SmtpServerOptions options = {}) : options_(std::move(options)) {
    std::vector<std::string> args = {
        "/usr/bin/python3", FIADO_SMTP_SERVER_SCRIPT, "--port", "0", "--dir", dir_.File("mail")};
    if (options_.tls != SmtpServerOptions::Tls::kNone) {
      MakeCertificate();
      args.insert(args.end(),
                  {"--tls-cert", dir_.File("cert.pem"), "--tls-key", dir_.File("key.pem")});
      if (options_.tls == SmtpServerOptions::Tls::kImplicit) args.emplace_back("--implicit-tls");
    }
    if (!options_.username.empty()) {
      args.insert(args.end(), {"--auth", options_.username + ":" + options_.password});
    }
    process_ = std::make_unique<Process>(args);
    WaitUntilReady();
  }

  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }

  // "smtp://127.0.0.1:PORT", or "smtps://..." for implicit TLS.
  std::string url() const {
    const char* scheme = options_.tls == SmtpServerOptions::Tls::kImplicit ? "smtps" : "smtp";
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_);
  }

  // The self-signed certificate (PEM) when TLS is on, for clients that verify it.
  std::string certificate_path() const { return dir_.File("cert.pem"); }

  // The messages accepted so far, oldest first.
  std::vector<nlohmann::json> Messages() const {
    std::vector<std::filesystem::path> files;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.File("mail"), ignored)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<nlohmann::json> messages;
    for (const auto& file : files) {
      std::ifstream in(file);
      messages.push_back(nlohmann::json::parse(in));
    }
    return messages;
  }

  // Waits until at least `count` messages arrived (throws past `timeout`) and returns all.
  std::vector<nlohmann::json> WaitForMessages(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto messages = Messages();
      if (messages.size() >= count) return messages;
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("the SMTP server got " + std::to_string(messages.size()) +
                                 " messages, not " + std::to_string(count) +
                                 "; stderr: " + process_->Stderr());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

 private:
  // A self-signed certificate for 127.0.0.1 (P-256: made in milliseconds, unlike RSA).
  void MakeCertificate() {
    const auto result =
        RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", dir_.File("key.pem"),
                    "-out", dir_.File("cert.pem")});
    if (result.exit_code != 0) throw std::runtime_error("openssl req failed: " + result.err);
  }

  void WaitUntilReady() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    for (;;) {
      const std::string out = process_->Stdout();
      const auto at = out.find("READY ");
      if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
        port_ = std::stoi(out.substr(at + 6));
        return;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("the SMTP server did not start: " + process_->Stderr());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  SmtpServerOptions options_;
  TempDir dir_;
  std::unique_ptr<Process> process_;
  int port_ = 0;
};

}  // namespace fiado::testing
