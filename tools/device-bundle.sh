#!/usr/bin/env bash
# The bundle slimmed for the device tool, which carries at most 64 MiB with the working tree:
# target/bundle (mvn -Pbundle package) copied to target/gpu-bundle, without the golden fixtures in
# engine-tests.jar (the tests read them from the working tree: tools/gpu-session.sh tests puts
# engine/src/test/resources on the class path) and with libjvm.so's symbol table stripped (4 MiB; a JVM
# crash report then names no native frames). Prints the size it carries beside the tracked tree.
#
#   tools/device-bundle.sh --arch SM   keeps only SM's code in the kernel image (e.g. sm_90 on the lent H200s: a
#       quarter of its 2.3 MiB, the same SASS), so the bundle with its tests fits beside a larger tree.
#   tools/device-bundle.sh --base COMMIT[,COMMIT...]   also adds lib/base-COMMIT.jar for each
#       COMMIT, for before/after comparisons in one sitting (tools/gpu-session.sh ab): COMMIT's bundle is built in
#       a git worktree, and its jar keeps only the entries of its benchmarks.jar that differ from ours (our code,
#       its kernels, its JMH lists; about 2 MiB instead of 12). Put before lib/benchmarks.jar on the class path
#       it runs COMMIT's code over the same JavaCPP presets; with --arch its kernels are built for that one
#       architecture too, so several bases fit. The test jars are left out to make room (the tests are not run
#       then) unless --keep-tests (with --arch and one or two bases they still fit a tree without jmh-results/).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d target/bundle ]] || { echo "no target/bundle: run mvn -B -Pbundle package -DskipTests first" >&2; exit 1; }
bases=() arch="" keep_tests=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) IFS=, read -ra bases <<< "${2:?--base COMMIT[,COMMIT...]}"; shift 2 ;;
    --arch) arch="${2:?--arch SM, e.g. sm_90}"; shift 2 ;;
    --keep-tests) keep_tests=1; shift ;;
    *) echo "usage: $0 [--arch SM] [--base COMMIT[,COMMIT...]] [--keep-tests]" >&2; exit 2 ;;
  esac
done
rm -rf target/gpu-bundle
cp -r target/bundle target/gpu-bundle
zip -q -d target/gpu-bundle/lib/engine-tests.jar 'goldens/*'
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded target/gpu-bundle/runtime/lib/server/libjvm.so
fi
# only_arch BUILD_SCRIPT: every commit's kernel build lists one -gencode line per target; keep SM's SASS alone.
only_arch() { sed -i -E "/^[[:space:]]*-gencode arch=compute_[0-9]+,code=/{/code=${arch}[[:space:]]/!d}" "$1"; }
if [[ -n "$arch" ]]; then
  # Our image again from the same sources and generated entry points, through a copy of the build script
  # beside the original (it finds the sources from its own folder).
  slim=target/arch-kernels
  rm -rf "$slim"; mkdir -p "$slim"
  cp kernels/build-fatbin.sh kernels/.build-fatbin-arch.sh
  only_arch kernels/.build-fatbin-arch.sh
  kernels/.build-fatbin-arch.sh java "" "$slim/generated" "$slim/main" "$slim/test" > /dev/null \
    || { rm -f kernels/.build-fatbin-arch.sh; exit 1; }
  rm -f kernels/.build-fatbin-arch.sh
  python3 - target/gpu-bundle/lib/benchmarks.jar "$slim/main/llmbench.fatbin" <<'PY'
import os, sys, zipfile
jar, fatbin = sys.argv[1:]
name = "dev/llmbench/kernels/llmbench.fatbin"
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(jar + ".tmp", "w", zipfile.ZIP_DEFLATED) as out:
    for entry in src.infolist():
        out.writestr(entry, open(fatbin, "rb").read() if entry.filename == name else src.read(entry.filename))
os.replace(jar + ".tmp", jar)
PY
fi
wt=target/base-worktree
for commit in "${bases[@]}"; do
  short=$(git rev-parse --short "$commit")
  git worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
  git worktree add -q --detach "$wt" "$short"
  [[ -z "$arch" ]] || only_arch "$wt/kernels/build-fatbin.sh"
  (cd "$wt" && mvn -B -o -q -Pbundle package -DskipTests)
  python3 - "$wt/target/bundle/lib/benchmarks.jar" target/gpu-bundle/lib/benchmarks.jar \
      "target/gpu-bundle/lib/base-$short.jar" <<'PY'
import sys, zipfile
base, ours, out = sys.argv[1:]
crc = {i.filename: i.CRC for i in zipfile.ZipFile(ours).infolist()}
src = zipfile.ZipFile(base)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as slim:
    for entry in src.infolist():
        if crc.get(entry.filename) != entry.CRC:
            slim.writestr(entry, src.read(entry.filename))
PY
  echo "$short" >> target/gpu-bundle/lib/base.commits
  git worktree remove --force "$wt"
done
if [[ ${#bases[@]} -gt 0 && $keep_tests == 0 ]]; then
  rm -f target/gpu-bundle/lib/*-tests.jar target/gpu-bundle/lib/junit-console.jar
fi
bundle=$(du -sb target/gpu-bundle | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
echo "target/gpu-bundle: $((bundle / 1048576)) MiB + tracked tree $((tree / 1048576)) MiB = $(((bundle + tree) / 1048576)) MiB (limit 64)"
