"""journalctl -o json records (one a line) printed as journalctl -o json-pretty prints them
(systemd 240+): "{", one TAB-indented "KEY" : VALUE a line, "}"; an array (a binary field,
its bytes) opened on the key's line, one element a line indented twice, "]" on its own."""
import json
import sys


def value(v):
    if isinstance(v, list):
        return "[\n" + ",\n".join("\t\t%s" % json.dumps(x) for x in v) + "\n\t]"
    return json.dumps(v, ensure_ascii=False)


for line in sys.stdin:
    if not line.strip():
        continue
    rec = json.loads(line)
    fields = ['\t"%s" : %s' % (k, value(v)) for k, v in rec.items()]
    sys.stdout.write("{\n" + ",\n".join(fields) + "\n}\n")
