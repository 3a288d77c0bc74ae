#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# byline-serve end to end: the JSON API against byline-search, the limits, the bind address,
# seeing new commits, stopping on SIGTERM, and the page in headless Chromium (Selenium).
# The checks are in tests/cli/serve_test.py; this wrapper runs it with Debian's python3 (the
# one python3-selenium belongs to).  Usage: BUILD=build sh tests/cli/serve.sh
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
exec timeout -k 10 600 /usr/bin/python3 "$ROOT/tests/cli/serve_test.py" "$ROOT" "$BUILD"
