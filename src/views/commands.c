#include "icsview/views/commands.h"

#include <stdbool.h>
#include <string.h>

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
