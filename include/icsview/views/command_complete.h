/* Completing the interface's `:` line: the commands' names (commands.h),
 * and the argument of `goto` (an entity's id) and of `export`. */
#ifndef ICSVIEW_COMMAND_COMPLETE_H
#define ICSVIEW_COMMAND_COMPLETE_H

#include <stddef.h>
#include "icsview/query/complete.h"
#include "icsview/store/store.h"

/* The candidates for the word of the `:` line `text` that ends at byte
 * `cursor` (complete.h): in the first word, the commands' names (each
 * with a space after it when the command takes an argument); after
 * `goto` or its other name, the ids that start with the word; after
 * `export`, what it exports.  STORE_OK (with none when nothing fits) or
 * STORE_ERROR. */
int command_complete(struct store *st, const char *text, size_t cursor, struct completion *out);

#endif
