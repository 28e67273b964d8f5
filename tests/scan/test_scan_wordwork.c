/*
 * test_scan_wordwork.c - the per-word work of the scanner made cheaper gives the same words
 * (issue 6, throughput).
 *
 * - The thread's analysed words keep each form packed with the keys of its parts only
 *   (text_wordcache.c): a word with forms of one to six parts, every flag and canonical
 *   spellings up to the longest, read back from its entry, is the word that went in.
 * - The breaking loop takes words three ahead of the one analysed (to fetch their cached
 *   analyses early) and analyse() looks a word up among the text's glued words only if its
 *   bit is set: texts of zero to six words, names first and last, and texts with many glued
 *   words (their bits collide), scanned with the caches cold, warm and off, give the same
 *   mentions, and the names at either end are found.
 */
#include "lk_test.h"
#include "scan_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lk_scan__set_caching(bool on); /* src/lib/scan/scan_int.h */

static uint64_t rng = 0xA0761D6478BD642Full;

/* ---- packed entries ---- */

static void fill_form(scan_form *f, size_t nparts, size_t canon_len, unsigned flags)
{
	memset(f, 0xA5, sizeof *f); /* what is not kept is not read: make it visible garbage */
	snprintf(f->s, sizeof f->s, "form%zu-%zu-%u", nparts, canon_len, flags);
	f->nparts = (uint8_t)nparts;
	f->exact = flags & 1u;
	f->linked = (flags & 2u) != 0;
	for (size_t i = 0; i < nparts; i++) {
		f->key[i] = lk_test_rand(&rng);
		f->skel[i][0] = flags & 4u ? 0 : lk_test_rand(&rng);
		f->skel[i][1] = flags & 8u ? 0 : lk_test_rand(&rng);
	}
	for (size_t i = 0; i < canon_len; i++)
		f->canon[i] = (char)('a' + i % 26);
	f->canon[canon_len] = 0;
}

static void same_form(const scan_form *a, const scan_form *b)
{
	assert_string_equal(a->s, b->s);
	assert_int_equal(a->nparts, b->nparts);
	assert_int_equal(a->exact, b->exact);
	assert_int_equal(a->linked, b->linked);
	for (size_t i = 0; i < a->nparts; i++) {
		assert_true(a->key[i] == b->key[i]);
		assert_true(a->skel[i][0] == b->skel[i][0]);
		assert_true(a->skel[i][1] == b->skel[i][1]);
	}
	assert_string_equal(a->canon, b->canon);
}

static void test_word_entry__forms_read_back_as_kept(void **state)
{
	(void)state;
	static const size_t canon_lens[] = {0, 1, 5, 15, 16, TOKEN_CAP - 1};
	for (size_t nforms = 0; nforms <= SCAN_MAX_FORMS; nforms++)
		for (size_t np = 1; np <= SCAN_MAX_PARTS; np++)
			for (size_t c = 0; c < LK_ARRAY_SIZE(canon_lens); c++)
				for (unsigned flags = 0; flags < 16; flags++) {
					scan_word w;
					memset(&w, 0, sizeof w);
					w.start = 100;
					w.end = 107;     /* glued debris cut off: the word as written is longer */
					w.raw_end = 112;
					w.script = (uint8_t)(flags % 9);
					w.title = flags & 1u;
					w.place = (flags & 2u) != 0;
					w.glued = (flags & 4u) != 0;
					w.may_glue = (flags & 8u) != 0;
					w.korean = (uint8_t)(flags % 3);
					w.begins_name = (uint8_t)((flags + 1) % 3);
					for (size_t f = 0; f < nforms; f++)
						fill_form(&w.form[f], np - f % np, canon_lens[c], flags ^ (unsigned)f);
					w.nforms = (uint8_t)nforms;
					const char key[] = "Beispielwort";
					word_entry *e = lk_scan__word_entry_new(&w, key, 12);
					assert_non_null(e);
					assert_true(e->bytes >= 12 + nforms);

					/* read back at another place in another text */
					scan_word x;
					memset(&x, 0, sizeof x);
					x.start = 5000;
					x.end = 5012;
					x.hyphen_prev = true;
					lk_scan__word_entry_load(&x, e);
					assert_int_equal(x.start, 5000);
					assert_int_equal(x.end, 5007); /* the analysed length */
					assert_int_equal(x.raw_end, 5012);
					assert_true(x.hyphen_prev);
					assert_int_equal(x.script, w.script);
					assert_int_equal(x.title, w.title);
					assert_int_equal(x.place, w.place);
					assert_int_equal(x.glued, w.glued);
					assert_int_equal(x.may_glue, w.may_glue);
					assert_int_equal(x.korean, w.korean);
					assert_int_equal(x.begins_name, w.begins_name);
					assert_int_equal(x.nforms, w.nforms);
					for (size_t f = 0; f < nforms; f++)
						same_form(&x.form[f], &w.form[f]);
					free(e->prefixes);
					free(e);
				}
}

/* ---- the word loop ---- */

/* Texts scanned three ways give the same; returns the uncached results. */
static lk_scan_result **scan_all(const lk_test_strs *t)
{
	return scan_cold_warm_off((const char *const *)t->v, t->n);
}

/* Does r hold a mention starting at byte at? */
static bool mention_at(const lk_scan_result *r, size_t at)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->mentions[i].start == at)
			return true;
	return false;
}

static void test_word_loop__short_texts_and_their_ends(void **state)
{
	(void)state;
	/* zero to six words, a name first and a name last, and a number word */
	static const char *const texts[] = {
		"",
		"Putin",
		"Wladimir Putin",
		"Putin traf Lawrow",
		"Sergej Lawrow traf Putin",
		"IMO 9413559 und Wladimir Putin",
		"Wladimir Putin sprach mit Sergej Lawrow",
		"푸틴",
		"김정은 위원장",
		"Путин и Лавров",
		"Встреча Путина",
		"習近平",
		"Kim Jong-un",
	};
	lk_test_strs t = {0};
	for (size_t i = 0; i < LK_ARRAY_SIZE(texts); i++)
		lk_test_strs_push(&t, strdup(texts[i]));
	lk_scan_result **r = scan_all(&t);
	/* the full names, first, last and alone, are found (a surname alone is not, before a
	 * full mention) */
	assert_int_equal(r[0]->count, 0);
	assert_int_equal(r[1]->count, 0);
	assert_true(mention_at(r[2], 0));
	assert_int_equal(r[3]->count, 0);
	assert_true(mention_at(r[4], 0));
	assert_true(mention_at(r[5], 0)); /* the IMO number */
	assert_true(mention_at(r[5], strlen("IMO 9413559 und ")));
	assert_true(mention_at(r[6], 0));
	assert_true(mention_at(r[6], strlen("Wladimir Putin sprach mit ")));
	assert_true(mention_at(r[8], 0));
	assert_true(mention_at(r[12], 0));
	scan_results_free(r, t.n);
	lk_test_strs_free(&t);
}

static void test_word_loop__many_glued_words_in_one_text(void **state)
{
	(void)state;
	/* Each "Sergej Lawrow<debris>" splits its glued word (a text's own analysis); with forty
	 * different debris words most of analyse()'s 64 bits are set, so many words are looked
	 * up that are not there, and each glued word comes back later without its first name. */
	lk_test_strs t = {0};
	lk_buf b;
	lk_buf_init(&b, 1 << 20);
	for (size_t i = 0; i < 40; i++)
		lk_buf_printf(&b, "Sergej Lawrowsagte%c%c am Montag etwas. ", 'a' + (int)(i % 26),
		              'a' + (int)(i / 26));
	for (size_t i = 0; i < 40; i++)
		lk_buf_printf(&b, "Dann Lawrowsagte%c%c es. Berlin Hamburg Moskau Pjöngjang. ",
		              'a' + (int)(i % 26), 'a' + (int)(i / 26));
	lk_test_strs_push(&t, lk_buf_detach(&b));
	lk_buf_init(&b, 1 << 20);
	for (size_t i = 0; i < 200; i++)
		lk_buf_printf(&b, "Wort%zu Grant Shappswarnte%zu und Name%zu. ", i, i % 7, i);
	lk_test_strs_push(&t, lk_buf_detach(&b));
	lk_scan_result **r = scan_all(&t);
	/* every glued Lawrow of the first text is a mention, alone or after "Sergej" */
	size_t lawrow = 0;
	for (const char *p = t.v[0]; (p = strstr(p, "Lawrowsagte")) != NULL; p++) {
		size_t at = (size_t)(p - t.v[0]);
		bool found = false;
		for (size_t i = 0; i < r[0]->count && !found; i++)
			found = r[0]->mentions[i].start <= at && at < r[0]->mentions[i].end;
		lawrow += found;
	}
	assert_int_equal(lawrow, 80);
	scan_results_free(r, t.n);
	lk_test_strs_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_entry__forms_read_back_as_kept),
		cmocka_unit_test_setup_teardown(test_word_loop__short_texts_and_their_ends,
		                                lk_test_acceptance_setup, lk_test_acceptance_teardown),
		cmocka_unit_test_setup_teardown(test_word_loop__many_glued_words_in_one_text,
		                                lk_test_acceptance_setup, lk_test_acceptance_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
