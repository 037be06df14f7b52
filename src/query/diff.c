/* What changed between two models (diff.h): store_diff_compare finds the
 * entities that differ; this reads what each was and is, only for them,
 * keeps those the filter selects, and groups the changes by kind.  With a
 * keeper the whole comparison, every change, is the one kept or made and
 * handed to it, and the filter selects from it. */
#include "icsview/query/diff.h"

#include <stdlib.h>
#include <string.h>
#include "ancestors.h"
#include "icsview/base/util.h"
#include "icsview/store/store_diff.h"
#include "icsview/store/store_sql.h"

static const char *const kind_names[DIFF_KIND_COUNT] = {
#define DIFF_KIND_NAME(id, name) name,
	DIFF_KIND_LIST(DIFF_KIND_NAME)
#undef DIFF_KIND_NAME
};

const char *diff_kind_name(enum diff_kind kind)
{
	return (unsigned)kind < DIFF_KIND_COUNT ? kind_names[kind] : "";
}

/* One model's side of the work: its store, its paths, the filter's
 * matches (sorted eids; all when no filter). */
struct model {
	struct store *st;
	struct ancestors paths;
	int64_t *matched;
	size_t matched_count;
	bool filtered;          /* a filter applies: only `matched` are kept */
	bool fits;              /* the filter fits this model */
};

static bool model_matches(const struct model *m, int64_t eid)
{
	if (!m->filtered)
		return true;
	return eid && m->fits && m->matched_count &&
	       bsearch(&eid, m->matched, m->matched_count, sizeof(eid), compare_int64) != NULL;
}

static char *failure(struct store *st, const char *what)
{
	return xasprintf("%s: %s", what, store_errmsg(st));
}

/* Applies the filter to one model and keeps its matches.  A filter that
 * does not fit the model (FILTER_INVALID) matches nothing there. */
static enum diff_status apply_filter(struct model *m, const struct filter *f,
                                     struct filter_result *fr, char **error)
{
	struct sql_stmt *stmt;
	size_t cap = 0;
	enum sql_step step;
	int rc = filter_apply(m->st, f, fr);

	m->filtered = true;
	if (rc == FILTER_INVALID)
		return DIFF_OK;
	if (rc != FILTER_OK) {
		*error = xasprintf("filter: %s", fr->error.message);
		return DIFF_FAILED;
	}
	m->fits = true;
	stmt = store_sql_prepare(m->st, "SELECT eid FROM temp.filter_visible WHERE matched"
	                         " ORDER BY eid");
	if (!stmt) {
		*error = failure(m->st, "filter");
		return DIFF_FAILED;
	}
	while ((step = sql_step(stmt)) == SQL_ROW) {
		GROW(m->matched, cap, m->matched_count + 1);
		m->matched[m->matched_count++] = sql_int64(stmt, 0);
	}
	sql_free(stmt);
	filter_clear(m->st);
	if (step != SQL_DONE) {
		*error = failure(m->st, "filter");
		return DIFF_FAILED;
	}
	return DIFF_OK;
}

static enum diff_status apply_filters(struct model *old_m, struct model *new_m,
                                      const struct filter *f, struct diff_result *out)
{
	struct filter_result old_fr = { 0 }, new_fr = { 0 };
	enum diff_status rc = apply_filter(old_m, f, &old_fr, &out->error);

	if (rc == DIFF_OK)
		rc = apply_filter(new_m, f, &new_fr, &out->error);
	if (rc == DIFF_OK && !old_m->fits && !new_m->fits) {
		out->error = xstrdup(new_fr.error.message);
		out->error_position = new_fr.error.position;
		return DIFF_BAD_FILTER;
	}
	return rc;
}

static void side_clear(struct diff_side *s)
{
	free(s->id);
	free(s->name);
	free(s->kind);
	free(s->type);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

static int read_side(struct model *m, int64_t eid, struct diff_side *out)
{
	struct entity e = { 0 };

	if (!eid)
		return 0;
	if (store_entity(m->st, eid, &e) != STORE_OK) {
		entity_clear(&e);
		return -1;
	}
	out->eid = eid;
	out->id = e.id;
	out->name = e.name;
	out->kind = e.kind;
	out->type = e.type;
	e.id = e.name = e.kind = e.type = NULL;
	out->path = ancestors_path(&m->paths, e.parent, DIFF_PATH_SEPARATOR);
	entity_clear(&e);
	return 0;
}

static void string_list_add(struct string_list *l, const char *s)
{
	GROW(l->items, l->cap, l->count + 1);
	l->items[l->count++] = xstrdup(s ? s : "");
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether two lists hold the same values, order aside. */
static bool same_values(const struct string_list *a, const struct string_list *b)
{
	char **x, **y;
	bool same = a->count == b->count;

	if (!same || a->count == 0)
		return same;
	x = xmalloc(a->count * sizeof(*x));
	y = xmalloc(b->count * sizeof(*y));
	memcpy(x, a->items, a->count * sizeof(*x));
	memcpy(y, b->items, b->count * sizeof(*y));
	qsort(x, a->count, sizeof(*x), cmp_string);
	qsort(y, b->count, sizeof(*y), cmp_string);
	for (size_t i = 0; same && i < a->count; i++)
		same = strcmp(x[i], y[i]) == 0;
	free(x);
	free(y);
	return same;
}

/* A fact of either side, in the order of the old facts then the new. */
struct fact_entry {
	const struct fact *fact;
	size_t order;
	bool after;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct fact_entry *x = a, *y = b;
	int c = strcmp(x->fact->key, y->fact->key);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

struct ordered_fact {
	struct diff_fact fact;
	size_t order;           /* of the key's first fact */
};

static int cmp_ordered(const void *a, const void *b)
{
	const struct ordered_fact *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* One key's values on each side (entries [from, to)), kept when they
 * differ. */
static void compare_key(const struct fact_entry *e, size_t from, size_t to,
                        struct ordered_fact **found, size_t *count, size_t *cap)
{
	struct ordered_fact f = { .fact.key = xstrdup(e[from].fact->key), .order = e[from].order };

	for (size_t i = from; i < to; i++)
		string_list_add(e[i].after ? &f.fact.after : &f.fact.before, e[i].fact->value);
	if (same_values(&f.fact.before, &f.fact.after)) {
		free(f.fact.key);
		string_list_clear(&f.fact.before);
		string_list_clear(&f.fact.after);
		return;
	}
	GROW(*found, *cap, *count + 1);
	(*found)[(*count)++] = f;
}

/* The keys whose values differ, in the order of the old facts, then of
 * keys only the new facts have; sorted by key to group them, so that an
 * entity with many facts costs n log n. */
static void compare_facts(const struct fact_list *before, const struct fact_list *after,
                          struct diff_change *c)
{
	size_t n = before->count + after->count, count = 0, cap = 0, from = 0;
	struct fact_entry *e = xcalloc(n + 1, sizeof(*e));
	struct ordered_fact *found = NULL;

	for (size_t i = 0; i < n; i++) {
		bool is_after = i >= before->count;

		e[i] = (struct fact_entry){
			is_after ? &after->items[i - before->count] : &before->items[i], i, is_after };
	}
	qsort(e, n, sizeof(*e), cmp_entry);
	for (size_t i = 1; i <= n; i++) {
		if (i < n && strcmp(e[i].fact->key, e[from].fact->key) == 0)
			continue;
		compare_key(e, from, i, &found, &count, &cap);
		from = i;
	}
	if (count > 1)
		qsort(found, count, sizeof(*found), cmp_ordered);
	c->facts = count ? xcalloc(count, sizeof(*c->facts)) : NULL;
	for (size_t i = 0; i < count; i++)
		c->facts[i] = found[i].fact;
	c->fact_count = count;
	free(found);
	free(e);
}

static int read_facts(struct model *old_m, struct model *new_m, struct diff_change *c)
{
	struct fact_list before = { 0 }, after = { 0 };
	int rc = 0;

	if (store_facts(old_m->st, c->before.eid, &before) != STORE_OK ||
	    store_facts(new_m->st, c->after.eid, &after) != STORE_OK)
		rc = -1;
	if (rc == 0)
		compare_facts(&before, &after, c);
	fact_list_clear(&before);
	fact_list_clear(&after);
	return rc;
}

/* A link as a text to compare: relation, target id, facts. */
static char *link_key(const struct link_item *l)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s\x1f%s", l->label, l->other_id);
	for (size_t i = 0; i < l->fact_count; i++)
		sb_printf(&sb, "\x1f%s\x1e%s", l->facts[i].key, l->facts[i].value);
	return sb_detach(&sb);
}

struct keyed_link {
	char *key;
	const struct link_item *link;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed_link *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->link->lid < y->link->lid ? -1 : x->link->lid > y->link->lid;
}

static struct keyed_link *keyed(const struct link_list *links)
{
	struct keyed_link *k = xcalloc(links->count + 1, sizeof(*k));

	for (size_t i = 0; i < links->count; i++)
		k[i] = (struct keyed_link){ link_key(&links->items[i]), &links->items[i] };
	qsort(k, links->count, sizeof(*k), cmp_keyed);
	return k;
}

static void link_add(struct diff_link_list *list, const struct link_item *l)
{
	struct diff_link *d;

	GROW(list->items, list->cap, list->count + 1);
	d = &list->items[list->count++];
	memset(d, 0, sizeof(*d));
	d->rel = xstrdup(l->label);
	d->target_id = xstrdup(l->other_id);
	d->target_name = xstrdup(l->other_name ? l->other_name : "");
	for (size_t i = 0; i < l->fact_count; i++) {
		string_list_add(&d->fact_keys, l->facts[i].key);
		string_list_add(&d->fact_values, l->facts[i].value);
	}
}

/* The links in one list and not the other (as multisets), by a merge of
 * the two sorted by their keys. */
static void link_difference(const struct link_list *before, const struct link_list *after,
                            struct diff_change *c)
{
	struct keyed_link *x = keyed(before), *y = keyed(after);
	size_t i = 0, j = 0;

	while (i < before->count || j < after->count) {
		int cmp = i == before->count ? 1 : j == after->count ? -1 : strcmp(x[i].key, y[j].key);

		if (cmp < 0)
			link_add(&c->links_removed, x[i++].link);
		else if (cmp > 0)
			link_add(&c->links_added, y[j++].link);
		else
			i++, j++;
	}
	for (i = 0; i < before->count; i++)
		free(x[i].key);
	for (j = 0; j < after->count; j++)
		free(y[j].key);
	free(x);
	free(y);
}

static int read_links(struct model *old_m, struct model *new_m, struct diff_change *c)
{
	struct link_list before = { 0 }, after = { 0 };
	int rc = -1;

	if (store_links(old_m->st, c->before.eid, LINKS_OUT, &before) == STORE_OK &&
	    store_links(new_m->st, c->after.eid, LINKS_OUT, &after) == STORE_OK) {
		link_difference(&before, &after, c);
		rc = 0;
	}
	link_list_clear(&before);
	link_list_clear(&after);
	return rc;
}

static int read_source_ids(struct store *st, int64_t eid, struct string_list *out)
{
	struct source_list sources = { 0 };
	int rc = store_sources(st, eid, &sources) == STORE_OK ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < sources.count; i++)
		string_list_add(out, sources.items[i].id);
	source_list_clear(&sources);
	return rc;
}

static int read_sources(struct model *old_m, struct model *new_m, struct diff_change *c)
{
	if (read_source_ids(old_m->st, c->before.eid, &c->sources_before) != 0)
		return -1;
	return read_source_ids(new_m->st, c->after.eid, &c->sources_after);
}

static void change_clear(struct diff_change *c)
{
	side_clear(&c->before);
	side_clear(&c->after);
	for (size_t i = 0; i < c->fact_count; i++) {
		free(c->facts[i].key);
		string_list_clear(&c->facts[i].before);
		string_list_clear(&c->facts[i].after);
	}
	free(c->facts);
	for (int pass = 0; pass < 2; pass++) {
		struct diff_link_list *l = pass ? &c->links_added : &c->links_removed;

		for (size_t i = 0; i < l->count; i++) {
			free(l->items[i].rel);
			free(l->items[i].target_id);
			free(l->items[i].target_name);
			string_list_clear(&l->items[i].fact_keys);
			string_list_clear(&l->items[i].fact_values);
		}
		free(l->items);
	}
	string_list_clear(&c->sources_before);
	string_list_clear(&c->sources_after);
	memset(c, 0, sizeof(*c));
}

/* The details of a change of `kind`; the failing store, or NULL. */
static struct store *read_change(struct model *old_m, struct model *new_m, enum diff_kind kind,
                                 const struct store_diff_item *item, struct diff_change *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	if (read_side(old_m, item->old_eid, &c->before) != 0)
		return old_m->st;
	if (read_side(new_m, item->new_eid, &c->after) != 0)
		return new_m->st;
	if (kind == DIFF_FACTS && read_facts(old_m, new_m, c) != 0)
		return new_m->st;
	if (kind == DIFF_LINKS && read_links(old_m, new_m, c) != 0)
		return new_m->st;
	if (kind == DIFF_SOURCES && read_sources(old_m, new_m, c) != 0)
		return new_m->st;
	return NULL;
}

static bool same_lists(const struct string_list *a, const struct string_list *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

/* Whether what was read shows no difference although the digests
 * differed: two different sets with one digest, a chance of about 2^-64. */
static bool nothing_to_show(const struct diff_change *c)
{
	switch (c->kind) {
	case DIFF_FACTS: return c->fact_count == 0;
	case DIFF_LINKS: return c->links_removed.count == 0 && c->links_added.count == 0;
	case DIFF_SOURCES: return same_lists(&c->sources_before, &c->sources_after);
	default: return false;
	}
}

static const unsigned flag_of[DIFF_KIND_COUNT] = {
	[DIFF_RENAMED] = STORE_DIFF_RENAMED, [DIFF_MOVED] = STORE_DIFF_MOVED,
	[DIFF_KIND] = STORE_DIFF_KIND, [DIFF_TYPE] = STORE_DIFF_TYPE,
	[DIFF_FACTS] = STORE_DIFF_FACTS, [DIFF_LINKS] = STORE_DIFF_LINKS,
	[DIFF_SOURCES] = STORE_DIFF_SOURCES,
};

static bool item_is(const struct store_diff_item *item, enum diff_kind kind)
{
	switch (kind) {
	case DIFF_ADDED: return !item->old_eid;
	case DIFF_REMOVED: return !item->new_eid;
	case DIFF_REPLACED: return item->replaced;
	default: return item->old_eid && item->new_eid && (item->flags & flag_of[kind]);
	}
}

/* Each change of `kind` that the filter keeps. */
static enum diff_status gather(struct model *old_m, struct model *new_m,
                               const struct store_diff *d, enum diff_kind kind,
                               struct diff_result *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct store_diff_item *item = &d->items[i];
		struct diff_change c;
		struct store *failed;

		if (!item_is(item, kind) ||
		    !(model_matches(old_m, item->old_eid) || model_matches(new_m, item->new_eid)))
			continue;
		failed = read_change(old_m, new_m, kind, item, &c);
		if (failed) {
			change_clear(&c);
			out->error = failure(failed, "cannot read the model");
			return DIFF_FAILED;
		}
		if (nothing_to_show(&c)) {
			change_clear(&c);
			continue;
		}
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count++] = c;
		out->counts[kind]++;
	}
	return DIFF_OK;
}

/* The comparison, the details read for the changes the models' filters
 * keep (all, unfiltered). */
static enum diff_status compare(struct model *old_m, struct model *new_m,
                                struct diff_result *out)
{
	struct store_diff d = { 0 };
	enum diff_status rc = DIFF_OK;

	if (store_diff_compare(old_m->st, new_m->st, &d) != STORE_OK) {
		out->error = failure(d.failed, "cannot compare the models");
		rc = DIFF_FAILED;
	}
	for (int k = 0; rc == DIFF_OK && k < DIFF_KIND_COUNT; k++)
		rc = gather(old_m, new_m, &d, (enum diff_kind)k, out);
	store_diff_clear(&d);
	return rc;
}

/* The whole comparison: the keeper's, or made and handed to it. */
static enum diff_status kept_or_compared(struct store *old_st, struct store *new_st,
                                         const struct diff_keeper *keeper,
                                         struct diff_result *all)
{
	struct model old_m = { .st = old_st, .paths = { .st = old_st } };
	struct model new_m = { .st = new_st, .paths = { .st = new_st } };
	struct strbuf bytes = STRBUF_INIT;
	size_t size = 0;
	char *kept = keeper->read(keeper->ctx, &size);
	enum diff_status rc;

	/* the kept bytes become the result's, or are freed */
	if (kept && diff_decode_taking(kept, size, all) == 0)
		return DIFF_OK;
	rc = compare(&old_m, &new_m, all);
	ancestors_free(&old_m.paths);
	ancestors_free(&new_m.paths);
	if (rc != DIFF_OK)
		return rc;
	diff_encode(all, &bytes);
	keeper->write(keeper->ctx, bytes.buf ? bytes.buf : "", bytes.len);
	sb_free(&bytes);
	return DIFF_OK;
}

/* Moves the changes of `all` that the filters keep into out, in order:
 * what gather would have kept, as a change is kept by the eids of its two
 * sides alone. */
static void select_changes(const struct model *old_m, const struct model *new_m,
                           struct diff_result *all, struct diff_result *out)
{
	if (!old_m->filtered && !new_m->filtered) {
		/* every change is kept: the result itself, not a copy of it */
		*out = *all;
		memset(all, 0, sizeof(*all));
		return;
	}
	for (size_t i = 0; i < all->count; i++) {
		struct diff_change *c = &all->items[i];

		if (!(model_matches(old_m, c->before.eid) || model_matches(new_m, c->after.eid)))
			continue;
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count++] = *c;
		out->counts[c->kind]++;
		memset(c, 0, sizeof(*c));
	}
	/* what the changes hold goes with them; those left behind hold
	 * nothing of their own then */
	out->block = all->block;
	out->bytes = all->bytes;
	all->block = NULL;
	all->bytes = NULL;
	if (out->block)
		all->count = 0;
}

enum diff_status diff_run(struct store *old_st, struct store *new_st,
                          const struct diff_options *opts, struct diff_result *out)
{
	struct model old_m = { .st = old_st, .paths = { .st = old_st } };
	struct model new_m = { .st = new_st, .paths = { .st = new_st } };
	struct diff_result all = { 0 };
	enum diff_status rc = DIFF_OK;

	memset(out, 0, sizeof(*out));
	if (opts && opts->filter)
		rc = apply_filters(&old_m, &new_m, opts->filter, out);
	if (rc == DIFF_OK && opts && opts->keeper) {
		rc = kept_or_compared(old_st, new_st, opts->keeper, &all);
		if (rc == DIFF_OK)
			select_changes(&old_m, &new_m, &all, out);
		else
			out->error = all.error ? xstrdup(all.error) : NULL;
		diff_result_clear(&all);
	} else if (rc == DIFF_OK) {
		rc = compare(&old_m, &new_m, out);
	}
	ancestors_free(&old_m.paths);
	ancestors_free(&new_m.paths);
	free(old_m.matched);
	free(new_m.matched);
	return rc;
}

bool diff_result_empty(const struct diff_result *r)
{
	return r->count == 0;
}

void diff_result_clear(struct diff_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; !r->block && i < r->count; i++)
		change_clear(&r->items[i]);
	free(r->block);
	free(r->bytes);
	free(r->items);
	free(r->error);
	memset(r, 0, sizeof(*r));
}
