#include "icsview/views/commands.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

static const struct command_info commands[COMMAND_COUNT] = {
	[COMMAND_NONE] = { "", NULL, NULL, NULL, "" },
#define COMMAND_INFO(id, name, alias, argument, example, help) \
	[COMMAND_##id] = { name, alias, argument, example, help },
	COMMAND_LIST(COMMAND_INFO)
#undef COMMAND_INFO
};

const struct command_info *command_info(enum command command)
{
	if ((int)command < 0 || command >= COMMAND_COUNT)
		return &commands[COMMAND_NONE];
	return &commands[command];
}

static bool word_is(const char *word, size_t length, const char *name)
{
	return name && strlen(name) == length && strncmp(word, name, length) == 0;
}

enum command command_parse(const char *line, const char **argument)
{
	size_t length;

	while (*line == ' ')
		line++;
	length = strcspn(line, " ");
	for (int c = COMMAND_NONE + 1; c < COMMAND_COUNT; c++) {
		if (!word_is(line, length, commands[c].name) && !word_is(line, length, commands[c].alias))
			continue;
		line += length;
		while (*line == ' ')
			line++;
		*argument = line;
		return (enum command)c;
	}
	*argument = line;
	return COMMAND_NONE;
}

/* The next word of *p (spaces skipped before and after): a copy, or NULL
 * at the end. */
static char *next_word(const char **p)
{
	size_t length;
	char *word;

	while (**p == ' ')
		(*p)++;
	length = strcspn(*p, " ");
	if (!length)
		return NULL;
	word = xstrndup(*p, length);
	*p += length;
	while (**p == ' ')
		(*p)++;
	return word;
}

static bool is_filter_option(const char *word)
{
	return strcmp(word, "--filter") == 0;
}

bool command_export_args(const char *argument, struct export_args *out)
{
	const char *p = argument;
	char *what = next_word(&p), *word;
	bool review = what && strcmp(what, "review") == 0;

	memset(out, 0, sizeof(*out));
	free(what);
	if (!review || !(out->file = next_word(&p)))
		return false;
	word = next_word(&p);
	if (word && !is_filter_option(word)) {
		out->under = word;
		word = next_word(&p);
	}
	if (word && is_filter_option(word) && *p)
		out->filter = xstrdup(p);
	else if (word) {
		free(word);
		export_args_clear(out);
		return false;
	}
	free(word);
	return true;
}

void export_args_clear(struct export_args *args)
{
	if (!args)
		return;
	free(args->file);
	free(args->under);
	free(args->filter);
	memset(args, 0, sizeof(*args));
}
