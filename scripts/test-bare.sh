#!/bin/sh
# test-bare.sh — `go test ./...` as a newcomer without the outside tools would run it (issue 21):
# a fresh clone of this repository's main, with a PATH of Go and the shell's basic commands only,
# and /usr/bin/python3 masked in a private mount namespace (the checkers are run by that absolute
# path). Tests that need poppler, LibreOffice, Chromium, node, qpdf or Python must skip, never
# fail; CI is unset. Needs root (unshare -m) — a throw-away machine or container.
#
#   scripts/test-bare.sh [REPO]        (REPO defaults to the repository this script is in)
set -eu
repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d /tmp/nianbao-bare.XXXXXX)
git clone -q "$repo" "$work/nianbao"
ln -s "$repo/../shared" "$work/shared" 2>/dev/null || true
mkdir "$work/bin"
for c in sh bash git env cat ls mkdir rm cp mv grep sed sort uname id tar gzip true false head tail wc dirname basename; do
	p=$(command -v "$c") && ln -s "$p" "$work/bin/$c"
done
: >"$work/nopython"
goroot=$(go env GOROOT)
cd "$work/nianbao"
start=$(date +%s)
rc=0
unshare -m sh -c "mount --bind '$work/nopython' /usr/bin/python3 && exec env -u CI PATH='$goroot/bin:$work/bin' HOME='$HOME' GOPATH='$(go env GOPATH)' GOCACHE='$(go env GOCACHE)' GOFLAGS= go test ./..." || rc=$?
echo "go test ./... without outside tools: exit $rc, $(( $(date +%s) - start )) s wall, in $work/nianbao"
exit $rc
