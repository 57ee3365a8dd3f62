// Demo data for a first look: on an empty database, a store (default rate 4,99 % a.m.),
// its owner (with a fresh random password, printed once), eight named customers with a
// R$ 2.000 credit limit and a generated portfolio of 200 more with their sales and
// payments (app/generator.h, fixed seed, today = the clock's local date). Never runs on a
// database that already has a store.
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
