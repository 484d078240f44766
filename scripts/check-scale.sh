#!/usr/bin/env bash
# Measures `cdk8s-patterns check` on generated inputs of the given sizes in MB
# (default 10 and 100): wall time, CPU time (user + system) and peak RSS from
# /usr/bin/time -v. On a shared machine compare CPU times: wall time includes
# waiting for a core.
# usage: scripts/check-scale.sh [MB...]     (run from the repository root)
set -euo pipefail
export CDK8S_CHECK_UPGRADE=false
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mb in "${@:-10 100}"; do
  for size in $mb; do
    dir="$tmp/in-$size"
    mkdir -p "$dir"
    node "$root/scripts/gen-manifests.js" "$dir" "$size"
    actual=$(du -sm "$dir" | cut -f1)
    /usr/bin/time -v -o "$tmp/time" node -r "$root/scripts/swc-register.js" "$root/src/cli.ts" check "$dir" >"$tmp/out" 2>"$tmp/err" || true
    wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$tmp/time" | awk '{print $NF}')
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f s", s }' "$tmp/time")
    echo "${actual} MB: wall ${wall}, CPU ${cpu}, peak RSS $((rss / 1024)) MB: $(tail -c 200 "$tmp/out" | tail -1)$(head -c 300 "$tmp/err")"
    rm -rf "$dir"
  done
done
