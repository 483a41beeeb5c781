# Sourced by e2e.sh and packaged.sh: starts code-server for a test run and stops it on exit.
#
# start_code_server PATH_FOR_IT CODE_SERVER RUN_DIR WORKSPACE
#   starts CODE_SERVER with PATH set to PATH_FOR_IT, its profile and extensions under RUN_DIR,
#   opening WORKSPACE; sets `port` and `server_pid`, installs an EXIT trap that stops it and
#   its extension hosts, and returns once it answers (exits 1 with its log if it dies first).
start_code_server() {
  local path_for_it=$1 code_server=$2 run=$3 workspace=$4
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Its own process group, so that the extension hosts (which outlive the browser) stop with it.
  PATH=$path_for_it setsid "$code_server" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
    --disable-update-check --disable-workspace-trust --user-data-dir "$run/data" \
    --extensions-dir "$run/extensions" "$workspace" >"$run/code-server.log" 2>&1 &
  server_pid=$!
  trap stop_code_server EXIT

  for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$run/code-server.log"; exit 1; }
    sleep 0.5
  done
}

stop_code_server() {
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  sleep 1
  kill -KILL -- "-$server_pid" 2>/dev/null || true
}
