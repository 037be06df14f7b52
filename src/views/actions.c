#include "icsview/views/actions.h"

#include <string.h>

static const struct action_info actions[ACTION_COUNT] = {
	[ACTION_NONE] = { "none", "", "" },
#define ACTION_INFO(id, name, keys, help) [ACTION_##id] = { name, keys, help },
	ACTION_LIST(ACTION_INFO)
#undef ACTION_INFO
};

const struct action_info *action_info(enum action action)
{
	if ((int)action < 0 || action >= ACTION_COUNT)
		return &actions[ACTION_NONE];
	return &actions[action];
}

int key_parse(const char *text, size_t length, const struct key_name *named, size_t named_count)
{
	if (length == 1)
		return (unsigned char)text[0];
	if (length == 2 && text[0] == '^' && text[1] >= '@' && text[1] <= '_')
		return text[1] - '@';
	if (length == 2 && text[0] == '^' && text[1] >= 'a' && text[1] <= 'z')
		return text[1] - 'a' + 1;
	for (size_t i = 0; i < named_count; i++)
		if (strlen(named[i].name) == length && strncmp(named[i].name, text, length) == 0)
			return named[i].code;
	return -1;
}

int keymap_init(struct keymap *km, const struct key_name *named, size_t named_count)
{
	int problems = 0;

	memset(km, 0, sizeof(*km));
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		const char *keys = actions[a].keys;

		while (*keys) {
			size_t length = strcspn(keys, " ");
			int code = key_parse(keys, length, named, named_count);

			if (code < 0 || code >= KEYMAP_SIZE)
				problems++;
			else
				km->map[code] = (enum action)a;
			keys += length;
			keys += strspn(keys, " ");
		}
	}
	return problems;
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	if (key < 0 || key >= KEYMAP_SIZE)
		return ACTION_NONE;
	return km->map[key];
}
