/* The options every command takes, before or after its name, with one
 * meaning everywhere: -m/--model PATH (the model, repeatable), --notes FILE
 * (the review's notes file), --color=WHEN (auto, always, never; only the
 * interface draws in colour), --ascii (ASCII for drawing characters,
 * where a command draws) and --progress (a build's progress on stderr even
 * when it is not a terminal: cli_progress.h).  main.c moves those given before the command to
 * just after its name; each command's getopt_long table ends with
 * CLI_GLOBAL_OPTIONS and hands what it does not know to cli_global_option. */
#ifndef ICSVIEW_CLI_OPTIONS_H
#define ICSVIEW_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include "icsview/cli/cli_model.h"
#include "icsview/tui/tui.h"

/* getopt_long values of the global long options: past every command's own. */
enum { CLI_OPT_NOTES = 0x1000, CLI_OPT_COLOR, CLI_OPT_ASCII, CLI_OPT_PROGRESS };

/* The global options as getopt_long entries ('m' takes an argument: its
 * optstring must say "m:"). */
#define CLI_GLOBAL_OPTIONS \
	{ "model", required_argument, NULL, 'm' }, \
	{ "notes", required_argument, NULL, CLI_OPT_NOTES }, \
	{ "color", required_argument, NULL, CLI_OPT_COLOR }, \
	{ "colour", required_argument, NULL, CLI_OPT_COLOR }, \
	{ "ascii", no_argument, NULL, CLI_OPT_ASCII }, \
	{ "progress", no_argument, NULL, CLI_OPT_PROGRESS }

struct cli_globals {
	struct cli_paths paths;     /* -m: free with cli_globals_free */
	const char *notes;          /* --notes, or NULL */
	enum color_mode color;      /* --color (COLOR_AUTO when not given) */
	bool ascii;                 /* --ascii */
};

/* What cli_global_option made of an option. */
enum cli_global {
	CLI_GLOBAL_NONE,        /* not a global option: the command's to handle */
	CLI_GLOBAL_TAKEN,       /* a global option, recorded in *g */
	CLI_GLOBAL_BAD,         /* a global option with a bad value: reported */
};

/* Records the global option `opt` (a getopt_long result) with its argument.
 * A bad value is reported on stderr as `icsview: COMMAND: message (try
 * 'icsview COMMAND --help')` (without "COMMAND: " when command is ""). */
enum cli_global cli_global_option(const char *command, int opt, const char *arg,
                                  struct cli_globals *g);
void cli_globals_free(struct cli_globals *g);

/* Prints `icsview: COMMAND: MESSAGE (try 'icsview COMMAND --help')` on
 * stderr (the interface's, with command "", as `icsview: MESSAGE (try
 * 'icsview --help')`) and returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *message);

/* Reports a getopt_long failure (its optstring starts with ':') as one
 * line, `icsview: COMMAND: ...`, and returns EXIT_USAGE. */
int cli_option_error(const char *command, int opt, char *const *argv);

/* For the default case of a command's getopt_long loop: records a global
 * option and returns -1, or reports a bad value or an unknown option
 * (cli_option_error) and returns EXIT_USAGE. */
int cli_other_option(const char *command, int opt, char *const *argv, struct cli_globals *g);

/* The options of a command about one entity (show, history): --json,
 * --rebuild, --help and the global ones, then the entity's id, code or
 * name. */
struct cli_entity_options {
	struct cli_globals globals;
	bool json;
	struct cli_model_options model;
	const char *query;
};

/* Runs such a command: its options parsed (--help prints usage), then fn
 * on the model with the options as its argument. Returns the exit status. */
int cli_entity_command(const char *command, const char *usage, int argc, char **argv,
                       cli_model_fn fn);

#endif
