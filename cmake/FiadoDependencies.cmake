# Every dependency is a Debian 12 package found on the system; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(tl-expected REQUIRED)
find_package(date REQUIRED)            # libhowardhinnant-date-dev: date::date-tz
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(CURL REQUIRED)            # libcurl4-openssl-dev: SMTP and outbound HTTPS
find_package(Boost REQUIRED)           # headers only: SOCI's public headers include them
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(LIBOFX REQUIRED IMPORTED_TARGET libofx)
pkg_check_modules(HARFBUZZ_SUBSET REQUIRED IMPORTED_TARGET harfbuzz-subset)

# SOCI (libsoci-dev) ships no CMake config: find its libraries one by one.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
foreach(part core sqlite3 postgresql)
  find_library(SOCI_${part}_LIBRARY NAMES soci_${part} REQUIRED)
endforeach()
add_library(soci::soci INTERFACE IMPORTED)
target_include_directories(soci::soci INTERFACE ${SOCI_INCLUDE_DIR})
target_link_libraries(soci::soci INTERFACE
  ${SOCI_sqlite3_LIBRARY} ${SOCI_postgresql_LIBRARY} ${SOCI_core_LIBRARY}
  SQLite::SQLite3 PostgreSQL::PostgreSQL Boost::headers ${CMAKE_DL_LIBS})

# Eigen (libeigen3-dev) for the scorecard's logistic regression.
find_package(Eigen3 3.4 REQUIRED NO_MODULE)

if(FIADO_BUILD_TESTS OR FIADO_BUILD_BENCH)
  find_package(GTest REQUIRED)
endif()
if(FIADO_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
