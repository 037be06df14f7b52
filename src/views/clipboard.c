#include "icsview/views/clipboard.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *clipboard_base64(const void *data, size_t n)
{
	const unsigned char *in = data;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *p = out;

	for (size_t i = 0; i < n; i += 3) {
		unsigned long chunk = (unsigned long)in[i] << 16;
		size_t left = n - i;

		if (left > 1)
			chunk |= (unsigned long)in[i + 1] << 8;
		if (left > 2)
			chunk |= in[i + 2];
		*p++ = alphabet[(chunk >> 18) & 63];
		*p++ = alphabet[(chunk >> 12) & 63];
		*p++ = left > 1 ? alphabet[(chunk >> 6) & 63] : '=';
		*p++ = left > 2 ? alphabet[chunk & 63] : '=';
	}
	*p = '\0';
	return out;
}

char *clipboard_osc52(const char *text)
{
	char *encoded = clipboard_base64(text, strlen(text));
	char *sequence = xasprintf("\033]52;c;%s\a", encoded);

	free(encoded);
	return sequence;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool clipboard_terminal_takes_osc52(const char *term, const char *tmux)
{
	static const char *const families[] = {
		"xterm", "tmux", "alacritty", "kitty", "foot", "wezterm", "contour", "rio",
	};
	bool in_tmux = tmux && *tmux;

	if (in_tmux)
		return true;    /* tmux takes it (set-clipboard), whatever TERM says */
	if (!term)
		return false;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (starts_with(term, families[i]))
			return true;
	return false;
}
