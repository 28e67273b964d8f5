/*
 * un_text.h - reading the free text inside UN list fields (internal to un_xml.c).
 *
 * ALIAS_NAME and NUMBER are meant to hold one name and one number, but the real files put
 * prose around them: several names in one field, remarks, names in another script, numbers
 * inside sentences. These functions take such text apart; un_xml.c decides what each piece
 * becomes.
 */
#ifndef LK_LISTS_UN_TEXT_H
#define LK_LISTS_UN_TEXT_H

#include <stdbool.h>

/*
 * Called for each name found in an alias text. name is NUL-terminated and trimmed (it may be
 * empty); remark is what the text said about the name ("birth name"), or NULL; previous is
 * true when the text marks the name as a former one ("(previously listed as)"). Returns 0 or
 * a negative error, which stops the walk.
 */
typedef int (*lk_un_name_fn)(void *ctx, const char *name, const char *remark, bool previous);

/*
 * Split the text of one ALIAS_NAME into names and call fn for each: "A; B b) C",
 * "Jin Tiesan (金铁三)" (two names), "Al-Qaida in Yemen (AQY)" (two names),
 * "Encep Nurjaman (birth name)" (a name and a remark). text is modified in place. Returns 0
 * or fn's error.
 */
int lk_un__alias_names(char *text, lk_un_name_fn fn, void *ctx);

/*
 * The number inside a document NUMBER written as prose, modified in place and returned as a
 * pointer into s: "Diplomatic Passport: Z30321794" -> "Z30321794", "381110042 (Expired 25 Jan.
 * 2016)" -> "381110042", "R00005943, South Sudan" -> "R00005943". NULL if s has no digit.
 */
char *lk_un__doc_number(char *s);

#endif
