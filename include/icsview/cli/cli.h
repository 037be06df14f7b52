/* The command line: subcommands and their shared conventions. */
#ifndef ICSVIEW_CLI_H
#define ICSVIEW_CLI_H

/* Exit statuses, documented in icsview(1). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_INVALID = 1,      /* invalid model, or nothing found */
	EXIT_USAGE = 2,
	EXIT_AMBIGUOUS = 3,
	EXIT_IO = 4,           /* a file or database could not be read or written */
	EXIT_SIGNAL = 128,     /* 128 + n: the interface was ended by signal n */
};

int cmd_check(int argc, char **argv);
/* icsview find (cmd_find.c). */
int cmd_find(int argc, char **argv);
/* No command: the interface (cmd_browse.c). */
int cmd_browse(int argc, char **argv);

#endif
