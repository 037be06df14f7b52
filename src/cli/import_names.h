/* Names as people write them, for the import: ODS's UPPER CASE names
 * cased word by word, and the joining and trimming of place names. */
#ifndef ICSVIEW_IMPORT_NAMES_H
#define ICSVIEW_IMPORT_NAMES_H

#include <stddef.h>

/* An ODS UPPER CASE name as people write it (rules in import_names.c);
 * a name with any lower-case letter is only tidied.  Caller frees. */
char *title_case(const char *name);
/* "A", "A and B", "A, B and C"; caller frees. */
char *join_names(char *const *names, size_t count);
/* A place as people write it: "Kingston upon Hull, City of" → "Kingston
 * upon Hull", "St. Helens" → "St Helens"; caller frees. */
char *plain_ons_place(const char *name);

#endif
