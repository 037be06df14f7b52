/* A comparison as bytes to keep between runs, and back (diff.h:
 * diff_encode, diff_decode).  Each structure's fields are listed once, in
 * a function that both writes and reads them (struct codec), so that a
 * field added to struct diff_change, diff_side, diff_fact or diff_link is
 * one line here and DIFF_KEPT_VERSION raised.
 *
 * The bytes: the version, the number of changes, then each change's
 * fields in order.  Numbers are unsigned LEB128 varints (a signed one
 * zigzag-coded first); a text is its length plus one then its bytes and a
 * NUL (0: NULL, nothing after); a list its count then its items.  Bytes
 * read back are not trusted: every count is bounded by the bytes left,
 * every text checked to end in a NUL and hold no other, and the result
 * checked as diff_run makes it (check_result).
 *
 * A second diff reads about 100,000 texts and arrays: rather than an
 * allocation each, the texts are read where they are, in the bytes (each
 * ends in its NUL), which the result keeps, and the arrays into one
 * block, sized by a first pass that measures (and checks) the bytes. */
#include "icsview/query/diff.h"

#include <limits.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

/* Reading goes through the bytes twice: measuring, then into the block. */
enum codec_pass { PASS_WRITE, PASS_MEASURE, PASS_READ };

struct codec {
	enum codec_pass pass;
	struct strbuf *out;                     /* writing */
	const unsigned char *at, *end;          /* reading */
	bool failed;                            /* reading: the bytes are not a result */
	/* measuring: the bytes the block needs; reading: the block, and how
	 * much of it is used */
	size_t array_bytes;
	char *arrays;
	size_t arrays_used;
};

/* Measuring or reading, not writing. */
static bool reading(const struct codec *c)
{
	return c->pass != PASS_WRITE;
}

/* Where an array goes: in the block, or an allocation of its own (the
 * result's changes, which diff_run's filter moves into another result). */
enum placement { IN_BLOCK, OWN_ALLOCATION };

/* Arrays in the block start at this alignment, as malloc's would. */
#define BLOCK_ALIGN alignof(max_align_t)

static size_t aligned(size_t n)
{
	return (n + BLOCK_ALIGN - 1) / BLOCK_ALIGN * BLOCK_ALIGN;
}

#define VARINT_SHIFT 7
#define VARINT_MORE 0x80u
#define VARINT_BITS 0x7fu
#define UINT64_BITS 64

static void put_varint(struct strbuf *out, uint64_t v)
{
	while (v >= VARINT_MORE) {
		sb_putc(out, (char)((v & VARINT_BITS) | VARINT_MORE));
		v >>= VARINT_SHIFT;
	}
	sb_putc(out, (char)v);
}

static uint64_t get_varint(struct codec *c)
{
	uint64_t v = 0;

	for (unsigned shift = 0; !c->failed && shift < UINT64_BITS; shift += VARINT_SHIFT) {
		unsigned char byte;

		if (c->at == c->end)
			break;
		byte = *c->at++;
		v |= (uint64_t)(byte & VARINT_BITS) << shift;
		if (!(byte & VARINT_MORE))
			return v;
	}
	c->failed = true;
	return 0;
}

static void codec_u64(struct codec *c, uint64_t *v)
{
	if (reading(c))
		*v = c->failed ? 0 : get_varint(c);
	else
		put_varint(c->out, *v);
}

static void codec_int64(struct codec *c, int64_t *v)
{
	uint64_t zigzag = ((uint64_t)*v << 1) ^ (uint64_t)(*v >> (UINT64_BITS - 1));

	codec_u64(c, &zigzag);
	if (reading(c))
		*v = (int64_t)(zigzag >> 1) ^ -(int64_t)(zigzag & 1);
}

static size_t bytes_left(const struct codec *c)
{
	return (size_t)(c->end - c->at);
}

/* A count of things each written in one byte or more: never more than the
 * bytes left, so that damaged bytes cannot ask for a huge allocation. */
static void codec_count(struct codec *c, size_t *n)
{
	uint64_t v = *n;

	codec_u64(c, &v);
	if (!reading(c))
		return;
	if (c->failed || v > bytes_left(c)) {
		c->failed = true;
		v = 0;
	}
	*n = (size_t)v;
}

/* A text, or NULL. */
static void codec_optional(struct codec *c, char **s)
{
	uint64_t n = 0;

	if (!reading(c)) {
		n = *s ? (uint64_t)strlen(*s) + 1 : 0;
		put_varint(c->out, n);
		if (*s)
			sb_add(c->out, *s, (size_t)n);   /* with its NUL */
		return;
	}
	*s = NULL;
	codec_u64(c, &n);
	if (c->failed || n == 0)
		return;
	/* the bytes and their NUL, none within: looked for once, as the same
	 * bytes are measured first */
	if (n > bytes_left(c) || c->at[n - 1] != '\0' ||
	    (c->pass == PASS_MEASURE && memchr(c->at, '\0', (size_t)n - 1))) {
		c->failed = true;
		return;
	}
	/* measuring: present, never read; reading: the text where it is, in
	 * the bytes the result keeps */
	*s = c->pass == PASS_MEASURE ? (char *)"" : (char *)c->at;
	c->at += n;
}

/* A text that is never NULL. */
static void codec_text(struct codec *c, char **s)
{
	codec_optional(c, s);
	if (reading(c) && !c->failed && !*s)
		c->failed = true;
}

/* The largest element of an array (codec_array's scratch when measuring). */
#define LARGEST_ITEM sizeof(struct diff_change)
_Static_assert(sizeof(struct diff_fact) <= LARGEST_ITEM &&
               sizeof(struct diff_link) <= LARGEST_ITEM && sizeof(char *) <= LARGEST_ITEM,
               "codec_array's scratch holds any element");

/* Room for `count` elements of `size` bytes in the block; measuring, it
 * is counted only (NULL). */
static void *block_array(struct codec *c, size_t count, size_t size)
{
	size_t bytes;
	void *at;

	if (count > (SIZE_MAX - BLOCK_ALIGN) / size) {
		c->failed = true;
		return NULL;
	}
	bytes = aligned(count * size);
	if (c->pass == PASS_MEASURE) {
		if (bytes > SIZE_MAX - c->array_bytes)
			c->failed = true;
		else
			c->array_bytes += bytes;
		return NULL;
	}
	if (bytes > c->array_bytes - c->arrays_used) {
		c->failed = true;       /* not what was measured */
		return NULL;
	}
	at = c->arrays + c->arrays_used;
	c->arrays_used += bytes;
	return at;
}

/* The elements of an array as they are measured: each read into the one
 * scratch element of this call (zeroed), whose own arrays measure in
 * scratch of their own. */
static void measure_items(struct codec *c, size_t count, size_t size,
                          void (*fields)(struct codec *, void *))
{
	alignas(max_align_t) unsigned char scratch[LARGEST_ITEM];

	for (size_t i = 0; i < count && !c->failed; i++) {
		memset(scratch, 0, size);
		fields(c, scratch);
	}
}

/* An array of `count` elements of `size` bytes, each by `fields`. */
static void codec_array(struct codec *c, void **items, size_t *count, size_t size,
                        void (*fields)(struct codec *, void *), enum placement where)
{
	codec_count(c, count);
	if (c->failed)
		return;
	if (c->pass == PASS_MEASURE) {
		*items = NULL;
		if (where == IN_BLOCK)
			block_array(c, *count, size);
		measure_items(c, *count, size, fields);
		return;
	}
	if (c->pass == PASS_READ) {
		if (*count == 0)
			*items = NULL;
		else if (where == IN_BLOCK)
			*items = block_array(c, *count, size);
		else
			*items = xcalloc(*count, size);
		if (c->failed)
			return;
	}
	for (size_t i = 0; i < *count && !c->failed; i++)
		fields(c, (char *)*items + i * size);
}

static void text_item(struct codec *c, void *item)
{
	codec_text(c, item);
}

static void codec_list(struct codec *c, struct string_list *l)
{
	codec_array(c, (void **)&l->items, &l->count, sizeof(*l->items), text_item, IN_BLOCK);
	if (reading(c))
		l->cap = l->count;
}

/* ---- the fields of each structure ------------------------------------------ */

static void side_fields(struct codec *c, struct diff_side *s)
{
	codec_int64(c, &s->eid);
	codec_optional(c, &s->id);
	codec_optional(c, &s->name);
	codec_optional(c, &s->kind);
	codec_optional(c, &s->type);
	codec_optional(c, &s->path);
}

static void fact_fields(struct codec *c, void *item)
{
	struct diff_fact *f = item;

	codec_text(c, &f->key);
	codec_list(c, &f->before);
	codec_list(c, &f->after);
}

static void link_fields(struct codec *c, void *item)
{
	struct diff_link *l = item;

	codec_text(c, &l->rel);
	codec_text(c, &l->target_id);
	codec_text(c, &l->target_name);
	codec_list(c, &l->fact_keys);
	codec_list(c, &l->fact_values);
}

static void codec_links(struct codec *c, struct diff_link_list *l)
{
	codec_array(c, (void **)&l->items, &l->count, sizeof(*l->items), link_fields, IN_BLOCK);
	if (reading(c))
		l->cap = l->count;
}

static void codec_kind(struct codec *c, enum diff_kind *kind)
{
	uint64_t v = (uint64_t)*kind;

	codec_u64(c, &v);
	if (reading(c)) {
		c->failed = c->failed || v >= DIFF_KIND_COUNT;
		*kind = c->failed ? DIFF_ADDED : (enum diff_kind)v;
	}
}

static void change_fields(struct codec *c, void *item)
{
	struct diff_change *ch = item;

	codec_kind(c, &ch->kind);
	side_fields(c, &ch->before);
	side_fields(c, &ch->after);
	codec_array(c, (void **)&ch->facts, &ch->fact_count, sizeof(*ch->facts), fact_fields,
	            IN_BLOCK);
	codec_links(c, &ch->links_removed);
	codec_links(c, &ch->links_added);
	codec_list(c, &ch->sources_before);
	codec_list(c, &ch->sources_after);
}

static void result_fields(struct codec *c, struct diff_result *r)
{
	uint64_t version = DIFF_KEPT_VERSION;

	codec_u64(c, &version);
	if (version != DIFF_KEPT_VERSION) {
		c->failed = true;
		return;
	}
	codec_array(c, (void **)&r->items, &r->count, sizeof(*r->items), change_fields,
	            OWN_ALLOCATION);
	if (reading(c))
		r->cap = r->count;
}

/* ---- checking what was read ------------------------------------------------- */

/* A side is in its model (eid > 0, with an id, name, kind and path) or
 * not (eid 0, nothing else). */
static bool side_valid(const struct diff_side *s, bool present)
{
	if (!present)
		return s->eid == 0 && !s->id && !s->name && !s->kind && !s->type && !s->path;
	return s->eid > 0 && s->id && s->name && s->kind && s->path;
}

static bool change_valid(const struct diff_change *c)
{
	bool before = c->kind != DIFF_ADDED, after = c->kind != DIFF_REMOVED;

	return side_valid(&c->before, before) && side_valid(&c->after, after);
}

/* Grouped by kind in enum diff_kind's order, each change as diff_run
 * makes them; fills the counts. */
static bool check_result(struct diff_result *r)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct diff_change *c = &r->items[i];

		if (!change_valid(c) || (i > 0 && c->kind < r->items[i - 1].kind))
			return false;
		r->counts[c->kind]++;
	}
	return true;
}

/* ---- the two directions ------------------------------------------------------ */

void diff_encode(const struct diff_result *r, struct strbuf *out)
{
	struct codec c = { .pass = PASS_WRITE, .out = out };

	/* writing only reads the result: the fields' functions are shared */
	result_fields(&c, (struct diff_result *)r);
}

/* What the bytes hold, measured and checked: false when they are not a
 * result. */
static bool measure(const char *bytes, size_t size, struct codec *c)
{
	struct diff_result scratch = { 0 };

	*c = (struct codec){ .pass = PASS_MEASURE, .at = (const unsigned char *)bytes,
	                     .end = (const unsigned char *)bytes + size };
	result_fields(c, &scratch);
	return !c->failed && c->at == c->end;
}

int diff_decode_taking(char *bytes, size_t size, struct diff_result *out)
{
	struct codec c;

	memset(out, 0, sizeof(*out));
	if (!measure(bytes, size, &c)) {
		free(bytes);
		return -1;
	}
	c = (struct codec){ .pass = PASS_READ, .at = (const unsigned char *)bytes,
	                    .end = (const unsigned char *)bytes + size,
	                    .array_bytes = c.array_bytes };
	out->bytes = bytes;
	/* never empty; zeroed, as the fields are read over what they hold */
	out->block = xcalloc(1, c.array_bytes + 1);
	c.arrays = out->block;
	result_fields(&c, out);
	if (c.failed || c.at != c.end || !check_result(out)) {
		diff_result_clear(out);
		return -1;
	}
	return 0;
}

int diff_decode(const char *bytes, size_t size, struct diff_result *out)
{
	char *copy = xmalloc(size + 1);

	memcpy(copy, bytes, size);
	return diff_decode_taking(copy, size, out);
}
