/* Copying text to the terminal's clipboard with OSC 52 (ESC ] 52 ; c ;
 * BASE64 BEL), which xterm, tmux, kitty and others take: the sequence, and
 * whether the terminal the environment names is likely to take it (one that
 * does not may print it). */
#ifndef ICSVIEW_CLIPBOARD_H
#define ICSVIEW_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>

/* data[0..n) in base64 (RFC 4648, padded with =); caller frees. */
char *clipboard_base64(const void *data, size_t n);
/* The OSC 52 sequence that puts `text` on the clipboard; caller frees. */
char *clipboard_osc52(const char *text);
/* The terminal named by TERM (`term`) and TMUX (`tmux`), either NULL when
 * unset, takes OSC 52: tmux (TMUX set, or a tmux or screen TERM under it),
 * xterm and its kin (xterm-kitty, …), alacritty, kitty, foot, wezterm,
 * contour, rio.  A plain screen, the Linux console and dumb do not. */
bool clipboard_terminal_takes_osc52(const char *term, const char *tmux);

#endif
