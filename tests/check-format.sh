#!/bin/sh
# Every C file of the tree follows .clang-format (clang-format 14 from
# Debian 12).  Usage: check-format.sh SOURCE_ROOT
set -eu
cd "$1"
files=$(git ls-files '*.c' '*.h' '*.cpp' 2>/dev/null || find src include tests examples bench -name '*.[ch]')
# shellcheck disable=SC2086
clang-format --dry-run -Werror $files
echo "$(printf '%s\n' $files | wc -l) files follow .clang-format"
