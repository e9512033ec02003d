#!/usr/bin/env bash
# Refreshes VoiceSite/wwwroot/lib from the npm registry, exactly as libman.json describes.
#
# The files are committed, so a fresh clone builds with the .NET SDK alone (no LibMan restore
# at build time: the CDNs LibMan knows are not reachable everywhere). libman.json names the
# "unpkg" provider because unpkg serves the npm package tarballs' contents unchanged; this
# script takes the same tarballs straight from the npm registry with `npm pack`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node -e '
  const m = require(process.argv[1]);
  for (const l of m.libraries) console.log([l.library, l.destination, ...l.files].join("\t"));
' "$root/libman.json" | while IFS=$'\t' read -r library destination files; do
  (cd "$work" && npm pack --silent "$library" > pack-name.txt)
  tarball="$work/$(cat "$work/pack-name.txt")"
  rm -rf "$work/package" && tar xzf "$tarball" -C "$work"
  rm -rf "${root:?}/$destination"
  for f in $files; do
    mkdir -p "$root/$destination$(dirname "$f")"
    cp "$work/package/$f" "$root/$destination$f"
  done
  echo "updated $library -> $destination"
done
