/* Casing ODS names (import_names.h).
 *
 * Every word is capitalised; "and of the for upon on in at by to with
 * under" are lower case unless first (or first after "(", ":", "@" or a
 * spaced dash); inside hyphenated names also "super sub le en cum"
 * (Stockton-on-Tees, Weston-super-Mare); acronyms are kept (NHS, ICB,
 * PCN, GP, ...); short words without vowels are initialisms (SWB) except
 * known abbreviations (Dr, St, Rd, Ltd); single letters, and two-letter
 * initials after Dr or "(", stay upper case; apostrophes (King's, Guy's,
 * Thomas', O'Brien); Mc always, Mac for a list of surnames; Roman
 * numerals II to XX; 1ST becomes 1st. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_names.h"

static const char *const acronyms[] = {
	"NHS", "ICB", "ICS", "PCN", "GP", "CIC", "UK", "LLP", "PLC", "CCG", "STP",
	"PMS", "APMS", "GMS", "OOH", "WIC", "UCC", "MIU", "HC", "MC", "HMP", "YOI",
	"ADHD", "CAMHS", "IAPT", "BHFT", "NEL", "SEL", "SWL", "NWL", "NCL", "UEA",
	"ABC", "AWC", "EMC", "CHC", "IW", "IOW", "NEHF", "HCRG", "WAM", "LLR",
	"BLMK", "BNSSG", "MK", "SWB", "KWH", "MVMG", "UCLH", "PCC", "AED", "NMP",
	"CYP", "CYPS", "AMH", "CRHTT", "SMS", "MKGP", "QHS", "NSC", "RWT",
	/* Reviewed in the ODS names, each an acronym where it stands: spelt
	 * out beside it (Angmering Coppice Fitzalan (ACF), Kidlington, Islip,
	 * Woodstock & Yarnton (KIWY), Arun Integrated Care (AIC), Improving
	 * Health (IH), HIPC (Holistic Patient Centred Care)), a scheme (SAS:
	 * the special allocation scheme's practices), a service (EA hub:
	 * extended access), a direction (SE Shropshire), a university (UOS
	 * Student PCN) or a network's initials (MPA, LOCC, TASC, IGPC, PCCO,
	 * UHPC).  Short names that may be words (Waca, Wham, Taba, Liga,
	 * Sapa, Gosk, Asop, Apl, Om) are left as they are. */
	"ACF", "KIWY", "AIC", "IH", "HIPC", "SAS", "EA", "SE", "UOS", "MPA", "LOCC", "TASC",
	"IGPC", "PCCO", "UHPC", NULL,
};
static const char *const small_words[] = {
	"and", "of", "the", "for", "upon", "on", "in", "at", "by", "to", "with", "under", NULL,
};
/* Extra small words inside hyphenated place names (Weston-super-Mare,
 * Stoke-sub-Hamdon, Bird-in-Eye). */
static const char *const hyphen_small[] = { "super", "sub", "le", "en", "cum", NULL };
/* Abbreviations without vowels that are ordinary words, not initialisms. */
static const char *const vowelless_words[] = {
	"DR", "DRS", "ST", "CTR", "CTRS", "RD", "LTD", "GRP", "HLTH", "HTH", "PTNR", "PTNRS",
	"CNTR", "CNT", "BLVD", "GT", "SQ", "MT", "PL", "NG", "SRG", "SRGY", "PRCT", "BRK",
	"WLK", "TWNS", "SHP", "PSHP", "MDCL", "HSP", "HSPTL", NULL,
};
static const char *const roman[] = {
	"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI",
	"XVII", "XVIII", "XIX", "XX", NULL,
};
static const char *const mac_names[] = {
	"MACDONALD", "MACKENZIE", "MACLEOD", "MACKAY", "MACGREGOR", "MACLEAN", "MACINTYRE",
	"MACPHERSON", "MACARTHUR", "MACAULAY", "MACNEIL", "MACFARLANE", "MACKINNON", "MACRAE",
	"MACLAREN", "MACDOUGALL", "MACINNES", "MACKINTOSH", "MACQUEEN", "MACLENNAN", NULL,
};

static bool in(const char *const *words, const char *w)
{
	for (; *words; words++)
		if (strcmp(*words, w) == 0)
			return true;
	return false;
}

static void upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* "WORD" → "Word" */
static void cap(struct strbuf *out, const char *w)
{
	for (size_t i = 0; w[i]; i++)
		sb_putc(out, (char)(i == 0 ? toupper((unsigned char)w[i])
		                           : tolower((unsigned char)w[i])));
}

static bool has_vowel(const char *s)
{
	return strpbrk(s, "AEIOUY") != NULL;
}

/* "1ST" → true, with the digits' length in *digits. */
static bool ordinal(const char *up, size_t *digits)
{
	size_t n = strspn(up, "0123456789");
	const char *rest = up + n;

	*digits = n;
	return n > 0 && (strcmp(rest, "ST") == 0 || strcmp(rest, "ND") == 0 ||
	                 strcmp(rest, "RD") == 0 || strcmp(rest, "TH") == 0);
}

struct word_place {
	bool first;            /* the name's first word, or first after ( : @ or " - " */
	const char *prev;      /* the previous significant token, upper case */
	bool next_is_word;     /* the next token after spaces is a word */
	bool in_hyphen;        /* straight after a "-" */
};

static void word(struct strbuf *out, const char *w, const struct word_place *at);

/* A word with an apostrophe: KING'S, GUY'S, THOMAS', O'BRIEN, P'SHIP. */
static void apostrophe_word(struct strbuf *out, char *up, const struct word_place *at)
{
	char *mark = strchr(up, '\''), *tail = mark + 1;

	*mark = '\0';
	if ((strcmp(up, "O") == 0 || strcmp(up, "D") == 0) && strlen(tail) > 1) {
		sb_printf(out, "%s'", up);
		cap(out, tail);
		return;
	}
	word(out, up, at);
	lower(tail);
	sb_printf(out, "'%s", tail);
}

static void word(struct strbuf *out, const char *w, const struct word_place *at)
{
	char *up = xstrdup(w), *low;
	size_t digits;

	upper(up);
	if (strchr(up, '\'')) {
		apostrophe_word(out, up, at);
		free(up);
		return;
	}
	low = xstrdup(up);
	lower(low);
	if (strcmp(up, "GPS") == 0)
		sb_puts(out, "GPs");
	else if (strpbrk(up, "0123456789")) {
		if (ordinal(up, &digits)) {
			sb_add(out, up, digits);
			sb_puts(out, low + digits);
		} else {
			sb_puts(out, up);       /* codes such as E7, G3, M91659 */
		}
	} else if (!at->first && (in(small_words, low) || (at->in_hyphen && in(hyphen_small, low))))
		sb_puts(out, low);
	else if (in(acronyms, up) || in(roman, up) || strlen(up) == 1)
		sb_puts(out, up);
	else if (in(vowelless_words, up))
		cap(out, up);
	else if (!has_vowel(up) && strlen(up) <= 5)
		sb_puts(out, up);       /* initialisms: SWB, WHM, MLR */
	else if (strlen(up) == 2 && at->next_is_word &&
	         (strcmp(at->prev, "DR") == 0 || strcmp(at->prev, "DRS") == 0 ||
	          strcmp(at->prev, "(") == 0))
		sb_puts(out, up);       /* DR AM LEWIS, (GJ INGRAMS) */
	else if (strncmp(up, "MC", 2) == 0 && strlen(up) > 3) {
		sb_puts(out, "Mc");
		cap(out, up + 2);
	} else if (in(mac_names, up)) {
		sb_puts(out, "Mac");
		cap(out, up + 3);
	} else
		cap(out, up);
	free(low);
	free(up);
}

/* A name's tokens: runs of letters and digits (with one apostrophe and
 * the letters after it), and single other bytes. */
struct token {
	size_t start, len;
	bool is_word;
};

static size_t tokenise(const char *s, struct token **out)
{
	size_t n = 0, cap_ = 0, i = 0;

	*out = NULL;
	while (s[i]) {
		struct token t = { i, 1, false };
		if (isalnum((unsigned char)s[i])) {
			size_t j = i;
			while (isalnum((unsigned char)s[j]))
				j++;
			if (s[j] == '\'') {
				j++;
				while (isalpha((unsigned char)s[j]))
					j++;
			}
			t.len = j - i;
			t.is_word = true;
		}
		GROW(*out, cap_, n + 1);
		(*out)[n++] = t;
		i += t.len;
	}
	return n;
}

/* Whitespace runs made one space, the ends trimmed of spaces and commas. */
static char *tidy(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	bool space = false;

	for (const char *p = name; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sb_putc(&sb, ' ');
		space = false;
		sb_putc(&sb, *p);
	}
	while (sb.len && sb.buf[sb.len - 1] == ',')
		sb.len--;
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.len--;
	char *tidied = xstrndup(sb_str(&sb), sb.len);
	sb_free(&sb);
	return tidied;
}

static bool has_lower(const char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			return true;
	return false;
}

char *title_case(const char *raw)
{
	char *name = tidy(raw);
	struct token *toks;
	struct strbuf out = STRBUF_INIT;
	size_t n, word_no = 0;

	if (has_lower(name))
		return name;
	n = tokenise(name, &toks);
	for (size_t i = 0; i < n; i++) {
		const struct token *t = &toks[i];
		if (!t->is_word) {
			sb_add(&out, name + t->start, t->len);
			continue;
		}
		size_t j = i;
		while (j > 0 && name[toks[j - 1].start] == ' ' && !toks[j - 1].is_word)
			j--;
		char prev[64] = "";
		if (j > 0) {
			const struct token *p = &toks[j - 1];
			size_t len = p->len < sizeof(prev) - 1 ? p->len : sizeof(prev) - 1;
			memcpy(prev, name + p->start, len);
			prev[len] = '\0';
			upper(prev);
		}
		size_t k = i + 1;
		while (k < n && !toks[k].is_word && name[toks[k].start] == ' ')
			k++;
		struct word_place at = {
			.first = word_no == 0 || strcmp(prev, "(") == 0 || strcmp(prev, ":") == 0 ||
			         strcmp(prev, "@") == 0 ||
			         (strcmp(prev, "-") == 0 && i >= 2 && name[toks[i - 1].start] == ' '),
			.prev = prev,
			.next_is_word = k < n && toks[k].is_word,
			.in_hyphen = i > 0 && name[toks[i - 1].start] == '-',
		};
		char *w = xstrndup(name + t->start, t->len);
		word(&out, w, &at);
		free(w);
		word_no++;
	}
	free(toks);
	free(name);
	return sb_detach(&out);
}

char *join_names(char *const *names, size_t count)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < count; i++) {
		if (i > 0)
			sb_puts(&sb, i + 1 == count ? " and " : ", ");
		sb_puts(&sb, names[i]);
	}
	return sb_detach(&sb);
}

char *plain_ons_place(const char *name)
{
	static const char *const suffixes[] = { ", City of", ", County of" };
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(name);

	for (size_t i = 0; i < 2; i++) {
		size_t m = strlen(suffixes[i]);
		if (n >= m && strcmp(name + n - m, suffixes[i]) == 0)
			n -= m;
	}
	for (size_t i = 0; i < n; i++) {
		/* "St. Helens": the full stop people leave out */
		bool saint = name[i] == '.' && i >= 2 && strncmp(name + i - 2, "St", 2) == 0 &&
		             (i == 2 || name[i - 3] == ' ') && name[i + 1] == ' ';
		if (!saint)
			sb_putc(&sb, name[i]);
	}
	return sb_detach(&sb);
}
