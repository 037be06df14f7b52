/* Small helpers shared by every layer: checked allocation, dying with a
 * message, growable arrays and strings, reading a decimal number. */
#ifndef ICSVIEW_UTIL_H
#define ICSVIEW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__GNUC__)
#define ICS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define ICS_NORETURN __attribute__((noreturn))
#else
#define ICS_PRINTF(fmt, args)
#define ICS_NORETURN
#endif

/* Out of memory is not recoverable for an interactive tool; these never
 * return NULL.  They call the die hook (which the interface sets to restore
 * the terminal) and exit with status 70. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) ICS_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) ICS_PRINTF(1, 0);

typedef void (*die_hook_fn)(void);
/* The only process-wide hook: set once by the top level before anything runs. */
void set_die_hook(die_hook_fn hook);
void die(const char *fmt, ...) ICS_PRINTF(1, 2) ICS_NORETURN;

/* Grows *items so that it holds at least `need` elements of `size` bytes. */
void grow_array(void **items, size_t *cap, size_t need, size_t size);
#define GROW(items, cap, need) grow_array((void **)&(items), &(cap), (need), sizeof(*(items)))

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) ICS_PRINTF(2, 3);
const char *sb_str(struct strbuf *sb);   /* never NULL */
char *sb_detach(struct strbuf *sb);      /* caller frees; sb is reset */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Milliseconds on the monotonic clock: for measuring spans (pacing a
 * filter, the interval between stores of the view, a build's elapsed time),
 * never a date. */
double monotonic_ms(void);

/* For qsort and bsearch over int64_t (entity row ids): -1, 0 or 1. */
int compare_int64(const void *a, const void *b);

/* Writes all n bytes of s to fd, going on after a signal or a short
 * write: 0, or -1 with errno set. */
int fd_write_all(int fd, const char *s, size_t n);

/* True when s (n bytes) is a plain decimal number: [-+]digits[.digits][e[-+]digits]. */
bool parse_number(const char *s, size_t n, double *out);

#endif
