#!/usr/bin/env bash
# Kernel-by-kernel comparison of two fatbins, to show that a change of the sources left the device code
# as it was. Needs a JDK (java) and zstd (the fatbin's PTX is zstd-compressed); no GPU, no cuobjdump.
# Usage: compare-fatbins.sh OLD NEW [--removed NAME,NAME...] [--subset]
#   --removed: functions expected in OLD only (kernels moved out of NEW);
#   --subset:  NEW holds some of OLD's functions (e.g. the test image against the old all-in-one image).
# Per image (sm_80 ... SASS, compute_90 PTX) it prints how many functions are identical, which differ and
# which are in one fatbin only; exit status 0 when every shared function is identical and the rest is as
# expected. What "identical" covers is in FatbinDiff.java's header (SASS: code bytes, registers,
# attributes, shared/local/constant sizes, relocations; PTX: the function's text).
set -euo pipefail
command -v zstd >/dev/null || { echo "compare-fatbins.sh: needs zstd (apt-get install zstd)" >&2; exit 2; }
exec java "$(dirname "$0")/FatbinDiff.java" "$@"
