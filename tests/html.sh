#!/bin/sh
# The HTML report in a real browser: headless Chromium renders it, the
# screenshot must not be blank, and the rendered page must hold the SVG time
# line with one mark per timed event, each host led by its verdict, the
# fleet table's verdict column.  Skipped only where no Chromium exists.
set -u
BIN=${BIN:-build/memtriage}
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
	echo "html: SKIPPED: no Chromium here (Debian: apt-get install chromium)"
	echo "html: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$BIN" -f html --year 2026 --fail-on never samples/vmware-guest samples/esxtop samples/central >"$tmp/r.html" 2>/dev/null || exit 1
flags="--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-dev-shm-usage"
timeout 120 "$CHROMIUM" $flags --window-size=1000,1400 --screenshot="$tmp/r.png" "file://$tmp/r.html" >/dev/null 2>&1
timeout 120 "$CHROMIUM" $flags --dump-dom "file://$tmp/r.html" >"$tmp/dom.html" 2>/dev/null
exec /usr/bin/python3 - "$tmp" <<'PY'
import re, struct, sys, zlib
d = sys.argv[1]
checks = []
def check(name, ok):
    checks.append(ok)
    print(("ok   " if ok else "FAIL ") + name)

def pixels(path):
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) into rows of bytes."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, h, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 4 if ctype == 6 else 3
    raw, stride, prev, rows, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

try:
    w, h, bpp, rows = pixels(f"{d}/r.png")
    colours = {row[x:x + 3] for row in rows[::7] for x in range(0, len(row), bpp * 7)}
    dark = sum(1 for row in rows[::5] for x in range(0, len(row), bpp * 5) if max(row[x:x + 3]) < 100)
    check(f"a {w}x{h} screenshot", w >= 900 and h >= 1000)
    check(f"not blank: {len(colours)} colours, {dark} dark samples", len(colours) > 20 and dark > 200)
except Exception as e:
    check(f"screenshot readable ({e})", False)
dom = open(f"{d}/dom.html", encoding="utf-8", errors="replace").read()
check("the rendered page holds SVG time lines", dom.count("<svg") >= 3)
check("one mark per timed event (4 app01, 1 db01, 1 web01)", len(re.findall(r'<circle[^>]*class="event"', dom)) == 6)
check("the balloon curve from the capture", "balloon (MB)" in dom)
check("no external resource", not re.search(r'<(script|link)\b|src="http', dom))
hosts = dom.count('<h2 id="host-')
verdicts = re.findall(r'<h2 id="host-\d+">[^<]*</h2>\s*<p class="verdict"><span class="(?:critical|warning|info|ok)">', dom)
check(f"each host's first line is its verdict ({len(verdicts)} of {hosts})", hosts >= 3 and len(verdicts) == hosts)
check("the fleet table's column is the verdict: severity and causes",
      "<th>verdict</th>" in dom and
      re.search(r'app01</a></td>(?:<td>\d+</td>){3}<td><span class="critical">critical</span> hypervisor_reclaim', dom) is not None)
print(f"html: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
