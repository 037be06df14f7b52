/* Resource limits for loading models: hostile or broken files are refused
 * quickly and with bounded memory instead of exhausting the machine. */
#ifndef ICSVIEW_LIMITS_H
#define ICSVIEW_LIMITS_H

#include <stddef.h>

struct load_limits {
	size_t max_file_size;     /* bytes per file */
	size_t max_depth;         /* YAML nesting levels */
	size_t max_scalar;        /* bytes in one scalar, and in one line */
	size_t max_alias_nodes;   /* nodes produced by expanding aliases, per file */
	size_t max_alias_bytes;   /* scalar bytes produced by expanding aliases, per file */
	size_t max_anchor_bytes;  /* memory held for anchors (their text and
	                             bookkeeping), per file */
	size_t max_entities;      /* in the whole model */
	size_t max_errors;        /* diagnostics kept */
};

void load_limits_default(struct load_limits *limits);

/* Parses "123", "64K", "16M", "1G" into bytes or a count; -1 on error. */
int parse_size(const char *text, size_t *out);

#endif
