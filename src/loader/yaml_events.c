#include "icsview/loader/yaml_events.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>
#include "icsview/base/model.h"
#include "icsview/base/strmap.h"
#include "icsview/store/build_progress.h"

/* What an anchor's name costs in the map from names to anchors, beside the
 * name itself: the map is at most half full, and doubles when it fills. */
#define ANCHOR_MAP_BYTES (4 * sizeof(struct strmap_slot))

/* An event kept for replay by an alias: a copy, or a reference to another
 * anchor (aliases inside anchored nodes are kept unexpanded). */
struct recorded_event {
	struct yevent event;
	char *value;
	size_t alias;          /* SIZE_MAX unless this stands for an alias */
};

struct anchor {
	struct recorded_event *events;
	size_t count, cap;
	size_t expanded;       /* nodes the anchor produces when replayed */
	size_t expanded_bytes; /* bytes of scalar text it produces when replayed */
	bool complete;
};

struct recording {
	size_t anchor;
	size_t depth;          /* raw depth at which the anchored node started */
};

struct reader {
	const char *path;
	int file_no;
	const struct load_limits *limits;
	struct diag_list *diags;
	yevent_handler handler;
	void *ctx;
	struct build_progress *progress;

	FILE *input;
	size_t bytes_read;
	size_t line_length;    /* bytes since the last newline */
	unsigned lines_read;
	char *input_error;     /* set by the read callback to explain a failed read */
	unsigned input_error_line, input_error_col;

	struct anchor *anchors;
	size_t anchor_count, anchor_cap;
	struct strmap anchor_names;    /* name → index in anchors: the latest of the name */
	struct recording *recordings;
	size_t recording_count, recording_cap;
	size_t anchor_bytes;   /* memory held for aliases: the anchored text, the
	                          events recorded and the anchors themselves */
	size_t alias_nodes;
	size_t alias_bytes;    /* scalar bytes produced by aliases */

	size_t raw_depth;      /* nesting of events read from the file */
	size_t depth;          /* nesting of events delivered, aliases expanded */
	bool stopped;
};

const char *yevent_describe(enum yevent_type type)
{
	switch (type) {
	case YEV_MAP_START: case YEV_MAP_END: return "a mapping";
	case YEV_SEQ_START: case YEV_SEQ_END: return "a list";
	case YEV_SCALAR: return "a scalar";
	}
	return "a node";
}

static void reader_error(struct reader *r, unsigned line, unsigned col, const char *fmt, ...)
	ICS_PRINTF(4, 5);

static void reader_error(struct reader *r, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	char *message;

	va_start(ap, fmt);
	message = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(r->diags, r->file_no, r->path, line, col, "%s", message);
	free(message);
	r->stopped = true;
}

/* Passes over a UTF-8 byte-order mark at the start of f (Windows editors
 * write one): libyaml, told that the input is UTF-8, would refuse it. */
static void skip_bom(FILE *f)
{
	unsigned char head[3];

	if (fread(head, 1, sizeof(head), f) != sizeof(head) ||
	    head[0] != 0xEF || head[1] != 0xBB || head[2] != 0xBF)
		rewind(f);
}

/* libyaml reads through this so that limits hold before it buffers a byte
 * more than allowed: the file size, and the length of one line (which bounds
 * the longest plain or quoted scalar libyaml would accumulate). */
static int read_input(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct reader *r = data;
	size_t n = fread(buffer, 1, size, r->input);

	if (n == 0 && ferror(r->input)) {
		r->input_error = xasprintf("read error: %s", strerror(errno));
		r->input_error_line = r->lines_read + 1;
		r->input_error_col = 1;
		return 0;
	}
	for (const unsigned char *p = buffer, *end = buffer + n; p < end;) {
		const unsigned char *newline = memchr(p, '\n', (size_t)(end - p));
		size_t run = (size_t)((newline ? newline : end) - p);

		if (run > r->limits->max_scalar - r->line_length) {
			r->input_error = xasprintf("line is longer than the limit of %zu bytes",
			                           r->limits->max_scalar);
			r->input_error_line = r->lines_read + 1;
			r->input_error_col = 1;
			return 0;
		}
		if (newline) {
			r->line_length = 0;
			r->lines_read++;
			p = newline + 1;
		} else {
			r->line_length += run;
			p = end;
		}
	}
	r->bytes_read += n;
	build_progress_add_bytes(r->progress, n);
	if (r->bytes_read > r->limits->max_file_size) {
		r->input_error = xasprintf("file is larger than the limit of %zu bytes",
		                           r->limits->max_file_size);
		r->input_error_line = 1;
		r->input_error_col = 1;
		return 0;
	}
	*size_read = n;
	return 1;
}

/* libyaml reports reader errors (bad encoding) as a byte offset: find the
 * line and column (in characters) by reading the file again up to it. */
static void offset_to_position(const char *path, size_t offset, unsigned *line, unsigned *col)
{
	FILE *f = fopen(path, "rb");
	int c;

	*line = 1;
	*col = 1;
	if (!f)
		return;
	skip_bom(f);
	for (size_t i = 0; i < offset && (c = getc(f)) != EOF; i++) {
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	fclose(f);
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF), or 0 if it is not valid. */
static size_t utf8_sequence_length(const unsigned char *p, size_t available)
{
	unsigned char c = p[0];
	size_t length;
	unsigned min_second = 0x80, max_second = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		length = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		length = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		length = 4;
	else
		return 0;
	if (c == 0xE0) min_second = 0xA0;
	if (c == 0xED) max_second = 0x9F;
	if (c == 0xF0) min_second = 0x90;
	if (c == 0xF4) max_second = 0x8F;
	if (available < length || p[1] < min_second || p[1] > max_second)
		return 0;
	for (size_t i = 2; i < length; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return length;
}

/* libyaml names the byte where decoding failed, which may be a continuation
 * byte; users need the character that is broken, so find it again. */
static bool find_invalid_utf8(const char *path, unsigned *line, unsigned *col, unsigned *byte)
{
	FILE *f = fopen(path, "rb");
	unsigned char buffer[8192];
	size_t have = 0, n;
	bool found = false;

	*line = 1;
	*col = 1;
	if (!f)
		return false;
	skip_bom(f);
	while (!found && (n = fread(buffer + have, 1, sizeof(buffer) - have, f)) + have > 0) {
		size_t total = have + n, i = 0;
		bool at_end = n == 0;

		while (i < total) {
			size_t length;
			if (!at_end && total - i < 4)
				break;
			length = utf8_sequence_length(buffer + i, total - i);
			if (length == 0) {
				*byte = buffer[i];
				found = true;
				break;
			}
			if (buffer[i] == '\n') {
				(*line)++;
				*col = 1;
			} else {
				(*col)++;
			}
			i += length;
		}
		if (found || at_end)
			break;
		memmove(buffer, buffer + i, total - i);
		have = total - i;
	}
	fclose(f);
	return found;
}

static void report_parser_error(struct reader *r, const yaml_parser_t *parser)
{
	unsigned line, col;

	if (r->input_error) {
		reader_error(r, r->input_error_line, r->input_error_col, "%s", r->input_error);
		return;
	}
	if (parser->error == YAML_READER_ERROR) {
		unsigned byte;
		if (strstr(parser->problem, "UTF-8") != NULL &&
		    find_invalid_utf8(r->path, &line, &col, &byte)) {
			reader_error(r, line, col, "invalid UTF-8: byte 0x%02X does not begin a valid "
			             "character (the file must be UTF-8)", byte);
			return;
		}
		offset_to_position(r->path, parser->problem_offset, &line, &col);
		if (parser->problem_value >= 0)
			reader_error(r, line, col, "%s (U+%04X)", parser->problem,
			             (unsigned)parser->problem_value);
		else
			reader_error(r, line, col, "%s", parser->problem);
		return;
	}
	line = (unsigned)parser->problem_mark.line + 1;
	col = (unsigned)parser->problem_mark.column + 1;
	if (parser->error == YAML_MEMORY_ERROR) {
		/* libyaml gives no problem text nor position for it */
		reader_error(r, r->lines_read + 1, 1, "out of memory reading the file");
		return;
	}
	if (parser->context)
		reader_error(r, line, col, "YAML syntax: %s %s (started at %u:%u)", parser->problem,
		             parser->context, (unsigned)parser->context_mark.line + 1,
		             (unsigned)parser->context_mark.column + 1);
	else
		reader_error(r, line, col, "YAML syntax: %s",
		             parser->problem ? parser->problem : "unknown error");
}

/* Hands one event to the loader, keeping the depth limit for replayed
 * events too. */
static int deliver(struct reader *r, const struct yevent *ev)
{
	if (ev->type == YEV_MAP_START || ev->type == YEV_SEQ_START) {
		if (++r->depth > r->limits->max_depth) {
			reader_error(r, ev->line, ev->col, "nesting deeper than the limit of %zu levels",
			             r->limits->max_depth);
			return -1;
		}
	} else if (ev->type == YEV_MAP_END || ev->type == YEV_SEQ_END) {
		r->depth--;
	}
	if (r->handler(r->ctx, ev) != 0) {
		r->stopped = true;
		return -1;
	}
	return 0;
}

static size_t saturating_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* Room for one more event in a's recording, its memory counted: the array
 * starts at one event (an anchor on a scalar is the common case) and
 * doubles. */
static void grow_events(struct reader *r, struct anchor *a)
{
	size_t cap;

	if (a->count < a->cap)
		return;
	cap = a->cap ? a->cap * 2 : 1;
	a->events = xreallocarray(a->events, cap, sizeof(*a->events));
	r->anchor_bytes = saturating_add(r->anchor_bytes, (cap - a->cap) * sizeof(*a->events));
	a->cap = cap;
}

static void record_event(struct reader *r, const struct yevent *ev, size_t alias)
{
	size_t weight = alias == SIZE_MAX ? 1 : r->anchors[alias].expanded;
	size_t bytes = alias != SIZE_MAX ? r->anchors[alias].expanded_bytes :
	               ev->type == YEV_SCALAR ? ev->length : 0;

	for (size_t i = 0; i < r->recording_count; i++) {
		struct anchor *a = &r->anchors[r->recordings[i].anchor];
		struct recorded_event *re;

		grow_events(r, a);
		re = &a->events[a->count++];
		re->event = *ev;
		re->alias = alias;
		re->value = NULL;
		if (ev->type == YEV_SCALAR) {
			re->value = xstrndup(ev->value, ev->length);
			re->event.value = re->value;
			r->anchor_bytes = saturating_add(r->anchor_bytes, ev->length + 1);
		}
		a->expanded = saturating_add(a->expanded, weight);
		a->expanded_bytes = saturating_add(a->expanded_bytes, bytes);
	}
}

static int replay(struct reader *r, size_t anchor)
{
	const struct anchor *a = &r->anchors[anchor];

	for (size_t i = 0; i < a->count && !r->stopped; i++) {
		const struct recorded_event *re = &a->events[i];
		int rc = re->alias == SIZE_MAX ? deliver(r, &re->event) : replay(r, re->alias);
		if (rc != 0)
			return -1;
	}
	return r->stopped ? -1 : 0;
}

static struct anchor *find_anchor(struct reader *r, const char *name, size_t *index)
{
	const int32_t *found = strmap_find(&r->anchor_names, name);

	if (!found)
		return NULL;
	*index = (size_t)*found;
	return &r->anchors[*index];
}

static int on_alias(struct reader *r, const char *name, unsigned line, unsigned col)
{
	size_t index;
	struct anchor *a = find_anchor(r, name, &index);
	struct yevent placeholder = { .type = YEV_SCALAR, .value = "", .line = line, .col = col };

	if (!a) {
		reader_error(r, line, col, "unknown alias '*%s'", name);
		return -1;
	}
	if (!a->complete) {
		reader_error(r, line, col, "alias '*%s' refers to the node that contains it", name);
		return -1;
	}
	r->alias_nodes = saturating_add(r->alias_nodes, a->expanded);
	if (r->alias_nodes > r->limits->max_alias_nodes) {
		reader_error(r, line, col,
		             "alias expansion exceeds the limit of %zu nodes", r->limits->max_alias_nodes);
		return -1;
	}
	r->alias_bytes = saturating_add(r->alias_bytes, a->expanded_bytes);
	if (r->alias_bytes > r->limits->max_alias_bytes) {
		reader_error(r, line, col,
		             "alias expansion exceeds the limit of %zu bytes", r->limits->max_alias_bytes);
		return -1;
	}
	record_event(r, &placeholder, index);
	return replay(r, index);
}

/* Opens the recording of a new anchor; -1 when there are more anchors than
 * the map of names can number (the anchored-bytes limit stops a file long
 * before). */
static int start_anchor(struct reader *r, const char *name, unsigned line, unsigned col)
{
	struct anchor *a;
	bool added;

	if (r->anchor_count >= INT32_MAX) {
		reader_error(r, line, col, "more anchors than a file may hold");
		return -1;
	}
	GROW(r->anchors, r->anchor_cap, r->anchor_count + 1);
	a = &r->anchors[r->anchor_count];
	memset(a, 0, sizeof(*a));
	*strmap_insert(&r->anchor_names, name, &added) = (int32_t)r->anchor_count;
	r->anchor_bytes = saturating_add(r->anchor_bytes,
	                                 sizeof(*a) + ANCHOR_MAP_BYTES + strlen(name) + 1);
	GROW(r->recordings, r->recording_cap, r->recording_count + 1);
	r->recordings[r->recording_count].anchor = r->anchor_count;
	r->recordings[r->recording_count].depth = r->raw_depth;
	r->recording_count++;
	r->anchor_count++;
	return 0;
}

/* Closes the recordings whose node ended at the current raw depth. */
static void finish_anchors(struct reader *r)
{
	while (r->recording_count &&
	       r->recordings[r->recording_count - 1].depth == r->raw_depth) {
		r->anchors[r->recordings[r->recording_count - 1].anchor].complete = true;
		r->recording_count--;
	}
}

static int on_node(struct reader *r, const yaml_event_t *ev)
{
	struct yevent out = {
		.line = (unsigned)ev->start_mark.line + 1,
		.col = (unsigned)ev->start_mark.column + 1,
	};
	const yaml_char_t *anchor = NULL;

	switch (ev->type) {
	case YAML_MAPPING_START_EVENT:
		out.type = YEV_MAP_START;
		anchor = ev->data.mapping_start.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		out.type = YEV_SEQ_START;
		anchor = ev->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_END_EVENT:
		out.type = YEV_MAP_END;
		break;
	case YAML_SEQUENCE_END_EVENT:
		out.type = YEV_SEQ_END;
		break;
	case YAML_SCALAR_EVENT:
		out.type = YEV_SCALAR;
		anchor = ev->data.scalar.anchor;
		out.value = (const char *)ev->data.scalar.value;
		out.length = ev->data.scalar.length;
		out.plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (out.length > r->limits->max_scalar) {
			reader_error(r, out.line, out.col, "scalar is longer than the limit of %zu bytes",
			             r->limits->max_scalar);
			return -1;
		}
		break;
	default:
		return 0;
	}
	if (out.type == YEV_MAP_END || out.type == YEV_SEQ_END)
		r->raw_depth--;
	if (anchor && start_anchor(r, (const char *)anchor, out.line, out.col) != 0)
		return -1;
	record_event(r, &out, SIZE_MAX);
	if (r->anchor_bytes > r->limits->max_anchor_bytes) {
		reader_error(r, out.line, out.col, "anchored content exceeds the limit of %zu bytes",
		             r->limits->max_anchor_bytes);
		return -1;
	}
	if (out.type == YEV_MAP_START || out.type == YEV_SEQ_START)
		r->raw_depth++;
	else
		finish_anchors(r);
	return deliver(r, &out);
}

enum read_result {
	READ_DONE,              /* the whole file was read */
	READ_STOPPED,           /* reading stopped early: the reason is in diags */
	READ_EMPTY,             /* the file holds no document */
};

static enum read_result read_events(struct reader *r, yaml_parser_t *parser)
{
	int documents = 0;

	for (;;) {
		yaml_event_t ev;
		int rc = 0;
		bool done = false;

		if (!yaml_parser_parse(parser, &ev)) {
			report_parser_error(r, parser);
			return READ_STOPPED;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				reader_error(r, (unsigned)ev.start_mark.line + 1,
				             (unsigned)ev.start_mark.column + 1,
				             "a model file holds one YAML document; this is a second");
				rc = -1;
			}
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(r, (const char *)ev.data.alias.anchor,
			              (unsigned)ev.start_mark.line + 1, (unsigned)ev.start_mark.column + 1);
			break;
		default:
			rc = on_node(r, &ev);
			break;
		}
		yaml_event_delete(&ev);
		if (rc != 0 || r->stopped)
			return READ_STOPPED;
		if (done)
			return documents ? READ_DONE : READ_EMPTY;
	}
}

static void free_anchors(struct reader *r)
{
	for (size_t i = 0; i < r->anchor_count; i++) {
		struct anchor *a = &r->anchors[i];
		for (size_t j = 0; j < a->count; j++)
			free(a->events[j].value);
		free(a->events);
	}
	free(r->anchors);
	strmap_free(&r->anchor_names);
	free(r->recordings);
}

int yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                   struct diag_list *diags, yevent_handler handler, void *ctx,
                   struct build_progress *progress)
{
	struct reader r = {
		.path = path, .file_no = file_no, .limits = limits, .diags = diags,
		.handler = handler, .ctx = ctx, .progress = progress,
	};
	yaml_parser_t parser;
	struct stat st;
	enum read_result result;

	r.input = fopen(path, "rb");
	if (!r.input) {
		diag_add(diags, file_no, path, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(r.input), &st) == 0 && (uint64_t)st.st_size > limits->max_file_size) {
		diag_add(diags, file_no, path, 1, 1,
		         "file is larger than the limit of %zu bytes (%llu bytes)",
		         limits->max_file_size, (unsigned long long)st.st_size);
		fclose(r.input);
		return -1;
	}
	skip_bom(r.input);
	if (!yaml_parser_initialize(&parser))
		die("out of memory");
	yaml_parser_set_input(&parser, read_input, &r);
	/* models are UTF-8: libyaml would otherwise accept UTF-16 after a BOM */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	result = read_events(&r, &parser);
	if (result == READ_EMPTY)
		diag_add(diags, file_no, path, 1, 1, "file is empty: expected a mapping with 'icsview: %d'",
		         MODEL_FORMAT_VERSION);
	yaml_parser_delete(&parser);
	fclose(r.input);
	free(r.input_error);
	free_anchors(&r);
	return result == READ_DONE ? 0 : -1;
}
