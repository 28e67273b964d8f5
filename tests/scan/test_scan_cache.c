/*
 * test_scan_cache.c - the scanner's per-thread caches change nothing (issue 6, throughput).
 *
 * lk_scan_text keeps, per thread and across texts, the analysis of every word (with the
 * listed prefixes of words that may have a name glued to debris) and the screenings of spans.
 * This test scans the same texts with the caches on (cold, then warm) and off (every word
 * analysed by lk_scan__analyse_word with its previous word, every span screened afresh) and
 * requires identical results: every mention's offsets, query, how, entities and scores, and
 * the stats. The texts: the seed news page, short texts in Russian, Korean, Arabic, Polish
 * and English with inflection, titles and glued names, and a corpus built like the
 * benchmark's (bench/bench_scan.c: paragraphs of the seed page and of other scripts with
 * unlisted and listed names inserted).
 */
#include "lk_test.h"
#include "scan_test.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lk_scan__set_caching(bool on); /* src/lib/scan/scan_int.h */

/* Texts written for this test: the acceptance persons in several scripts and inflections,
 * unlisted people, titles, places, and glued names (the same glued word after a name word,
 * alone, and after another name word, in one text and across texts). */
static const char *const texts[] = {
	"Президент России Владимир Путин прибыл в Пхеньян. Путина сопровождали министр "
	"иностранных дел Сергей Лавров и министр обороны Андрей Белоусов. Помощник Юрий Ушаков "
	"сообщил, что Лавров провёл переговоры с Владимиром Путиным на площади Ким Ир Сена.",
	"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다. 세르게이 라브로프 "
	"외무장관과 안드레이 벨로우소프 국방장관이 푸틴 대통령을 수행했다. 고유환 교수는 "
	"김일성광장에서 말했다.",
	"وصل الرئيس الروسي فلاديمير بوتين إلى بيونغ يانغ. ورافق بوتين وزير الخارجية سيرغي "
	"لافروف. وقال يوري أوشاكوف إن لافروف أجرى محادثات.",
	"Wizyta Siergieja Ławrowa w Pjongjangu. Spotkanie z Ławrowem trwało godzinę. Later Mr. "
	"Vladimir Putin met Mr. Kim Jong Un at the Kim-Il-Sung-Platz.",
	"Der Minister Sergej Lawrowsagte am Montag, dass Andrei BeloussowWHO zustimmt. Später "
	"Lawrowsagte niemand etwas, und Grant Shappswarnte. Wladimir PutinWHO und Putins Gast.",
	"Lawrowsagte steht am Anfang. Dann Sergej Lawrowsagte es, dann Andrei Lawrowsagte es.",
	"Kim Jong-un traf Wladimir Putin. Kims Schwester Kim Yo Jong und Putin-freundliche "
	"Politiker. Präsident Putin, Außenminister Lawrow, Verteidigungsminister Beloussow.",
	"CHARTER HIRE MT NS ANTARCTIC VOYAGE 12\nBUNKERS IMO 9413559\nPAYMENT TO SOVCOMFLOT",
	"Nothing here but the weather in Hamburg and Berlin.",
	"",
};

/* ---- a corpus like the benchmark's ---- */

/* The first CSV column of each line of a yente benchmark file (title-cased if asked). */
static void names_from_csv(const char *rel, lk_test_strs *out, bool title_case)
{
	size_t len;
	char *b = lk_test_read_file(lk_test_data(rel), &len);
	char *line = strchr(b, '\n');
	while (line && *++line) {
		char *end = strchr(line, '\n');
		char *comma = strchr(line, ',');
		if (!comma || (end && comma > end) || *line == '"') {
			line = end;
			continue;
		}
		char *name = strndup(line, (size_t)(comma - line));
		assert_non_null(name);
		bool start = true;
		for (char *p = name; title_case && *p; p++) {
			if (*p >= 'A' && *p <= 'Z' && !start)
				*p = (char)(*p + 32);
			start = *p == ' ' || *p == '-';
		}
		lk_test_strs_push(out, name);
		line = end;
	}
	free(b);
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static size_t pick(size_t n)
{
	return (size_t)(lk_test_rand(&rng) % n);
}

/* ndocs documents of four paragraphs, each with three unlisted names and one listed name
 * inserted after random spaces. */
static void corpus(lk_test_strs *docs, size_t ndocs)
{
	lk_test_strs pool = {0}, neg = {0}, pos = {0};
	size_t len;
	char *seed = lk_test_read_file(lk_test_data("text/news_de_russia_dprk_pact_2024-06-19.txt"),
	                               &len);
	for (char *p = strtok(seed, "\n"); p; p = strtok(NULL, "\n"))
		if (strlen(p) > 80)
			lk_test_strs_push(&pool, strdup(p));
	for (size_t i = 0; i < 4; i++)
		lk_test_strs_push(&pool, strdup(texts[i]));
	names_from_csv("eval/yente_benchmark/negatives_global.csv", &neg, false);
	names_from_csv("eval/yente_benchmark/positives_un_untreated.csv", &pos, true);
	assert_true(pool.n > 10 && neg.n > 1000 && pos.n > 100);
	for (size_t d = 0; d < ndocs; d++) {
		lk_buf b;
		lk_buf_init(&b, 0);
		for (int k = 0; k < 4; k++) {
			const char *p = pool.v[pick(pool.n)];
			size_t spaces = 0;
			for (const char *q = p; *q; q++)
				spaces += *q == ' ';
			size_t at[4];
			for (int j = 0; j < 4; j++)
				at[j] = spaces ? pick(spaces) : 0;
			size_t sp = 0;
			for (const char *q = p; *q; q++) {
				lk_buf_putc(&b, *q);
				if (*q != ' ')
					continue;
				for (int j = 0; j < 4; j++)
					if (at[j] == sp) {
						const lk_test_strs *s = j == 3 ? &pos : &neg;
						lk_buf_puts(&b, s->v[pick(s->n)]);
						lk_buf_puts(&b, j == 3 ? " sagte, " : " und ");
					}
				sp++;
			}
			lk_buf_puts(&b, "\n\n");
		}
		lk_test_strs_push(docs, lk_buf_detach(&b));
	}
	free(seed);
	lk_test_strs_free(&pool);
	lk_test_strs_free(&neg);
	lk_test_strs_free(&pos);
}

static void test_cached_equals_uncached(void **state)
{
	(void)state;
	lk_test_strs all = {0};
	size_t len;
	lk_test_strs_push(&all, lk_test_read_file(lk_test_data("text/news_de_russia_dprk_pact_2024-06-19.txt"),
	                             &len));
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		lk_test_strs_push(&all, strdup(texts[i]));
	size_t nfixed = all.n;
	corpus(&all, 120);
	/* The texts once more, now that the caches hold the corpus' words and spans. */
	for (size_t i = 0; i < nfixed; i++)
		lk_test_strs_push(&all, strdup(all.v[i]));

	lk_scan_result **off = scan_cold_warm_off((const char *const *)all.v, all.n);
	size_t mentions = 0, glued_or_coref = 0;
	for (size_t i = 0; i < all.n; i++) {
		mentions += off[i]->count;
		for (size_t k = 0; k < off[i]->count; k++)
			glued_or_coref += off[i]->mentions[k].how == LK_SCAN_COREFERENCE;
	}
	scan_results_free(off, all.n);
	/* The corpus does exercise the scanner: many mentions, some by surname alone. */
	assert_true(mentions > 300);
	assert_true(glued_or_coref > 10);
	lk_test_strs_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cached_equals_uncached),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
