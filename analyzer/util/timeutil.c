#include "util/timeutil.h"
#include "util/scan.h"

/* Howard Hinnant's days_from_civil / civil_from_days, proleptic Gregorian. */
int64_t days_from_civil(int y, unsigned m, unsigned d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	unsigned yoe = (unsigned)(yy - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

bool is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m)
{
	static const unsigned char days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

/*
 * Month names of the locales dmesg -T and syslog have been seen printing in
 * (en, de, fr, es, it, nl, pt).  A token matches a name when it is a prefix of
 * it at least three bytes long, so "Mär", "févr." and "Sept" all work.
 */
static const char *const month_names[12][8] = {
	{ "january", "januar", "janvier", "enero", "gennaio", "januari", "janeiro", "jänner" },
	{ "february", "februar", "février", "febrero", "febbraio", "februari", "fevereiro", NULL },
	{ "march", "märz", "mars", "marzo", "maart", "março", "mrz", NULL },
	{ "april", "avril", "abril", "aprile", NULL },
	{ "may", "mai", "mayo", "maggio", "mei", "maio", NULL },
	{ "june", "juni", "juin", "junio", "giugno", "junho", NULL },
	{ "july", "juli", "juillet", "julio", "luglio", "julho", NULL },
	{ "august", "août", "agosto", "augustus", NULL },
	{ "september", "septembre", "septiembre", "settembre", "setembro", NULL },
	{ "october", "oktober", "octobre", "octubre", "ottobre", "outubro", NULL },
	{ "november", "novembre", "noviembre", "novembro", NULL },
	{ "december", "dezember", "décembre", "diciembre", "dicembre", "dezembro", NULL },
};

/* "Jan" ... "Dec" as syslog writes them: the common case, asked of every line */
static unsigned english_abbrev(const char *p)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	unsigned m;

	for (m = 0; m < 12; m++)
		if (p[0] == names[m * 3] && p[1] == names[m * 3 + 1] && p[2] == names[m * 3 + 2])
			return m + 1;
	return 0;
}

unsigned month_from_name(const char *p, size_t len)
{
	char low[16];
	size_t i;
	unsigned m;

	if (len == 3 && (m = english_abbrev(p)))
		return m;

	if (len && p[len - 1] == '.')
		len--;
	if (len < 3 || len >= sizeof(low))
		return 0;
	for (i = 0; i < len; i++)
		low[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
	for (m = 0; m < 12; m++) {
		for (i = 0; i < 8 && month_names[m][i]; i++) {
			const char *n = month_names[m][i];

			/* the first byte first: a word that is no month (an uptime, a host) is most of what is asked */
			if (n[0] == low[0] && strlen(n) >= len && !memcmp(n, low, len))
				return m + 1;
		}
	}
	return 0;
}

bool mt_time_epoch(const struct mt_time *t, int64_t *out)
{
	if (!t->valid || !t->year)
		return false;
	*out = days_from_civil(t->year, t->mon, t->day) * 86400 +
	       (int64_t)t->hour * 3600 + t->min * 60 + t->sec -
	       (t->has_off ? (int64_t)t->off_min * 60 : 0);
	return true;
}

void mt_time_from_epoch(struct mt_time *t, int64_t epoch, int32_t usec, int off_min, bool has_off)
{
	int64_t local = epoch + (has_off ? (int64_t)off_min * 60 : 0);
	int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int64_t rem = local - days * 86400;

	memset(t, 0, sizeof(*t));
	civil_from_days(days, &t->year, &t->mon, &t->day);
	t->hour = (unsigned)(rem / 3600);
	t->min = (unsigned)(rem / 60 % 60);
	t->sec = (unsigned)(rem % 60);
	t->usec = usec;
	t->has_off = has_off;
	t->off_min = (int16_t)off_min;
	t->valid = true;
}

const char *const mt_year_from_names[MT_YEAR__COUNT] = {
	[MT_YEAR_LOG] = "log", [MT_YEAR_OPTION] = "option", [MT_YEAR_SNAPSHOT] = "snapshot",
	[MT_YEAR_MTIME] = "mtime", [MT_YEAR_READ] = "read",
};

bool mt_year_guessed(const struct mt_time *t)
{
	return t->year_floored || t->year_from == MT_YEAR_MTIME || t->year_from == MT_YEAR_READ;
}

void mt_time_format(const struct mt_time *t, struct strbuf *sb)
{
	strbuf_addf(sb, "%04d-%02u-%02uT%02u:%02u:%02u", t->year, t->mon, t->day, t->hour,
		    t->min, t->sec);
	if (t->usec >= 0)
		strbuf_addf(sb, ".%06d", (int)t->usec);
	if (t->has_off) {
		int off = t->off_min < 0 ? -t->off_min : t->off_min;

		if (!off)
			strbuf_addch(sb, 'Z');
		else
			strbuf_addf(sb, "%c%02d:%02d", t->off_min < 0 ? '-' : '+', off / 60, off % 60);
	}
}

void mt_time_format_marked(const struct mt_time *t, bool guessed, struct strbuf *sb)
{
	struct strbuf iso = STRBUF_INIT;

	mt_time_format(t, &iso);
	if (guessed && iso.len > 4 && iso.buf[4] == '-') {
		strbuf_add(sb, iso.buf, 4);
		strbuf_addch(sb, '?');
		strbuf_addstr(sb, iso.buf + 4);
	} else {
		strbuf_addstr(sb, iso.buf);
	}
	strbuf_release(&iso);
}

bool parse_utc_offset(const char *p, const char *end, int *off_min)
{
	unsigned h, m = 0;
	int sign;

	if (scan_lit(&p, end, "Z") || scan_lit(&p, end, "UTC")) {
		*off_min = 0;
		return p == end;
	}
	if (p < end && (*p == '+' || *p == '-'))
		sign = *p++ == '-' ? -1 : 1;
	else
		return false;
	if (!scan_digits(&p, end, 2, &h))
		return false;
	scan_char(&p, end, ':');
	if (p < end && !scan_digits(&p, end, 2, &m))
		return false;
	if (p != end || h > 23 || m > 59)
		return false;
	*off_min = sign * (int)(h * 60 + m);
	return true;
}

/*
 * Abbreviations of the tz database's zones (tzdata's own spellings, not
 * Windows' names), sorted for bsearch.  One that stands for several offsets
 * has its candidates in @which instead; EST was also Australia's Eastern
 * time in tzdata before 2014b, which old guests still print.
 */
static const struct tz_abbrev {
	const char *name;
	int off_min;
	const char *which;
} tz_abbrevs[] = {
	{ "ACDT", 630, NULL },  { "ACST", 570, NULL },  { "ADT", -180, NULL },
	{ "AEDT", 660, NULL },  { "AEST", 600, NULL },  { "AKDT", -480, NULL },
	{ "AKST", -540, NULL }, { "AST", 0, "Atlantic -04:00 or Arabia +03:00" },
	{ "AWST", 480, NULL },  { "BST", 0, "British Summer Time +01:00 or Bangladesh +06:00" },
	{ "CAT", 120, NULL },   { "CDT", 0, "US Central Daylight -05:00 or Cuba -04:00" },
	{ "CEST", 120, NULL },  { "CET", 60, NULL },
	{ "CST", 0, "US Central -06:00, China +08:00 or Cuba -05:00" },
	{ "EAT", 180, NULL },   { "EDT", -240, NULL },  { "EEST", 180, NULL },
	{ "EET", 120, NULL },   { "EST", 0, "US Eastern -05:00, or Australian Eastern +10:00 in tz data before 2014" },
	{ "GMT", 0, NULL },     { "HDT", -540, NULL },  { "HKT", 480, NULL },
	{ "HST", -600, NULL },  { "IST", 0, "India +05:30, Israel +02:00 or Ireland +01:00" },
	{ "JST", 540, NULL },   { "KST", 540, NULL },   { "MDT", -360, NULL },
	{ "MEST", 120, NULL },  { "MET", 60, NULL },    { "MSK", 180, NULL },
	{ "MST", -420, NULL },  { "NDT", -150, NULL },  { "NST", -210, NULL },
	{ "NZDT", 780, NULL },  { "NZST", 720, NULL },  { "PDT", -420, NULL },
	{ "PKT", 300, NULL },   { "PST", -480, NULL },  { "SAST", 120, NULL },
	{ "UTC", 0, NULL },     { "WAT", 60, NULL },    { "WEST", 60, NULL },
	{ "WET", 0, NULL },     { "WIB", 420, NULL },
};

int tz_abbrev_offset(const char *p, size_t len, int *off_min, const char **which)
{
	size_t lo = 0, hi = ARRAY_SIZE(tz_abbrevs), mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(p, tz_abbrevs[mid].name, len);
		if (!c && tz_abbrevs[mid].name[len])
			c = -1;
		if (!c) {
			if (tz_abbrevs[mid].which) {
				*which = tz_abbrevs[mid].which;
				return -1;
			}
			*off_min = tz_abbrevs[mid].off_min;
			return 1;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

bool parse_user_time(const char *s, int default_off, int64_t *epoch)
{
	const char *p = s, *end = s + strlen(s);
	unsigned y, mo, d, h = 0, mi = 0, sec = 0;
	int off = default_off;

	if (!scan_digits(&p, end, 4, &y) || !scan_char(&p, end, '-') ||
	    !scan_digits(&p, end, 2, &mo) || !scan_char(&p, end, '-') ||
	    !scan_digits(&p, end, 2, &d))
		return false;
	if (p < end && (*p == 'T' || *p == ' ')) {
		p++;
		if (!scan_digits(&p, end, 2, &h) || !scan_char(&p, end, ':') ||
		    !scan_digits(&p, end, 2, &mi))
			return false;
		if (scan_char(&p, end, ':') && !scan_digits(&p, end, 2, &sec))
			return false;
	}
	if (p < end && !parse_utc_offset(p, end, &off))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	*epoch = days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - (int64_t)off * 60;
	return true;
}
