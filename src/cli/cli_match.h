/*
 * cli_match.h - what `lookout screen` and `lookout compare` share: reading their options
 * (schema, threshold, gender), building the index from the store, and writing queries,
 * results and explanations as JSON and in words.
 */
#ifndef LOOKOUT_CLI_MATCH_H
#define LOOKOUT_CLI_MATCH_H

#include "cli.h"
#include "lookout/match.h"

/* Most values of one repeatable option (--dob, --country, --id, --source) and NAMEs. */
#define CLI_MATCH_MAX_VALUES 32

/*
 * A schema as the options write it: Person, Organization, Company, LegalEntity, PublicBody,
 * Vessel, Airplane (any case; also the aliases lk_schema_from_name knows), or Any, which is
 * LK_SCHEMA_UNKNOWN. false if not one of them.
 */
bool cli_parse_schema(const char *s, lk_schema *out);

/* The schema's name for output: "Any" for LK_SCHEMA_UNKNOWN. */
const char *cli_schema_label(lk_schema s);

/* A threshold: a decimal number from 0 to 1. false if not one. */
bool cli_parse_threshold(const char *s, double *out);

/* "male" or "female" from male/female/m/f (any case), else NULL. */
const char *cli_parse_gender(const char *s);

/*
 * Open the store (never creating it), check that every name in *sources is a source with an
 * active version, and build the index of the active versions. The dataset names "default"
 * (every source) and "sanctions" (every sanctions list) are resolved: *sources and *nsources
 * then name the sources meant (NULL and 0 for every source). sources may be NULL. LK_ENOTFOUND
 * when there is no store, no list in it, an unknown source (the message lists the known ones)
 * or no sanctions list for "sanctions".
 */
int cli_index_open(cli_ctx *ctx, const char *const **sources, size_t *nsources, lk_index **out);

/* The query as JSON: {"names","schema","birthDates","countries","identifiers"}. */
json_t *cli_json_query(const lk_query *q);

/* The explanation as a JSON object (lk_explanation_to_json, read back). NULL on failure. */
json_t *cli_json_explanation(const lk_explanation *x);

/*
 * A result as JSON: {"id","caption","schema","source"[,"names"],"score","match"
 * [,"explanation"]}; "names" lists every name-kind value of the entity once.
 */
json_t *cli_json_result(const lk_match_result *r, bool names, bool explanation);

/* Print a JSON document to stdout, indented, reals with 6 significant digits. */
int cli_json_print_doc(json_t *v);

/*
 * A score for people: three decimals, rounded down so that a score shown as 0.700 has reached
 * a threshold of 0.70 (rounding up could show a miss as if it had reached it).
 */
const char *cli_score_text(double score, char buf[16]);

/*
 * The explanation in words, for analysts: which name matched which, how each part aligned
 * ("Lawrow ~ LAVROV (phonetic, 0.97)"), and what each feature added or took away
 * ("-0.30 birth date 1960 contradicts the listed 1952-10-07"). Every line starts with
 * indent spaces. name_line: begin with the line saying which names met (screening; compare
 * has only the two names it was given).
 */
void cli_print_explanation(FILE *f, const lk_explanation *x, int indent, bool name_line);

#endif
