#!/usr/bin/env bash
# Peer benchmark (README.md, "Against peers"): builds our release binary and the floor bench, then
# runs bench/peers.py, which installs check-jsonschema (PyPI, in a venv), ajv-cli 5.0.0 with
# ajv-formats and yaml-language-server 1.25.0 (npm) into a cache directory, generates the corpora
# (the scale cases' folders too) and writes bench/RESULTS.md. Needs: the Rust toolchain, python3
# (with venv), node 20 and npm.
#
#   bench/peers.sh                                   # everything: CLI, floor, language servers, scale
#   bench/peers.sh --skip-100k                       # without the 100,000-file folder (the slowest case)
#   bench/peers.sh --skip-scale                      # CLI, floor and language servers only
#   bench/peers.sh --skip-lsp                        # no yaml-language-server anywhere
#   bench/peers.sh --server '/path/to/innominatus lsp'   # another build's language server
#   bench/peers.sh --wait-for-load 1.5               # first wait (at most --wait-max s) for a quieter machine
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin innominatus
cargo bench --no-run -p innominatus-engine --bench parse_floor
exec python3 bench/peers.py "$@"
