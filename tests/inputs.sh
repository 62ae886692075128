#!/bin/sh
# Inputs as users hand them over (issue 16): a file named on the command
# line is read whatever its path, a rotated log named by hand is one log,
# standard input is dated and said when empty, and a run that missed an
# input says so in its exit code.
set -u
BIN=${BIN:-build/memtriage}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
data=tests/data/inputs
guest=samples/vmware-guest/var/log
fail=0 pass=0 skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -s "$tmp/out" ] && head -20 "$tmp/out"; [ -s "$tmp/err" ] && head -20 "$tmp/err"; }
# run ARGS...: the report in $tmp/out, the diagnostics in $tmp/err, the exit code in $rc
run() { "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# sources: every event's source line of the JSON report in $tmp/out, one a line
sources() { /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(e["source"], "complete" if e["complete"] else "incomplete")
' "$tmp/out"; }

# a file under /var/tmp (where sos and users leave files) is read, not taken for a snapshot's
mkdir -p "$tmp/var/tmp"
cp "$guest/messages.1" "$tmp/var/tmp/dmesg.txt"
run -f json --year 2026 --fail-on never "$tmp/var/tmp/dmesg.txt"
if [ "$rc" = 0 ] && [ "$(sources | grep -c .)" = 3 ]; then ok "named file under var/tmp"; else ko "named file under var/tmp"; fi
# the same under every folder name a snapshot has
missed=
for dir in var etc proc sys usr lib run dev boot; do
	mkdir -p "$tmp/named/$dir/x" && cp "$guest/messages.1" "$tmp/named/$dir/x/dmesg.txt"
	run -f json --year 2026 --fail-on never "$tmp/named/$dir/x/dmesg.txt"
	[ "$rc" = 0 ] && [ "$(sources | grep -c .)" = 3 ] || missed="$missed $dir"
done
if [ -z "$missed" ]; then ok "named file under any snapshot folder's name"; else ko "named file under:$missed"; fi

# a file named twice (by two spellings of its path) is read once, and said
run -f json --year 2026 --fail-on never "$guest/messages" "./$guest/messages"
if [ "$rc" = 0 ] && [ "$(sources | grep -c .)" = 2 ] && grep -q "^\./$guest/messages: warning: named before, as $guest/messages: read once" "$tmp/err"; then
	ok "a file named twice: read once, said"; else ko "a file named twice: read once, said"; sources; fi

# rotation named by hand: the kill across midnight is one complete report, however named
cp "$guest/messages.1" "$guest/messages" "$tmp/"
for order in "messages.1 messages" "messages messages.1" "messages*"; do
	(cd "$tmp" && eval "\"\$BIN\" -f json --year 2026 --fail-on never $order" >"$tmp/out" 2>"$tmp/err")
	if [ "$(sources | grep -c .)" = 4 ] && ! sources | grep -q incomplete &&
	   sources | grep -qx 'messages.1:455 complete'; then
		ok "rotation named by hand: $order"
	else
		ko "rotation named by hand: $order"
	fi
done

# a missing path beside a good one: the report of the good one, and exit 4 (wins over 1)
run --year 2026 "$guest/messages" "$tmp/no-such-file"
if [ "$rc" = 4 ] && grep -q 'app01' "$tmp/out" && grep -q "no-such-file: error: cannot read" "$tmp/err" &&
   grep -q '1 of 2 inputs could not be read' "$tmp/err"; then ok "missing path beside a good one"; else ko "missing path beside a good one"; fi
run --year 2026 --fail-on never "$guest/messages"
if [ "$rc" = 0 ]; then ok "every path read: exit 0"; else ko "every path read: exit 0"; fi
# a truncated .gz beside a good file: a missed input too (exit 4), cut at its start or far in;
# what was decompressed before the cut is reported
gzip -c "$guest/messages.1" | head -c 3000 >"$tmp/cut-early.gz"
{ cat "$guest/messages.1"; i=0; while [ $i -lt 2000 ]; do echo "Jan  1 23:59:59 app01 sshd[$i]: Connection closed by 192.0.2.$((i % 250)) port 22"; i=$((i + 1)); done; } |
	gzip -c >"$tmp/full.gz"
head -c $(($(wc -c <"$tmp/full.gz") - 200)) "$tmp/full.gz" >"$tmp/cut-late.gz"
run --year 2026 --fail-on never "$guest/messages" "$tmp/cut-early.gz"
if [ "$rc" = 4 ] && grep -q 'app01' "$tmp/out" && grep -q "cut-early.gz: error: cannot read: truncated gzip input" "$tmp/err" &&
   grep -q '1 of 2 inputs could not be read, or not to their end' "$tmp/err"; then
	ok "a .gz truncated at its start beside a good file: exit 4"; else ko "a .gz truncated at its start beside a good file: exit 4"; fi
run -f json --year 2026 --fail-on never "$tmp/cut-late.gz" "$guest/messages"
if [ "$rc" = 4 ] && grep -q "cut-late.gz:[0-9]*: error: read error: truncated gzip input" "$tmp/err" &&
   sources | grep -qx '.*cut-late.gz:221 complete' && sources | grep -q '^.*/messages:'; then
	ok "a .gz truncated far in: what came before read, exit 4"; else ko "a .gz truncated far in: what came before read, exit 4"; sources; fi

# the shipped rules not found: where memtriage looked, and how to point it
cp "$BIN" "$tmp/memtriage-copy"
"$tmp/memtriage-copy" "$guest/messages" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 3 ] && grep -q "shipped rules were not found (looked in $tmp/../rules, " "$tmp/err" &&
   grep -q 'MEMTRIAGE_RULES_DIR' "$tmp/err"; then ok "rules not found: where it looked"; else ko "rules not found: where it looked"; fi
MEMTRIAGE_RULES_DIR=$tmp/none "$BIN" "$guest/messages" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 3 ] && grep -q "looked in MEMTRIAGE_RULES_DIR=$tmp/none)" "$tmp/err"; then ok "MEMTRIAGE_RULES_DIR not a folder"; else ko "MEMTRIAGE_RULES_DIR not a folder"; fi

# write-only files of a root (/proc/sys/vm/compact_memory, drop_caches are 0200) are not read
mkdir -p "$tmp/root/proc/sys/vm"
printf '60\n' >"$tmp/root/proc/sys/vm/swappiness"
printf '0\n' >"$tmp/root/proc/sys/vm/compact_memory"
printf '0\n' >"$tmp/root/proc/sys/vm/drop_caches"
chmod 0200 "$tmp/root/proc/sys/vm/compact_memory" "$tmp/root/proc/sys/vm/drop_caches"
run --dump-facts "$tmp/root"
if grep -q 'vm.swappiness' "$tmp/out" && ! grep -q 'compact_memory\|drop_caches' "$tmp/out" "$tmp/err"; then
	ok "write-only files passed over"; else ko "write-only files passed over"; fi

# a live root (its proc/ a mounted procfs: here a link to /proc) is read for its memory files only,
# the transparent huge page settings among them (RHEL 6's redhat_ folder too)
mkdir -p "$tmp/live/sys/kernel/mm/transparent_hugepage/khugepaged" "$tmp/live6/sys/kernel/mm/redhat_transparent_hugepage"
ln -s /proc "$tmp/live/proc"; ln -s /proc "$tmp/live6/proc"
echo 'always madvise [never]' >"$tmp/live/sys/kernel/mm/transparent_hugepage/enabled"
echo 'always defer defer+madvise [madvise] never' >"$tmp/live/sys/kernel/mm/transparent_hugepage/defrag"
echo 1 >"$tmp/live/sys/kernel/mm/transparent_hugepage/khugepaged/defrag"
echo '[always] madvise never' >"$tmp/live6/sys/kernel/mm/redhat_transparent_hugepage/enabled"
if [ -r /proc/meminfo ]; then
	run --dump-facts "$tmp/live"
	if grep -q " thp.enabled = \"never\"  $tmp/live/sys/kernel/mm/transparent_hugepage/enabled:1$" "$tmp/out" &&
	   grep -q ' thp.defrag = "madvise"  ' "$tmp/out" && grep -q ' thp.khugepaged_defrag = 1  ' "$tmp/out" &&
	   grep -q ' meminfo.MemTotal = ' "$tmp/out"; then ok "live root: transparent huge page settings"; else ko "live root: transparent huge page settings"; fi
	run --dump-facts "$tmp/live6"
	if grep -q ' thp.enabled = "always"  .*/redhat_transparent_hugepage/enabled:1$' "$tmp/out"; then
		ok "live root: RHEL 6's redhat_transparent_hugepage"; else ko "live root: RHEL 6's redhat_transparent_hugepage"; fi
else
	skip=$((skip + 2)); echo "skip live root: no /proc here"
fi

# victims: host, time and victim of every event of the JSON report in $tmp/out
victims() { /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(h["host"], e["time"], (e["victim"] or {}).get("comm"))
' "$tmp/out"; }

# standard input: dated from the time it is read (a pipe has no date), never 1969
cat "$guest/messages" | "$BIN" -f json --fail-on never - >"$tmp/out" 2>"$tmp/err"
if victims | grep -q ' java$' && ! victims | grep -q ' 19[67]'; then ok "standard input dated"; else ko "standard input dated"; fi
gzip -c "$guest/messages" | "$BIN" -f json --fail-on never - >"$tmp/out" 2>"$tmp/err"
if victims | grep -q ' java$' && ! victims | grep -q ' 19[67]'; then ok "compressed standard input dated"; else ko "compressed standard input dated"; fi
: | "$BIN" - >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 0 ] && grep -qx -- '-: warning: standard input is empty; nothing to read' "$tmp/err"; then ok "empty standard input said"; else ko "empty standard input said"; fi

# journalctl -o json-pretty, from a file and on standard input: the events of -o json
"$BIN" -f json --fail-on never samples/journal/host3-journal.json >"$tmp/out" 2>/dev/null
victims >"$tmp/json.events"
/usr/bin/python3 "$data/json-pretty.py" <samples/journal/host3-journal.json >"$tmp/pretty.json"
for how in file stdin; do
	if [ $how = file ]; then run -f json --fail-on never "$tmp/pretty.json"; else run -f json --fail-on never - <"$tmp/pretty.json"; fi
	if [ -s "$tmp/json.events" ] && victims | diff -u "$tmp/json.events" - && [ ! -s "$tmp/err" ]; then
		ok "journalctl -o json-pretty ($how)"; else ko "journalctl -o json-pretty ($how)"; fi
done

# a log saved as UTF-16 (with its byte order mark and CRLF, as Windows saves it; without; big-endian)
run -f json --year 2026 --fail-on never "$guest/messages"
victims >"$tmp/utf8.events"
(printf '\377\376'; sed 's/$/\r/' "$guest/messages" | iconv -f UTF-8 -t UTF-16LE) >"$tmp/bom.log"
sed 's/$/\r/' "$guest/messages" | iconv -f UTF-8 -t UTF-16LE >"$tmp/le.log"
iconv -f UTF-8 -t UTF-16BE "$guest/messages" >"$tmp/be.log"
for f in bom le be; do
	run -f json --year 2026 --fail-on never "$tmp/$f.log"
	if [ -s "$tmp/utf8.events" ] && victims | diff -u "$tmp/utf8.events" - && [ ! -s "$tmp/err" ]; then
		ok "UTF-16 log ($f)"; else ko "UTF-16 log ($f)"; fi
done
# the same once decompressed: a .gz, a tarball's member (plain, and compressed in it), standard input from gzip
gzip -c "$tmp/bom.log" >"$tmp/bom.log.gz"
mkdir -p "$tmp/u16tar/var/log" "$tmp/u16tgz/var/log"; cp "$tmp/bom.log" "$tmp/u16tar/var/log/messages"
gzip -c "$tmp/le.log" >"$tmp/u16tgz/var/log/messages-20260103.gz"
(cd "$tmp/u16tar" && tar czf ../u16.tar.gz var) && (cd "$tmp/u16tgz" && tar cf ../u16gz.tar var)
for how in gz tar tar-gz stdin; do
	case $how in
	gz) run -f json --year 2026 --fail-on never "$tmp/bom.log.gz" ;;
	tar) run -f json --year 2026 --fail-on never "$tmp/u16.tar.gz" ;;
	tar-gz) run -f json --year 2026 --fail-on never "$tmp/u16gz.tar" ;;
	stdin) gzip -c "$tmp/be.log" | "$BIN" -f json --year 2026 --fail-on never - >"$tmp/out" 2>"$tmp/err" ;;
	esac
	if [ -s "$tmp/utf8.events" ] && victims | diff -u "$tmp/utf8.events" - && [ ! -s "$tmp/err" ]; then
		ok "UTF-16 log decompressed ($how)"; else ko "UTF-16 log decompressed ($how)"; fi
done

# userspace killers: events of their own type, with their figures, and no kernel-OOM advice
# killer FIELD...: the first event's type, killer, victim and the figures named, of $tmp/out
killer() { /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
d = json.load(open(sys.argv[1]))
e = [e for h in d["hosts"] for e in h["events"]][0]
v = e["victim"] or {}
f = e["killer_figures"] or {}
print(e["type"], e["killer"], v.get("comm") or v.get("cgroup"), v.get("pid"),
      " ".join("%s=%s" % (k, f.get(k)) for k in sys.argv[2:]))
advice = [r.get("sysctl") or r.get("action") for h in d["hosts"] for r in h["recommendations"]]
print("advice:", " | ".join(str(a) for a in advice))
' "$tmp/out" "$@"; }
run -f json --year 2024 --fail-on never "$data/systemd-oomd.log"
killer victim_usage_kb victim_avg10_pct candidates pressure_pct pressure_limit_pct pressure_for_s >"$tmp/k"
if grep -qx 'userspace_kill systemd-oomd /system.slice/reportgen.service None victim_usage_kb=6081741 victim_avg10_pct=71.3 candidates=41 pressure_pct=68.51 pressure_limit_pct=60.0 pressure_for_s=30' "$tmp/k" &&
   grep -q "^advice: Check systemd-oomd's limits" "$tmp/k" && ! grep -q 'vm\.' "$tmp/k"; then
	ok "systemd-oomd kill with its candidate dump"; else ko "systemd-oomd kill with its candidate dump"; cat "$tmp/k"; fi
run -f json --year 2024 --fail-on never "$data/earlyoom.log"
killer mem_avail_pct swap_free_pct mem_limit_pct swap_limit_pct rss_kb badness >"$tmp/k"
if grep -qx 'userspace_kill earlyoom java 2931 mem_avail_pct=3.84 swap_free_pct=9.48 mem_limit_pct=10.0 swap_limit_pct=10.0 rss_kb=6269952 badness=901' "$tmp/k" &&
   grep -q "^advice: Check earlyoom's thresholds" "$tmp/k" && ! grep -q 'vm\.' "$tmp/k"; then
	ok "earlyoom kill with its limits"; else ko "earlyoom kill with its limits"; cat "$tmp/k"; fi
run -f json --fail-on never "$data/lmkd-logcat.txt"
killer oom_score_adj rss_kb swap_kb >"$tmp/k"
if grep -qx 'userspace_kill lmkd com.example.gallery 4321 oom_score_adj=900 rss_kb=51234 swap_kb=1024' "$tmp/k"; then
	ok "lmkd kill in a logcat"; else ko "lmkd kill in a logcat"; cat "$tmp/k"; fi
# the lowmemorykiller driver's one printk of four lines (drivers/staging/android/lowmemorykiller.c,
# lowmem_scan(), 4.12+): "Killing '%s' (%d) (tgid %d), adj %hd,\n   to free %ldkB on behalf of
# '%s' (%d) because\n   cache %ldkB is below limit %ldkB for oom_score_adj %hd\n   Free memory
# is %ldkB above reserved\n"; dmesg repeats the stamp on each line. The same with the prefilter and without.
for pf in on off; do
	MEMTRIAGE_PREFILTER=$pf "$BIN" -f json --fail-on never "$data/lmk-driver-dmesg.txt" >"$tmp/out" 2>"$tmp/err"
	killer oom_score_adj rss_kb cache_kb cache_limit_kb free_kb >"$tmp/k"
	if grep -qx 'userspace_kill lmkd example.gallery 4321 oom_score_adj=900 rss_kb=51236 cache_kb=98304 cache_limit_kb=122880 free_kb=-3232' "$tmp/k" &&
	   grep -q '"comm": "kswapd0"' "$tmp/out" && grep -q '"reason": "cache 98304kB is below limit 122880kB for oom_score_adj 900"' "$tmp/out"; then
		ok "lowmemorykiller driver's four lines (prefilter $pf)"; else ko "lowmemorykiller driver's four lines (prefilter $pf)"; cat "$tmp/k"; fi
done
run -f json --fail-on never "$data/oomd-dmesg.txt"
killer avg10_pct avg60_pct victim_usage_kb >"$tmp/k"
if grep -qx 'userspace_kill oomd system.slice/build.service None avg10_pct=81.28 avg60_pct=80.05 victim_usage_kb=2097152' "$tmp/k"; then
	ok "oomd kill in dmesg"; else ko "oomd kill in dmesg"; cat "$tmp/k"; fi
# the other forms each killer prints (systemd-oomd's swap kill, v247+, and a newer one's "Marked ... for killing";
# earlyoom 1.8+'s oom_score and cmdline; oomd's ruleset form; Android 9's lmkd "oom_adj"):
# the figures as printed, converted to kB and percent, and none of the kernel's advice
while IFS='	' read -r file figures want; do
	run -f json --year 2024 --fail-on never "$data/$file"
	# shellcheck disable=SC2086 # the figures' names are words
	killer $figures >"$tmp/k"
	if grep -qxF "$want" "$tmp/k" && ! grep -q 'vm\.' "$tmp/k"; then ok "$file: $(cut -d' ' -f2 "$tmp/k" | head -1)"
	else ko "$file"; cat "$tmp/k"; fi
done <<'FORMS'
systemd-oomd-swap.log	mem_used_kb mem_total_kb swap_used_kb swap_total_kb swap_used_pct swap_limit_pct	userspace_kill systemd-oomd /user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-123.scope None mem_used_kb=15472212 mem_total_kb=16111060 swap_used_kb=4085808 swap_total_kb=4194300 swap_used_pct=97.41 swap_limit_pct=90.0
systemd-oomd-marked.log	pressure_pct pressure_limit_pct pressure_for_s	userspace_kill systemd-oomd /user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-123.scope None pressure_pct=62.04 pressure_limit_pct=50.0 pressure_for_s=20
earlyoom-1.8.log	oom_score rss_kb mem_avail_kb swap_free_kb mem_limit_pct	userspace_kill earlyoom java 2931 oom_score=901 rss_kb=6269952 mem_avail_kb=308224 swap_free_kb=99328 mem_limit_pct=10.0
oomd-ruleset-dmesg.txt	avg10_pct avg60_pct avg_long_pct victim_usage_kb	userspace_kill oomd system.slice/build.service None avg10_pct=81.28 avg60_pct=80.05 avg_long_pct=42.78 victim_usage_kb=2097152
lmkd-logcat-9.txt	oom_score_adj rss_kb	userspace_kill lmkd com.example.gallery 4321 oom_score_adj=900 rss_kb=51234
FORMS
# earlyoom's SIGTERM not heeded, then the kernel's kill of the same process: each names the other
sed "1r $data/earlyoom-then-kernel.txt" rules/tests/userspace-kill/quiet/syslog >"$tmp/paired.log"
run -f json --year 2024 --fail-on never "$tmp/paired.log"
/usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
ev = [e for h in json.load(open(sys.argv[1]))["hosts"] for e in h["events"]]
for e in ev:
    print(e["type"], e["source"].rsplit(":", 1)[1], (e["paired"] or "-").rsplit(":", 1)[-1])
' "$tmp/out" >"$tmp/k"
if [ "$(cat "$tmp/k")" = "$(printf 'userspace_kill 4 5\noom_kill 5 4')" ]; then
	ok "userspace kill paired with the kernel's"; else ko "userspace kill paired with the kernel's"; cat "$tmp/k"; fi
# the same pid killed by earlyoom two hours before is another kill: only the one of that minute pairs
{ sed 's/^Mar 13 17:02:39/Mar 13 15:02:39/' "$data/earlyoom-then-kernel.txt"; cat "$tmp/paired.log"; } >"$tmp/paired2.log"
run -f json --year 2024 --fail-on never "$tmp/paired2.log"
/usr/bin/python3 -c '
import json, sys
for e in [e for h in json.load(open(sys.argv[1]))["hosts"] for e in h["events"]]:
    print(e["type"], e["source"].rsplit(":", 1)[1], (e["paired"] or "-").rsplit(":", 1)[-1])
' "$tmp/out" >"$tmp/k"
if [ "$(cat "$tmp/k")" = "$(printf 'userspace_kill 3 -\nuserspace_kill 7 8\noom_kill 8 7')" ]; then
	ok "a kill of the same pid hours before is not paired"; else ko "a kill of the same pid hours before is not paired"; cat "$tmp/k"; fi

# kdump's vmcore-dmesg.txt in a sosreport: the report of a panic_on_oom host is read
mkdir -p "$tmp/sos/var/crash/127.0.0.1-2026-03-14-02:11:05"
cp rules/tests/oom-panic/fire/vmcore-dmesg.txt "$tmp/sos/var/crash/127.0.0.1-2026-03-14-02:11:05/"
run -f json --year 2026 --fail-on never "$tmp/sos"
if /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
ev = [e["type"] for h in json.load(open(sys.argv[1]))["hosts"] for e in h["events"]]
sys.exit(0 if "oom_panic" in ev else 1)' "$tmp/out"; then ok "var/crash/*/vmcore-dmesg.txt read"; else ko "var/crash/*/vmcore-dmesg.txt read"; fi

# years: each event's year says where it came from, a guess is marked in every format
# years PATH: "TIME YEAR_FROM YEAR_GUESSED [floored]" of each event of the JSON report in $tmp/out
years() { /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(e["time"], e["year_from"], e["year_guessed"], "floored" if e.get("year_floored") else "")
' "$tmp/out"; }
cp "$guest/messages" "$tmp/old-post.txt"
touch -d 2005-06-01T12:00:00 "$tmp/old-post.txt"   # an LKML post of 2005, saved as it was
run -f json --fail-on never "$tmp/old-post.txt"
if years | grep -q '^2005-01-02T10:41:27 mtime True' && ! years | grep -qv ' mtime True'; then
	ok "year from the file's mtime: said guessed in JSON"; else ko "year from the file's mtime: said guessed in JSON"; years; fi
run --fail-on never "$tmp/old-post.txt"
if grep -q '^  #[0-9]* *2005?-01-02T10:41:27 OOM kill' "$tmp/out" && grep -q 'years marked ? are guessed.*mtime' "$tmp/out"; then
	ok "year from the file's mtime: 2005? in text"; else ko "year from the file's mtime: 2005? in text"; fi
run -f markdown --fail-on never "$tmp/old-post.txt"
if grep -q '^| [0-9]* | 2005?-01-02T10:41:27 |' "$tmp/out" && grep -q '^- years marked ? are guessed' "$tmp/out"; then
	ok "year from the file's mtime: 2005? in Markdown"; else ko "year from the file's mtime: 2005? in Markdown"; fi
run -f html --fail-on never "$tmp/old-post.txt"
if grep -q '>#2 2005?-01-02T10:41:27 OOM kill' "$tmp/out" && grep -q 'years marked ? are guessed' "$tmp/out" &&
   grep -q '<text class="tick"[^>]*>2005?-01-02 ' "$tmp/out" && ! grep -q '<text class="tick"[^>]*>2005-' "$tmp/out"; then
	ok "year from the file's mtime: 2005? in HTML"; else ko "year from the file's mtime: 2005? in HTML"; fi
run -f json --year 2011 --fail-on never "$tmp/old-post.txt"
if years | grep -q '^2011-01-02T10:41:27 option False' && ! years | grep -qv ' option False'; then
	ok "--year: not a guess"; else ko "--year: not a guess"; years; fi
run --year 2011 --fail-on never "$tmp/old-post.txt"
if ! grep -q '?-\|years marked' "$tmp/out"; then ok "--year: no mark in text"; else ko "--year: no mark in text"; fi
cat "$tmp/old-post.txt" | "$BIN" -f json --fail-on never - >"$tmp/out" 2>"$tmp/err"
if years | grep -q "^$(date -u +%Y)-01-02T10:41:27 read True"; then
	ok "a pipe: the year of reading, guessed"; else ko "a pipe: the year of reading, guessed"; years; fi
touch -d 2099-06-01 "$tmp/old-post.txt"   # a clock set wrong: no guess lies in the future
run -f json --fail-on never "$tmp/old-post.txt"
if years | grep -q "^$(date -u +%Y)-01-02T10:41:27 read True"; then
	ok "an mtime in the future: never after now"; else ko "an mtime in the future: never after now"; years; fi
# logs concatenated from many years: 30 Dec->Jan turns back from 2005 stop at 1991, said so
i=0; : >"$tmp/years.log"
while [ $i -lt 30 ]; do
	sed -n '174,175p' "$guest/messages.1" >>"$tmp/years.log"
	sed -n '36,37p' "$guest/messages" >>"$tmp/years.log"
	i=$((i + 1))
done
touch -d 2005-06-01 "$tmp/years.log"
run -f json --fail-on never "$tmp/years.log"
if years | grep -q '^1991-12-29T14:37:13 mtime True floored' && years | tail -1 | grep -q '^2005-01-01T00:00:00 mtime True $' &&
   ! years | awk '$1 < "1991"' | grep -q .; then
	ok "a walk back over many years stops at 1991"; else ko "a walk back over many years stops at 1991"; years | head -3; fi
run --fail-on never "$tmp/years.log"
if tr '\n' ' ' <"$tmp/out" | grep -q 'walk back past *1991, the kernel.s first year, and stop there'; then
	ok "a walk stopped at 1991 is said"; else ko "a walk stopped at 1991 is said"; fi

# prefixes of shapes not known: learned from the report's first line, taken off its body
# report PATH...: "COMPLETE COMM VICTIM LINES" of each event of the JSON report in $tmp/out
report() { /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(e["complete"], e["trigger"]["comm"], (e["victim"] or {}).get("comm"), len(e["tasks"]), e["uptime"])
' "$tmp/out"; }
sed -n '94,175p' "$guest/messages.1" >"$tmp/plain.log"
run -f json --year 2026 --fail-on never "$tmp/plain.log"
report >"$tmp/want"
# each: a name, then the sed making it; "kernel:" glued with and without its stamp, a viewer's columns, no host
for shape in 'glued=s/ kernel: / kernel:/' 'glued-no-stamp=s/ kernel: \[[ 0-9.]*\] / kernel:/' \
	     'viewer-columns=s/ app01 kernel: / app01 | kernel | /' 'priority-no-host=s/ app01 kernel: / <kern.warning> kernel: /'; do
	sed "${shape#*=}" "$tmp/plain.log" >"$tmp/shaped.log"
	run -f json --year 2026 --fail-on never "$tmp/shaped.log"
	fields=5; [ "${shape%%=*}" = glued-no-stamp ] && fields=4   # no stamp, no uptime
	if [ "$(report | cut -d' ' -f1-$fields)" = "$(cut -d' ' -f1-$fields "$tmp/want")" ]; then
		ok "prefix learned: ${shape%%=*}"; else ko "prefix learned: ${shape%%=*}"; report; fi
done
grep -q '^True java java 27 ' "$tmp/want" && ok "prefix learned: the plain report is whole" || ko "prefix learned: the plain report is whole"
# known columns after unknown ones: the stamp and the host kept too. Each line's own priority before the
# stamp (rsyslog's %syslogpriority-text% first), BSD syslogd -vv's after it, grep -H's file name (and -n's line)
run -f json --year 2026 --fail-on never "$tmp/plain.log"; { report; victims; } >"$tmp/want"
awk '{ p = "kern.info"; if ($0 ~ /invoked oom-killer|cpuset=|Call Trace/) p = "kern.warning"
       if ($0 ~ /Out of memory|Killed process/) p = "kern.err"; print "<" p "> " $0 }' "$tmp/plain.log" >"$tmp/shaped-priority.log"
sed 's/^\(... .. ..:..:..\) app01 kernel: /\1 <kern.warning> app01 kernel: /' "$tmp/plain.log" >"$tmp/shaped-bsd-vv.log"
sed 's/^/messages.1:/' "$tmp/plain.log" >"$tmp/shaped-grep-H.log"
awk '{ print "messages.1:" NR + 93 ":" $0 }' "$tmp/plain.log" >"$tmp/shaped-grep-Hn.log"
for shape in priority bsd-vv grep-H grep-Hn; do
	for pf in on off; do
		MEMTRIAGE_PREFILTER=$pf "$BIN" -f json --year 2026 --fail-on never "$tmp/shaped-$shape.log" >"$tmp/out" 2>"$tmp/err"
		if { report; victims; } | diff -u "$tmp/want" - && grep -q '^app01 2026-12-29T14:37:13 java$' "$tmp/want"; then
			ok "prefix before known columns: $shape (prefilter $pf)"; else ko "prefix before known columns: $shape (prefilter $pf)"; fi
	done
done

# a SUSE supportconfig folder, made of a sosreport's files as supportconfig.rc writes them (each
# section a "#==[ Kind ]===#" header, a "# /path" or "# /full/command args" label, then the output)
mkscc() { # mkscc SOS DIR
	S=$1 D=$2; mkdir -p "$D"
	cmd() { echo '#==[ Command ]======================================#'; echo "# $1"; cat "$2"; echo; }
	conf() { echo '#==[ Configuration File ]===========================#'; echo "# $1"   # conf_files(): no comments, no blank lines
		sed -e '/^[[:space:]]*#/d;/^[[:space:]]*;/d;s/\r//g;/^[[:space:]]*$/d' "$2"; echo; echo; }
	{ cmd /bin/date "$S/sos_commands/date/date"; cmd '/bin/uname -a' "$S/sos_commands/kernel/uname_-a"; } >"$D/basic-environment.txt"
	grep '^vm' "$S/sos_commands/kernel/sysctl_-a" >"$tmp/vm"
	{ cmd '/usr/bin/free -k' "$S/sos_commands/memory/free"
	  conf /proc/meminfo "$S/proc/meminfo"; conf /proc/vmstat "$S/proc/vmstat"
	  cmd '/sbin/sysctl -a 2>/dev/null | grep ^vm' "$tmp/vm"
	  conf /proc/buddyinfo "$S/proc/buddyinfo"; conf /proc/zoneinfo "$S/proc/zoneinfo"
	  conf /proc/slabinfo /nonexistent 2>/dev/null | sed 's|^# /proc/slabinfo$|# /proc/slabinfo - File not found|'
	  echo 'always [madvise] never' >"$tmp/thp-enabled"; echo '[always] defer defer+madvise madvise never' >"$tmp/thp-defrag"
	  conf /sys/kernel/mm/transparent_hugepage/enabled "$tmp/thp-enabled"
	  conf /sys/kernel/mm/transparent_hugepage/defrag "$tmp/thp-defrag"
	  conf /sys/kernel/debug/vmmemctl "$S/sys/kernel/debug/vmmemctl"; } >"$D/memory.txt"
	{ echo '#==[ Log File ]=====================================#'; echo '# /var/log/messages'; cat "$S/var/log/messages"; echo; } >"$D/messages.txt"
}
sos=samples/sosreport-rhel8-vmware
mkscc "$sos" "$tmp/scc_erp-app03_230616_1005"
run --dump-facts "$tmp/scc_erp-app03_230616_1005"
for f in meminfo.MemTotal vmstat.nr_free_pages sysctl.vm.min_free_kbytes buddyinfo.node0.Normal.order0 \
	 zoneinfo.node0.Normal.min balloon.share_pct kernel.release identity.collected free.mem_total_kb free.swap_used_kb; do
	"$BIN" --dump-facts "$sos" 2>/dev/null | awk -v f="$f" '$2 == f { $NF = ""; print }' >"$tmp/want"
	if [ -s "$tmp/want" ] && [ "$(awk -v f="$f" '$2 == f { $NF = ""; print }' "$tmp/out")" = "$(cat "$tmp/want")" ]; then
		ok "supportconfig: $f as in the sosreport"; else ko "supportconfig: $f as in the sosreport"; fi
done
if grep -q ' thp.enabled = "madvise"  .*/memory.txt:[0-9]*$' "$tmp/out" && grep -q ' thp.defrag = "always"  ' "$tmp/out"; then
	ok "supportconfig: transparent huge page settings"; else ko "supportconfig: transparent huge page settings"; fi
if grep -q ' meminfo.MemTotal = 8037112 kB  .*/memory.txt:9$' "$tmp/out"; then
	ok "supportconfig: a fact's line in its file"; else ko "supportconfig: a fact's line in its file"; grep MemTotal "$tmp/out"; fi
run -f json --fail-on never "$tmp/scc_erp-app03_230616_1005"
if [ "$(years)" = "2023-06-15T14:22:07 snapshot False " ] && grep -q '"collected": "2023-06-16T10:05:33[+"]' "$tmp/out" &&
   grep -q '"cause": *{' "$tmp/out" && grep -q '"kind": "hypervisor_reclaim"' "$tmp/out"; then
	ok "supportconfig: messages.txt's kill, dated and judged with the snapshot"; else ko "supportconfig: messages.txt's kill, dated and judged with the snapshot"; years; fi
run --dump-facts "$tmp/scc_erp-app03_230616_1005"
if grep -q ' free.mem_total_kb = 8037112 kB  .*/memory.txt:4$' "$tmp/out"; then
	ok "supportconfig: memory.txt's free -k, its line in the file"; else ko "supportconfig: memory.txt's free -k, its line in the file"; grep free "$tmp/out"; fi
# basic-health-check.txt (supportconfig.rc's basic health section: uptime, vmstat, free -k, df): its free -k read
mkdir -p "$tmp/scc_web02_230616_1005"; cp "$tmp/scc_erp-app03_230616_1005/basic-environment.txt" "$tmp/scc_web02_230616_1005/"
{ echo '#==[ Command ]======================================#'; echo '# /usr/bin/uptime'
  echo ' 10:05:34  up 12 days  2:41,  2 users,  load average: 0.31, 0.28, 0.27'; echo
  echo '#==[ Command ]======================================#'; echo '# /usr/bin/free -k'; cat "$sos/sos_commands/memory/free"; echo
  echo '#==[ Command ]======================================#'; echo '# /bin/df -h'
  echo 'Filesystem      Size  Used Avail Use% Mounted on'; echo '/dev/sda2        40G   12G   28G  30% /'; echo; } \
	>"$tmp/scc_web02_230616_1005/basic-health-check.txt"
run --dump-facts "$tmp/scc_web02_230616_1005"
"$BIN" --dump-facts "$sos" 2>/dev/null | awk '$2 ~ /^free\./ { $NF = ""; print }' >"$tmp/want"
if [ -s "$tmp/want" ] && [ "$(awk '$2 ~ /^free\./ { $NF = ""; print }' "$tmp/out")" = "$(cat "$tmp/want")" ] &&
   grep -q ' free.mem_total_kb = .*/basic-health-check.txt:8$' "$tmp/out"; then
	ok "supportconfig: basic-health-check.txt's free -k"; else ko "supportconfig: basic-health-check.txt's free -k"; fi
# env.txt's sysctl.conf and sysctl.d files (conf_files: no comments, no blank lines), applied in systemd-sysctl's order
{ echo '#==[ Configuration File ]===========================#'; echo '# /etc/sysctl.conf'; echo 'vm.swappiness = 10'; echo; echo
  echo '#==[ Configuration File ]===========================#'; echo '# /etc/sysctl.d/99-oracle.conf'; echo 'vm.swappiness = 1'; echo; echo; } \
	>"$tmp/scc_web02_230616_1005/env.txt"
run --dump-facts "$tmp/scc_web02_230616_1005"
if grep -q ' sysctl_conf.vm.swappiness = 10  .*/env.txt:3$' "$tmp/out" && grep -q ' sysctl_conf.vm.swappiness.overridden = 1 ' "$tmp/out"; then
	ok "supportconfig: env.txt's sysctl.conf and sysctl.d"; else ko "supportconfig: env.txt's sysctl.conf and sysctl.d"; fi
# supportconfig's own tarball: the same
(cd "$tmp" && tar cJf scc_erp-app03_230616_1005.txz scc_erp-app03_230616_1005)
run -f json --fail-on never "$tmp/scc_erp-app03_230616_1005.txz"
if [ "$(years)" = "2023-06-15T14:22:07 snapshot False " ]; then
	ok "supportconfig: its .txz tarball"; else ko "supportconfig: its .txz tarball"; years; fi
# supportconfig -A: messages.txt (a note, then /var/log/messages) and the rotated log copied beside it as
# it is, decompressed (messages-YYYYMMDD.txt, no header): one log, the kill across the rotation whole
A=$tmp/scc_app01_260102_0930; mkdir -p "$A"; cp "$tmp/scc_erp-app03_230616_1005/basic-environment.txt" "$A/"
{ echo '#==[ Note ]=========================================#'; echo '# Additional Rotated Logs Included in the Tar Ball'; echo
  echo '#==[ Log File ]=====================================#'; echo '# /var/log/messages'; cat "$guest/messages"; echo; } >"$A/messages.txt"
cp "$guest/messages.1" "$A/messages-20260101.txt"
for how in folder renamed; do
	[ $how = renamed ] && { mv "$A" "$tmp/case-4711"; A=$tmp/case-4711; }   # known by its supportconfig files then
	run -f json --fail-on never "$A"
	if [ "$(sources | grep -c .)" = 4 ] && ! sources | grep -q incomplete && sources | grep -q 'messages-20260101.txt:455 complete$' &&
	   ! years | grep -v ' snapshot False' | grep -q .; then
		ok "supportconfig -A: messages-YYYYMMDD.txt and messages.txt one log ($how)"; else ko "supportconfig -A: messages-YYYYMMDD.txt and messages.txt one log ($how)"; sources; years; fi
done
# crash.txt (supportconfig.rc's crash_info: rpm -V, kdump's settings, var/crash/*/vmcore-dmesg.txt as a
# configuration file): a panic_on_oom report there is the snapshot host's
C=$tmp/scc_db04_230616_1005; mkdir -p "$C"; cp "$tmp/scc_erp-app03_230616_1005/basic-environment.txt" "$C/"
{ echo '#==[ Verification ]=================================#'; echo '# rpm -V kdump-1.0.2+git20.g64c2f1b-150500.3.3.x86_64'
  echo '# Verification Status: Passed'; echo
  echo '#==[ Command ]======================================#'; echo '# /usr/bin/uname -r'; echo '5.14.21-150500.55.19-default'; echo
  echo '#==[ Configuration File ]===========================#'; echo '# /proc/sys/kernel/panic'; echo '0'; echo; echo
  echo '#==[ Configuration File ]===========================#'; echo '# /var/crash/2023-06-15-14:22/vmcore-dmesg.txt'
  sed -e '/^[[:space:]]*#/d;/^[[:space:]]*;/d;s/\r//g;/^[[:space:]]*$/d' rules/tests/oom-panic/fire/vmcore-dmesg.txt; echo; echo
  echo '#==[ Command ]======================================#'; echo '# /sbin/sysctl kernel.sysrq'; echo 'kernel.sysrq = 184'; echo; } >"$C/crash.txt"
run -f json --fail-on never "$C"
if /usr/bin/python3 -c '
import json, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # grep -q may close the pipe first
ev = [(h["host"], e["type"]) for h in json.load(open(sys.argv[1]))["hosts"] for e in h["events"]]
sys.exit(0 if ev == [("erp-app03.corp.example.com", "oom_panic")] else 1)' "$tmp/out"; then
	ok "supportconfig: crash.txt's vmcore-dmesg.txt, the snapshot host's panic"; else ko "supportconfig: crash.txt's vmcore-dmesg.txt, the snapshot host's panic"; fi
# named like supportconfig's but not: read as what it is
printf 'MemTotal:        8037112 kB\n' >"$tmp/memory.txt"
run --fail-on never "$tmp/memory.txt"
if grep -q 'memory.txt: warning: not recognized as a log, snapshot or hypervisor capture' "$tmp/err"; then
	ok "a memory.txt that is not supportconfig's"; else ko "a memory.txt that is not supportconfig's"; fi

# tuned-adm list: a profile whose values run is said to have set them only when tuned was running
cp -r "$sos" "$tmp/tuned-sos"; mkdir -p "$tmp/tuned-sos/sos_commands/tuned"
{ echo 'Cannot talk to TuneD daemon via DBus. Is TuneD daemon running?'; echo 'Available profiles:'
  echo '- virtual-guest               - Optimize for running inside a virtual guest'
  echo 'It seems that tuned daemon is not running, preset profile is not activated.'; echo 'Preset profile: virtual-guest'; } \
	>"$tmp/tuned-sos/sos_commands/tuned/tuned-adm_list"
run --fail-on never "$tmp/tuned-sos"
if tr -s '\n ' '  ' <"$tmp/out" | grep -q 'but 30 running, the value of the tuned profile virtual-guest (.*), though tuned was not running (.*/tuned-adm_list:4)' &&
   ! grep -q 'set by the tuned profile' "$tmp/out"; then
	ok "tuned-adm list: tuned not running, no profile set anything"; else ko "tuned-adm list: tuned not running, no profile set anything"; fi
{ echo 'Available profiles:'; echo '- virtual-guest               - Optimize for running inside a virtual guest'
  echo 'Current active profile: virtual-guest'; } >"$tmp/tuned-sos/sos_commands/tuned/tuned-adm_list"
run --fail-on never "$tmp/tuned-sos"
if tr -s '\n ' '  ' <"$tmp/out" | grep -q 'but 30 running, set by the tuned profile virtual-guest'; then
	ok "tuned-adm list: tuned running, its profile set them"; else ko "tuned-adm list: tuned running, its profile set them"; fi

# an unreadable file of a snapshot that no reader takes (a sosreport copy's etc/shadow) is said and
# left out, not a missed input; an unreadable log of it is one (exit 4). Run as nobody: root reads all.
if [ "$(id -u)" = 0 ] && su nobody -s /bin/sh -c true 2>/dev/null; then
	mkdir -p "$tmp/nobody" && cp -r samples/sosreport-healthy "$tmp/nobody/sos" &&
		printf 'root:*:19000:0:99999:7:::\n' >"$tmp/nobody/sos/etc/shadow" &&
		chmod -R a+rX "$tmp" && chmod 600 "$tmp/nobody/sos/etc/shadow"
	as_nobody() { su nobody -s /bin/sh -c "MEMTRIAGE_RULES_DIR='$PWD/rules' '$BIN' '$tmp/nobody/sos'" \
		>"$tmp/out" 2>"$tmp/err"; rc=$?; }
	as_nobody
	if [ "$rc" = 0 ] && grep -q "etc/shadow: warning: cannot open: Permission denied; left out" "$tmp/err" &&
	   grep -q 'build04' "$tmp/out"; then
		ok "an unreadable file no reader takes: said, not a missed input"
	else ko "an unreadable file no reader takes: said, not a missed input"; fi
	chmod 600 "$tmp/nobody/sos/var/log/messages"
	as_nobody
	if [ "$rc" = 4 ] && grep -q "var/log/messages: error: cannot open: Permission denied" "$tmp/err"; then
		ok "an unreadable log of a snapshot: a missed input (exit 4)"
	else ko "an unreadable log of a snapshot: a missed input (exit 4)"; fi
else
	skip=$((skip + 2)); echo "skip unreadable files: not root, or no su to nobody"
fi

# ---- end of cases
echo "inputs: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
