/* The commands of the interface's `:` line, declared once: running them,
 * completing them and the help are all made from this list. */
#ifndef ICSVIEW_COMMANDS_H
#define ICSVIEW_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

/* _(ID, name, other name or NULL, what its argument is or NULL for none,
 *   an example argument, help) */
#define COMMAND_LIST(_) \
	_(GOTO,    "goto",    "g",      "an id, code or name", "RHQ", \
	  "jump to an entity by id, code or name") \
	_(ROOT,    "root",    "top",    NULL, NULL, "show the whole model again, keeping the selection") \
	_(EXPORT,  "export",  NULL,     "what and where", "review FILE", \
	  "write the review (notes, flags, marks) to FILE; after FILE, an ID and" \
	  " --filter EXPR keep what is under ID and matches EXPR") \
	_(REFRESH, "refresh", "reload", NULL, NULL, "reload the model if its files changed") \
	_(HELP,    "help",    NULL,     NULL, NULL, "this help") \
	_(QUIT,    "quit",    "q",      NULL, NULL, "quit")

enum command {
	COMMAND_NONE = 0,
#define COMMAND_ENUM(id, name, alias, argument, example, help) COMMAND_##id,
	COMMAND_LIST(COMMAND_ENUM)
#undef COMMAND_ENUM
	COMMAND_COUNT,
};

struct command_info {
	const char *name;
	const char *alias;      /* NULL: none */
	const char *argument;   /* what it needs after it, NULL: nothing */
	const char *example;    /* an argument it takes, NULL with none */
	const char *help;
};

const struct command_info *command_info(enum command command);
/* The command whose name or other name is the first word of `line`
 * (leading spaces skipped); *argument is then what follows the word, its
 * leading spaces skipped.  COMMAND_NONE when no command has that word. */
enum command command_parse(const char *line, const char **argument);

/* The argument of :export, "review FILE [ID] [--filter EXPR]": FILE and
 * ID are single words, EXPR the rest of the line. */
struct export_args {
	char *file;             /* as typed */
	char *under;            /* the ID, or NULL */
	char *filter;           /* EXPR, or NULL */
};
/* Fills *out (export_args_clear frees it): true, or false with *out empty
 * when the argument is not of that shape. */
bool command_export_args(const char *argument, struct export_args *out);
void export_args_clear(struct export_args *args);

#endif
