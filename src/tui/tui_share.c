/* The selection leaving the interface: o shows its full text (as `icsview
 * show` prints it) in the user's pager, y copies its id to the clipboard. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/paths.h"
#include "icsview/base/signals.h"
#include "icsview/views/clipboard.h"
#include "icsview/views/entity_text.h"
#include "tui_private.h"
#include "tui_term.h"

#define DEFAULT_PAGER "less -R"

/* Writes the full text of eid to a new temporary file (registered to be
 * removed on an ending signal, *slot); returns its path, or NULL with a
 * message. */
static char *write_text(struct tui *t, int64_t eid, int *slot)
{
	struct entity_full full = { 0 };
	char *path = temp_path("icsview-show-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = NULL;
	struct out o;
	bool ok = false;

	*slot = -1;
	if (fd < 0) {
		tui_message(t, true, "cannot write a file for the pager: %s", strerror(errno));
		free(path);
		return NULL;
	}
	*slot = signals_add_temporary(path);
	f = fdopen(fd, "w");
	if (!f) {
		tui_message(t, true, "cannot write a file for the pager: %s", strerror(errno));
		close(fd);
	} else if (store_entity(t->st, eid, &full.e) != STORE_OK ||
	           entity_full_read(t->st, &full) != STORE_OK) {
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
		fclose(f);
	} else {
		out_init(&o, f);
		entity_text_write(&o, &full, t->layout.cols > 0 ? (size_t)t->layout.cols : 80);
		ok = fflush(f) == 0 && !o.error && !ferror(f);
		ok = fclose(f) == 0 && ok;
		if (!ok)
			tui_message(t, true, "cannot write a file for the pager");
	}
	entity_full_clear(&full);
	if (ok)
		return path;
	unlink(path);
	signals_forget_temporary(*slot);
	*slot = -1;
	free(path);
	return NULL;
}

void tui_pager_open(struct tui *t)
{
	const char *pager = getenv("PAGER");
	int64_t eid = tui_current_eid(t);
	char *path;
	int slot, status;

	if (!eid) {
		tui_message(t, false, "nothing selected");
		return;
	}
	if (pager && !*pager) {
		tui_message(t, true, "PAGER is set but empty: set it to a pager, or unset it for " DEFAULT_PAGER);
		return;
	}
	if (!pager)
		pager = DEFAULT_PAGER;
	path = write_text(t, eid, &slot);
	if (!path)
		return;
	status = tui_term_run_on_file(pager, path);
	unlink(path);
	signals_forget_temporary(slot);
	free(path);
	if (status == TUI_STATUS_CANNOT_RUN || status == TUI_STATUS_CANNOT_EXEC)
		tui_message(t, true, "cannot run the pager (PAGER=%s)", pager);
}

void tui_copy_id(struct tui *t)
{
	int64_t eid = tui_current_eid(t);
	struct entity e;
	char *sequence;

	if (!eid) {
		tui_message(t, false, "nothing selected");
		return;
	}
	if (store_entity(t->st, eid, &e) != STORE_OK) {
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
		return;
	}
	if (clipboard_terminal_takes_osc52(getenv("TERM"), getenv("TMUX"))) {
		/* between frames, where it moves no cursor: curses' output is
		 * flushed, and this goes straight after it */
		sequence = clipboard_osc52(e.id);
		fputs(sequence, stdout);
		fflush(stdout);
		free(sequence);
	}
	tui_message(t, false, "copied %s", e.id);
	entity_clear(&e);
}
