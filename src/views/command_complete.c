#include "icsview/views/command_complete.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/views/commands.h"
#include "icsview/base/util.h"

static void offer_names(const char *typed, struct completion *out)
{
	for (int c = COMMAND_NONE + 1; c < COMMAND_COUNT; c++) {
		const struct command_info *info = command_info((enum command)c);
		char *name = xasprintf("%s%s", info->name, info->argument ? " " : "");

		completion_offer(out, typed, name);
		free(name);
	}
}

int command_complete(struct store *st, const char *text, size_t cursor, struct completion *out)
{
	size_t length = strlen(text), first, start;
	const char *argument;
	char *typed, *line;
	enum command command;
	int rc = STORE_OK;

	completion_clear(out);
	if (cursor > length)
		cursor = length;
	for (first = 0; first < cursor && text[first] == ' '; first++)
		;
	for (start = cursor; start > first && text[start - 1] != ' '; start--)
		;
	out->start = start;
	out->end = cursor;
	typed = xstrndup(text + start, cursor - start);
	if (start == first) {
		offer_names(typed, out);
		completion_sort(out);
		free(typed);
		return STORE_OK;
	}
	line = xstrndup(text, start);
	command = command_parse(line, &argument);
	if (command == COMMAND_GOTO && !*argument)
		rc = complete_ids(st, typed, out);
	else if (command == COMMAND_EXPORT && !*argument)
		completion_offer(out, typed, "review ");
	free(line);
	free(typed);
	if (rc != STORE_OK)
		completion_clear(out);
	return rc;
}
