/*
 * bench_scan.c - the scanning benchmark: scan-text throughput on two multilingual corpora (a
 * dense synthetic one and a news-like one of packaged prose), the naive peer that screens
 * every n-gram, and scan-payment messages per second.
 *
 * Usage: bench_scan [--data DIR] [--docs N] [--passes N] [--naive-docs N] [--messages N]
 *                   [--names N] [--dump FILE] [--news-mb N] [--news-density W]
 *                   [--news-langs L,L] [--news-dump FILE] [--news-write FILE] [--prose ROOT]
 *   --data DIR        $LOOKOUT_DATA
 *   --docs N          documents in the dense corpus (default 2000, about 6 MB; 0 skips it and
 *                     the naive peer)
 *   --passes N        timed passes over each corpus; the median is reported (default 3)
 *   --naive-docs N    documents the naive peer scans (default 20; it is slow)
 *   --messages N      MT103 messages, and as many pacs.008 transactions (default 20000)
 *   --names N         dense corpus: names inserted per paragraph, 0 to 4 (default 4: three
 *                     unlisted and one listed; 0 leaves the paragraphs as written)
 *   --dump FILE       write every mention of the first dense pass and the payment output to
 *                     FILE (to compare two builds' results on the whole corpus)
 *   --news-mb N       news corpus: at most N MB (default 100, i.e. all the packaged prose,
 *                     about 13.5 MB; 0 skips it)
 *   --news-density W  news corpus: one name per W words on average (default 50)
 *   --news-langs L,L  news corpus: only these languages (seed, en, de, ru, es, fr, zh, ko, ar)
 *   --news-dump FILE  as --dump, for the first pass over the news corpus
 *   --news-write FILE write the news corpus's documents to FILE (a form feed after each)
 *   --prose ROOT      read the packaged prose under ROOT instead of / (e.g. unpacked .debs)
 *
 * The dense corpus: documents of six paragraphs drawn from a pool, which holds the paragraphs
 * of the German seed news page (text/) and paragraphs in Russian, Korean and Arabic written
 * for this benchmark; into each paragraph, names are inserted at random word boundaries:
 * three unlisted names (yente's negatives_global: Latin, Arabic, Cyrillic, Han, ... script)
 * and one listed name (yente's UN positives, title-cased), so that every document has
 * different names and the scanner's per-document cache does not see the same spans
 * everywhere. Its vocabulary is small (about a thousand words besides the names): a stress
 * test of the scoring, far denser in names than news.
 *
 * The news corpus: real prose read at bench time from installed Debian packages (never
 * committed): fortunes (en: fortunes, fortunes-min; de: fortunes-de; ru: fortunes-ru, KOI8-R
 * files converted with iconv; es: fortunes-es; zh: fortunes-zh), the Debian FAQ (fr, ko:
 * debian-faq-fr, debian-faq-ko, HTML) and LibreOffice's message catalogues (ko, ar:
 * libreoffice-l10n-ko, libreoffice-l10n-ar, .mo; their sentences of five words or more),
 * plus the dense corpus's pool of seed paragraphs; scripts/install-deps.sh --bench installs
 * them. Missing packages are named on stderr and in "news_missing"; the rest still runs. Each
 * paragraph is used once (pools shuffled with a fixed seed); a document is 1.5-6 KB of one
 * language, the language drawn in proportion to the prose it has left. Names go in at news
 * density: one per --news-density words (a word: a space-separated token, or two Han or kana
 * characters), a third of them repeating a name already in the document, the others new (one
 * in four listed, three in four unlisted, from the same sets as above). It has its own random
 * numbers, so the dense corpus, the payments and --dump stay as they were.
 *
 * Each document is one lk_scan_text call, as a server would receive them. Payments: MT103
 * messages and pacs.008 transactions with the beneficiary drawn from the same name sets
 * (one in five listed), a bank by BIC and a remittance line, read and screened with
 * lk_scan_payments_json (names in other scripts are drawn again: MT103 allows only the SWIFT
 * X character set). Each timed pass runs on a fresh thread (the scanner's per-thread caches
 * start empty) and is measured in that thread's CPU time; only the public API. Output: one
 * JSON line. text_* (and mentions, spans, screened) are the dense corpus, news_* the news
 * corpus; *_spans_per_mb and *_screened_per_mb say how much work a corpus causes (screened:
 * spans the engine scored, the rest came from the scanner's caches); news_lang_* give MB/s
 * and screenings per MB per language (the median pass).
 */
#include "lookout/lookout.h"

#include <dirent.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static const char *const bench_lists[] = {
	"un/un_consolidated_20260227.xml",
	"ofac/sdn-2024-05-03/sdn.csv",
	"uk/hmt_ofsi_ConList_20180413.csv",
};

/* Paragraphs in other scripts (written for this benchmark, in the style of the seed page). */
static const char *const extra_paragraphs[] = {
	"Президент России Владимир Путин прибыл в Пхеньян, где его встретил руководитель "
	"страны. Путина сопровождали министр иностранных дел Сергей Лавров и министр обороны "
	"Андрей Белоусов. Помощник президента Юрий Ушаков сообщил журналистам, что переговоры "
	"прошли в конструктивной атмосфере и стороны подписали договор о всеобъемлющем "
	"стратегическом партнёрстве.",
	"Заместитель министра Сергей Рябков заявил, что визит важен для региональной "
	"безопасности. Встреча с Владимиром Путиным прошла на площади в центре города, где "
	"собрались тысячи жителей с флагами обеих стран.",
	"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다. 세르게이 라브로프 "
	"외무장관과 안드레이 벨로우소프 국방장관이 푸틴 대통령을 수행했다. 양측은 포괄적 전략 "
	"동반자 관계 조약에 서명했다고 조선중앙통신이 보도했다.",
	"유리 우샤코프 보좌관은 회담 결과를 설명했다. 고유환 동국대 교수는 김정은 위원장이 푸틴과 "
	"김일성광장에서 만났다고 말했다. 전문가들은 이번 조약이 지역 안보에 미칠 영향을 주목하고 "
	"있다.",
	"وصل الرئيس الروسي فلاديمير بوتين إلى بيونغ يانغ في زيارة رسمية. ورافق بوتين وزير "
	"الخارجية سيرغي لافروف. وقال يوري أوشاكوف مستشار الكرملين إن المحادثات جرت في أجواء "
	"بناءة، وإن الجانبين وقعا معاهدة شراكة استراتيجية شاملة.",
	"وصرح نائب الوزير سيرغي ريابكوف بأن الزيارة مهمة للأمن الإقليمي. وتابع المراقبون "
	"في العواصم الغربية الزيارة باهتمام كبير، وأعربوا عن قلقهم من التعاون العسكري.",
};

typedef struct strs {
	char **v;
	size_t n, cap;
} strs;

static void push(strs *s, char *x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n++] = x;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_scan: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* The first CSV column of each data line (names here hold no commas or quotes we need). */
static void names_from_csv(const char *path, strs *out, bool title_case)
{
	size_t len;
	char *b = slurp(path, &len);
	char *line = strchr(b, '\n');
	while (line && *++line) {
		char *end = strchr(line, '\n');
		char *comma = strchr(line, ',');
		if (!comma || (end && comma > end) || *line == '"') {
			line = end;
			continue;
		}
		char *name = strndup(line, (size_t)(comma - line));
		if (title_case) {
			bool start = true;
			for (char *p = name; *p; p++) {
				if (*p >= 'A' && *p <= 'Z' && !start)
					*p = (char)(*p + 32);
				start = *p == ' ' || *p == '-';
			}
		}
		push(out, name);
		line = end;
	}
	free(b);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One timed pass, run on a thread of its own: the scanner's per-thread caches (analysed words,
 * screenings, parties) start empty in every pass, so a pass never profits from an earlier
 * one; within a pass they fill as they would in a long-running process. */
typedef struct timed {
	int (*fn)(void *arg);
	void *arg;
	double seconds;
	int rc;
} timed;

static void *timed_main(void *p)
{
	timed *t = p;
	double t0 = now_s();
	t->rc = t->fn(t->arg);
	t->seconds = now_s() - t0;
	return NULL;
}

static double run_cold(int (*fn)(void *), void *arg)
{
	timed t = {fn, arg, 0, 0};
	pthread_t th;
	if (pthread_create(&th, NULL, timed_main, &t) || pthread_join(th, NULL)) {
		fprintf(stderr, "bench_scan: cannot start a thread\n");
		exit(1);
	}
	if (t.rc) {
		fprintf(stderr, "bench_scan: %s\n", lk_error_last()->message);
		exit(1);
	}
	return t.seconds;
}

typedef struct text_pass {
	const lk_index *ix;
	char **docs;
	size_t *lens, ndocs;
	size_t mentions, screened, spans;
	FILE *dump;     /* every mention, or NULL */
	size_t words, name_words;
	const unsigned char *lang;          /* each document's language (news corpus), or NULL */
	double lang_s[16];                  /* CPU seconds per language */
	size_t lang_spans[16], lang_screened[16];
	double seconds;                     /* the whole pass */
} text_pass;

/* One line per mention: document, offsets, how, query, results (id and score). */
static void dump_mentions(FILE *f, size_t doc, const lk_scan_result *r)
{
	for (size_t i = 0; i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		fprintf(f, "%zu\t%zu\t%zu\t%s\t%s", doc, m->start, m->end, lk_scan_how_name(m->how),
		        m->query);
		for (size_t k = 0; k < m->nresults; k++)
			fprintf(f, "\t%s=%.3f", m->results[k].entity->id, m->results[k].score);
		fputc('\n', f);
	}
	fprintf(f, "%zu\tstats\t%zu\t%zu\t%zu\t%zu\n", doc, r->stats.words, r->stats.name_words,
	        r->stats.spans, r->stats.screened);
}

static int text_run(void *arg)
{
	text_pass *t = arg;
	t->mentions = t->screened = t->spans = t->words = t->name_words = 0;
	for (size_t d = 0; d < t->ndocs; d++) {
		lk_scan_result *r;
		double t0 = t->lang ? now_s() : 0;
		int rc = lk_scan_text(&r, t->ix, t->docs[d], t->lens[d], NULL);
		if (rc)
			return rc;
		if (t->lang) {
			t->lang_s[t->lang[d]] += now_s() - t0;
			t->lang_spans[t->lang[d]] += r->stats.spans;
			t->lang_screened[t->lang[d]] += r->stats.screened;
		}
		t->mentions += r->count;
		t->screened += r->stats.screened;
		t->spans += r->stats.spans;
		t->words += r->stats.words;
		t->name_words += r->stats.name_words;
		if (t->dump)
			dump_mentions(t->dump, d, r);
		lk_scan_result_free(r);
	}
	return 0;
}

typedef struct pay_pass {
	const lk_index *ix;
	const lk_buf *in;
	lk_buf *out;
	lk_scan_payment_stats st;
} pay_pass;

static int pay_run(void *arg)
{
	pay_pass *p = arg;
	lk_buf_clear(p->out);
	return lk_scan_payments_json(p->out, p->ix, p->in->ptr, p->in->len, "bench",
	                             LK_PAYMENT_FORMAT_AUTO, NULL, &p->st);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Append paragraph p to out with names inserted after random spaces. */
static int inserted_names = 4; /* --names: names inserted per paragraph (3 unlisted, 1 listed) */

static void paragraph(lk_buf *out, const char *p, const strs *neg, const strs *pos)
{
	size_t n = strlen(p);
	size_t spaces = 0;
	for (size_t i = 0; i < n; i++)
		spaces += p[i] == ' ';
	size_t at[4];
	for (int k = 0; k < 4; k++)
		at[k] = spaces ? next_rand() % spaces : 0;
	size_t sp = 0;
	for (size_t i = 0; i < n; i++) {
		lk_buf_putc(out, p[i]);
		if (p[i] != ' ')
			continue;
		for (int k = 0; k < inserted_names; k++)
			if (at[k] == sp) {
				const strs *s = k == 3 ? pos : neg;
				lk_buf_puts(out, s->v[next_rand() % s->n]);
				lk_buf_puts(out, k == 3 ? " sagte, " : " und ");
			}
		sp++;
	}
	lk_buf_puts(out, "\n\n");
}

/* Uppercase ASCII letters and spaces only (the SWIFT X set), at most 35 characters; "" when
 * fewer than three letters are left (a name in another script: the caller draws again). */
static void swift_name(char *out, const char *name)
{
	size_t k = 0;
	for (const char *p = name; *p && k < 35; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((c >= 'A' && c <= 'Z') || c == ' ')
			out[k++] = c;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k < 3 ? 0 : k] = 0;
}

/* A random name of s that is written in the SWIFT X set. */
static void swift_pick(char *out, const strs *s)
{
	do
		swift_name(out, s->v[next_rand() % s->n]);
	while (!out[0]);
}

/* ---- the news corpus: prose from installed Debian packages ---- */

typedef enum prose_kind { PROSE_FORTUNE, PROSE_HTML, PROSE_MO } prose_kind;

/* Where the prose is. A path is a file or a directory (its regular files, in name order, not
 * recursive: symbolic links such as fortune's *.u8 and subdirectories are left out). */
typedef struct prose_source {
	const char *lang, *package;
	const char *path;
	const char *probe;    /* a file only this package installs (NULL: path itself) */
	prose_kind kind;
	const char *suffix;   /* only names that end so (NULL: all but *.dat, fortune's index) */
	const char *skip;     /* " a b ": file names left out (other packages' files, ASCII art) */
	const char *charset;  /* a file that is not UTF-8 is converted from this (NULL: left out) */
} prose_source;

#define FORTUNES "/usr/share/games/fortunes"
#define LO_RES "/usr/lib/libreoffice/program/resource"
static const prose_source prose_sources[] = {
	{"en", "fortunes-min", FORTUNES "/fortunes", NULL, PROSE_FORTUNE, NULL, NULL, NULL},
	{"en", "fortunes", FORTUNES, FORTUNES "/literature", PROSE_FORTUNE, NULL,
	 " fortunes chinese song100 tang300 art ascii-art ", NULL},
	{"de", "fortunes-de", FORTUNES "/de", NULL, PROSE_FORTUNE, NULL, " asciiart ", "ISO-8859-1"},
	{"ru", "fortunes-ru", FORTUNES "/ru", NULL, PROSE_FORTUNE, NULL, NULL, "KOI8-R"},
	{"es", "fortunes-es", FORTUNES "/es", NULL, PROSE_FORTUNE, NULL, NULL, "ISO-8859-1"},
	{"zh", "fortunes-zh", FORTUNES "/chinese", NULL, PROSE_FORTUNE, NULL, NULL, NULL},
	{"zh", "fortunes-zh", FORTUNES "/tang300", NULL, PROSE_FORTUNE, NULL, NULL, NULL},
	{"zh", "fortunes-zh", FORTUNES "/song100", NULL, PROSE_FORTUNE, NULL, NULL, NULL},
	{"fr", "debian-faq-fr", "/usr/share/doc/debian/FAQ/fr", NULL, PROSE_HTML, ".html", NULL, NULL},
	{"ko", "debian-faq-ko", "/usr/share/doc/debian/FAQ/ko", NULL, PROSE_HTML, ".html", NULL, NULL},
	{"ko", "libreoffice-l10n-ko", LO_RES "/ko/LC_MESSAGES", NULL, PROSE_MO, ".mo", NULL, NULL},
	{"ar", "libreoffice-l10n-ar", LO_RES "/ar/LC_MESSAGES", NULL, PROSE_MO, ".mo", NULL, NULL},
};

/* The pools, one per language; "seed" holds the seed page's and the bench's own paragraphs. */
static const char *const news_langs[] = {"seed", "en", "de", "ru", "es", "fr", "zh", "ko", "ar"};
#define NEWS_NLANGS (sizeof news_langs / sizeof *news_langs)

typedef struct news_pool {
	strs v;         /* paragraphs, owned (but the seed pool's) */
	size_t bytes;   /* of the paragraphs left to use */
	size_t next;    /* next paragraph to use */
	size_t used_bytes; /* of the documents made from it, names included */
} news_pool;

static uint64_t news_rng = 0xD1B54A32D192ED03ull; /* apart from rng: the dense corpus and the
                                                   * payments stay as they were */
static uint64_t news_rand(void)
{
	news_rng ^= news_rng << 13;
	news_rng ^= news_rng >> 7;
	news_rng ^= news_rng << 17;
	return news_rng;
}

static char *read_opt(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	lk_buf b;
	lk_buf_init(&b, 0);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		lk_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return lk_buf_detach(&b);
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if it is not one (overlongs,
 * surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t k;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, v = c & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if ((k == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (k == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	*cp = v;
	return k;
}

static bool utf8_valid(const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* s[0..n) from charset to UTF-8 with iconv(3); NULL if that fails. */
static char *to_utf8(const char *charset, const char *s, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 4 + 16, left = cap;
	char *out = malloc(cap), *o = out, *in = (char *)s;
	size_t inleft = n;
	if (!out)
		abort();
	size_t r = iconv(cd, &in, &inleft, &o, &left);
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(out);
		return NULL;
	}
	*outlen = (size_t)(o - out);
	*o = 0;
	return out;
}

/* Han and kana: written without spaces, counted as a word per two characters. */
static bool cjk_char(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Full-width punctuation after which a name can be inserted in Han text. */
static bool cjk_punct(uint32_t cp)
{
	return cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF01 || cp == 0xFF1F ||
	       cp == 0xFF1B || cp == 0xFF1A;
}

/* Words in s: space-separated tokens, and a word per two Han or kana characters. */
static size_t count_words(const char *s, size_t n)
{
	size_t words = 0, cjk = 0;
	bool in = false;
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			k = 1, cp = 0xFFFD;
		if (cp == ' ') {
			in = false;
		} else {
			words += !in;
			in = true;
			if (cjk_char(cp) && ++cjk % 2 == 0)
				words++;
		}
		i += k;
	}
	return words;
}

/* Add s[0..n) to the pool as one paragraph: whitespace runs become one space, control
 * characters go; kept if it has at least min_words words and is not mostly symbols (ASCII
 * art, tables). */
static void pool_add(news_pool *p, const char *s, size_t n, size_t min_words)
{
	char *t = malloc(n + 1);
	if (!t)
		abort();
	size_t k = 0, symbols = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			if (k && t[k - 1] != ' ')
				t[k++] = ' ';
			continue;
		}
		if (c == 0x1B && i + 1 < n && s[i + 1] == '[') { /* a terminal colour (fortunes-zh) */
			for (i += 2; i < n && !(s[i] >= 0x40 && s[i] <= 0x7E); i++)
				;
			continue;
		}
		if (c < 0x20 || c == 0x7F)
			continue;
		uint32_t cp = c;
		size_t len = c < 0x80 ? 1 : utf8_seq((const unsigned char *)s + i, n - i, &cp);
		if (!len) /* not UTF-8 (the callers check; kept so the copy stays valid) */
			continue;
		if (c < 0x80 ? !((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9') &&
		                   !strchr(".,;:!?'\"-()", c)
		             : cp >= 0x2000 && cp <= 0x2BFF && cp != 0x2013 && cp != 0x2014 &&
		                   !(cp >= 0x2018 && cp <= 0x201F) && cp != 0x2026)
			symbols++; /* ASCII symbols, box drawing, arrows, ... but dashes and quotes */
		else
			letters++;
		memcpy(t + k, s + i, len);
		k += len;
		i += len - 1;
	}
	while (k && t[k - 1] == ' ')
		k--;
	t[k] = 0;
	if (!k || symbols * 5 > letters || count_words(t, k) < min_words) {
		free(t);
		return;
	}
	push(&p->v, t);
	p->bytes += k;
}

/* fortune(6) files: entries separated by lines holding only "%" (or "%%"). */
static void read_fortunes(news_pool *p, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t b = 0; b < n;) {
		const char *nl = memchr(s + b, '\n', n - b);
		size_t e = nl ? (size_t)(nl - s) : n, l = e - b;
		if (l && s[e - 1] == '\r')
			l--;
		if ((l == 1 || (l == 2 && s[b + 1] == '%')) && s[b] == '%') {
			pool_add(p, s + start, b - start, 4);
			start = e + 1;
		}
		b = e + 1;
	}
	if (start < n)
		pool_add(p, s + start, n - start, 4);
}

/* Append code point cp as UTF-8 (a valid scalar value, else U+FFFD). */
static void put_cp(lk_buf *b, uint32_t cp)
{
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		lk_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		lk_buf_putc(b, (char)(0xC0 | cp >> 6));
		lk_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		lk_buf_putc(b, (char)(0xE0 | cp >> 12));
		lk_buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		lk_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		lk_buf_putc(b, (char)(0xF0 | cp >> 18));
		lk_buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
		lk_buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
		lk_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* HTML (the Debian FAQ, DocBook output): the text between block tags is a paragraph; other
 * tags vanish; the common entities are decoded. */
static void read_html(news_pool *p, const char *s, size_t n)
{
	static const char *const blocks[] = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
	                                     "h6", "pre", "div", "br", "tr", "td", "th", "title",
	                                     "table", "ul", "ol", "dl", "blockquote"};
	lk_buf b;
	lk_buf_init(&b, 0);
	for (size_t i = 0; i < n;) {
		if (s[i] == '<') {
			const char *end = memchr(s + i, '>', n - i);
			size_t j = end ? (size_t)(end - s) + 1 : n;
			size_t t = i + 1 + (i + 1 < n && s[i + 1] == '/');
			size_t tl = 0;
			while (t + tl < j && (((s[t + tl] | 32) >= 'a' && (s[t + tl] | 32) <= 'z') ||
			                      (s[t + tl] >= '0' && s[t + tl] <= '9')))
				tl++;
			bool block = false;
			for (size_t k = 0; k < sizeof blocks / sizeof *blocks && !block; k++)
				block = strlen(blocks[k]) == tl && !strncasecmp(blocks[k], s + t, tl);
			if (block) {
				pool_add(p, b.ptr ? b.ptr : "", b.len, 5);
				lk_buf_clear(&b);
			} else {
				lk_buf_putc(&b, ' ');
			}
			i = j;
		} else if (s[i] == '&') {
			const char *semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
			if (!semi) {
				lk_buf_putc(&b, '&');
				i++;
				continue;
			}
			size_t el = (size_t)(semi - s) - i - 1;
			const char *e = s + i + 1;
			if (el > 1 && e[0] == '#')
				put_cp(&b, (uint32_t)strtoul(e + 1 + ((e[1] | 32) == 'x'), NULL,
				                             (e[1] | 32) == 'x' ? 16 : 10));
			else if (el == 3 && !strncmp(e, "amp", 3))
				lk_buf_putc(&b, '&');
			else if (el == 2 && !strncmp(e, "lt", 2))
				lk_buf_putc(&b, '<');
			else if (el == 2 && !strncmp(e, "gt", 2))
				lk_buf_putc(&b, '>');
			else if (el == 4 && !strncmp(e, "quot", 4))
				lk_buf_putc(&b, '"');
			else
				lk_buf_putc(&b, ' ');
			i = (size_t)(semi - s) + 1;
		} else {
			lk_buf_putc(&b, s[i++]);
		}
	}
	pool_add(p, b.ptr ? b.ptr : "", b.len, 5);
	lk_buf_dispose(&b);
}

static uint32_t mo_u32(const unsigned char *s, bool be)
{
	return be ? (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3]
	          : (uint32_t)s[3] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0];
}

/* A GNU gettext catalogue (.mo): magic, revision, N, the offset of the table of original
 * strings and that of the translations, each table N (length, offset) pairs. Every
 * translation (its first plural form) with at least five words is a paragraph: message
 * catalogues are mostly labels, their sentences are tooltips and explanations. LibreOffice
 * marks accelerators with '~'; those go. Entries that point outside the file are skipped. */
static void read_mo(news_pool *p, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n < 20)
		return;
	bool be;
	if (mo_u32(u, false) == 0x950412DEu)
		be = false;
	else if (mo_u32(u, true) == 0x950412DEu)
		be = true;
	else
		return;
	uint32_t count = mo_u32(u + 8, be), orig = mo_u32(u + 12, be), trans = mo_u32(u + 16, be);
	for (uint32_t i = 0; i < count; i++) {
		if ((uint64_t)orig + 8ull * i + 8 > n || (uint64_t)trans + 8ull * i + 8 > n)
			break;
		uint32_t olen = mo_u32(u + orig + 8ull * i, be);
		uint32_t len = mo_u32(u + trans + 8ull * i, be), off = mo_u32(u + trans + 8ull * i + 4, be);
		if (!olen || (uint64_t)off + len > n) /* the header, or out of bounds */
			continue;
		const char *t = s + off;
		size_t tl = strnlen(t, len);
		if (memchr(t, '<', tl))
			continue; /* markup */
		char *c = malloc(tl + 1);
		if (!c)
			abort();
		size_t k = 0;
		for (size_t j = 0; j < tl; j++)
			if (t[j] != '~')
				c[k++] = t[j];
		if (utf8_valid(c, k))
			pool_add(p, c, k, 5);
		free(c);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Read one file of a source into its pool; false if it was left out (not UTF-8, and not in
 * the source's charset either). */
static bool read_prose_file(news_pool *p, const prose_source *src, const char *path)
{
	size_t len;
	char *s = read_opt(path, &len);
	if (!s)
		return false;
	if (src->kind != PROSE_MO && !utf8_valid(s, len)) { /* a catalogue's strings are checked one by one */
		size_t ul;
		char *u = src->charset ? to_utf8(src->charset, s, len, &ul) : NULL;
		free(s);
		if (!u || !utf8_valid(u, ul)) {
			free(u);
			return false;
		}
		s = u;
		len = ul;
	}
	if (src->kind == PROSE_FORTUNE)
		read_fortunes(p, s, len);
	else if (src->kind == PROSE_HTML)
		read_html(p, s, len);
	else
		read_mo(p, s, len);
	free(s);
	return true;
}

static bool wanted_file(const prose_source *src, const char *name)
{
	size_t nl = strlen(name);
	if (name[0] == '.')
		return false;
	if (src->suffix) {
		size_t sl = strlen(src->suffix);
		if (nl < sl || strcmp(name + nl - sl, src->suffix))
			return false;
	} else if (nl > 4 && !strcmp(name + nl - 4, ".dat")) {
		return false;
	}
	if (src->skip) {
		char key[300];
		snprintf(key, sizeof key, " %s ", name);
		if (strstr(src->skip, key))
			return false;
	}
	return true;
}

/* Whether lang is in the comma-separated list only (NULL: every language). */
static bool lang_wanted(const char *only, const char *lang)
{
	if (!only)
		return true;
	size_t n = strlen(lang);
	for (const char *p = only; (p = strstr(p, lang)); p += n)
		if ((p == only || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
			return true;
	return false;
}

/* Read every source under root (a prefix of the system paths, "" for the installed files)
 * into the pools, the languages of only (NULL: all); the packages not installed are listed
 * in missing. Returns the files read. */
static size_t read_prose(news_pool *pools, const char *root, const char *only, lk_buf *missing,
                         size_t *skipped)
{
	size_t files = 0;
	for (size_t i = 0; i < sizeof prose_sources / sizeof *prose_sources; i++) {
		const prose_source *src = &prose_sources[i];
		size_t l = 0;
		while (l < NEWS_NLANGS && strcmp(news_langs[l], src->lang))
			l++;
		if (!lang_wanted(only, src->lang))
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s%s", root, src->probe ? src->probe : src->path);
		bool have = stat(path, &st) == 0;
		snprintf(path, sizeof path, "%s%s", root, src->path);
		if (!have || stat(path, &st)) {
			char key[128], list[4096];
			snprintf(key, sizeof key, " %s ", src->package);
			snprintf(list, sizeof list, " %s ", lk_buf_cstr(missing));
			if (!strstr(list, key))
				lk_buf_printf(missing, "%s%s", missing->len ? " " : "", src->package);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (read_prose_file(&pools[l], src, path))
				files++;
			else
				++*skipped;
			continue;
		}
		DIR *d = opendir(path);
		if (!d)
			continue;
		strs names = {0};
		for (struct dirent *e; (e = readdir(d));)
			if (wanted_file(src, e->d_name))
				push(&names, strdup(e->d_name));
		closedir(d);
		if (names.n)
			qsort(names.v, names.n, sizeof *names.v, cmp_str); /* readdir's order is not fixed */
		for (size_t k = 0; k < names.n; k++) {
			char file[8192];
			snprintf(file, sizeof file, "%s/%s", path, names.v[k]);
			if (!lstat(file, &st) && S_ISREG(st.st_mode)) {
				if (read_prose_file(&pools[l], src, file))
					files++;
				else
					++*skipped;
			}
			free(names.v[k]);
		}
		free(names.v);
	}
	return files;
}

/* Names go into the news corpus one per news_density words on average (the gap drawn between
 * half and one and a half times that); a third of them repeat a name already in the document
 * (news names a person again), the others are new: one in four listed (UN positives), three
 * in four unlisted (negatives_global), as in the dense corpus. */
typedef struct news_names {
	const strs *neg, *pos;
	size_t density;
	long gap;
	const char *doc[256];
	size_t ndoc;
	size_t inserted, listed, repeated, words;
} news_names;

static void news_gap(news_names *nn)
{
	nn->gap = (long)(nn->density / 2 + news_rand() % (nn->density + 1));
}

static void news_insert(lk_buf *out, news_names *nn, bool after_space)
{
	const char *name;
	if (nn->ndoc && news_rand() % 3 == 0) {
		name = nn->doc[news_rand() % nn->ndoc];
		nn->repeated++;
	} else {
		bool listed = news_rand() % 4 == 0;
		const strs *s = listed ? nn->pos : nn->neg;
		name = s->v[news_rand() % s->n];
		nn->listed += listed;
		if (nn->ndoc < sizeof nn->doc / sizeof *nn->doc)
			nn->doc[nn->ndoc++] = name;
	}
	nn->inserted++;
	lk_buf_puts(out, name);
	lk_buf_puts(out, after_space ? ", " : " ");
	news_gap(nn);
}

/* Append paragraph p with names inserted after spaces (or after full-width punctuation in
 * Han text) once the gap, counted in words as count_words() does, has run out. */
static void news_paragraph(lk_buf *out, const char *p, news_names *nn)
{
	size_t n = strlen(p), cjk = 0;
	bool in = false;
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)p + i, n - i, &cp);
		if (!k)
			k = 1, cp = 0xFFFD;
		lk_buf_put(out, p + i, k);
		i += k;
		if (cp == ' ') {
			in = false;
		} else {
			if (!in)
				nn->gap--, nn->words++;
			in = true;
			if (cjk_char(cp) && ++cjk % 2 == 0)
				nn->gap--, nn->words++;
		}
		if (nn->density && nn->gap <= 0 && i < n && (cp == ' ' || cjk_punct(cp)))
			news_insert(out, nn, cp == ' ');
	}
	lk_buf_puts(out, "\n\n");
}

/* Distinct space-separated tokens (ASCII punctuation trimmed) of the documents: how large a
 * vocabulary the scanner's word caches face. */
static size_t distinct_tokens(char *const *docs, const size_t *lens, size_t ndocs)
{
	size_t cap = 1 << 16, used = 0;
	struct slot { const char *s; size_t n; uint64_t h; } *tab = calloc(cap, sizeof *tab);
	if (!tab)
		abort();
	for (size_t d = 0; d < ndocs; d++) {
		const char *s = docs[d];
		size_t n = lens[d];
		for (size_t i = 0; i < n;) {
			while (i < n && (s[i] == ' ' || s[i] == '\n'))
				i++;
			size_t b = i;
			while (i < n && s[i] != ' ' && s[i] != '\n')
				i++;
			size_t e = i;
			while (b < e && (unsigned char)s[b] < 0x80 && strchr(".,;:!?'\"()[]{}-", s[b]))
				b++;
			while (e > b && (unsigned char)s[e - 1] < 0x80 && strchr(".,;:!?'\"()[]{}-", s[e - 1]))
				e--;
			if (b == e)
				continue;
			uint64_t h = 1469598103934665603ull;
			for (size_t k = b; k < e; k++)
				h = (h ^ (unsigned char)s[k]) * 1099511628211ull;
			size_t at = h & (cap - 1);
			while (tab[at].s && !(tab[at].h == h && tab[at].n == e - b && !memcmp(tab[at].s, s + b, e - b)))
				at = (at + 1) & (cap - 1);
			if (tab[at].s)
				continue;
			tab[at] = (struct slot){s + b, e - b, h};
			if (++used * 2 > cap) {
				size_t ncap = cap * 2;
				struct slot *nt = calloc(ncap, sizeof *nt);
				if (!nt)
					abort();
				for (size_t k = 0; k < cap; k++)
					if (tab[k].s) {
						size_t a = tab[k].h & (ncap - 1);
						while (nt[a].s)
							a = (a + 1) & (ncap - 1);
						nt[a] = tab[k];
					}
				free(tab);
				tab = nt;
				cap = ncap;
			}
		}
	}
	free(tab);
	return used;
}

int main(int argc, char **argv)
{
	const char *data = getenv("LOOKOUT_DATA"), *dump_path = NULL, *news_dump_path = NULL,
	           *news_write_path = NULL;
	const char *prose_root = "", *news_only = NULL;
	size_t ndocs = 2000, naive_docs = 20, nmsg = 20000, news_mb = 100, news_density = 50;
	int passes = 3;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--data"))
			data = argv[i + 1];
		else if (!strcmp(argv[i], "--docs"))
			ndocs = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--passes"))
			passes = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--naive-docs"))
			naive_docs = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--names"))
			inserted_names = atoi(argv[i + 1]) < 0 ? 0 : atoi(argv[i + 1]) > 4 ? 4 : atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--dump"))
			dump_path = argv[i + 1];
		else if (!strcmp(argv[i], "--messages"))
			nmsg = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--news-mb"))
			news_mb = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--news-density"))
			news_density = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--news-dump"))
			news_dump_path = argv[i + 1];
		else if (!strcmp(argv[i], "--prose"))
			prose_root = argv[i + 1];
		else if (!strcmp(argv[i], "--news-langs"))
			news_only = argv[i + 1];
		else if (!strcmp(argv[i], "--news-write"))
			news_write_path = argv[i + 1];
	}
	if (!data || passes < 1) {
		fprintf(stderr, "usage: bench_scan --data DIR [--docs N] [--passes N] "
		                "[--naive-docs N] [--messages N] [--names N] [--dump FILE] "
		                "[--news-mb N] [--news-density W] [--news-dump FILE] [--prose ROOT]\n");
		return 2;
	}
	char path[4096];
	lk_list *lists[3];
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/lists/%s", data, bench_lists[i]);
		const char *p = path;
		if (lk_list_parse(&lists[i], &p, 1, NULL)) {
			fprintf(stderr, "bench_scan: %s\n", lk_error_last()->message);
			return 1;
		}
	}
	lk_index *ix;
	if (lk_index_build_from_lists(&ix, (const lk_list *const *)lists, 3))
		return 1;

	/* ---- the corpus ---- */
	strs pool = {0}, neg = {0}, pos = {0};
	size_t len;
	snprintf(path, sizeof path, "%s/text/news_de_russia_dprk_pact_2024-06-19.txt", data);
	char *seed = slurp(path, &len);
	for (char *p = strtok(seed, "\n"); p; p = strtok(NULL, "\n"))
		if (strlen(p) > 80)
			push(&pool, p);
	for (size_t i = 0; i < sizeof extra_paragraphs / sizeof *extra_paragraphs; i++)
		push(&pool, (char *)extra_paragraphs[i]);
	snprintf(path, sizeof path, "%s/eval/yente_benchmark/negatives_global.csv", data);
	names_from_csv(path, &neg, false);
	snprintf(path, sizeof path, "%s/eval/yente_benchmark/positives_un_untreated.csv", data);
	names_from_csv(path, &pos, true);
	char **docs = malloc(ndocs * sizeof *docs);
	size_t *lens = malloc(ndocs * sizeof *lens), total = 0;
	for (size_t d = 0; d < ndocs; d++) {
		lk_buf b;
		lk_buf_init(&b, 0);
		for (int k = 0; k < 6; k++)
			paragraph(&b, pool.v[next_rand() % pool.n], &neg, &pos);
		lens[d] = b.len;
		total += b.len;
		docs[d] = lk_buf_detach(&b);
	}

	/* ---- the news corpus: packaged prose, names at news density ---- */
	news_pool pools[NEWS_NLANGS];
	memset(pools, 0, sizeof pools);
	lk_buf missing;
	lk_buf_init(&missing, 0);
	strs news = {0};
	unsigned char *news_lang = NULL;
	size_t news_lang_cap = 0;
	size_t *news_lens = NULL, news_total = 0, news_files = 0, news_skipped = 0;
	news_names nn = {.neg = &neg, .pos = &pos, .density = news_density};
	if (news_mb > 0) {
		news_files = read_prose(pools, prose_root, news_only, &missing, &news_skipped);
		if (missing.len)
			fprintf(stderr, "bench_scan: news corpus: not installed: %s (scripts/install-deps.sh "
			                "--bench installs them)%s\n", lk_buf_cstr(&missing),
			        news_files ? "; the corpus is built from the rest" : "");
		if (!news_files)
			fprintf(stderr, "bench_scan: news corpus: no packaged prose found, skipped\n");
	}
	if (news_files) {
		for (size_t i = 0; i < pool.n && lang_wanted(news_only, "seed"); i++) {
			push(&pools[0].v, pool.v[i]);
			pools[0].bytes += strlen(pool.v[i]);
		}
		for (size_t l = 0; l < NEWS_NLANGS; l++)
			for (size_t i = pools[l].v.n; i > 1; i--) {
				size_t j = news_rand() % i;
				char *x = pools[l].v.v[i - 1];
				pools[l].v.v[i - 1] = pools[l].v.v[j];
				pools[l].v.v[j] = x;
			}
		/* A document is one language's paragraphs (its pool shuffled, each paragraph used
		 * once), 1.5-6 KB; the language is drawn in proportion to the prose it has left, so
		 * the mix stays that of the whole prose until the size is reached. */
		while (news_total < news_mb * 1000000) {
			size_t left = 0, l = 0;
			for (size_t k = 0; k < NEWS_NLANGS; k++)
				left += pools[k].bytes;
			if (!left)
				break;
			for (size_t r = news_rand() % left; r >= pools[l].bytes; l++)
				r -= pools[l].bytes;
			size_t target = 1500 + news_rand() % 4500;
			lk_buf b;
			lk_buf_init(&b, 0);
			nn.ndoc = 0;
			news_gap(&nn);
			while (b.len < target && pools[l].next < pools[l].v.n) {
				const char *para = pools[l].v.v[pools[l].next++];
				size_t pl = strlen(para);
				pools[l].bytes -= pl;
				news_paragraph(&b, para, &nn);
			}
			news_total += b.len;
			pools[l].used_bytes += b.len;
			if (news.n == news_lang_cap) {
				news_lang_cap = news_lang_cap ? news_lang_cap * 2 : 1024;
				if (!(news_lang = realloc(news_lang, news_lang_cap)))
					abort();
			}
			news_lang[news.n] = (unsigned char)l;
			push(&news, lk_buf_detach(&b));
		}
		news_lens = malloc((news.n ? news.n : 1) * sizeof *news_lens);
		if (!news_lens)
			abort();
		for (size_t d = 0; d < news.n; d++)
			news_lens[d] = strlen(news.v[d]);
		FILE *w = news_write_path ? fopen(news_write_path, "w") : NULL;
		if (news_write_path && !w) {
			fprintf(stderr, "bench_scan: cannot write %s\n", news_write_path);
			return 1;
		}
		for (size_t d = 0; w && d < news.n; d++)
			fprintf(w, "%s\f\n", news.v[d]); /* a form feed after each document */
		if (w)
			fclose(w);
	}

	/* ---- scan-text ---- */
	double *times = malloc((size_t)passes * sizeof *times);
	size_t mentions = 0, screened = 0, spans = 0;
	FILE *dump = NULL;
	if (dump_path && !(dump = fopen(dump_path, "w"))) {
		fprintf(stderr, "bench_scan: cannot write %s\n", dump_path);
		return 1;
	}
	double text_s = 0;
	if (ndocs) {
		for (int p = 0; p < passes; p++) {
			text_pass tp = {.ix = ix, .docs = docs, .lens = lens, .ndocs = ndocs,
			                .dump = p == 0 ? dump : NULL};
			times[p] = run_cold(text_run, &tp);
			mentions = tp.mentions;
			screened = tp.screened;
			spans = tp.spans;
		}
		qsort(times, (size_t)passes, sizeof *times, cmp_double);
		text_s = times[passes / 2];
	}

	/* ---- scan-text on the news corpus ---- */
	double news_s = 0;
	text_pass news_tp = {0}, *news_tps = calloc((size_t)passes, sizeof *news_tps);
	if (!news_tps)
		abort();
	if (news.n) {
		FILE *nd = NULL;
		if (news_dump_path && !(nd = fopen(news_dump_path, "w"))) {
			fprintf(stderr, "bench_scan: cannot write %s\n", news_dump_path);
			return 1;
		}
		for (int p = 0; p < passes; p++) {
			text_pass *tp = &news_tps[p];
			*tp = (text_pass){.ix = ix, .docs = news.v, .lens = news_lens, .ndocs = news.n,
			                  .dump = p == 0 ? nd : NULL, .lang = news_lang};
			times[p] = run_cold(text_run, tp);
			news_tps[p].seconds = times[p];
		}
		qsort(times, (size_t)passes, sizeof *times, cmp_double);
		news_s = times[passes / 2];
		for (int p = 0; p < passes; p++) /* the median pass, whose languages are reported */
			if (news_tps[p].seconds == news_s)
				news_tp = news_tps[p];
		if (nd)
			fclose(nd);
	}
	double mb = (double)total / 1e6, news_mbytes = (double)news_total / 1e6;
	lk_buf nj; /* the news corpus's fields of the JSON line */
	lk_buf_init(&nj, 0);
	lk_buf_printf(&nj, "\"news_missing\":\"%s\",\"news_files\":%zu,\"news_files_skipped\":%zu,"
	              "\"news_docs\":%zu,\"news_bytes\":%zu,\"news_langs\":{",
	              lk_buf_cstr(&missing), news_files, news_skipped, news.n, news_total);
	for (size_t l = 0; l < NEWS_NLANGS; l++)
		lk_buf_printf(&nj, "%s\"%s\":%zu", l ? "," : "", news_langs[l], pools[l].used_bytes);
	lk_buf_printf(&nj, "},\"news_words\":%zu,\"news_distinct_tokens\":%zu,\"news_words_per_name\":%zu,"
	              "\"news_names\":%zu,\"news_names_listed\":%zu,\"news_names_repeated\":%zu,"
	              "\"news_median_s\":%.4f,\"news_mb_s\":%.2f,\"news_mentions\":%zu,"
	              "\"news_words_per_mb\":%.0f,\"news_name_words_per_mb\":%.0f,"
	              "\"news_spans_per_mb\":%.0f,\"news_screened_per_mb\":%.0f",
	              nn.words, distinct_tokens(news.v, news_lens, news.n), news_density,
	              nn.inserted, nn.listed, nn.repeated, news_s,
	              news_s > 0 ? news_mbytes / news_s : 0.0, news_tp.mentions,
	              news_total ? (double)news_tp.words / news_mbytes : 0.0,
	              news_total ? (double)news_tp.name_words / news_mbytes : 0.0,
	              news_total ? (double)news_tp.spans / news_mbytes : 0.0,
	              news_total ? (double)news_tp.screened / news_mbytes : 0.0);
	/* Per language (median pass): MB/s, and the spans screened in full per MB. */
	static const char *const per_lang[] = {"news_lang_mb_s", "news_lang_screened_per_mb"};
	for (int k = 0; k < 2; k++) {
		lk_buf_printf(&nj, ",\"%s\":{", per_lang[k]);
		for (size_t l = 0, first = 1; l < NEWS_NLANGS; l++) {
			double lmb = (double)pools[l].used_bytes / 1e6;
			if (!pools[l].used_bytes || news_tp.lang_s[l] <= 0)
				continue;
			lk_buf_printf(&nj, k ? "%s\"%s\":%.0f" : "%s\"%s\":%.2f", first ? "" : ",", news_langs[l],
			              k ? (double)news_tp.lang_screened[l] / lmb : lmb / news_tp.lang_s[l]);
			first = 0;
		}
		lk_buf_putc(&nj, '}');
	}

	/* ---- the naive peer: every 1-3 word n-gram (split at spaces) screened ---- */
	size_t naive_bytes = 0, naive_queries = 0, naive_mentions = 0;
	double t0 = now_s();
	for (size_t d = 0; d < naive_docs && d < ndocs; d++) {
		const char *w[4096];
		size_t nw = 0;
		char *copy = strdup(docs[d]);
		for (char *t = strtok(copy, " \n"); t && nw < 4096; t = strtok(NULL, " \n"))
			w[nw++] = t;
		for (size_t i = 0; i < nw; i++) {
			char q[1024] = "";
			for (size_t k = 0; k < 3 && i + k < nw; k++) {
				if (k)
					strncat(q, " ", sizeof q - strlen(q) - 1);
				strncat(q, w[i + k], sizeof q - strlen(q) - 1);
				lk_query qu = LK_QUERY_INIT;
				const char *name = q;
				qu.names = &name;
				qu.nnames = 1;
				lk_match_results *r = NULL;
				naive_queries++;
				if (lk_match_screen(&r, ix, &qu) == 0 && r->count && r->items[0].match)
					naive_mentions++;
				lk_match_results_free(r);
			}
		}
		free(copy);
		naive_bytes += lens[d];
	}
	double naive_s = now_s() - t0;

	/* ---- scan-payment ---- */
	lk_buf mt, px;
	lk_buf_init(&mt, 0);
	lk_buf_init(&px, 0);
	lk_buf_puts(&px, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:"
	                 "iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf><GrpHdr><MsgId>"
	                 "BENCH</MsgId><CreDtTm>2024-05-06T10:00:00Z</CreDtTm><NbOfTxs>1</NbOfTxs>"
	                 "<SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>\n");
	static const char *const bics[] = {"COBADEFFXXX", "SABRRUMM", "BNPAFRPP", "DEUTDEFF"};
	/* Remittance lines: half carry a reference of their own (an invoice, an order), as real
	 * ones do, so that the scanner's cache of free-text scans sees them once; the others
	 * repeat (a charter, bunkers for a listed vessel). */
	static const char *const remit[] = {"INVOICE 2024 %04zu GARDEN FURNITURE",
	                                    "CHARTER HIRE MT NS ANTARCTIC", "BUNKERS IMO 9413559",
	                                    "SPARE PARTS ORDER %zu"};
	for (size_t m = 0; m < nmsg; m++) {
		char ord[40], ben[40];
		swift_pick(ord, &neg);
		swift_pick(ben, next_rand() % 5 ? &neg : &pos);
		const char *bic = bics[next_rand() % 4];
		char rm[64];
		snprintf(rm, sizeof rm, remit[next_rand() % 8 % 4], m);
		lk_buf_printf(&mt,
		              "{1:F01COBADEFFAXXX0000000001}{2:I103DEUTDEFFXXXXN}{4:\r\n:20:REF%zu\r\n"
		              ":23B:CRED\r\n:32A:240506EUR1000,00\r\n:50K:/DE89370400440532013000\r\n"
		              "%s\r\nHAFENSTRASSE 12\r\n:57A:%s\r\n:59:/DE44500105175407324931\r\n%s\r\n"
		              "BERLIN\r\n:70:%s\r\n:71A:SHA\r\n-}\r\n",
		              m, ord, bic, ben, rm);
		lk_buf_printf(&px,
		              "<CdtTrfTxInf><PmtId><EndToEndId>E%zu</EndToEndId></PmtId>"
		              "<IntrBkSttlmAmt Ccy=\"EUR\">1000.00</IntrBkSttlmAmt>"
		              "<IntrBkSttlmDt>2024-05-06</IntrBkSttlmDt><ChrgBr>SHAR</ChrgBr>"
		              "<Dbtr><Nm>%s</Nm></Dbtr><DbtrAgt><FinInstnId><BICFI>COBADEFF</BICFI>"
		              "</FinInstnId></DbtrAgt><CdtrAgt><FinInstnId><BICFI>%.8s</BICFI>"
		              "</FinInstnId></CdtrAgt><Cdtr><Nm>%s</Nm><PstlAdr><Ctry>DE</Ctry>"
		              "</PstlAdr></Cdtr><RmtInf><Ustrd>%s</Ustrd></RmtInf></CdtTrfTxInf>\n",
		              m, ord, bic, ben, rm);
	}
	lk_buf_puts(&px, "</FIToFICstmrCdtTrf></Document>\n");
	double pay_s[2];
	lk_scan_payment_stats pst[2];
	for (int f = 0; f < 2; f++) {
		lk_buf out;
		lk_buf_init(&out, 0);
		lk_buf *in = f == 0 ? &mt : &px;
		double ts[3];
		for (int p = 0; p < 3; p++) {
			pay_pass pp = {ix, in, &out, {0, 0, 0}};
			ts[p] = run_cold(pay_run, &pp);
			pst[f] = pp.st;
		}
		qsort(ts, 3, sizeof *ts, cmp_double);
		pay_s[f] = ts[1];
		if (dump)
			fwrite(out.ptr, 1, out.len, dump);
		lk_buf_dispose(&out);
	}

	printf("{\"names_per_paragraph\":%d,\"docs\":%zu,\"bytes\":%zu,\"passes\":%d,\"text_median_s\":%.4f,"
	       "\"text_mb_s\":%.2f,\"mentions\":%zu,\"spans\":%zu,\"screened\":%zu,"
	       "\"text_distinct_tokens\":%zu,\"text_spans_per_mb\":%.0f,\"text_screened_per_mb\":%.0f,%s,"
	       "\"naive_docs\":%zu,\"naive_bytes\":%zu,\"naive_queries\":%zu,\"naive_s\":%.3f,"
	       "\"naive_mb_s\":%.4f,\"naive_mentions\":%zu,\"speedup_vs_naive\":%.0f,"
	       "\"mt103_messages\":%zu,\"mt103_hits\":%zu,\"mt103_errors\":%zu,\"mt103_median_s\":%.4f,"
	       "\"mt103_msg_s\":%.0f,\"pacs008_messages\":%zu,\"pacs008_hits\":%zu,"
	       "\"pacs008_errors\":%zu,\"pacs008_median_s\":%.4f,\"pacs008_msg_s\":%.0f}\n",
	       inserted_names, ndocs, total, passes, text_s, text_s > 0 ? mb / text_s : 0.0, mentions,
	       spans, screened, distinct_tokens(docs, lens, ndocs), total ? (double)spans / mb : 0.0,
	       total ? (double)screened / mb : 0.0, lk_buf_cstr(&nj), naive_docs, naive_bytes, naive_queries, naive_s,
	       naive_bytes ? (double)naive_bytes / naive_s / 1e6 : 0.0, naive_mentions,
	       naive_bytes && text_s > 0 ? ((double)total / text_s) / ((double)naive_bytes / naive_s) : 0.0,
	       pst[0].messages,
	       pst[0].hits, pst[0].errors, pay_s[0],
	       pay_s[0] > 0 ? (double)pst[0].messages / pay_s[0] : 0.0, pst[1].messages, pst[1].hits,
	       pst[1].errors, pay_s[1], pay_s[1] > 0 ? (double)pst[1].messages / pay_s[1] : 0.0);
	for (size_t d = 0; d < ndocs; d++)
		free(docs[d]);
	for (size_t d = 0; d < news.n; d++)
		free(news.v[d]);
	free(news.v);
	free(news_lens);
	free(news_lang);
	free(news_tps);
	for (size_t l = 1; l < NEWS_NLANGS; l++) /* the seed pool's paragraphs are not its own */
		for (size_t i = 0; i < pools[l].v.n; i++)
			free(pools[l].v.v[i]);
	for (size_t l = 0; l < NEWS_NLANGS; l++)
		free(pools[l].v.v);
	lk_buf_dispose(&missing);
	lk_buf_dispose(&nj);
	free(docs);
	free(lens);
	free(times);
	for (size_t i = 0; i < neg.n; i++)
		free(neg.v[i]);
	for (size_t i = 0; i < pos.n; i++)
		free(pos.v[i]);
	free(neg.v);
	free(pos.v);
	free(pool.v);
	free(seed);
	lk_buf_dispose(&mt);
	lk_buf_dispose(&px);
	if (dump)
		fclose(dump);
	lk_index_unref(ix);
	for (int i = 0; i < 3; i++)
		lk_list_free(lists[i]);
	return 0;
}
