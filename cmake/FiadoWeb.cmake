# The web UI (web/: TypeScript + Preact, built by Vite) into <build>/web, which
# `fiado serve` offers by default. npm packages come from scripts/setup.sh (npm ci).
option(FIADO_BUILD_WEB "Build the web UI with npm (needs Node.js and web/node_modules)" ON)
set(FIADO_WEB_DIST ${CMAKE_BINARY_DIR}/web)

if(FIADO_BUILD_WEB)
  find_program(FIADO_NPM npm REQUIRED)
  file(GLOB_RECURSE FIADO_WEB_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/web/src/*
    ${PROJECT_SOURCE_DIR}/web/index.html
    ${PROJECT_SOURCE_DIR}/web/package.json
    ${PROJECT_SOURCE_DIR}/web/package-lock.json
    ${PROJECT_SOURCE_DIR}/web/tsconfig.json
    ${PROJECT_SOURCE_DIR}/web/vite.config.ts)
  add_custom_command(
    OUTPUT ${FIADO_WEB_DIST}/index.html
    COMMAND ${FIADO_NPM} run --silent build -- --outDir ${FIADO_WEB_DIST} --emptyOutDir
            --logLevel warn
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/web
    DEPENDS ${FIADO_WEB_SOURCES}
    COMMENT "Building the web UI (npm run build)"
    VERBATIM)
  add_custom_target(fiado_web ALL DEPENDS ${FIADO_WEB_DIST}/index.html)
endif()
