#include "app/cli.h"

int main(int argc, char** argv) { return fiado::app::Main(argc, argv); }
