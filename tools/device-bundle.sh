#!/usr/bin/env bash
# The bundle slimmed for the device tool, which carries at most 64 MiB with the working tree:
# target/bundle (mvn -Pbundle package) copied to target/gpu-bundle, without the golden fixtures in
# engine-tests.jar (the tests read them from the working tree: tools/gpu-session.sh tests puts
# engine/src/test/resources on the class path) and with libjvm.so's symbol table stripped (4 MiB; a JVM
# crash report then names no native frames). Prints the size it carries beside the tracked tree.
#
#   tools/device-bundle.sh --base COMMIT   also adds lib/base.jar for a before/after comparison in one
#       sitting (tools/gpu-session.sh ab): COMMIT's bundle is built in a git worktree, and base.jar keeps
#       only the entries of its benchmarks.jar that differ from ours (our code, its kernels, its JMH lists;
#       about 2 MiB instead of 12). Put before lib/benchmarks.jar on the class path it runs COMMIT's code over
#       the same JavaCPP presets. The test jars are left out to make room (the tests are not run then).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d target/bundle ]] || { echo "no target/bundle: run mvn -B -Pbundle package -DskipTests first" >&2; exit 1; }
base=""
if [[ "${1:-}" == "--base" ]]; then base=$(git rev-parse --short "${2:?--base COMMIT}"); fi
rm -rf target/gpu-bundle
cp -r target/bundle target/gpu-bundle
zip -q -d target/gpu-bundle/lib/engine-tests.jar 'goldens/*'
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded target/gpu-bundle/runtime/lib/server/libjvm.so
fi
if [[ -n "$base" ]]; then
  wt=target/base-worktree
  git worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
  git worktree add -q --detach "$wt" "$base"
  (cd "$wt" && mvn -B -o -q -Pbundle package -DskipTests)
  python3 - "$wt/target/bundle/lib/benchmarks.jar" target/gpu-bundle/lib/benchmarks.jar \
      target/gpu-bundle/lib/base.jar <<'PY'
import sys, zipfile
base, ours, out = sys.argv[1:]
crc = {i.filename: i.CRC for i in zipfile.ZipFile(ours).infolist()}
src = zipfile.ZipFile(base)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as slim:
    for entry in src.infolist():
        if crc.get(entry.filename) != entry.CRC:
            slim.writestr(entry, src.read(entry.filename))
PY
  echo "$base" > target/gpu-bundle/lib/base.commit
  git worktree remove --force "$wt"
  rm -f target/gpu-bundle/lib/*-tests.jar target/gpu-bundle/lib/junit-console.jar
fi
bundle=$(du -sb target/gpu-bundle | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
echo "target/gpu-bundle: $((bundle / 1048576)) MiB + tracked tree $((tree / 1048576)) MiB = $(((bundle + tree) / 1048576)) MiB (limit 64)"
