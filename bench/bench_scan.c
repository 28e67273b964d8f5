/*
 * bench_scan.c - the scanning benchmark: scan-text throughput on a multilingual corpus, the
 * naive peer that screens every n-gram, and scan-payment messages per second.
 *
 * Usage: bench_scan [--data DIR] [--docs N] [--passes N] [--naive-docs N] [--messages N]
 *   --data DIR        $LOOKOUT_DATA
 *   --docs N          documents in the text corpus (default 2000, about 11 MB)
 *   --passes N        timed passes over the corpus; the median is reported (default 3)
 *   --naive-docs N    documents the naive peer scans (default 20; it is slow)
 *   --messages N      MT103 messages, and as many pacs.008 transactions (default 20000)
 *   --names N         names inserted per paragraph, 0 to 4 (default 4: three unlisted and
 *                     one listed; 0 leaves the paragraphs as written)
 *   --dump FILE       write every mention of the first text pass and the payment output to
 *                     FILE (to compare two builds' results on the whole corpus)
 *
 * The corpus: documents of six paragraphs drawn from a pool, which holds the paragraphs of
 * the German seed news page (text/) and paragraphs in Russian, Korean and Arabic written for
 * this benchmark; into each paragraph, names are inserted at random word boundaries: three
 * unlisted names (yente's negatives_global: Latin, Arabic, Cyrillic, Han, ... script) and one
 * listed name (yente's UN positives, title-cased), so that every document has different
 * names and the scanner's per-document cache does not see the same spans everywhere. Each
 * document is one lk_scan_text call, as a server would receive them. Payments: MT103
 * messages and pacs.008 transactions with the beneficiary drawn from the same name sets
 * (one in five listed), a bank by BIC and a remittance line, read and screened with
 * lk_scan_payments_json (names in other scripts are drawn again: MT103 allows only the SWIFT
 * X character set). Each timed pass runs on a fresh thread (the scanner's per-thread caches
 * start empty) and is measured in that thread's CPU time; only the public API. Output: one
 * JSON line.
 */
#include "lookout/lookout.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	t->mentions = t->screened = t->spans = 0;
	for (size_t d = 0; d < t->ndocs; d++) {
		lk_scan_result *r;
		int rc = lk_scan_text(&r, t->ix, t->docs[d], t->lens[d], NULL);
		if (rc)
			return rc;
		t->mentions += r->count;
		t->screened += r->stats.screened;
		t->spans += r->stats.spans;
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

int main(int argc, char **argv)
{
	const char *data = getenv("LOOKOUT_DATA"), *dump_path = NULL;
	size_t ndocs = 2000, naive_docs = 20, nmsg = 20000;
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
	}
	if (!data || passes < 1 || ndocs < 1) {
		fprintf(stderr, "usage: bench_scan --data DIR [--docs N] [--passes N] "
		                "[--naive-docs N] [--messages N] [--names N] [--dump FILE]\n");
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

	/* ---- scan-text ---- */
	double *times = malloc((size_t)passes * sizeof *times);
	size_t mentions = 0, screened = 0, spans = 0;
	FILE *dump = NULL;
	if (dump_path && !(dump = fopen(dump_path, "w"))) {
		fprintf(stderr, "bench_scan: cannot write %s\n", dump_path);
		return 1;
	}
	for (int p = 0; p < passes; p++) {
		text_pass tp = {ix, docs, lens, ndocs, 0, 0, 0, p == 0 ? dump : NULL};
		times[p] = run_cold(text_run, &tp);
		mentions = tp.mentions;
		screened = tp.screened;
		spans = tp.spans;
	}
	qsort(times, (size_t)passes, sizeof *times, cmp_double);
	double text_s = times[passes / 2];

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
	static const char *const remit[] = {"INVOICE 2024 0042 GARDEN FURNITURE",
	                                    "CHARTER HIRE MT NS ANTARCTIC", "BUNKERS IMO 9413559",
	                                    "SPARE PARTS ORDER 7781"};
	for (size_t m = 0; m < nmsg; m++) {
		char ord[40], ben[40];
		swift_pick(ord, &neg);
		swift_pick(ben, next_rand() % 5 ? &neg : &pos);
		const char *bic = bics[next_rand() % 4], *rm = remit[next_rand() % 8 % 4];
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
	       "\"naive_docs\":%zu,\"naive_bytes\":%zu,\"naive_queries\":%zu,\"naive_s\":%.3f,"
	       "\"naive_mb_s\":%.4f,\"naive_mentions\":%zu,\"speedup_vs_naive\":%.0f,"
	       "\"mt103_messages\":%zu,\"mt103_hits\":%zu,\"mt103_errors\":%zu,\"mt103_median_s\":%.4f,"
	       "\"mt103_msg_s\":%.0f,\"pacs008_messages\":%zu,\"pacs008_hits\":%zu,"
	       "\"pacs008_errors\":%zu,\"pacs008_median_s\":%.4f,\"pacs008_msg_s\":%.0f}\n",
	       inserted_names, ndocs, total, passes, text_s, (double)total / text_s / 1e6, mentions, spans,
	       screened, naive_docs, naive_bytes, naive_queries, naive_s,
	       naive_bytes ? (double)naive_bytes / naive_s / 1e6 : 0.0, naive_mentions,
	       naive_bytes ? ((double)total / text_s) / ((double)naive_bytes / naive_s) : 0.0,
	       pst[0].messages,
	       pst[0].hits, pst[0].errors, pay_s[0], (double)pst[0].messages / pay_s[0],
	       pst[1].messages, pst[1].hits, pst[1].errors, pay_s[1],
	       (double)pst[1].messages / pay_s[1]);
	for (size_t d = 0; d < ndocs; d++)
		free(docs[d]);
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
