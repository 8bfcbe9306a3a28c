#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

void
buf_enlarge(struct buf *b, size_t extra)
{
	size_t	cap;

	if (b->len + extra + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1) {
		if (cap > ((size_t)-1) / 2)
			errx(3, "buffer too large");
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/* "00" to "99", the digits of two at a time. */
static const char digit_pairs[] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/*
 * Append the decimal digits of n, with a '-' when neg: counted first,
 * then written in place from the last, as ids and counts are on every
 * line of a page (a copy of a few bytes through memcpy() cost more).
 */
static void
buf_putnum(struct buf *b, unsigned long long n, int neg)
{
	unsigned long long	 m;
	size_t			 len = neg ? 2 : 1;
	char			*p;

	for (m = n; m >= 10; m /= 10)
		len++;
	buf_grow(b, len);
	p = b->data + b->len + len;
	*p = '\0';
	/* Two digits a division: most ids and counts have two or three. */
	for (; n >= 100; n /= 100) {
		p -= 2;
		memcpy(p, digit_pairs + n % 100 * 2, 2);
	}
	if (n >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + n * 2, 2);
	} else
		*--p = (char)('0' + n);
	if (neg)
		*--p = '-';
	b->len += len;
}

void
buf_putu(struct buf *b, unsigned long long n)
{
	buf_putnum(b, n, 0);
}

/*
 * The conversions emitters use most (%s %d %u %zu %c %%), done here:
 * vsnprintf costs about 900 instructions a call whatever it prints, and
 * a checklist's HTML page is thousands of short calls, a third of its
 * cost (callgrind, bench/RESULTS.md).  Returns -1, having appended
 * nothing, when fmt has any other conversion (a flag, a width, a
 * float): vsnprintf does those.
 */
static int
buf_fast(struct buf *b, const char *fmt, va_list ap)
{
	size_t		 start = b->len, n;
	const char	*p, *s;
	int		 i;

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			/* strchr() is word-wide; strcspn() built a table
			 * for every run of text. */
			s = strchr(p, '%');
			n = s != NULL ? (size_t)(s - p) : strlen(p);
			buf_put(b, p, n);
			p += n - 1;
			continue;
		}
		switch (*++p) {
		case 's':
			s = va_arg(ap, const char *);
			buf_puts(b, s != NULL ? s : "(null)");
			break;
		case 'd':
			i = va_arg(ap, int);
			buf_putnum(b, i < 0 ? 0ULL - (unsigned long long)i :
			    (unsigned long long)i, i < 0);
			break;
		case 'u':
			buf_putnum(b, va_arg(ap, unsigned), 0);
			break;
		case 'z':
			if (p[1] != 'u')
				goto slow;
			p++;
			buf_putnum(b, va_arg(ap, size_t), 0);
			break;
		case 'c':
			buf_putc(b, va_arg(ap, int));
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			goto slow;
		}
	}
	return 0;
slow:
	b->len = start;
	if (b->data != NULL)
		b->data[start] = '\0';
	return -1;
}

/*
 * Anything else is formatted straight into the spare room, and again,
 * grown, only when the text did not fit: measuring it first would be a
 * second vsnprintf.
 */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	size_t	room;
	int	len;

	va_start(ap, fmt);
	len = buf_fast(b, fmt, ap);
	va_end(ap);
	if (len == 0)
		return;
	buf_grow(b, 64);
	room = b->cap - b->len;
	va_start(ap, fmt);
	len = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (len < 0)
		errx(3, "buf_printf: bad format");
	if ((size_t)len >= room) {
		buf_grow(b, (size_t)len);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)len;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

void
buf_put_field(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_putc(b, '~');
		return;
	}
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_putc(b, ',');
}

void
buf_put_fieldnum(struct buf *b, long long n)
{
	char	s[32];

	snprintf(s, sizeof(s), "%lld", n);
	buf_put_field(b, s);
}

const char *
buf_get_field(struct buf_reader *r)
{
	char	*s;
	size_t	 n;

	if (r->bad || r->p >= r->end) {
		r->bad = 1;
		return NULL;
	}
	if (*r->p == '~') {
		r->p++;
		return NULL;
	}
	n = strtoul(r->p, &s, 10);
	if (r->end - s < 2 || *s != ':' || n > (size_t)(r->end - s) - 2 ||
	    s[n + 1] != ',') {
		r->bad = 1;
		return NULL;
	}
	s[n + 1] = '\0';
	r->p = s + n + 2;
	return s + 1;
}

long long
buf_get_fieldnum(struct buf_reader *r)
{
	const char	*s = buf_get_field(r);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

void
ptrvec_push(struct ptrvec *pv, void *p)
{
	if (pv->n == pv->cap) {
		pv->cap = pv->cap ? pv->cap * 2 : 8;
		pv->v = xrealloc(pv->v, pv->cap * sizeof(void *));
	}
	pv->v[pv->n++] = p;
}

void *
ptrvec_finish(struct ptrvec *pv, struct arena *a, size_t *n)
{
	void	**copy = NULL;

	*n = pv->n;
	if (pv->n > 0) {
		copy = arena_alloc(a, pv->n * sizeof(void *));
		memcpy(copy, pv->v, pv->n * sizeof(void *));
	}
	ptrvec_free(pv);
	return copy;
}

void
ptrvec_free(struct ptrvec *pv)
{
	free(pv->v);
	pv->v = NULL;
	pv->n = pv->cap = 0;
}
