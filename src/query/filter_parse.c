/* The filter language (see icsview/filter.h): a lexer that turns the text
 * into terms, operators and parentheses, a recursive-descent parser over
 * them, and the normalised description.  Every mistake is reported at its
 * byte offset; nothing here touches the store. */
#include "filter_private.h"
#include "icsview/query/since.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const fact_op_text[] = {
	[FACT_LT] = "<", [FACT_LE] = "<=", [FACT_GT] = ">", [FACT_GE] = ">=",
	[FACT_EQ] = "=", [FACT_NE] = "!=",
};

size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void filter_snippet(char *out, size_t size, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, i = 0, max = size > 4 ? size - 4 : 0;   /* room for … and NUL */

	while (i < n && o < max) {
		size_t len = utf8_sequence(u + i, n - i);

		if (len == 0 || (len == 1 && (u[i] < 0x20 || u[i] == 0x7f))) {
			out[o++] = '?';
			i += len ? len : 1;
			continue;
		}
		if (o + len > max)
			break;
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	if (i < n && o + 3 < size) {
		memcpy(out + o, "\xe2\x80\xa6", 3);   /* … */
		o += 3;
	}
	out[o < size ? o : size - 1] = '\0';
}

void filter_error_quote(struct filter_error *err, size_t position, const char *before,
                        const char *s, size_t n)
{
	char snippet[36];   /* 32 bytes and … */

	filter_snippet(snippet, sizeof(snippet), s, n);
	filter_error_set(err, position, "%s'%s'", before, snippet);
}

void filter_error_set(struct filter_error *err, size_t position, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->position = position;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/* --- nodes --- */

static struct filter_node *node_new(enum node_type type, size_t position)
{
	struct filter_node *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->position = position;
	return n;
}

static void node_free(struct filter_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->name);
	free(n->value);
	free(n);
}

static void node_add(struct filter_node *parent, struct filter_node *child)
{
	GROW(parent->children, parent->cap, parent->count + 1);
	parent->children[parent->count++] = child;
}

/* a AND b or a OR b, flattening groups of the same operator */
static struct filter_node *node_join(enum node_type type, struct filter_node *a,
                                     struct filter_node *b)
{
	struct filter_node *group = a;

	if (a->type != type) {
		group = node_new(type, a->position);
		node_add(group, a);
	}
	if (b->type == type) {
		for (size_t i = 0; i < b->count; i++)
			node_add(group, b->children[i]);
		b->count = 0;
		node_free(b);
	} else {
		node_add(group, b);
	}
	return group;
}

/* --- the lexer --- */

enum token_type { TOK_END, TOK_TERM, TOK_LPAREN, TOK_RPAREN, TOK_NOT, TOK_OR, TOK_AND };

struct token {
	enum token_type type;
	size_t pos;
	struct filter_node *node;   /* TOK_TERM: owned until taken */
};

struct parser {
	const char *text;
	size_t len, pos;
	struct token tok;           /* the next token */
	size_t terms, depth;
	struct filter_error *err;
};

/* Spaces and control characters separate words. */
static bool is_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

static bool ends_word(const struct parser *p, size_t i)
{
	return i >= p->len || is_space((unsigned char)p->text[i]) || p->text[i] == '(' ||
	       p->text[i] == ')' || p->text[i] == '"';
}

static bool is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool is_op_char(char c)
{
	return c == '<' || c == '>' || c == '=' || c == '!';
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

static int fail_at(struct parser *p, size_t position, const char *message)
{
	filter_error_set(p->err, position, "%s", message);
	return -1;
}

/* A message quoting a piece of the text: "<before>'<s>'". */
static int fail(struct parser *p, size_t position, const char *before, const char *s, size_t n)
{
	filter_error_quote(p->err, position, before, s, n);
	return -1;
}

/* A value at p->pos: a double-quoted string or the rest of the word.  An
 * empty one is reported as `empty` followed by the name and operator (the
 * `label_len` bytes at `label`) in quotes. */
static int lex_value(struct parser *p, const char *empty, const char *label, size_t label_len,
                     char **value, bool *quoted)
{
	size_t start = p->pos, end;

	*quoted = p->pos < p->len && p->text[p->pos] == '"';
	if (*quoted) {
		const char *close = memchr(p->text + start + 1, '"', p->len - start - 1);

		if (!close)
			return fail_at(p, start, "missing closing quote");
		end = (size_t)(close - p->text);
		p->pos = end + 1;
		start++;
	} else {
		for (end = start; !ends_word(p, end); end++)
			;
		p->pos = end;
	}
	if (end == start)
		return fail(p, *quoted ? start - 1 : start, empty, label, label_len);
	*value = xstrndup(p->text + start, end - start);
	return 0;
}

/* review:VALUE names a state of the review: only `conflict` so far.  On
 * a mistake, value is freed. */
static int check_review_value(struct parser *p, char *value, size_t value_pos, const char *name,
                            size_t name_len)
{
	if (strcasecmp(value, "conflict") == 0)
		return 0;
	free(value);
	return fail(p, value_pos, "expected 'conflict' after ", name, name_len + 1);
}

/* name:value, at p->pos the colon */
static int lex_field(struct parser *p, size_t start, struct filter_node **out)
{
	const char *name = p->text + start;
	size_t name_len = p->pos - start, value_pos;
	struct filter_node *n;
	char *value = NULL;
	bool quoted;

	p->pos++;
	value_pos = p->pos;
	if (lex_value(p, "expected a value after ", name, name_len + 1, &value, &quoted) != 0)
		return -1;
	if (word_is(name, name_len, "kind"))
		n = node_new(NODE_KIND, start);
	else if (word_is(name, name_len, "type"))
		n = node_new(NODE_TYPE, start);
	else if (word_is(name, name_len, "id"))
		n = node_new(NODE_ID, start);
	else if (word_is(name, name_len, "has"))
		n = node_new(strcasecmp(value, "note") == 0 ? NODE_NOTE : NODE_HAS, start);
	else if (word_is(name, name_len, "flag"))
		n = node_new(NODE_FLAG, start);
	else if (word_is(name, name_len, "reviewed")) {
		if (strcasecmp(value, "yes") != 0 && strcasecmp(value, "no") != 0) {
			free(value);
			return fail(p, value_pos, "expected 'yes' or 'no' after ", name,
			            name_len + 1);
		}
		n = node_new(NODE_REVIEWED, start);
	} else if (word_is(name, name_len, "changed")) {
		unsigned bits;

		if (!since_term_parse(value, &bits)) {
			free(value);
			return fail(p, value_pos, "expected added, removed, replaced, renamed, moved, "
			            "kind, type, facts, links, sources or any after ", name, name_len + 1);
		}
		n = node_new(NODE_CHANGED, start);
	} else if (word_is(name, name_len, "review")) {
		if (check_review_value(p, value, value_pos, name, name_len) != 0)
			return -1;
		n = node_new(NODE_CONFLICT, start);
	} else {
		n = node_new(NODE_REL, start);
		n->name = xstrndup(name, name_len);
	}
	n->value = value;
	n->quoted = quoted;
	*out = n;
	return 0;
}

/* FACT op value, at p->pos the operator */
static int lex_comparison(struct parser *p, size_t start, struct filter_node **out)
{
	static const enum fact_op ops[] = { FACT_LE, FACT_GE, FACT_NE, FACT_LT, FACT_GT, FACT_EQ };
	size_t op_pos = p->pos, op_len, name_len = p->pos - start;
	struct filter_node *n;
	char *value = NULL;
	bool quoted, found = false;
	enum fact_op op = FACT_EQ;

	while (p->pos < p->len && is_op_char(p->text[p->pos]))
		p->pos++;
	op_len = p->pos - op_pos;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]) && !found; i++) {
		if (word_is(p->text + op_pos, op_len, fact_op_text[ops[i]])) {
			op = ops[i];
			found = true;
		}
	}
	if (!found)
		return fail(p, op_pos, "unknown comparison ", p->text + op_pos, op_len);
	if (op == FACT_EQ || op == FACT_NE) {
		if (lex_value(p, "expected a value after ", p->text + start, name_len + op_len,
		              &value, &quoted) != 0)
			return -1;
	} else {
		size_t value_pos = p->pos;

		if (lex_value(p, "expected a number after ", p->text + start, name_len + op_len,
		              &value, &quoted) != 0)
			return -1;
		if (!parse_number(value, strlen(value), &(double){ 0 })) {
			free(value);
			return fail(p, value_pos, "expected a number after ", p->text + start,
			            name_len + op_len);
		}
	}
	n = node_new(NODE_FACT, start);
	n->name = xstrndup(p->text + start, name_len);
	n->op = op;
	n->value = value;
	n->quoted = quoted;
	/* quotes make an equality's value text */
	n->numeric = (!quoted || (op != FACT_EQ && op != FACT_NE)) &&
	             parse_number(value, strlen(value), &n->number);
	*out = n;
	return 0;
}

/* The next token into p->tok; -1 on a mistake (reported). */
static int lex(struct parser *p)
{
	size_t start, name_end;
	char c;

	p->tok.node = NULL;
	while (p->pos < p->len && is_space((unsigned char)p->text[p->pos]))
		p->pos++;
	start = p->tok.pos = p->pos;
	if (p->pos >= p->len) {
		p->tok.type = TOK_END;
		return 0;
	}
	c = p->text[p->pos];
	p->tok.type = TOK_TERM;
	if (c == '(' || c == ')') {
		p->tok.type = c == '(' ? TOK_LPAREN : TOK_RPAREN;
		p->pos++;
		return 0;
	}
	if (c == '"') {
		struct filter_node *n;
		const char *close = memchr(p->text + start + 1, '"', p->len - start - 1);

		if (!close)
			return fail_at(p, start, "missing closing quote");
		n = node_new(NODE_TEXT, start);
		n->value = xstrndup(p->text + start + 1, (size_t)(close - p->text) - start - 1);
		n->quoted = true;
		p->pos = (size_t)(close - p->text) + 1;
		p->tok.node = n;
		return 0;
	}
	if (c == '-') {
		p->pos++;
		if (p->pos >= p->len || is_space((unsigned char)p->text[p->pos]) ||
		    p->text[p->pos] == ')')
			return fail_at(p, start, "expected a term after '-'");
		p->tok.type = TOK_NOT;
		return 0;
	}
	for (name_end = start; name_end < p->len && is_name_char((unsigned char)p->text[name_end]);
	     name_end++)
		;
	if (name_end > start && name_end < p->len && p->text[name_end] == ':') {
		p->pos = name_end;
		return lex_field(p, start, &p->tok.node);
	}
	if (name_end > start && name_end < p->len && is_op_char(p->text[name_end])) {
		p->pos = name_end;
		return lex_comparison(p, start, &p->tok.node);
	}
	while (!ends_word(p, p->pos))
		p->pos++;
	if (word_is(p->text + start, p->pos - start, "or")) {
		p->tok.type = TOK_OR;
	} else if (word_is(p->text + start, p->pos - start, "and")) {
		p->tok.type = TOK_AND;
	} else {
		p->tok.node = node_new(NODE_TEXT, start);
		p->tok.node->value = xstrndup(p->text + start, p->pos - start);
	}
	return 0;
}

/* --- the parser --- */

static struct filter_node *parse_or(struct parser *p, const char *context);

/* What a term was expected after: "or", "-", "(" ...; NULL at the start. */
static struct filter_node *expected_term(struct parser *p, const char *context)
{
	size_t pos = p->tok.pos;

	if (context)
		fail(p, pos, "expected a term after ", context, strlen(context));
	else if (p->tok.type == TOK_END)
		fail_at(p, 0, "empty filter");
	else if (p->tok.type == TOK_RPAREN)
		fail_at(p, pos, "unbalanced parenthesis");
	else
		fail(p, pos, "expected a term before ", p->text + pos,
		     p->tok.type == TOK_OR ? 2 : 3);
	return NULL;
}

static struct filter_node *parse_primary(struct parser *p, const char *context)
{
	struct filter_node *n;
	size_t open = p->tok.pos;

	switch (p->tok.type) {
	case TOK_TERM:
		if (++p->terms > FILTER_MAX_TERMS) {
			filter_error_set(p->err, open, "too many terms (at most %d)", FILTER_MAX_TERMS);
			return NULL;
		}
		n = p->tok.node;
		p->tok.node = NULL;
		return lex(p) == 0 ? n : (node_free(n), NULL);
	case TOK_LPAREN:
		if (++p->depth > FILTER_MAX_DEPTH) {
			filter_error_set(p->err, open, "too many nested parentheses (at most %d)",
			                 FILTER_MAX_DEPTH);
			return NULL;
		}
		if (lex(p) != 0 || !(n = parse_or(p, "(")))
			return NULL;
		if (p->tok.type != TOK_RPAREN) {
			fail_at(p, open, "unbalanced parenthesis");
			node_free(n);
			return NULL;
		}
		p->depth--;
		return lex(p) == 0 ? n : (node_free(n), NULL);
	default:
		return expected_term(p, context);
	}
}

static struct filter_node *parse_unary(struct parser *p, const char *context)
{
	size_t start = p->tok.pos;
	bool negate = false;
	struct filter_node *n, *not;

	while (p->tok.type == TOK_NOT) {
		negate = !negate;
		context = "-";
		if (lex(p) != 0)
			return NULL;
	}
	if (!(n = parse_primary(p, context)) || !negate)
		return n;
	if (n->type == NODE_NOT) {          /* -(-a) is a */
		not = n->children[0];
		n->count = 0;
		node_free(n);
		return not;
	}
	not = node_new(NODE_NOT, start);
	node_add(not, n);
	return not;
}

static struct filter_node *parse_and(struct parser *p, const char *context)
{
	struct filter_node *left = parse_unary(p, context), *right;

	while (left) {
		const char *next = NULL;

		if (p->tok.type == TOK_AND) {
			next = "and";
			if (lex(p) != 0)
				break;
		} else if (p->tok.type != TOK_TERM && p->tok.type != TOK_NOT &&
		           p->tok.type != TOK_LPAREN) {
			return left;
		}
		if (!(right = parse_unary(p, next)))
			break;
		left = node_join(NODE_AND, left, right);
	}
	node_free(left);
	return NULL;
}

static struct filter_node *parse_or(struct parser *p, const char *context)
{
	struct filter_node *left = parse_and(p, context), *right;

	while (left && p->tok.type == TOK_OR) {
		if (lex(p) != 0 || !(right = parse_and(p, "or"))) {
			node_free(left);
			return NULL;
		}
		left = node_join(NODE_OR, left, right);
	}
	return left;
}

struct filter *filter_parse(const char *text, struct filter_error *err)
{
	struct parser p = { .text = text ? text : "", .err = err };
	struct filter_node *root = NULL;
	struct filter *f;

	if (err)
		memset(err, 0, sizeof(*err));
	p.len = strlen(p.text);
	if (p.len > FILTER_MAX_LENGTH) {
		filter_error_set(err, FILTER_MAX_LENGTH, "filter too long (at most %d bytes)",
		                 FILTER_MAX_LENGTH);
		return NULL;
	}
	if (lex(&p) == 0 && (root = parse_or(&p, NULL)) && p.tok.type != TOK_END) {
		fail_at(&p, p.tok.pos, "unbalanced parenthesis");   /* a stray ')' */
		node_free(root);
		root = NULL;
	}
	node_free(p.tok.node);
	if (!root)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->root = root;
	return f;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	free(f);
}

/* --- the description --- */

static void describe_value(struct strbuf *sb, const struct filter_node *n)
{
	bool quote = n->quoted && n->type == NODE_FACT;   /* quotes make a fact's value text */

	for (const char *s = n->value; *s && !quote; s++)
		quote = is_space((unsigned char)*s) || *s == '(' || *s == ')';
	if (quote)
		sb_printf(sb, "\"%s\"", n->value);
	else
		sb_puts(sb, n->value);
}

static void describe(struct strbuf *sb, const struct filter_node *n, bool nested)
{
	static const char *const prefix[] = {
		[NODE_KIND] = "kind:", [NODE_TYPE] = "type:", [NODE_ID] = "id:",
		[NODE_HAS] = "has:", [NODE_FLAG] = "flag:", [NODE_REVIEWED] = "reviewed:",
	};

	switch (n->type) {
	case NODE_AND:
	case NODE_OR:
		if (nested)
			sb_putc(sb, '(');
		for (size_t i = 0; i < n->count; i++) {
			const struct filter_node *c = n->children[i];

			if (i)
				sb_puts(sb, n->type == NODE_AND ? " " : " or ");
			describe(sb, c, n->type == NODE_AND && c->type == NODE_OR);
		}
		if (nested)
			sb_putc(sb, ')');
		break;
	case NODE_NOT:
		sb_putc(sb, '-');
		describe(sb, n->children[0], n->children[0]->type == NODE_AND ||
		                             n->children[0]->type == NODE_OR);
		break;
	case NODE_NOTE:
		sb_puts(sb, "has:note");
		break;
	case NODE_REVIEWED:
		sb_puts(sb, strcasecmp(n->value, "yes") == 0 ? "reviewed:yes" : "reviewed:no");
		break;
	case NODE_CHANGED:
		sb_puts(sb, "changed:");
		for (const char *s = n->value; *s; s++)
			sb_putc(sb, (char)((*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s));
		break;
	case NODE_CONFLICT:
		sb_puts(sb, "review:conflict");
		break;
	case NODE_FACT:
		sb_printf(sb, "%s%s", n->name, fact_op_text[n->op]);
		describe_value(sb, n);
		break;
	case NODE_REL:
		sb_printf(sb, "%s:", n->name);
		describe_value(sb, n);
		break;
	case NODE_TEXT:
		if (n->quoted)
			sb_printf(sb, "\"%s\"", n->value);
		else
			sb_puts(sb, n->value);
		break;
	default:
		sb_puts(sb, prefix[n->type]);
		describe_value(sb, n);
		break;
	}
}

char *filter_describe(const struct filter *f)
{
	struct strbuf sb = STRBUF_INIT;

	if (f && f->root)
		describe(&sb, f->root, false);
	return sb_detach(&sb);
}

static bool node_uses_search(const struct filter_node *n)
{
	if (n->type == NODE_TEXT)
		return true;
	for (size_t i = 0; i < n->count; i++)
		if (node_uses_search(n->children[i]))
			return true;
	return false;
}

bool filter_uses_search(const struct filter *f)
{
	return f->root && node_uses_search(f->root);
}

static bool node_keeps_removed(const struct filter_node *n)
{
	unsigned bits;

	if (n->type == NODE_NOT)
		return false;
	if (n->type == NODE_CHANGED)
		return since_term_parse(n->value, &bits) && (bits & SINCE_BIT(DIFF_REMOVED));
	for (size_t i = 0; i < n->count; i++)
		if (node_keeps_removed(n->children[i]))
			return true;
	return false;
}

bool filter_keeps_removed(const struct filter *f)
{
	return f->root && node_keeps_removed(f->root);
}
