/*
 * test_scan_text.c - finding listed persons in free text (issue 6), on the real lists: UN
 * 2026, OFAC sdn-2024-05-03 and UK 2018 in one index, built once as a server would.
 *
 * The seed news page (German, machine-translated, with scraping debris) must report exactly
 * PUTIN ofac-35096, KIM Jong Un ofac-20157, LAVROV ofac-35233 and BELOUSOV Andrey
 * ofac-39361, every mention of them (the checks walk the text for each spelling and require a
 * mention of the right entity over it), and nothing over the unlisted people and places.
 * Short texts in Russian, Korean, Arabic and Polish do the same in their scripts and
 * inflections, Kim Jong Un and Belousov included.
 */
#include "lk_test.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PUTIN "ofac-35096"
#define KIM "ofac-20157"
#define LAVROV "ofac-35233"
#define BELOUSOV "ofac-39361"

/* The mention covering byte offset `at`, or NULL. */
static const lk_scan_mention *mention_at(const lk_scan_result *r, size_t at)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->mentions[i].start <= at && at < r->mentions[i].end)
			return &r->mentions[i];
	return NULL;
}

/* Every occurrence of `word` in text (not inside a longer word unless glued is true) lies
 * in a mention whose best result is entity `id`; returns how many there were. */
static size_t expect_all(const lk_scan_result *r, const char *text, const char *word,
                         const char *id)
{
	size_t n = 0;
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		size_t at = (size_t)(p - text);
		const lk_scan_mention *m = mention_at(r, at);
		if (!m)
			fail_msg("'%s' at byte %zu: no mention", word, at);
		if (strcmp(m->results[0].entity->id, id) != 0)
			fail_msg("'%s' at byte %zu: mention of %s (%s), expected %s", word, at,
			         m->results[0].entity->id, m->results[0].entity->caption, id);
		assert_true(m->results[0].match);
		n++;
	}
	return n;
}

/* No occurrence of `word` lies in a mention. */
static void expect_none(const lk_scan_result *r, const char *text, const char *word)
{
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		const lk_scan_mention *m = mention_at(r, (size_t)(p - text));
		if (m)
			fail_msg("'%s' at byte %zu is reported as %s (%s)", word, (size_t)(p - text),
			         m->results[0].entity->id, m->results[0].entity->caption);
	}
}

/* Every mention's best result is one of ids (NULL-terminated), and each id occurs. */
static void expect_exactly(const lk_scan_result *r, const char *const *ids)
{
	for (size_t i = 0; i < r->count; i++) {
		const char *got = r->mentions[i].results[0].entity->id;
		size_t k = 0;
		while (ids[k] && strcmp(ids[k], got) != 0)
			k++;
		if (!ids[k])
			fail_msg("unexpected mention %zu-%zu: %s (%s)", r->mentions[i].start,
			         r->mentions[i].end, got, r->mentions[i].results[0].entity->caption);
	}
	for (size_t k = 0; ids[k]; k++) {
		bool seen = false;
		for (size_t i = 0; i < r->count && !seen; i++)
			seen = strcmp(r->mentions[i].results[0].entity->id, ids[k]) == 0;
		if (!seen)
			fail_msg("%s is never mentioned", ids[k]);
	}
}

static void test_seed_news_page(void **state)
{
	(void)state;
	size_t len;
	char *text = lk_test_read_file(
		lk_test_data("text/news_de_russia_dprk_pact_2024-06-19.txt"), &len);
	lk_scan_result *r = lk_test_scan(text);
	static const char *const ids[] = {PUTIN, KIM, LAVROV, BELOUSOV, NULL};
	expect_exactly(r, ids);

	/* Every "Putin" (also "Putins", and "PutinWHO" glued by the scraper), every
	 * "Kim Jong-un", "Kim" and "Kims" alone after it, "Lawrow", "Beloussow". The page has 16
	 * Putin, 7 Kim Jong-un and 3 more Kim (the Kim of Kim-Il-Sung-Platz is excluded below). */
	assert_int_equal(expect_all(r, text, "Putin", PUTIN), 16);
	assert_int_equal(expect_all(r, text, "Kim Jong-un", KIM), 7);
	assert_int_equal(expect_all(r, text, "Kim ", KIM) + expect_all(r, text, "Kims ", KIM) +
	                     expect_all(r, text, "Kim,", KIM),
	                 7 + 3);
	assert_int_equal(expect_all(r, text, "Lawrow", LAVROV), 1);
	assert_int_equal(expect_all(r, text, "Beloussow", BELOUSOV), 1);

	/* The glued "Wladimir PutinWHO" is a mention of "Wladimir Putin", without the debris. */
	const char *glued = strstr(text, "Wladimir PutinWHO");
	assert_non_null(glued);
	const lk_scan_mention *m = mention_at(r, (size_t)(glued - text));
	assert_non_null(m);
	assert_int_equal(m->start, (size_t)(glued - text));
	assert_int_equal(m->end - m->start, strlen("Wladimir Putin"));
	assert_int_equal(m->how, LK_SCAN_NAME);
	/* "Putins" alone is a coreference to the full mention, screened as "Putin". */
	m = mention_at(r, (size_t)(strstr(text, "Putins Berater") - text));
	assert_non_null(m);
	assert_int_equal(m->how, LK_SCAN_COREFERENCE);
	assert_int_equal(m->end - m->start, strlen("Putins"));
	assert_string_equal(m->query, "Putin");
	/* Sergej Lawrow and Andrei Beloussow come after their titles, which are not part of the
	 * mention. */
	m = mention_at(r, (size_t)(strstr(text, "Lawrow") - text));
	assert_memory_equal(text + m->start, "Sergej Lawrow", m->end - m->start);

	/* Nothing over the people these lists do not have, the square, the places. */
	static const char *const not_listed[] = {
		"Uschakow", "Rjabkow", "Podoliak", "Shapps", "Koh Yu-hwan", "Nguyen Phu Trong",
		"Ho Chi Minh", "Kim-Il-Sung-Platz", "Pjöngjang", "Moskau", "Washingtons",
		"September", "Präsident", "Außenminister",
	};
	for (size_t i = 0; i < LK_ARRAY_SIZE(not_listed); i++)
		expect_none(r, text, not_listed[i]);
	assert_int_equal(r->stats.bytes, len);
	assert_int_equal(r->stats.mentions, r->count);
	assert_true(r->stats.screened <= r->stats.spans + 1);
	lk_scan_result_free(r);
	free(text);
}

/* Russian: cases of the surname and the given name (Путина, Владимиром Путиным, Сергеем
 * Лавровым), the surname alone after the full name, unlisted Ushakov and Ryabkov. Kim Jong Un
 * in the older press spelling (Ким Чен Ын) and in Kontsevich with a case ending (Ким Чжон
 * Ыном), then "Ким" alone; the Kim Il Sung square after his first mention: its "Ким" begins
 * another name and is not taken for him. */
static void test_russian(void **state)
{
	(void)state;
	const char *text =
		"Президент России Владимир Путин прибыл в Пхеньян. Его встретил Ким Чен Ын на "
		"площади Ким Ир Сена. Путина сопровождали министр иностранных дел Сергей Лавров и "
		"министр обороны Андрей Белоусов.\n"
		"Помощник президента Юрий Ушаков сообщил, что Лавров провёл переговоры. "
		"Заместитель министра Сергей Рябков заявил, что визит Путина важен. Встреча с "
		"Владимиром Путиным и Сергеем Лавровым прошла в Кремле. Переговоры с Ким Чжон Ыном "
		"длились два часа, Ким и Путин подписали договор.";
	lk_scan_result *r = lk_test_scan(text);
	static const char *const ids[] = {PUTIN, KIM, LAVROV, BELOUSOV, NULL};
	expect_exactly(r, ids);
	assert_int_equal(expect_all(r, text, "Путин", PUTIN), 5);
	assert_int_equal(expect_all(r, text, "Лавров", LAVROV), 3);
	assert_int_equal(expect_all(r, text, "Белоусов", BELOUSOV), 1);
	assert_int_equal(expect_all(r, text, "Ким Чен Ын", KIM), 1);
	assert_int_equal(expect_all(r, text, "Ким Чжон Ыном", KIM), 1);
	assert_int_equal(expect_all(r, text, "Ким и", KIM), 1);
	expect_none(r, text, "Ушаков");
	expect_none(r, text, "Рябков");
	expect_none(r, text, "Ким Ир Сена");
	const lk_scan_mention *m = mention_at(r, (size_t)(strstr(text, "Владимиром") - text));
	assert_string_equal(m->query, "Владимир Путин");
	m = mention_at(r, (size_t)(strstr(text, "Ким Чен Ын") - text));
	assert_memory_equal(text + m->start, "Ким Чен Ын", m->end - m->start);
	m = mention_at(r, (size_t)(strstr(text, "Ким Чжон Ыном") - text));
	assert_memory_equal(text + m->start, "Ким Чжон Ыном", m->end - m->start);
	lk_scan_result_free(r);
}

/* Korean: the names read back from their Hangul transcription (블라디미르 푸틴), 김정은 read as
 * a Korean name, particles glued to names (푸틴과), titles after names (국무위원장과, 대통령을),
 * unlisted Yuri Ushakov and Koh Yu-hwan, and 김일성광장 (Kim Il Sung Square). */
static void test_korean(void **state)
{
	(void)state;
	const char *text =
		"블라디미르 푸틴 러시아 대통령은 평양에서 김정은 국무위원장과 회담했다. 세르게이 "
		"라브로프 외무장관과 안드레이 벨로우소프 국방장관이 푸틴 대통령을 수행했다.\n"
		"유리 우샤코프 보좌관은 회담 결과를 설명했다. 고유환 동국대 교수는 김정은 위원장이 "
		"푸틴과 김일성광장에서 만났다고 말했다.";
	lk_scan_result *r = lk_test_scan(text);
	static const char *const ids[] = {PUTIN, KIM, LAVROV, BELOUSOV, NULL};
	expect_exactly(r, ids);
	assert_int_equal(expect_all(r, text, "푸틴", PUTIN), 3);
	assert_int_equal(expect_all(r, text, "김정은", KIM), 2);
	assert_int_equal(expect_all(r, text, "라브로프", LAVROV), 1);
	assert_int_equal(expect_all(r, text, "벨로우소프", BELOUSOV), 1);
	expect_none(r, text, "우샤코프");
	expect_none(r, text, "고유환");
	expect_none(r, text, "김일성광장");
	expect_none(r, text, "국무위원장");
	lk_scan_result_free(r);
}

/* Arabic: full names and the surname alone with the conjunction و glued to it (ورافق بوتين
 * is "and Putin accompanied"); Kim Jong Un (كيم جونغ أون: و spells the vowel, نغ is ng, the
 * hamza seat of أون is silent) and Belousov (بيلوسوف), also alone later; Pyongyang
 * (بيونغ يانغ) is nobody; unlisted Ushakov and Ryabkov; the Kim Il Sung square
 * (ساحة كيم إيل سونغ) is not cut down to a listed Kim. */
static void test_arabic(void **state)
{
	(void)state;
	const char *text =
		"وصل الرئيس الروسي فلاديمير بوتين إلى بيونغ يانغ حيث استقبله كيم جونغ أون. ورافق "
		"بوتين وزير الخارجية سيرغي لافروف ووزير الدفاع أندريه بيلوسوف.\nوقال يوري أوشاكوف "
		"مستشار الكرملين إن لافروف أجرى محادثات. وصرح نائب الوزير سيرغي ريابكوف بأن زيارة "
		"بوتين مهمة. وأكد بيلوسوف أن التعاون سيستمر. وزار الوفد ساحة كيم إيل سونغ.";
	lk_scan_result *r = lk_test_scan(text);
	static const char *const ids[] = {PUTIN, KIM, LAVROV, BELOUSOV, NULL};
	expect_exactly(r, ids);
	assert_int_equal(expect_all(r, text, "بوتين", PUTIN), 3);
	assert_int_equal(expect_all(r, text, "لافروف", LAVROV), 2);
	assert_int_equal(expect_all(r, text, "كيم جونغ أون", KIM), 1);
	assert_int_equal(expect_all(r, text, "بيلوسوف", BELOUSOV), 2);
	const lk_scan_mention *m = mention_at(r, (size_t)(strstr(text, "كيم") - text));
	assert_memory_equal(text + m->start, "كيم جونغ أون", m->end - m->start);
	expect_none(r, text, "بيونغ يانغ");
	expect_none(r, text, "كيم إيل سونغ"); /* Kim Il Sung Square: "كيم إيل" is no KIM Kwang Il */
	expect_none(r, text, "أوشاكوف");
	expect_none(r, text, "ريابكوف");
	lk_scan_result_free(r);
}

/*
 * Scripts without capitals, where every word is a candidate: ordinary Chinese, Korean and
 * Arabic words whose readings meet listed names are not mentions (安装 "install" read an
 * chang met CHANG AN SHIPPING, 用户 "user" yong hu met HU Yongan, 之 and 수 became family
 * names standing for someone, 일부 "some" met CHOE Pu Il without its family name, 버전
 * "version" met the vessel PO CHON, 서명이 "the signature" met SO Myong, 있는 주소록을 "the
 * existing address book" read as foreign words met a listed name, التي سيتم "which will be"
 * met ARTA SYSTEM); Kim Jong Un in Hanja (金正恩) and Hangul still is, and so is a
 * two-syllable name before a title (서명 위원장 is SO Myong). وكان ("and was") is no part of
 * a name: the كيم after it is Kim Jong Un again.
 */
static void test_caseless_common_words(void **state)
{
	(void)state;
	const char *zh = "金正恩委员长会见了代表团。之后用户安装了新的进程，有人说之乎者也。";
	lk_scan_result *r = lk_test_scan(zh);
	static const char *const kim[] = {KIM, NULL};
	expect_exactly(r, kim);
	assert_int_equal(expect_all(r, zh, "金正恩", KIM), 1);
	lk_scan_result_free(r);

	const char *ko = "김정은 국무위원장이 도착했다. 일부 버전은 서명이 필요합니다. 이 수는 정수이다. "
	                 "서명 위원장도 참석했다. 있는 주소록을 다른 데비안 자료가 있나요.";
	r = lk_test_scan(ko);
	static const char *const ko_ids[] = {KIM, "ofac-46448", NULL};
	expect_exactly(r, ko_ids);
	assert_int_equal(expect_all(r, ko, "김정은", KIM), 1);
	expect_none(r, ko, "일부");
	expect_none(r, ko, "버전은");
	expect_none(r, ko, "서명이");
	expect_none(r, ko, "수는");
	expect_none(r, ko, "있는 주소록을"); /* ordinary words whose loanword readings met */
	expect_none(r, ko, "다른 데비안");
	expect_none(r, ko, "자료가 있나요");
	const lk_scan_mention *m = mention_at(r, (size_t)(strstr(ko, "서명 위원장") - ko));
	assert_non_null(m);
	assert_string_equal(m->results[0].entity->id, "ofac-46448"); /* SO Myong */
	lk_scan_result_free(r);

	const char *ar = "وصل كيم جونغ أون إلى المدينة. وكان كيم قد التقى بالوفد. التي سيتم نشرها.";
	r = lk_test_scan(ar);
	expect_exactly(r, kim);
	assert_int_equal(expect_all(r, ar, "كيم", KIM), 2);
	expect_none(r, ar, "وكان");
	expect_none(r, ar, "التي سيتم");
	lk_scan_result_free(r);
}

/* Initials alone meet the abbreviations companies are also listed as (S. E., A.T.E., T.E.G.):
 * they name nobody. An initial with a name is still read (S. Lawrow). */
static void test_initials_alone(void **state)
{
	(void)state;
	const char *text = "Laut C.R.T. und S. E. sowie Д.С. und А.А. hat S. Lawrow nichts gesagt.";
	lk_scan_result *r = lk_test_scan(text);
	for (size_t i = 0; i < r->count; i++) {
		const lk_scan_mention *m = &r->mentions[i];
		if (strncmp(text + m->start, "S. Lawrow", 9) != 0 &&
		    strncmp(text + m->start, "Lawrow", 6) != 0)
			fail_msg("unexpected mention '%.*s': %s", (int)(m->end - m->start),
			         text + m->start, m->results[0].entity->caption);
	}
	lk_scan_result_free(r);
}

/* Pieces of company names are not mentions: "Air Force" (SYRIAN AIR FORCE), "Hong Kong"
 * (HONG KONG ELECTRONICS), "Middle East" (TIDEWATER MIDDLE EAST CO.), "National Academy"
 * (NATIONAL DEFENSE ACADEMY) scored 0.74-0.78 as screening queries. */
static void test_company_name_pieces(void **state)
{
	(void)state;
	const char *text = "The Air Force flew from Hong Kong over the Middle East, said the "
	                   "National Academy.";
	lk_scan_result *r = lk_test_scan(text);
	if (r->count)
		fail_msg("unexpected mention '%.*s': %s", (int)(r->mentions[0].end - r->mentions[0].start),
		         text + r->mentions[0].start, r->mentions[0].results[0].entity->caption);
	lk_scan_result_free(r);
}

/* Polish genitive and instrumental (Ławrowa, Ławrowem), English titles, a name at the very
 * end of the text, and text with no names at all. */
static void test_latin_inflection_titles(void **state)
{
	(void)state;
	const char *text = "Wizyta Siergieja Ławrowa w Pjongjangu. Spotkanie z Ławrowem trwało "
	                   "godzinę. Later Mr. Vladimir Putin met Mr. Kim Jong Un";
	lk_scan_result *r = lk_test_scan(text);
	static const char *const ids[] = {PUTIN, KIM, LAVROV, NULL};
	expect_exactly(r, ids);
	assert_int_equal(expect_all(r, text, "Ławrow", LAVROV), 2);
	const lk_scan_mention *m = mention_at(r, (size_t)(strstr(text, "Vladimir") - text));
	assert_memory_equal(text + m->start, "Vladimir Putin", m->end - m->start);
	m = mention_at(r, (size_t)(strstr(text, "Kim Jong Un") - text));
	assert_int_equal(m->end, strlen(text));
	lk_scan_result_free(r);

	/* Glued by scraping: a listed spelling that goes with the given name before it is split
	 * off the front of the next word ("Lawrowsagte"); a case change ends the name
	 * ("BeloussowWHO"). The mention ends where the name ends. */
	text = "Der Minister Sergej Lawrowsagte am Montag, dass Andrei BeloussowWHO zustimmt.";
	r = lk_test_scan(text);
	static const char *const glued[] = {LAVROV, BELOUSOV, NULL};
	expect_exactly(r, glued);
	assert_int_equal(r->count, 2);
	assert_memory_equal(text + r->mentions[0].start, "Sergej Lawrow", 13);
	assert_int_equal(r->mentions[0].end - r->mentions[0].start, strlen("Sergej Lawrow"));
	assert_int_equal(r->mentions[1].end - r->mentions[1].start, strlen("Andrei Beloussow"));
	lk_scan_result_free(r);

	/* A longer unlisted name is not cut down to a listed one, and its family name does not
	 * refer back to the person found before: "Kim Il" of Kim Il Sung would meet KIM Kwang
	 * Il and "Kim Jong" of Kim Jong Il KIM Jung Jong; "Kim" alone is Kim Jong Un. */
	text = "Kim Jong Un met Vladimir Putin in Pyongyang. They laid flowers at Kim Il Sung "
	       "Square. Later Kim Jong Il was remembered. Kim said the talks went well.";
	r = lk_test_scan(text);
	static const char *const korean[] = {KIM, PUTIN, NULL};
	expect_exactly(r, korean);
	assert_int_equal(r->count, 3);
	assert_int_equal(expect_all(r, text, "Kim Jong Un", KIM), 1);
	m = mention_at(r, (size_t)(strstr(text, "Kim said") - text));
	assert_non_null(m);
	assert_string_equal(m->results[0].entity->id, KIM);
	assert_int_equal(m->how, LK_SCAN_COREFERENCE);
	expect_none(r, text, "Kim Il Sung");
	expect_none(r, text, "Kim Jong Il");
	lk_scan_result_free(r);

	r = lk_test_scan("Nothing here but the weather in Hamburg and Berlin.");
	assert_int_equal(r->count, 0);
	lk_scan_result_free(r);
	r = lk_test_scan("");
	assert_int_equal(r->count, 0);
	assert_int_equal(r->stats.words, 0);
	lk_scan_result_free(r);
}

/* Vessels and companies in upper-case remittance text: by name and by IMO number; an IMO
 * number with a wrong check digit or one not on the lists is nothing. */
static void test_vessels_and_imo(void **state)
{
	(void)state;
	const char *text = "CHARTER HIRE MT NS ANTARCTIC VOYAGE 12\nBUNKERS IMO 9413559\n"
	                   "PAYMENT TO SOVCOMFLOT FOR FREIGHT\nIMO 9413558 IMO 9305609 IMO9610808";
	lk_scan_result *r = lk_test_scan(text);
	assert_int_equal(r->count, 4);
	assert_memory_equal(text + r->mentions[0].start, "NS ANTARCTIC", 12);
	assert_string_equal(r->mentions[0].results[0].entity->id, "ofac-46972");
	assert_memory_equal(text + r->mentions[1].start, "IMO 9413559", 11);
	assert_int_equal(r->mentions[1].how, LK_SCAN_IDENTIFIER);
	assert_string_equal(r->mentions[1].results[0].entity->id, "ofac-46972");
	assert_memory_equal(text + r->mentions[2].start, "SOVCOMFLOT", 10);
	assert_string_equal(r->mentions[2].results[0].entity->id, "ofac-34741");
	/* IMO9610808 is ANATOLY KOLODKIN, another Sovcomflot tanker. */
	assert_memory_equal(text + r->mentions[3].start, "IMO9610808", 10);
	assert_string_equal(r->mentions[3].results[0].entity->id, "ofac-46957");
	lk_scan_result_free(r);
}

static void test_json(void **state)
{
	(void)state;
	const char *text = "Präsident Wladimir Putin traf Kim Jong-un.";
	lk_buf b;
	lk_buf_init(&b, 0);
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.explain = true;
	assert_int_equal(lk_scan_text_json(&b, lk_test_ix, text, strlen(text), &o), 0);
	json_error_t err;
	json_t *doc = json_loads(lk_buf_cstr(&b), 0, &err);
	assert_non_null(doc);
	json_t *ms = json_object_get(doc, "mentions");
	assert_int_equal(json_array_size(ms), 2);
	json_t *m = json_array_get(ms, 0);
	size_t start = (size_t)json_integer_value(json_object_get(m, "start"));
	size_t end = (size_t)json_integer_value(json_object_get(m, "end"));
	assert_int_equal(start, strlen("Präsident "));
	assert_string_equal(json_string_value(json_object_get(m, "text")), "Wladimir Putin");
	assert_int_equal(end - start, strlen("Wladimir Putin"));
	assert_string_equal(json_string_value(json_object_get(m, "how")), "name");
	json_t *res = json_array_get(json_object_get(m, "results"), 0);
	assert_string_equal(json_string_value(json_object_get(res, "id")), PUTIN);
	assert_string_equal(json_string_value(json_object_get(res, "schema")), "Person");
	assert_true(json_is_true(json_object_get(res, "match")));
	assert_true(json_array_size(json_object_get(res, "names")) > 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(res, "explanation"),
	                                                      "query_name")),
	                    "Wladimir Putin");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "stats"),
	                                                    "mentions")),
	                 2);
	json_decref(doc);
	lk_buf_dispose(&b);
}

static void test_errors_and_options(void **state)
{
	(void)state;
	lk_scan_result *r = NULL;
	assert_int_equal(lk_scan_text(&r, lk_test_ix, "Putin \xC3\x28 x", 10, NULL), LK_EENCODING);
	assert_null(r);
	assert_non_null(strstr(lk_error_last()->message, "byte 6"));
	lk_scan_options o = LK_SCAN_OPTIONS_INIT;
	o.version = 99;
	assert_int_equal(lk_scan_text(&r, lk_test_ix, "x", 1, &o), LK_EINVALID);
	o = (lk_scan_options)LK_SCAN_OPTIONS_INIT;
	o.threshold = 2;
	assert_int_equal(lk_scan_text(&r, lk_test_ix, "x", 1, &o), LK_EINVALID);
	/* A stricter threshold than Putin's score (0.86) drops his mentions; a schema filter
	 * keeps only vessels. */
	const char *text = "Wladimir Putin and the tanker NS ANTARCTIC";
	o.threshold = 0.9;
	assert_int_equal(lk_scan_text(&r, lk_test_ix, text, strlen(text), &o), 0);
	assert_int_equal(r->count, 1);
	assert_string_equal(r->mentions[0].results[0].entity->id, "ofac-46972");
	lk_scan_result_free(r);
	o.threshold = -1;
	o.schema = LK_SCHEMA_VESSEL;
	assert_int_equal(lk_scan_text(&r, lk_test_ix, text, strlen(text), &o), 0);
	assert_int_equal(r->count, 1);
	assert_string_equal(r->mentions[0].results[0].entity->id, "ofac-46972");
	lk_scan_result_free(r);
	/* Random bytes and long runs of capitals do not break anything. */
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)("AB -Kim.\nPutin"[i % 14]);
	assert_int_equal(lk_scan_text(&r, lk_test_ix, junk, sizeof junk, NULL), 0);
	lk_scan_result_free(r);
}

/* Scans on several threads at once over one index give the same mentions. */
static void *scan_thread(void *arg)
{
	const char *text = arg;
	size_t *count = malloc(sizeof *count);
	lk_scan_result *r = NULL;
	*count = 0;
	for (int i = 0; i < 3; i++) {
		if (lk_scan_text(&r, lk_test_ix, text, strlen(text), NULL) == 0)
			*count += r->count;
		lk_scan_result_free(r);
	}
	return count;
}

static void test_threads(void **state)
{
	(void)state;
	size_t len;
	char *text = lk_test_read_file(
		lk_test_data("text/news_de_russia_dprk_pact_2024-06-19.txt"), &len);
	lk_scan_result *r = lk_test_scan(text);
	size_t want = r->count * 3;
	lk_scan_result_free(r);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, scan_thread, text), 0);
	for (int i = 0; i < 3; i++) {
		void *res;
		pthread_join(t[i], &res);
		assert_int_equal(*(size_t *)res, want);
		free(res);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_news_page),
		cmocka_unit_test(test_russian),
		cmocka_unit_test(test_korean),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_caseless_common_words),
		cmocka_unit_test(test_initials_alone),
		cmocka_unit_test(test_company_name_pieces),
		cmocka_unit_test(test_latin_inflection_titles),
		cmocka_unit_test(test_vessels_and_imo),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_errors_and_options),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, lk_test_acceptance_setup,
	                              lk_test_acceptance_teardown);
}
