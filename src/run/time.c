/*
 * Dates and times as runs write them (RFC 3339; the HTML page exports
 * local times with their offset).
 */
#include <ctype.h>
#include <string.h>

#include "run/internal.h"

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DD" at s; fills y, m, d; returns 1 if valid. */
static int
parse_date(const char *s, int *y, int *m, int *d)
{
	if ((*y = digits(s, 4)) < 0 || s[4] != '-' ||
	    (*m = digits(s + 5, 2)) < 1 || *m > 12 || s[7] != '-' ||
	    (*d = digits(s + 8, 2)) < 1)
		return 0;
	return *d <= days_in_month(*y, *m);
}

/* "HH:MM[:SS[.frac]]" at s; returns the length, 0 if invalid. */
static size_t
parse_time(const char *s, int *secs)
{
	int	h, mi, sec = 0;
	size_t	n = 5;

	if ((h = digits(s, 2)) < 0 || h > 23 || s[2] != ':' ||
	    (mi = digits(s + 3, 2)) < 0 || mi > 59)
		return 0;
	if (s[5] == ':') {
		if ((sec = digits(s + 6, 2)) < 0 || sec > 60)
			return 0;
		n = 8;
		if (s[8] == '.' && isdigit((unsigned char)s[9]))
			for (n = 9; isdigit((unsigned char)s[n]); n++)
				continue;
	}
	*secs = h * 3600 + mi * 60 + sec;
	return n;
}

int
run_is_date(const char *s)
{
	int	y, m, d;

	return strlen(s) == 10 && parse_date(s, &y, &m, &d);
}

int
run_is_time(const char *s)
{
	int	secs;
	size_t	n = parse_time(s, &secs);

	return n > 0 && s[n] == '\0';
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
days_from_civil(int y, int m, int d)
{
	long long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Parse s; returns 1 and the epoch if it is a date-time with offset. */
static int
parse_datetime(const char *s, long long *epoch)
{
	int	y, m, d, secs, oh, om;
	size_t	n;

	if (strlen(s) < 16 || !parse_date(s, &y, &m, &d) ||
	    (s[10] != 'T' && s[10] != 't') ||
	    (n = parse_time(s + 11, &secs)) == 0)
		return 0;
	s += 11 + n;
	*epoch = days_from_civil(y, m, d) * 86400 + secs;
	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0')
		return 1;
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':' ||
	    (oh = digits(s + 1, 2)) < 0 || oh > 23 ||
	    (om = digits(s + 4, 2)) < 0 || om > 59)
		return 0;
	*epoch -= (s[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	return 1;
}

int
run_is_datetime(const char *s)
{
	long long	e;

	return parse_datetime(s, &e);
}

long long
run_datetime_epoch(const char *s)
{
	long long	e;

	return parse_datetime(s, &e) ? e : 0;
}

const char *
run_latest_at(const struct chk_run *r)
{
	const char	*best = NULL;
	long long	 bt = 0, t;
	size_t		 i;

	for (i = 0; i < r->nitems + r->nsignoff; i++) {
		const char *at = i < r->nitems ? r->items[i].at :
		    r->signoff[i - r->nitems].at;

		if (at == NULL || !run_is_datetime(at))
			continue;
		if (best == NULL || (t = run_datetime_epoch(at)) > bt) {
			best = at;
			bt = run_datetime_epoch(at);
		}
	}
	return best;
}
