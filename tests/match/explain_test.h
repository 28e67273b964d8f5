/*
 * explain_test.h - the match tests' check that two explanations are the same to the bit:
 * the same parts, in the same order, with the same strings, hows and roles, and the very
 * same similarities, weights and name score (memcmp, not a tolerance).
 */
#ifndef LK_TESTS_MATCH_EXPLAIN_TEST_H
#define LK_TESTS_MATCH_EXPLAIN_TEST_H

#include "lk_test.h"
#include "lookout/match.h"

static inline void same_explanation(const lk_explanation *a, const lk_explanation *b)
{
	assert_int_equal(a->nparts, b->nparts);
	assert_memory_equal(&a->name_score, &b->name_score, sizeof a->name_score);
	for (size_t k = 0; k < a->nparts; k++) {
		assert_string_equal(a->parts[k].query, b->parts[k].query);
		assert_string_equal(a->parts[k].candidate, b->parts[k].candidate);
		assert_int_equal(a->parts[k].how, b->parts[k].how);
		assert_memory_equal(&a->parts[k].similarity, &b->parts[k].similarity,
		                    sizeof a->parts[k].similarity);
		assert_memory_equal(&a->parts[k].weight, &b->parts[k].weight,
		                    sizeof a->parts[k].weight);
		assert_string_equal(a->parts[k].role, b->parts[k].role);
	}
}

#endif
