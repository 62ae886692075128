#!/bin/sh
# Install the build and test dependencies that are missing, on Debian or
# Ubuntu, when this user may (root, or sudo without a password).  Chromium,
# for the HTML report's browser test, is tried last and may fail: that test
# then says it skipped.
set -u
missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd pkg-config pkg-config
need_cmd cc gcc
need_cmd make make
need_pc libpcre2-8 libpcre2-dev
need_pc yaml-0.1 libyaml-dev
need_pc libarchive libarchive-dev
need_pc libhs libvectorscan-dev
need_pc cmocka libcmocka-dev
need_cmd gzip gzip
need_cmd xz xz-utils
need_cmd bzip2 bzip2
need_cmd zstd zstd
need_cmd tar tar
need_cmd valgrind valgrind
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || missing="$missing python3-jsonschema"
browser=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || browser="chromium"

[ -z "$missing$browser" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
	[ -z "$missing" ] && exit 0
	echo "memtriage: cannot install (not root, no sudo); please install:$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	[ -z "$missing" ] && exit 0
	echo "memtriage: no apt-get here; please install the equivalents of:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1
if [ -n "$missing" ]; then
	echo "memtriage: installing:$missing"
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
fi
if [ -n "$browser" ]; then
	echo "memtriage: installing chromium for the HTML report's browser test"
	$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
		echo "memtriage: chromium could not be installed; the browser test will be skipped"
fi
exit 0
