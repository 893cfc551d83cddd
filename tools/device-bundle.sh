#!/usr/bin/env bash
# The bundle slimmed for the device tool, which carries at most 64 MiB with the working tree:
# target/bundle (mvn -Pbundle package) copied to target/gpu-bundle, without the golden fixtures in
# engine-tests.jar (the tests read them from the working tree: tools/gpu-session.sh tests puts
# engine/src/test/resources on the class path) and with libjvm.so's symbol table stripped (4 MiB; a JVM
# crash report then names no native frames). Prints the size it carries beside the tracked tree.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d target/bundle ]] || { echo "no target/bundle: run mvn -B -Pbundle package -DskipTests first" >&2; exit 1; }
rm -rf target/gpu-bundle
cp -r target/bundle target/gpu-bundle
zip -q -d target/gpu-bundle/lib/engine-tests.jar 'goldens/*'
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded target/gpu-bundle/runtime/lib/server/libjvm.so
fi
bundle=$(du -sb target/gpu-bundle | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
echo "target/gpu-bundle: $((bundle / 1048576)) MiB + tracked tree $((tree / 1048576)) MiB = $(((bundle + tree) / 1048576)) MiB (limit 64)"
