#include "icsview/base/limits.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

void load_limits_default(struct load_limits *limits)
{
	limits->max_file_size = (size_t)512 << 20;
	limits->max_depth = 64;
	limits->max_scalar = (size_t)1 << 20;
	limits->max_alias_nodes = 100000;
	limits->max_alias_bytes = (size_t)64 << 20;
	limits->max_anchor_bytes = (size_t)16 << 20;
	limits->max_entities = 2000000;
	limits->max_errors = 100;
}

int parse_size(const char *text, size_t *out)
{
	char *end;
	unsigned long long value;
	unsigned shift = 0;

	if (!text || !isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: return -1;
	}
	if (*end != '\0' || value > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(value << shift);
	return 0;
}
