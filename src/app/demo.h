// Demo data for a first look: on an empty database, a store, its owner (with a fresh
// random password, printed once) and a handful of customers. Never runs on a database
// that already has a store.
#pragma once

#include <optional>
#include <string>

#include "app/wiring.h"

namespace fiado::app {

struct DemoLogin {
  std::string email;
  std::string password;
};

inline constexpr const char* kDemoOwnerEmail = "dono@demo.fiado.com.br";

// The owner's login when the demo was created now; nullopt when the database had a store.
std::optional<DemoLogin> SeedDemo(Wiring& wiring);

}  // namespace fiado::app
