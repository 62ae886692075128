#!/bin/sh
# Install the build and test dependencies that are missing, on Debian or
# Ubuntu, when this user may (root, or sudo without a password).  Chromium,
# for the HTML report's browser test, is tried last and may fail: that test
# then says it skipped.
#
# `deps.sh --check PC...` (the Makefile, before compiling) installs nothing:
# it names each pkg-config module missing and the Debian package holding it.
set -u
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
debian_pkg() {
	case $1 in
	libpcre2-8) echo libpcre2-dev ;;
	yaml-0.1) echo libyaml-dev ;;
	libarchive) echo libarchive-dev ;;
	libhs) echo libvectorscan-dev ;;
	cmocka) echo libcmocka-dev ;;
	sqlite3) echo libsqlite3-dev ;;
	*) echo "the package with $1.pc" ;;
	esac
}
if [ "${1:-}" = --check ]; then
	shift
	if ! command -v "$PKG_CONFIG" >/dev/null 2>&1; then
		echo "memtriage: $PKG_CONFIG not found: it finds the libraries to build with (Debian: apt-get install pkg-config; or make deps)" >&2
		exit 1
	fi
	bad=0
	for pc in "$@"; do
		if ! err=$("$PKG_CONFIG" --print-errors --exists "$pc" 2>&1); then
			echo "memtriage: library $pc not found by $PKG_CONFIG (no $pc.pc; Debian: apt-get install $(debian_pkg "$pc"); or make deps)" >&2
			[ -n "$err" ] && echo "$err" | sed 's/^/    /' >&2
			bad=1
		fi
	done
	exit $bad
fi
missing=""
need_pc() { "$PKG_CONFIG" --exists "$1" 2>/dev/null || missing="$missing $(debian_pkg "$1")"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd pkg-config pkg-config
need_cmd cc gcc
need_cmd make make
need_pc libpcre2-8
need_pc yaml-0.1
need_pc libarchive
need_pc libhs
need_pc cmocka
need_pc sqlite3
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
