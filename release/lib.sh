# Helpers shared by the release tests (sourced).

# PATH without every folder holding one of the named commands: a test that must prove a
# package works without a Rust toolchain (or without an installed innominatus) runs with it.
#   PATH=$(path_without cargo rustc innominatus) command ...
path_without() {
  local dir kept=() name skip
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    skip=0
    for name in "$@"; do
      if [ -n "$dir" ] && [ -e "$dir/$name" ]; then
        skip=1
      fi
    done
    [ "$skip" = 1 ] || kept+=("$dir")
  done
  (IFS=:; echo "${kept[*]}")
}
