// The `fiado` command line: parses arguments and runs one subcommand. Exit codes:
// 0 success, 1 failure or invalid input (reason on stderr), 2 usage error.
#pragma once

namespace fiado::app {

int Main(int argc, char** argv);

}  // namespace fiado::app
