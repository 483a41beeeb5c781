#!/usr/bin/env bash
# Peer benchmark (README.md, "Against peers"): builds our release binary and the floor bench, then
# runs bench/peers.py, which installs check-jsonschema (PyPI, in a venv) and
# yaml-language-server 1.25.0 (npm) into a cache directory, generates the corpus and writes
# bench/RESULTS.md. Needs: the Rust toolchain, python3 (with venv), node 20 and npm.
#
#   bench/peers.sh                                   # CLI, floor and language servers
#   bench/peers.sh --skip-lsp                        # CLI and floor only
#   bench/peers.sh --server '/path/to/innominatus lsp'   # another build's language server
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin innominatus
cargo bench --no-run -p innominatus-engine --bench parse_floor
exec python3 bench/peers.py "$@"
