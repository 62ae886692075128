#!/bin/sh
# The HTML report in a real browser, as a person sees it: headless Chromium
# renders the samples' report at two widths (screenshots, not blank), and
# the page, measured in the browser, scrolls sideways at neither; every
# timed event has its mark on the time line; every bar is as long as its
# value on its chart's scale (zones and memory, read from the DOM: width
# against data-kb); each host leads with its verdict.  The scale check is
# itself checked: the same page with each zone drawn on a scale of its own
# (the old bug) must fail it.  Skipped only where no Chromium exists.
# UPDATE=1 (make screenshots) also retakes the README's two pictures.
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
set -- --year 2026 --fail-on never samples/
"$BIN" -f html "$@" >"$tmp/r.html" 2>/dev/null || exit 1
"$BIN" -f json "$@" >"$tmp/r.json" 2>/dev/null || exit 1
flags="--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-dev-shm-usage"
# A copy of the page with a script of the test's own (the report has none)
# that measures the laid-out page into the DOM, for --dump-dom to return.
cat "$tmp/r.html" - >"$tmp/m.html" <<'JS'
<script>
const out = { width: innerWidth, scroll: document.documentElement.scrollWidth, wide: [] };
for (const el of document.body.querySelectorAll("*")) {
  const r = el.getBoundingClientRect();
  if (r.width && r.right > innerWidth + 1) out.wide.push(el.tagName + "." + el.className.baseVal + el.className);
}
const pre = document.createElement("pre");
pre.id = "mt-measure";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
JS
for w in 1280 800; do
	timeout 120 "$CHROMIUM" $flags --window-size=$w,1600 --screenshot="$tmp/r-$w.png" "file://$tmp/r.html" >/dev/null 2>&1
	timeout 120 "$CHROMIUM" $flags --window-size=$w,1600 --dump-dom "file://$tmp/m.html" >"$tmp/dom-$w.html" 2>/dev/null
done
# UPDATE=1 (make screenshots): the README's pictures, retaken from this page:
# its first 1800 px at 1280, and app01's event #3 alone, as high as it is
# (the rest of the page hidden, the height measured in the browser first).
if [ -n "${UPDATE:-}" ]; then
	timeout 120 "$CHROMIUM" $flags --window-size=1280,1800 --screenshot="$PWD/docs/report-samples.png" \
		"file://$tmp/r.html" >/dev/null 2>&1
	sed 's|</head>|<style>body>*:not(#host-0-event-3){display:none}</style></head>|' "$tmp/r.html" >"$tmp/e.html"
	{ cat "$tmp/e.html"; echo '<script>document.body.insertAdjacentHTML("beforeend", "<pre id=mt-height>" +'
	  echo 'document.documentElement.scrollHeight + "</pre>")</script>'; } >"$tmp/e-m.html"
	height=$(timeout 120 "$CHROMIUM" $flags --window-size=1280,400 --dump-dom "file://$tmp/e-m.html" 2>/dev/null |
		sed -n 's|.*<pre id="mt-height">\([0-9]*\)</pre>.*|\1|p')
	timeout 120 "$CHROMIUM" $flags --window-size=1280,"${height:-900}" --screenshot="$PWD/docs/report-event.png" \
		"file://$tmp/e.html" >/dev/null 2>&1
	[ -n "$height" ] || echo "html: the event's height could not be measured: docs/report-event.png taken 900 px high"
	echo "html: docs/report-samples.png (1280x1800) and docs/report-event.png (1280x${height:-900}) retaken"
fi
exec /usr/bin/python3 - "$tmp" <<'PY'
import html, json, re, struct, sys, zlib
d = sys.argv[1]
checks = []
def check(name, ok):
    checks.append(bool(ok))
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

for width in (1280, 800):
    try:
        w, h, bpp, rows = pixels(f"{d}/r-{width}.png")
        colours = {row[x:x + 3] for row in rows[::7] for x in range(0, len(row), bpp * 7)}
        dark = sum(1 for row in rows[::5] for x in range(0, len(row), bpp * 5) if max(row[x:x + 3]) < 100)
        check(f"screenshot at {width} px: {w}x{h}, {len(colours)} colours, {dark} dark samples",
              w == width and len(colours) > 20 and dark > 200)
    except Exception as e:
        check(f"screenshot at {width} px readable ({e})", False)
    dom = open(f"{d}/dom-{width}.html", encoding="utf-8", errors="replace").read()
    m = re.search(r'<pre id="mt-measure">(.*?)</pre>', dom, re.S)
    meas = json.loads(html.unescape(m.group(1))) if m else None
    check(f"no horizontal scrolling at {width} px (page {meas and meas['scroll']} px wide; wider: {meas and meas['wide'][:3]})",
          meas is not None and meas["scroll"] <= width and not meas["wide"])

dom = open(f"{d}/dom-1280.html", encoding="utf-8", errors="replace").read()
report = json.load(open(f"{d}/r.json"))

# every timed event has its mark, numbered as in the page's time line
timed = [(i, k + 1) for i, h in enumerate(report["hosts"]) for k, e in enumerate(h["events"]) if e["time"]]
marks = re.findall(r'<a href="#host-(\d+)-event-(\d+)"><circle[^>]*class="event" data-event="(\d+)"', dom)
check(f"one mark per timed event ({len(marks)} of {len(timed)})",
      sorted((int(a), int(b)) for a, b, c in marks) == sorted(timed) and all(b == c for a, b, c in marks))
sections = re.findall(r'<div class="event" id="host-(\d+)-event-(\d+)">', dom)
check(f"every event has its section ({len(sections)})", len(sections) == sum(len(h["events"]) for h in report["hosts"]))

def attrs(tag):
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))

def scale_errors(page, cls, mark):
    """Charts whose marks are not all on one scale: width (or x from the axis) against value,
    the scale taken from the largest, each mark within the rounding of its printed 2 decimals (and the largest one's)."""
    bad, charts = [], 0
    for svg in re.findall(r'<svg class="%s".*?</svg>' % cls, page, re.S):
        charts += 1
        marks = []
        for tag in re.findall(r'<%s\b[^>]*>' % mark, svg):
            a = attrs(tag)
            if "data-kb" in a:
                marks.append((float(a["data-kb"]), float(a["width"])))
        for tag in re.findall(r'<line class="wm[^>]*>', svg):
            a = attrs(tag)
            marks.append((float(a["data-kb"]), float(a["x1"]) - 170))
        if not marks or max(kb for kb, _ in marks) <= 0:
            continue
        kb, length = max(marks)
        s = length / kb
        if any(abs(l - s * k) > 0.011 for k, l in marks):  # both roundings
            bad.append(svg[:80])
    return charts, bad

charts, bad = scale_errors(dom, "zones", "rect")
check(f"zone bars and watermarks on one true scale per event ({charts} charts, {len(bad)} off)", charts >= 10 and not bad)
charts, bad = scale_errors(dom, "memory", "rect")
check(f"memory bar parts proportional to their values ({charts} bars, {len(bad)} off)", charts >= 10 and not bad)
# the bug this guards against: each zone's bar on a scale of its own size
def own_scale(svg):
    def one(m):
        a = attrs(m.group(0))
        kb = float(a["data-kb"])
        return m.group(0).replace(f'width="{a["width"]}"', f'width="{810 * kb / (kb * 1.1 + 1):.2f}"')
    return re.sub(r'<rect class="zone-free"[^>]*>', one, svg.group(0))
buggy = re.sub(r'<svg class="zones".*?</svg>', own_scale, dom, flags=re.S)
check("the scale check fails on bars drawn each on its own scale", scale_errors(buggy, "zones", "rect")[1])
# the bars the issue saw drawn the wrong way round: app01's DMA (14.5 MiB free) and DMA32 (51.2 MiB)
app = re.search(r'<div class="event" id="host-0-event-1">.*?</svg>', dom, re.S).group(0)
w = {attrs(t)["data-zone"]: float(attrs(t)["width"]) for t in re.findall(r'<rect class="zone-free"[^>]*>', app)}
check(f"app01 #1: DMA's bar shorter than DMA32's ({w})", w.get("DMA", 1e9) < w.get("DMA32", 0))
check("the hypervisor's curves with a MiB axis", "balloon (MiB)" in dom and ">MiB</text>" in dom and "time (UTC)" in dom)
check("no external resource, no script of its own", not re.search(r'<(script|link)\b|src="http', open(f"{d}/r.html", errors="replace").read()))
hosts = dom.count('<h2 id="host-')
verdicts = re.findall(r'<h2 id="host-\d+">[^<]*</h2>\s*<p class="verdict"><span class="(?:critical|warning|info|ok)">', dom)
check(f"each host's first line is its verdict ({len(verdicts)} of {hosts})", hosts >= 3 and len(verdicts) == hosts)
check("the fleet table's column is the verdict: severity and causes",
      "<th>verdict</th>" in dom and
      re.search(r'app01</a></td>(?:<td class="n">\d+</td>){3}<td><span class="critical">critical</span> hypervisor_reclaim', dom) is not None)
print(f"html: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
