/*
 * "format" as an assertion, for the formats chkc's users write: date,
 * time and date-time (RFC 3339 §5.6, leap seconds included), email
 * (RFC 5321 mailbox: dot-atom or quoted local part, host name or
 * address literal) and uri (RFC 3986 absolute URI).  Strings may hold
 * NUL bytes, so every checker takes a length.
 */
#include <string.h>

#include "schema/libschema.h"

static int
digits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, size_t n)
{
	int	v = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* full-date: YYYY-MM-DD, a real day of the Gregorian calendar. */
static int
fmt_date(const char *s, size_t len)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	y, m, dd;

	if (len != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = num(s, 4), m = num(s + 5, 2), dd = num(s + 8, 2);
	if (m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
		return 0;
	if (m == 2 && dd == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

/* full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); :60 only at 23:59 UTC. */
static int
fmt_time(const char *s, size_t len)
{
	int	h, m, sec, oh = 0, om = 0, sign = 0, utc;
	size_t	i = 8;

	if (len < 9 || !digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) ||
	    s[5] != ':' || !digits(s + 6, 2))
		return 0;
	h = num(s, 2), m = num(s + 3, 2), sec = num(s + 6, 2);
	if (s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			continue;
		if (i == 9)
			return 0;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		sign = 0;
	else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
	    digits(s + i + 1, 2) && s[i + 3] == ':' && digits(s + i + 4, 2)) {
		sign = s[i] == '+' ? 1 : -1;
		oh = num(s + i + 1, 2), om = num(s + i + 4, 2);
	} else
		return 0;
	if (h > 23 || m > 59 || sec > 60 || oh > 23 || om > 59)
		return 0;
	utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) % 1440;
	return sec < 60 || utc == 23 * 60 + 59;
}

static int
fmt_datetime(const char *s, size_t len)
{
	return len > 11 && (s[10] == 'T' || s[10] == 't') &&
	    fmt_date(s, 10) && fmt_time(s + 11, len - 11);
}

static int
ipv4(const char *s, size_t len)
{
	size_t	i = 0, start;
	int	parts = 0;

	while (parts < 4) {
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			i++;
		if (i == start || (s[start] == '0' && i - start > 1) ||
		    num(s + start, i - start) > 255)
			return 0;
		if (++parts < 4 && (i >= len || s[i++] != '.'))
			return 0;
	}
	return i == len;
}

static int
ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* RFC 4291 text form, with "::" and a trailing dotted quad. */
static int
ipv6(const char *s, size_t len)
{
	size_t	i = 0, n, groups = 0;
	int	gap = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1, i = 2;
		if (i == len)
			return 1;
	} else if (len > 0 && s[0] == ':')
		return 0;
	while (i < len) {
		for (n = 0; i + n < len && ishex(s[i + n]); n++)
			continue;
		if (i + n < len && s[i + n] == '.') {
			if (!ipv4(s + i, len - i))
				return 0;
			groups += 2;
			break;
		}
		if (n == 0 || n > 4)
			return 0;
		groups++, i += n;
		if (i == len)
			break;
		if (s[i] != ':' || ++i == len)
			return 0;
		if (s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			if (++i == len)
				break;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

static int
is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("-._~", c) != NULL);
}

static int
is_subdelim(int c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/* Is s[0..len) made of unreserved, sub-delims, pct-encoded and extra? */
static int
uri_chars(const char *s, size_t len, const char *extra)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len || !ishex(s[i + 1]) ||
			    !ishex(s[i + 2]))
				return 0;
			i += 2;
		} else if (!is_unreserved(s[i]) && !is_subdelim(s[i]) &&
		    (s[i] == '\0' || strchr(extra, s[i]) == NULL))
			return 0;
	}
	return 1;
}

static int
uri_authority(const char *s, size_t len)
{
	const char	*at = memchr(s, '@', len), *colon;
	size_t		 hl;

	if (at != NULL) {
		if (!uri_chars(s, (size_t)(at - s), ":"))
			return 0;
		len -= (size_t)(at - s) + 1;
		s = at + 1;
	}
	if (len > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', len);

		if (close == NULL || !ipv6(s + 1, (size_t)(close - s) - 1))
			return 0;
		hl = (size_t)(close - s) + 1;
	} else {
		colon = memchr(s, ':', len);
		hl = colon != NULL ? (size_t)(colon - s) : len;
		if (!uri_chars(s, hl, ""))
			return 0;
	}
	if (hl == len)
		return 1;
	return s[hl] == ':' && digits(s + hl + 1, len - hl - 1);
}

/* URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ] */
static int
fmt_uri(const char *s, size_t len)
{
	size_t	i = 0, end;

	if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (i < len && (is_unreserved(s[i]) || s[i] == '+') &&
	    s[i] != '_' && s[i] != '~')
		i++;
	if (i == len || s[i] != ':')
		return 0;
	s += i + 1, len -= i + 1;
	if (len >= 2 && s[0] == '/' && s[1] == '/') {
		for (end = 2; end < len && strchr("/?#", s[end]) == NULL; end++)
			continue;
		if (!uri_authority(s + 2, end - 2))
			return 0;
		s += end, len -= end;
	}
	for (i = 0; i < len && s[i] != '?' && s[i] != '#'; i++)
		continue;
	for (end = i; end < len && s[end] != '#'; end++)
		continue;
	/* path, then query (after '?'), then fragment (after '#') */
	return uri_chars(s, i, ":@/") &&
	    uri_chars(s + i, end - i, ":@/?") &&
	    (end == len || uri_chars(s + end + 1, len - end - 1, ":@/?"));
}

static int
hostname(const char *s, size_t len)
{
	size_t	i, start = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
				return 0;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		start = i + 1;
	}
	return 1;
}

static int
email_local(const char *s, size_t len)
{
	size_t	i;

	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		for (i = 1; i + 1 < len; i++)
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"' || (unsigned char)s[i] < 0x20)
				return 0;
		return i == len - 1;
	}
	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return 0;
		if (!(is_unreserved(s[i]) || (s[i] != '\0' &&
		    strchr("!#$%&'*+/=?^`{|}", s[i]) != NULL)))
			return 0;
	}
	return 1;
}

static int
fmt_email(const char *s, size_t len)
{
	const char	*at;
	size_t		 dl;

	/* The last '@': a quoted local part may hold one. */
	for (at = s + len; at > s && at[-1] != '@'; at--)
		continue;
	if (at == s || !email_local(s, (size_t)(at - s) - 1))
		return 0;
	dl = len - (size_t)(at - s);
	if (dl > 2 && at[0] == '[' && at[dl - 1] == ']') {
		if (dl > 7 && strncmp(at + 1, "IPv6:", 5) == 0)
			return ipv6(at + 6, dl - 7);
		return ipv4(at + 1, dl - 2);
	}
	return hostname(at, dl);
}

int
sch_format_check(const char *format, const char *s, size_t len)
{
	static const struct {
		const char	*name;
		int		(*check)(const char *, size_t);
	} formats[] = {
		{ "date",	fmt_date },
		{ "time",	fmt_time },
		{ "date-time",	fmt_datetime },
		{ "email",	fmt_email },
		{ "uri",	fmt_uri },
	};
	size_t	i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(format, formats[i].name) == 0)
			return formats[i].check(s, len);
	return -1;
}
