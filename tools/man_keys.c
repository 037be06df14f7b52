/* man_keys: prints the KEYS table of icsview(1) from ACTION_LIST, as roff.
 *
 * One .TP entry per action, in the order of ACTION_LIST (the order of the
 * help overlay): its default keys in bold, separated by commas, then its
 * help text.  The block between the BEGIN KEYS and END KEYS comments of
 * man/icsview.1 is this program's output; scripts/update-man-keys puts it
 * there and the 'docs' test suite checks that it has not drifted. */
#include <stdio.h>
#include <string.h>
#include "icsview/views/actions.h"

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, or 0
 * when it is not valid UTF-8. */
static size_t utf8_sequence(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		*cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		*cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		*cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return len;
}

/* Writes `length` bytes of `text` so that roff prints them as they are:
 * the escape character, the hyphen and the characters groff would turn
 * into typographic ones are escaped, non-ASCII becomes \[uXXXX], and a
 * control character at the start of a line is neutralised.  Returns -1 on
 * invalid UTF-8 or a control character. */
static int put_escaped(const char *text, size_t length, int line_start)
{
	const unsigned char *s = (const unsigned char *)text;

	if (line_start && length > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", stdout);
	for (size_t i = 0; i < length;) {
		unsigned long cp;
		size_t n = utf8_sequence(s + i, length - i, &cp);

		if (n == 0 || cp < 0x20 || cp == 0x7F)
			return -1;
		i += n;
		switch (cp) {
		case '\\': fputs("\\e", stdout); break;
		case '-': fputs("\\-", stdout); break;
		case '\'': fputs("\\(aq", stdout); break;
		case '`': fputs("\\(ga", stdout); break;
		case '^': fputs("\\(ha", stdout); break;
		case '~': fputs("\\(ti", stdout); break;
		case '"': fputs("\\(dq", stdout); break;
		default:
			if (cp < 0x80)
				putchar((int)cp);
			else
				printf("\\[u%04lX]", cp);
			break;
		}
	}
	return 0;
}

static int put_keys(const char *keys)
{
	int first = 1;

	keys += strspn(keys, " ");
	if (!*keys) {
		fputs("\\fI(no key)\\fP", stdout);
		return 0;
	}
	while (*keys) {
		size_t length = strcspn(keys, " ");

		fputs(first ? "\\fB" : ", \\fB", stdout);
		if (put_escaped(keys, length, 0) != 0)
			return -1;
		fputs("\\fP", stdout);
		first = 0;
		keys += length;
		keys += strspn(keys, " ");
	}
	return 0;
}

static int put_action(const struct action_info *info)
{
	fputs(".TP\n", stdout);
	if (put_keys(info->keys) != 0)
		return -1;
	putchar('\n');
	if (put_escaped(info->help, strlen(info->help), 1) != 0)
		return -1;
	putchar('\n');
	return 0;
}

int main(void)
{
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		const struct action_info *info = action_info((enum action)a);

		if (put_action(info) != 0) {
			fprintf(stderr, "man_keys: action %s: invalid UTF-8 or a control character\n",
			        info->name);
			return 1;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("man_keys: writing");
		return 1;
	}
	return 0;
}
