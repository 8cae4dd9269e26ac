#!/usr/bin/env bash
# Regenerates the "## Commands" part of docs/cli.md from the --help of every command.
# Run from anywhere: docs/gen-cli.sh (builds the CLI through ./flm if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./flm --version >/dev/null

commands() { # prints the subcommand names of "flm $*"
  ./flm "$@" --help | sed -n '/^Commands:/,$p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p; s/^  \([a-z][a-z0-9-]*\)$/\1/p' \
    | grep -v '^help$' || true
}

walk() { # prints every command path, depth first
  echo "$*"
  local sub
  for sub in $(commands "$@"); do
    walk "$@" "$sub"
  done
}

doc=docs/cli.md
{
  sed '/^## Commands$/,$d' "$doc"
  echo "## Commands"
  echo
  echo "The text below is the output of \`--help\` for each command (regenerate with docs/gen-cli.sh)."
  while IFS= read -r path; do
    echo
    echo "### flm${path:+ $path}"
    echo
    echo '```'
    # shellcheck disable=SC2086
    ./flm $path --help
    echo '```'
  done < <(walk)
} > "$doc.tmp"
mv "$doc.tmp" "$doc"
