/* A bounded reader of YAML event streams.  It wraps libyaml's event parser,
 * turns its errors into positioned diagnostics, enforces the size, depth and
 * scalar limits, and expands aliases within a node budget, so the loader
 * above it sees a plain stream of events and never a billion laughs. */
#ifndef ICSVIEW_YAML_EVENTS_H
#define ICSVIEW_YAML_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"

enum yevent_type {
	YEV_MAP_START,
	YEV_MAP_END,
	YEV_SEQ_START,
	YEV_SEQ_END,
	YEV_SCALAR,
};

struct yevent {
	enum yevent_type type;
	const char *value;     /* scalars: NUL-terminated, may hold other NULs */
	size_t length;
	bool plain;            /* scalars: unquoted, so `1` is a number, `~` null */
	unsigned line, col;    /* 1-based position of the node */
};

/* Returns 0 to go on, non-zero to stop reading (the handler has reported why). */
typedef int (*yevent_handler)(void *ctx, const struct yevent *event);

/* Reads the single YAML document in `path`, delivering its events, and
 * adds every block of bytes read to progress->bytes_read (progress may be
 * NULL).  Returns 0 when the whole file was read, -1 when reading stopped
 * early (every reason is in diags). */
struct build_progress;
int yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                   struct diag_list *diags, yevent_handler handler, void *ctx,
                   struct build_progress *progress);

/* Names a node type for messages: "a mapping", "a list", "a scalar". */
const char *yevent_describe(enum yevent_type type);

#endif
