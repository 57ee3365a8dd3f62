// Access to the ../shared folder (standards vectors, CNAB fixtures, datasets) from tests.
// Tests that need it call FIADO_REQUIRE_SHARED(path) and are skipped, with a clear
// message, when the folder is absent; its files are never copied into the project.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fiado::testing {

// ../shared beside the source tree, or the folder named by FIADO_SHARED_DIR at run time.
inline std::filesystem::path SharedPath(const std::string& relative) {
  const char* overridden = std::getenv("FIADO_SHARED_DIR");
  const std::filesystem::path base = overridden != nullptr ? overridden : FIADO_SHARED_DIR;
  return base / relative;
}

inline nlohmann::json ReadSharedJson(const std::string& relative) {
  std::ifstream in(SharedPath(relative));
  return nlohmann::json::parse(in);
}

inline std::string ReadSharedText(const std::string& relative) {
  std::ifstream in(SharedPath(relative), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace fiado::testing

// Skips the current test when ../shared/<relative> does not exist.
#define FIADO_REQUIRE_SHARED(relative)                                               \
  do {                                                                               \
    if (!std::filesystem::exists(::fiado::testing::SharedPath(relative))) {          \
      GTEST_SKIP() << "skipped: " << ::fiado::testing::SharedPath(relative).string() \
                   << " is absent (the ../shared folder holds the oracle vectors)";  \
    }                                                                                \
  } while (false)
