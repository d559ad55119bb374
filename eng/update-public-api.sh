#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of every packed project from the code: the public API baseline after a change to
# the public surface made on purpose (CONTRIBUTING.md, "Public API"). PublicAPI.Shipped.txt is left alone: it changes
# only when a version is published. Usage: eng/update-public-api.sh [project.csproj ...] (default: every packed project).
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(src/Mde.Bindings/Mde.Bindings.csproj src/Mde.Bindings.Redis/Mde.Bindings.Redis.csproj src/Mde.Bindings.Cli/Mde.Bindings.Cli.csproj)
fi

header='#nullable enable'
for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || { echo "error: $dir/PublicAPI.Shipped.txt is missing; create it with the single line '$header'." >&2; exit 2; }
  # The old file comes back if anything below fails: a half-made baseline never replaces a good one.
  backup=$(mktemp)
  cp "$unshipped" "$backup" 2>/dev/null || printf '%s\n' "$header" > "$backup"
  trap 'cp "$backup" "$unshipped"; rm -f "$backup"' ERR
  printf '%s\n' "$header" > "$unshipped"
  # RS0016's code fix declares every public symbol the baseline lacks, for each target framework of the project.
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
  # One line per symbol, in ordinal order: a stable file whatever the order the fix wrote (or repeated) them in.
  { printf '%s\n' "$header"; awk -v h="$header" '$0 != h && $0 != ""' "$unshipped" | LC_ALL=C sort -u; } > "$unshipped.sorted"
  mv "$unshipped.sorted" "$unshipped"
  trap - ERR
  rm -f "$backup"
  echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) public symbols"
done
