/* The clipboard's sequence: base64 by RFC 4648's vectors, the OSC 52 around
 * it, and which terminals are sent it. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/views/clipboard.h"

static void expect_base64(const char *in, const char *expected)
{
	char *out = clipboard_base64(in, strlen(in));

	cr_expect_str_eq(out, expected, "base64 of '%s'", in);
	free(out);
}

Test(clipboard, base64_follows_rfc_4648)
{
	expect_base64("", "");
	expect_base64("f", "Zg==");
	expect_base64("fo", "Zm8=");
	expect_base64("foo", "Zm9v");
	expect_base64("foob", "Zm9vYg==");
	expect_base64("fooba", "Zm9vYmE=");
	expect_base64("foobar", "Zm9vYmFy");
	expect_base64("RHQ", "UkhR");
}

Test(clipboard, base64_takes_every_byte)
{
	unsigned char bytes[] = { 0x00, 0xff, 0xfe, 0x80, 0x7f };
	char *out = clipboard_base64(bytes, sizeof(bytes));

	cr_expect_str_eq(out, "AP/+gH8=");
	free(out);
}

Test(clipboard, the_sequence_is_osc_52_with_bel)
{
	char *seq = clipboard_osc52("syb-partnership-board");

	cr_expect_str_eq(seq, "\033]52;c;c3liLXBhcnRuZXJzaGlwLWJvYXJk\a");
	for (const char *p = seq + 1; p[1]; p++)
		cr_expect(*p > 0x20 && *p < 0x7f, "plain ASCII inside the sequence");
	free(seq);
}

Test(clipboard, terminals_that_take_it)
{
	cr_expect(clipboard_terminal_takes_osc52("xterm-256color", NULL));
	cr_expect(clipboard_terminal_takes_osc52("xterm-kitty", NULL));
	cr_expect(clipboard_terminal_takes_osc52("alacritty", NULL));
	cr_expect(clipboard_terminal_takes_osc52("foot-extra", NULL));
	cr_expect(clipboard_terminal_takes_osc52("wezterm", NULL));
	cr_expect(clipboard_terminal_takes_osc52("tmux-256color", NULL));
	cr_expect(clipboard_terminal_takes_osc52("screen-256color", "/tmp/tmux-0/default,1,0"));
	cr_expect_not(clipboard_terminal_takes_osc52("screen-256color", NULL));
	cr_expect_not(clipboard_terminal_takes_osc52("screen", ""));
	cr_expect_not(clipboard_terminal_takes_osc52("linux", NULL));
	cr_expect_not(clipboard_terminal_takes_osc52("dumb", NULL));
	cr_expect_not(clipboard_terminal_takes_osc52(NULL, NULL));
}
