#!/bin/sh
# `make lint`: no banned libc function (analyzer/util/banned.h) called in
# analyzer/.  Comments, string and character literals are blanked first
# (line numbers kept), so a doc string that names one is no call.
set -u
banned='sscanf|atoi|atol|strtok|strcpy|strcat|sprintf|gets|localtime|gmtime'
hits=$(awk -v re="(^|[^A-Za-z0-9_])($banned)[ \t]*[(]" '
	FNR == 1 { incomment = 0 }
	{
		out = ""; s = $0; n = length(s); i = 1
		while (i <= n) {
			c = substr(s, i, 1); c2 = substr(s, i, 2)
			if (incomment) {
				if (c2 == "*/") { incomment = 0; i += 2 } else i++
				continue
			}
			if (c2 == "/*") { incomment = 1; i += 2; out = out " "; continue }
			if (c2 == "//") break
			if (c == "\"" || c == "\047") {
				q = c; i++
				while (i <= n && substr(s, i, 1) != q) i += (substr(s, i, 1) == "\\") ? 2 : 1
				i++; out = out q q; continue
			}
			out = out c; i++
		}
		if (out ~ re) print FILENAME ":" FNR ": " $0
	}' $(find analyzer -name '*.c' | sort))
if [ -n "$hits" ]; then
	echo "$hits"
	echo "lint: a banned function is used (see analyzer/util/banned.h for what to use instead)"
	exit 1
fi
echo "lint: 1 passed, 0 failed"
