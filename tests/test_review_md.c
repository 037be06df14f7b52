/* A note in the Markdown review renders as written (review_md_note_line).
 * No CommonMark renderer is packaged with the build (no cmark, no Python
 * markdown module), so each escaped line of a table of hostile notes is
 * checked the way a CommonMark parser reads it:
 *   - the line starts no block: no quote, heading, list item, thematic
 *     break, setext underline, fence, HTML block, table row or indented
 *     code (a leading space is a character reference);
 *   - nothing inside it starts inline markup: every \ ` * [ ] < > # | ~ is
 *     backslash-escaped, an unescaped _ stands between two word characters
 *     (where it cannot open or close emphasis), an unescaped & starts no
 *     character reference;
 *   - undoing CommonMark's backslash escapes and the references written
 *     for spaces gives back the line exactly. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "icsview/base/util.h"
#include "../src/query/review_export_private.h"

static const char *const hostile[] = {
	"> quoted", ">> nested quote", "#", "# heading", "###### six", "#hashtag",
	"- item", "+ item", "* item", "-", "1. one", "2) two", "1234567890. big",
	"1.5 million", "===", "---", "***", "___", "* * *", "- - -",
	"    indented code", "   > three spaces then a quote", "  - an indented item",
	" 1. an indented number",
	"```fence", "~~~fence", "<div>html</div>", "<!-- comment -->", "<http://x.example>",
	"[link](http://x.example)", "[ref]: http://x.example", "![img](x.png)",
	"*emph* _emph_ **strong** __strong__", "a|b|c", "| a | b |", "`code` and ``more``",
	"back\\slash\\", "\\> already escaped", "\\", "ends with a backslash\\",
	"&amp; &copy; &#65; &#x41; & and &&", "snake_case_name", "_leading", "trailing_",
	"a _b_ c", "~~struck~~", "[x] done", "line  with  spaces  ", "text <b>bold</b> &lt;",
	"= equals first", "+", "10) ten", "Q1: 2024. Next", "café ünïcode — dash",
};

static bool punct(char c)
{
	return c && ispunct((unsigned char)c);
}

static bool word(char c)
{
	return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

static bool reference_like(const char *s)
{
	size_t i = 1;

	while (isalnum((unsigned char)s[i]) || s[i] == '#')
		i++;
	return i > 1 && s[i] == ';';
}

static char *escaped(const char *line)
{
	struct strbuf sb = STRBUF_INIT;

	review_md_note_line(&sb, line, strlen(line));
	return sb_detach(&sb);
}

/* CommonMark's reading of the inline text: \P is P, &#32; a space. */
static char *unescaped(const char *md)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = md; *p; p++) {
		if (*p == '\\' && punct(p[1]))
			p++;
		else if (strncmp(p, "&#32;", 5) == 0) {
			sb_putc(&sb, ' ');
			p += 4;
			continue;
		}
		sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

static void expect_no_block_start(const char *md, const char *note)
{
	size_t digits = strspn(md, "0123456789");

	cr_expect(md[0] != ' ' && md[0] != '\t', "'%s' -> '%s': indented", note, md);
	cr_expect(!strchr("-+*=#>`~<|_", md[0]) || !md[0], "'%s' -> '%s': starts a block", note, md);
	cr_expect(!(digits && (md[digits] == '.' || md[digits] == ')')),
	          "'%s' -> '%s': starts an ordered list", note, md);
}

static void expect_no_inline_markup(const char *md, const char *note)
{
	for (size_t i = 0; md[i]; i++) {
		char c = md[i];

		if (strncmp(md + i, "&#32;", 5) == 0) {
			i += 4;   /* a space: text, whatever follows */
		} else if (c == '\\') {
			cr_expect(punct(md[i + 1]), "'%s' -> '%s': a bare backslash at %zu", note, md, i);
			i++;
		} else if (strchr("`*[]<>#|~", c)) {
			cr_expect(false, "'%s' -> '%s': unescaped %c at %zu", note, md, c, i);
		} else if (c == '_') {
			cr_expect(i > 0 && word(md[i - 1]) && word(md[i + 1]),
			          "'%s' -> '%s': an _ that can open emphasis at %zu", note, md, i);
		} else if (c == '&') {
			cr_expect(!reference_like(md + i), "'%s' -> '%s': a reference at %zu", note, md, i);
		}
	}
}

Test(review_md, hostile_notes_render_as_written)
{
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char *md = escaped(hostile[i]), *back = unescaped(md);

		expect_no_block_start(md, hostile[i]);
		expect_no_inline_markup(md, hostile[i]);
		cr_expect_str_eq(back, hostile[i], "'%s' -> '%s' reads as '%s'", hostile[i], md, back);
		free(back);
		free(md);
	}
}

Test(review_md, control_characters_are_shown_not_sent)
{
	static const char note[] = "title \x1b]0;owned\x07 and \x1b[2J, bidi \xe2\x80\xae end";
	char *md = escaped(note), *back;

	cr_expect(strpbrk(md, "\x1b\x07") == NULL, "%s", md);
	cr_expect(strstr(md, "\xe2\x80\xae") == NULL, "%s", md);
	expect_no_inline_markup(md, note);
	back = unescaped(md);
	cr_expect(strstr(back, "^[]0;owned^G and ^[[2J") != NULL, "%s", back);
	free(back);
	free(md);
}

Test(review_md, only_the_given_length_is_read)
{
	struct strbuf sb = STRBUF_INIT;

	review_md_note_line(&sb, "# first\n# second", 7);
	cr_expect_str_eq(sb_str(&sb), "\\# first");
	sb_free(&sb);
}
