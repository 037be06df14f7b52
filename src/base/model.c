#include "icsview/base/model.h"

#include <string.h>

#define KIND_ENTRY(name, badge, description) { #name, badge, description },
const struct core_kind core_kinds[] = { KIND_LIST(KIND_ENTRY) };
const size_t core_kind_count = sizeof(core_kinds) / sizeof(core_kinds[0]);

#define RELATION_ENTRY(name, inverse, secondary, description) \
	{ #name, inverse, secondary, description },
const struct core_relation core_relations[] = { RELATION_LIST(RELATION_ENTRY) };
const size_t core_relation_count = sizeof(core_relations) / sizeof(core_relations[0]);

static bool is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool model_id_valid(const char *id, size_t len)
{
	if (len == 0 || len > MODEL_ID_MAX || !is_alnum(id[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!is_alnum(id[i]) && (id[i] == '\0' || !strchr("._:/+-", id[i])))
			return false;
	return true;
}

bool model_name_valid(const char *name, size_t len)
{
	if (len == 0 || len > MODEL_NAME_MAX || name[0] < 'a' || name[0] > 'z')
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

bool model_badge_valid(const char *badge, size_t len)
{
	if (len == 0 || len > MODEL_BADGE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = badge[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return false;
	}
	return true;
}

bool claim_basis_parse(const char *text, enum claim_basis *out)
{
	if (strcmp(text, "stated") == 0)
		*out = BASIS_STATED;
	else if (strcmp(text, "inferred") == 0)
		*out = BASIS_INFERRED;
	else
		return false;
	return true;
}

bool claim_basis_key(const char *key)
{
	return strcmp(key, BASIS_KEY) == 0 || strcmp(key, REASON_KEY) == 0;
}
