/* The command line: subcommands and their shared conventions. */
#ifndef ICSVIEW_CLI_H
#define ICSVIEW_CLI_H

/* Exit statuses, documented in icsview(1). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_INVALID = 1,      /* invalid model, or nothing found */
	EXIT_DIFFERENT = 1,    /* diff: the models differ, as diff(1) says */
	EXIT_USAGE = 2,
	EXIT_AMBIGUOUS = 3,
	EXIT_IO = 4,           /* a file or database could not be read or written */
	EXIT_SIGNAL = 128,     /* 128 + n: the interface was ended by signal n */
};
/* Besides these, 70 (EX_SOFTWARE of sysexits.h): out of memory, or an
 * internal error; die() in base/util.c exits with it from any layer. */

/* The subcommands: icsview check, show, history, tree, find, export, review
 * and diff (cmd_check.c, cmd_show.c, …). */
int cmd_check(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_tree(int argc, char **argv);
int cmd_find(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_diagram(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* No command: the interface (cmd_browse.c). */
int cmd_browse(int argc, char **argv);

#endif
