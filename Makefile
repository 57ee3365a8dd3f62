# The two commands: `make run` and `make test`. Both install what is missing first.
.PHONY: run test bench setup build release asan format clean

JOBS ?= $(shell nproc)
DB ?= sqlite:fiado.db
ADDRESS ?= 127.0.0.1
PORT ?= 8080

setup:
	@bash scripts/setup.sh

release: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

build: release

# Build, then start Fiado on http://$(ADDRESS):$(PORT) with the embedded SQLite database;
# on the first start it creates a demo store and prints the owner's login.
run: release
	@./build/release/src/app/fiado serve --db $(DB) --address $(ADDRESS) --port $(PORT) --demo

# Every test through CTest, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test: asan
	@ctest --preset asan -j $(JOBS)

bench: release
	@./build/release/bench/fiado_bench

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	@rm -rf build
