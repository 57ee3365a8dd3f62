// Test helper of messaging/providers: a real cpp-httplib server on 127.0.0.1 (a free port)
// running in a thread. It records every request (method, path, headers, body and the
// client's port, which tells connections apart) and answers with the test's handler.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fiado::messaging::providers::testing {

struct RecordedRequest {
  std::string method{};
  std::string path{};
  httplib::Headers headers{};
  std::string body{};
  int remote_port = 0;

  std::string Header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

class StubHttpServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit StubHttpServer(Handler handler) : handler_(std::move(handler)) {
    server_.set_keep_alive_max_count(100'000);
    server_.set_tcp_nodelay(true);  // else each answer waits for a delayed ACK (40 ms)
    server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(RecordedRequest{.method = request.method,
                                            .path = request.path,
                                            .headers = request.headers,
                                            .body = request.body,
                                            .remote_port = request.remote_port});
      }
      handler_(request, response);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }

  ~StubHttpServer() {
    server_.stop();
    thread_.join();
  }

  StubHttpServer(const StubHttpServer&) = delete;
  StubHttpServer& operator=(const StubHttpServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  // How many TCP connections the requests came on.
  std::size_t connections() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::set<int> ports;
    for (const auto& request : requests_) ports.insert(request.remote_port);
    return ports.size();
  }

 private:
  Handler handler_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

// Answers `status` with `body` as JSON.
inline StubHttpServer::Handler Answer(int status, std::string body) {
  return [status, body = std::move(body)](const httplib::Request&, httplib::Response& response) {
    response.status = status;
    response.set_content(body, "application/json");
  };
}

// A port of 127.0.0.1 nobody listens on (taken from the kernel, then released).
inline int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace fiado::messaging::providers::testing
