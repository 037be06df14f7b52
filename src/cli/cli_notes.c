#include "icsview/cli/cli_notes.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *cli_model_key(const char *const *paths, size_t count)
{
	const char *env = getenv("ICSVIEW_MODEL");
	const char *const *names = paths;
	char **canonical;
	struct strbuf sb = STRBUF_INIT;

	if (count == 0 && !(env && *env))
		return xstrdup("bundled");
	if (count == 0) {
		names = &env;
		count = 1;
	}
	canonical = xcalloc(count, sizeof(*canonical));
	for (size_t i = 0; i < count; i++) {
		char *real = realpath(names[i], NULL);
		canonical[i] = real ? real : xstrdup(names[i]);
	}
	qsort(canonical, count, sizeof(*canonical), compare_strings);
	for (size_t i = 0; i < count; i++) {
		if (i && strcmp(canonical[i], canonical[i - 1]) == 0)
			continue;   /* the same file named twice is one model */
		sb_printf(&sb, "%s%s", sb.len ? "\n" : "", canonical[i]);
	}
	for (size_t i = 0; i < count; i++)
		free(canonical[i]);
	free(canonical);
	return sb_detach(&sb);
}

struct notes *cli_open_notes(const char *notes_path, const char *const *paths, size_t count,
                             bool read_only, struct notes_status *status)
{
	struct notes_options opts = { .read_only = read_only };
	char *key = cli_model_key(paths, count);
	struct notes *notes = notes_open_with(notes_path, key, &opts, status);

	free(key);
	return notes;
}
