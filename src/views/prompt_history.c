#include "icsview/views/prompt_history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/paths.h"
#include "icsview/base/util.h"

static const char *const kind_names[PROMPT_HISTORY_KINDS] = {
	[PROMPT_HISTORY_FILTER] = "filter",
	[PROMPT_HISTORY_COMMAND] = "command",
	[PROMPT_HISTORY_GOTO] = "goto",
	[PROMPT_HISTORY_SEARCH] = "search",
};

const char *prompt_history_kind_name(enum prompt_history_kind kind)
{
	return kind < PROMPT_HISTORY_KINDS ? kind_names[kind] : "";
}

void prompt_history_init(struct prompt_history *h)
{
	memset(h, 0, sizeof(*h));
}

static void walk_reset(struct prompt_history_walk *w, enum prompt_history_kind kind, size_t count)
{
	free(w->typed);
	w->typed = NULL;
	w->kind = kind;
	w->at = count;
}

void prompt_history_free(struct prompt_history *h)
{
	if (!h)
		return;
	for (int k = 0; k < PROMPT_HISTORY_KINDS; k++) {
		for (size_t i = 0; i < h->lists[k].count; i++)
			free(h->lists[k].items[i]);
		free(h->lists[k].items);
	}
	free(h->walk.typed);
	memset(h, 0, sizeof(*h));
}

/* One line of the file: no byte below a space, no DEL. */
static bool fits_a_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return false;
	return true;
}

static bool add_entry(struct prompt_history *h, enum prompt_history_kind kind, const char *text,
                      size_t n)
{
	struct prompt_history_list *list;

	if (kind >= PROMPT_HISTORY_KINDS || n == 0 || n > PROMPT_HISTORY_MAX_ENTRY ||
	    !fits_a_line(text, n))
		return false;
	list = &h->lists[kind];
	if (list->count && strlen(list->items[list->count - 1]) == n &&
	    memcmp(list->items[list->count - 1], text, n) == 0)
		return false;
	if (!list->items)
		list->items = xcalloc(PROMPT_HISTORY_LIMIT, sizeof(*list->items));
	if (list->count == PROMPT_HISTORY_LIMIT) {
		free(list->items[0]);
		memmove(list->items, list->items + 1, (list->count - 1) * sizeof(*list->items));
		list->count--;
	}
	list->items[list->count++] = xstrndup(text, n);
	if (h->walk.kind == kind)
		walk_reset(&h->walk, kind, list->count);
	return true;
}

bool prompt_history_add(struct prompt_history *h, enum prompt_history_kind kind,
                        const char *text)
{
	return add_entry(h, kind, text, strlen(text));
}

void prompt_history_walk_start(struct prompt_history *h, enum prompt_history_kind kind)
{
	if (kind >= PROMPT_HISTORY_KINDS)
		kind = PROMPT_HISTORY_FILTER;
	walk_reset(&h->walk, kind, h->lists[kind].count);
}

const char *prompt_history_older(struct prompt_history *h, const char *current)
{
	struct prompt_history_walk *w = &h->walk;
	const struct prompt_history_list *list = &h->lists[w->kind];

	if (w->at == 0 || list->count == 0)
		return NULL;
	if (w->at >= list->count) {
		free(w->typed);
		w->typed = xstrdup(current ? current : "");
		w->at = list->count;
	}
	return list->items[--w->at];
}

const char *prompt_history_newer(struct prompt_history *h)
{
	struct prompt_history_walk *w = &h->walk;
	const struct prompt_history_list *list = &h->lists[w->kind];

	if (w->at >= list->count)
		return NULL;
	if (++w->at < list->count)
		return list->items[w->at];
	return w->typed ? w->typed : "";
}

/* ---- the file ------------------------------------------------------------ */

static bool add_line(struct prompt_history *h, const char *line, size_t n)
{
	const char *tab = memchr(line, '\t', n);

	if (!tab)
		return false;
	for (int k = 0; k < PROMPT_HISTORY_KINDS; k++) {
		size_t name = strlen(kind_names[k]);
		const char *text = tab + 1;
		size_t text_n = n - (size_t)(text - line);

		if ((size_t)(tab - line) != name || memcmp(line, kind_names[k], name) != 0)
			continue;
		if (text_n == 0 || text_n > PROMPT_HISTORY_MAX_ENTRY || !fits_a_line(text, text_n))
			return false;
		add_entry(h, (enum prompt_history_kind)k, text, text_n);
		return true;
	}
	return false;
}

/* The whole file, at most PROMPT_HISTORY_MAX_FILE bytes, in a buffer
 * (caller frees) of *size bytes; NULL when it cannot be read or is larger. */
static char *read_whole(int fd, size_t *size)
{
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > PROMPT_HISTORY_MAX_FILE)
		return NULL;
	buf = xmalloc(PROMPT_HISTORY_MAX_FILE + 1);
	for (;;) {
		ssize_t n = read(fd, buf + got, PROMPT_HISTORY_MAX_FILE + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (n > 0 && got + (size_t)n > PROMPT_HISTORY_MAX_FILE)) {
			free(buf);      /* an error, or it grew past the limit */
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	*size = got;
	return buf;
}

enum prompt_history_read prompt_history_load(struct prompt_history *h, const char *path,
                                             size_t *skipped)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	size_t size = 0, bad = 0;
	char *buf;

	if (skipped)
		*skipped = 0;
	if (fd < 0)
		return errno == ENOENT ? PROMPT_HISTORY_ABSENT : PROMPT_HISTORY_UNREADABLE;
	buf = read_whole(fd, &size);
	close(fd);
	if (!buf)
		return PROMPT_HISTORY_UNREADABLE;
	for (size_t start = 0; start < size;) {
		const char *end = memchr(buf + start, '\n', size - start);
		size_t n = end ? (size_t)(end - (buf + start)) : size - start;

		if (n && !add_line(h, buf + start, n))
			bad++;
		start += n + 1;
	}
	free(buf);
	if (skipped)
		*skipped = bad;
	return bad ? PROMPT_HISTORY_DAMAGED : PROMPT_HISTORY_READ;
}

static void history_text(const struct prompt_history *h, struct strbuf *out)
{
	for (int k = 0; k < PROMPT_HISTORY_KINDS; k++)
		for (size_t i = 0; i < h->lists[k].count; i++)
			sb_printf(out, "%s\t%s\n", kind_names[k], h->lists[k].items[i]);
}

/* Makes the directory that holds `path`: 0, or an errno. */
static int make_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int error;

	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	error = make_private_dirs(dir);
	free(dir);
	return error;
}

int prompt_history_save(const struct prompt_history *h, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	char *temp;
	int fd, error;

	if ((error = make_parent(path)) != 0) {
		errno = error;
		return -1;
	}
	temp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(temp);     /* mode 0600 */
	if (fd < 0) {
		free(temp);
		return -1;
	}
	history_text(h, &text);
	error = fd_write_all(fd, text.buf ? text.buf : "", text.len) != 0 || fsync(fd) != 0 ? errno : 0;
	sb_free(&text);
	if (close(fd) != 0 && !error)
		error = errno;
	if (!error && rename(temp, path) != 0)
		error = errno;
	if (error)
		unlink(temp);
	free(temp);
	errno = error;
	return error ? -1 : 0;
}
