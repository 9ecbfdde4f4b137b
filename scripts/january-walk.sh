#!/bin/bash
# The district's January of issue 24 in headless Chromium (serve.TestJanuary), with what the
# closing note shows: a full-page PNG of every page visited (NN-name.png: the form is
# 11-form.png, the dashboard 19-dashboard.png, a returned report 25-returned.png) and the audit
# log the administrator exported (audit.csv).
#
#   scripts/january-walk.sh [FOLDER]     (default /tmp/january; run from the repository's root)
#
# Needs chromium and axe-core (npm, in $NIANBAO_NODE_DIR/node_modules or ~/.cache/nianbao-node).
set -euo pipefail
out=${1:-/tmp/january}
rm -rf "$out"
mkdir -p "$out"
NIANBAO_SHOTS=$(cd "$out" && pwd) go test ./serve -run 'TestJanuary$' -count=1 -v | grep -E '^(=== RUN|--- |ok|FAIL|    january_test)'
ls "$out"
