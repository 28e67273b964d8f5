/*
 * snapshot.c - the screening index persisted in the store, so that a process whose lists have
 * not changed loads the analysed index instead of analysing ~55k names again.
 *
 * Validity. A snapshot is labelled with a key: the format version, the GNU build id of the
 * object that contains this library (found with dl_iterate_phdr, so it is right for the CLI,
 * the shared library and anything that loads it), the ICU version (transliteration comes from
 * it) and every active list version (source, id, content hash). The store keeps one snapshot
 * and returns it only for an equal key, and the blob carries the key too. Without a build id
 * there is no key and no snapshot: a rebuilt library whose analysis changed must not read an
 * index analysed by the old one.
 *
 * Format (native byte order; a blob from another byte order fails the magic check):
 *   header   magic "LKIXSNAP", u32 format, u32 header size, u64 total size, u64 checksum
 *            (checksum() of every byte after the header), then nine u32 counts: key bytes,
 *            string pool bytes, entities, values, names, tokens, keys, postings, identifiers
 *   key      the key, key bytes
 *   pool     NUL-terminated UTF-8 strings; every string is a u32 offset into it
 *   entities id, source (or NONE), native id (or NONE), caption (or NONE), first value,
 *            value count, schema
 *   values   value, origin (or NONE), prop
 *   names    entity, first token, value index (its listed spelling), ntok, translit, prop
 *   tokens   text, canon, skeleton, Korean key (or NONE), rarity (f32), letters, role, len,
 *            canon_len, loose
 *   keys     the distinct posting keys in sorted order, each with its posting count
 *   postings the name of each posting, key by key
 *   idents   identifier key, entity (sorted)
 * All sizes follow from the counts, so the total size is checked before anything is read;
 * then every reference is checked against what it points into (strings against the pool,
 * which must end in NUL and be valid UTF-8; lengths against the strings; entities, tokens and
 * names against their counts; enums against their ranges; sort orders the lookups rely on).
 * The reader rebuilds the pointer structures: strings stay in one copy of the pool, and the
 * key table and id map are rebuilt from the arrays.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "match_int.h"
#include "lookout/error.h"
#include "lookout/hash.h"
#include "lookout/strmap.h"
#include "lookout/utf8.h"
#include "store/store_int.h"

#include <elf.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/uversion.h>

#define SNAP_FORMAT 1u
#define SNAP_MAGIC "LKIXSNAP"
#define HEADER_SIZE 72u
#define NONE 0xFFFFFFFFu
#define CHECKSUM_SEED 0x4c4b49585350ull

/* Record sizes (the layout is written field by field, so no padding is stored). */
#define ENT_SIZE 28u
#define VAL_SIZE 12u
#define NAME_SIZE 16u
#define TOK_SIZE 28u
#define KEY_SIZE 12u
#define POST_SIZE 4u
#define IDENT_SIZE 12u

enum { C_KEY, C_POOL, C_ENT, C_VAL, C_NAME, C_TOK, C_KEYS, C_POST, C_IDENT, C__COUNT };

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The checksum: four independent multiply-rotate lanes over 32-byte blocks (the round of
 * xxHash64), so that the CPU runs them in parallel; lk_hash64's single dependent chain took a
 * third of the load time. Detects damage, not tampering (the store is trusted as much as the
 * binary).
 */
#define P1 0x9e3779b185ebca87ull
#define P2 0xc2b2ae3d27d4eb4full

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t lane[4] = {CHECKSUM_SEED + P1 + P2, CHECKSUM_SEED + P2, CHECKSUM_SEED,
	                    CHECKSUM_SEED - P1};
	size_t len = n;
	while (n >= 32) {
		for (int k = 0; k < 4; k++) {
			uint64_t w;
			memcpy(&w, p + 8 * k, 8);
			lane[k] = rotl(lane[k] + w * P2, 31) * P1;
		}
		p += 32;
		n -= 32;
	}
	uint64_t h = rotl(lane[0], 1) + rotl(lane[1], 7) + rotl(lane[2], 12) + rotl(lane[3], 18);
	return lk_hash64(p, n, h ^ (uint64_t)len);
}

/* lk_utf8_valid with a fast path for runs of ASCII (most of the pool). */
static bool pool_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = lk_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || (cp == 0xFFFD && n == 1))
			return false;
		i += n;
	}
	return true;
}

/* ---- the key ---- */

typedef struct bid_ctx {
	uintptr_t addr;
	char hex[2 * 64 + 1];
} bid_ctx;

/* The build id note of the loaded object that contains c->addr (stops at that object). */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	bid_ctx *c = arg;
	bool mine = false;
	for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = (uintptr_t)info->dlpi_addr + (uintptr_t)ph->p_vaddr;
		mine = ph->p_type == PT_LOAD && c->addr >= lo && c->addr - lo < (uintptr_t)ph->p_memsz;
	}
	if (!mine)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		size_t align = ph->p_align == 8 ? 8 : 4;
		const unsigned char *p =
			(const unsigned char *)((uintptr_t)info->dlpi_addr + (uintptr_t)ph->p_vaddr);
		size_t left = (size_t)ph->p_memsz;
		while (left >= sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			memcpy(&nh, p, sizeof nh);
			size_t nsz = ((size_t)nh.n_namesz + align - 1) & ~(align - 1);
			size_t dsz = ((size_t)nh.n_descsz + align - 1) & ~(align - 1);
			if (nsz > left || dsz > left || sizeof nh + nsz + dsz > left)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp(p + sizeof nh, "GNU", 4) == 0 && nh.n_descsz > 0 && nh.n_descsz <= 64) {
				lk_hex(c->hex, p + sizeof nh + nsz, nh.n_descsz);
				return 1;
			}
			p += sizeof nh + nsz + dsz;
			left -= sizeof nh + nsz + dsz;
		}
	}
	return 1; /* our object has no build id */
}

static char test_build_id[129];
static bool test_build_id_set;

void lk_match__snapshot_set_build_id(const char *id)
{
	test_build_id_set = id != NULL;
	snprintf(test_build_id, sizeof test_build_id, "%s", id ? id : "");
}

static char real_build_id[129];

static void find_real_build_id(void)
{
	bid_ctx c = {(uintptr_t)&lk_index_load_or_build, ""};
	dl_iterate_phdr(find_build_id, &c);
	memcpy(real_build_id, c.hex, sizeof real_build_id);
}

/* The build id of this library as hex, or "" when it has none. */
static const char *build_id(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	if (test_build_id_set)
		return test_build_id;
	pthread_once(&once, find_real_build_id);
	return real_build_id;
}

/*
 * The key of the store's current content for this build, into out; false (with a note) when
 * snapshots cannot be used.
 */
static int snapshot_key(lk_store *store, lk_buf *out, char *note, size_t note_size, bool *usable)
{
	*usable = false;
	const char *bid = build_id();
	if (!*bid) {
		snprintf(note, note_size, "no snapshot: the library has no GNU build id");
		return 0;
	}
	lk_version_info *vs = NULL;
	size_t n = 0;
	int rc = lk_store_active_versions(store, &vs, &n);
	if (rc < 0)
		return rc;
	UVersionInfo uv;
	char icu[U_MAX_VERSION_STRING_LENGTH];
	u_getVersion(uv);
	u_versionToString(uv, icu);
	rc = lk_buf_printf(out, "lookout-index/%u build=%s icu=%s ptr=%zu", SNAP_FORMAT, bid, icu,
	                   sizeof(void *) * 8);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = lk_buf_printf(out, " %s:%lld:%s", vs[i].source, (long long)vs[i].id, vs[i].hash);
	free(vs);
	if (rc == 0)
		*usable = true;
	return rc;
}

static bool snapshots_disabled(void)
{
	const char *v = getenv("LOOKOUT_INDEX_CACHE");
	return v && (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0);
}

/* ---- writing ---- */

typedef struct writer {
	lk_buf pool;
	lk_strmap *offsets; /* string -> offset + 1 */
	int rc;
} writer;

static void put_u32(lk_buf *b, uint32_t v, int *rc)
{
	if (*rc == 0)
		*rc = lk_buf_put(b, &v, 4);
}

static void put_u64(lk_buf *b, uint64_t v, int *rc)
{
	if (*rc == 0)
		*rc = lk_buf_put(b, &v, 8);
}

static void put_u8(lk_buf *b, uint8_t v, int *rc)
{
	if (*rc == 0)
		*rc = lk_buf_put(b, &v, 1);
}

/* The pool offset of s (added once), or NONE for NULL. */
static uint32_t str_ref(writer *w, const char *s)
{
	if (!s || w->rc)
		return NONE;
	void *v = lk_strmap_get(w->offsets, s);
	if (v)
		return (uint32_t)((uintptr_t)v - 1);
	if (w->pool.len >= 0xFFFFFF00u) {
		w->rc = lk_error_set(LK_ETOOBIG, "index snapshot: the string pool is too big");
		return NONE;
	}
	uint32_t off = (uint32_t)w->pool.len;
	if ((w->rc = lk_buf_put(&w->pool, s, strlen(s) + 1)) ||
	    (w->rc = lk_strmap_put(w->offsets, s, (void *)(uintptr_t)(off + 1u))))
		return NONE;
	return off;
}

static int cmp_run(const void *a, const void *b)
{
	const key_slot *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

int lk_match__snapshot_write(const lk_index *ix, const char *key, lk_buf *out)
{
	writer w = {0};
	lk_buf sec[C__COUNT];
	for (int i = 0; i < C__COUNT; i++)
		lk_buf_init(&sec[i], 0);
	lk_buf_init(&w.pool, 0);
	w.offsets = lk_strmap_new();
	int rc = w.offsets ? 0 : lk_error_set(LK_ENOMEM, "index snapshot: out of memory");
	size_t nvalues = 0, ntokens = 0, nkeys = 0;

	if (ix->nentities >= NONE || ix->nnames >= NONE || ix->npostings >= NONE ||
	    ix->nidents >= NONE)
		rc = lk_error_set(LK_ETOOBIG, "index snapshot: the index is too big");
	for (size_t i = 0; rc == 0 && i < ix->nentities; i++) {
		const lk_entity *e = ix->entities[i];
		lk_buf *b = &sec[C_ENT];
		put_u32(b, str_ref(&w, e->id), &rc);
		put_u32(b, str_ref(&w, e->source), &rc);
		put_u32(b, str_ref(&w, e->native_id), &rc);
		put_u32(b, str_ref(&w, e->caption), &rc);
		put_u32(b, (uint32_t)nvalues, &rc);
		put_u32(b, (uint32_t)e->nvalues, &rc);
		put_u32(b, (uint32_t)e->schema, &rc);
		for (size_t v = 0; v < e->nvalues; v++) {
			put_u32(&sec[C_VAL], str_ref(&w, e->values[v].value), &rc);
			put_u32(&sec[C_VAL], str_ref(&w, e->values[v].origin), &rc);
			put_u32(&sec[C_VAL], (uint32_t)e->values[v].prop, &rc);
		}
		nvalues += e->nvalues;
		if (nvalues >= NONE)
			rc = lk_error_set(LK_ETOOBIG, "index snapshot: the index is too big");
	}
	for (size_t i = 0; rc == 0 && i < ix->nnames; i++) {
		const mname *m = &ix->names[i];
		const lk_entity *e = ix->entities[m->entity];
		uint32_t vi = NONE;
		for (size_t v = 0; v < e->nvalues && vi == NONE; v++)
			if (e->values[v].value == m->orig)
				vi = (uint32_t)v;
		if (vi == NONE) {
			rc = lk_error_set(LK_ERROR, "index snapshot: name %zu has no value", i);
			break;
		}
		lk_buf *b = &sec[C_NAME];
		put_u32(b, m->entity, &rc);
		put_u32(b, (uint32_t)ntokens, &rc);
		put_u32(b, vi, &rc);
		put_u8(b, m->ntok, &rc);
		put_u8(b, m->translit, &rc);
		put_u8(b, (uint8_t)(m->prop & 0xFF), &rc);
		put_u8(b, (uint8_t)(m->prop >> 8), &rc);
		for (size_t t = 0; t < m->ntok; t++) {
			const mtoken *tk = &m->tok[t];
			lk_buf *tb = &sec[C_TOK];
			float rarity = tk->rarity;
			uint32_t rbits;
			memcpy(&rbits, &rarity, 4);
			put_u32(tb, str_ref(&w, tk->text), &rc);
			put_u32(tb, str_ref(&w, tk->canon), &rc);
			put_u32(tb, str_ref(&w, tk->skel), &rc);
			put_u32(tb, str_ref(&w, tk->kor), &rc);
			put_u32(tb, rbits, &rc);
			put_u32(tb, tk->letters, &rc);
			put_u8(tb, tk->role, &rc);
			put_u8(tb, tk->len, &rc);
			put_u8(tb, tk->canon_len, &rc);
			put_u8(tb, tk->loose, &rc);
		}
		ntokens += m->ntok;
	}
	/* The runs of postings in their order, which is the keys' (the key table is not). */
	key_slot *runs = NULL;
	size_t nruns = 0;
	if (rc == 0 && ix->keys) {
		runs = malloc((ix->key_mask + 1) * sizeof *runs);
		if (!runs)
			rc = lk_error_set(LK_ENOMEM, "index snapshot: out of memory");
		for (size_t i = 0; runs && i <= ix->key_mask; i++)
			if (ix->keys[i].key)
				runs[nruns++] = ix->keys[i];
		if (nruns > 1)
			qsort(runs, nruns, sizeof *runs, cmp_run);
	}
	for (size_t r = 0; rc == 0 && r < nruns; r++) {
		for (size_t j = runs[r].first; j < (size_t)runs[r].first + runs[r].count; j++)
			put_u32(&sec[C_POST], ix->postings[j].name, &rc);
		put_u64(&sec[C_KEYS], runs[r].key, &rc);
		put_u32(&sec[C_KEYS], runs[r].count, &rc);
		nkeys++;
	}
	free(runs);
	for (size_t i = 0; rc == 0 && i < ix->nidents; i++) {
		put_u64(&sec[C_IDENT], ix->idents[i].key, &rc);
		put_u32(&sec[C_IDENT], ix->idents[i].entity, &rc);
	}
	if (rc == 0)
		rc = w.rc;
	if (rc == 0)
		rc = lk_buf_puts(&sec[C_KEY], key);
	if (rc == 0 && (w.pool.len == 0 || ntokens >= NONE || nkeys >= NONE))
		rc = w.pool.len == 0 ? lk_buf_putc(&w.pool, 0)
		                     : lk_error_set(LK_ETOOBIG, "index snapshot: the index is too big");

	if (rc == 0) {
		uint32_t counts[C__COUNT] = {
			(uint32_t)sec[C_KEY].len, (uint32_t)w.pool.len, (uint32_t)ix->nentities,
			(uint32_t)nvalues,        (uint32_t)ix->nnames, (uint32_t)ntokens,
			(uint32_t)nkeys,          (uint32_t)ix->npostings, (uint32_t)ix->nidents};
		size_t start = out->len;
		size_t total = HEADER_SIZE + sec[C_KEY].len + w.pool.len;
		for (int i = C_ENT; i < C__COUNT; i++)
			total += sec[i].len;
		rc = lk_buf_reserve(out, total);
		if (rc == 0) {
			uint32_t fmt = SNAP_FORMAT, hsize = HEADER_SIZE;
			uint64_t tot = total, zero = 0;
			lk_buf_put(out, SNAP_MAGIC, 8);
			lk_buf_put(out, &fmt, 4);
			lk_buf_put(out, &hsize, 4);
			lk_buf_put(out, &tot, 8);
			lk_buf_put(out, &zero, 8); /* checksum, below */
			lk_buf_put(out, counts, sizeof counts);
			while (out->len < start + HEADER_SIZE)
				lk_buf_putc(out, 0);
			lk_buf_put(out, sec[C_KEY].ptr, sec[C_KEY].len);
			lk_buf_put(out, w.pool.ptr, w.pool.len);
			for (int i = C_ENT; i < C__COUNT; i++)
				if (sec[i].len)
					lk_buf_put(out, sec[i].ptr, sec[i].len);
			uint64_t sum = checksum((const unsigned char *)out->ptr + start + HEADER_SIZE,
			                        total - HEADER_SIZE);
			memcpy(out->ptr + start + 24, &sum, 8);
		}
	}
	for (int i = 0; i < C__COUNT; i++)
		lk_buf_dispose(&sec[i]);
	lk_buf_dispose(&w.pool);
	lk_strmap_free(w.offsets);
	return rc;
}

/* ---- reading ---- */

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

typedef struct reader {
	const char *pool;
	uint32_t npool;
} reader;

/* A string of the pool (NULL for NONE when nullable); *bad set when the reference is out. */
static const char *str_at(const reader *r, uint32_t off, bool nullable, bool *bad)
{
	if (off == NONE && nullable)
		return NULL;
	if (off >= r->npool) {
		*bad = true;
		return NULL;
	}
	return r->pool + off;
}

/* A string of at most max - 1 bytes whose length must be len (len < 0: any). */
static const char *tok_str(const reader *r, uint32_t off, size_t max, int len, bool nullable,
                           bool *bad)
{
	const char *s = str_at(r, off, nullable, bad);
	if (!s)
		return NULL;
	size_t n = strnlen(s, max);
	if (n >= max || (len >= 0 && n != (size_t)len))
		*bad = true;
	return s;
}

static int reject(const char *why)
{
	return lk_error_set(LK_EINVALID, "index snapshot rejected: %s", why);
}

int lk_match__snapshot_read(lk_index **out, const void *data, size_t len, const char *key,
                            bool verify_checksum)
{
	*out = NULL;
	double t0 = now_s();
	const unsigned char *d = data;
	if (len < HEADER_SIZE || memcmp(d, SNAP_MAGIC, 8) != 0)
		return reject("not a snapshot (bad magic)");
	if (get_u32(d + 8) != SNAP_FORMAT)
		return reject("format version differs");
	if (get_u32(d + 12) != HEADER_SIZE || get_u64(d + 16) != (uint64_t)len)
		return reject("size mismatch (truncated?)");
	uint32_t c[C__COUNT];
	for (int i = 0; i < C__COUNT; i++)
		c[i] = get_u32(d + 32 + 4 * (size_t)i);
	uint64_t need = (uint64_t)HEADER_SIZE + c[C_KEY] + c[C_POOL] + (uint64_t)c[C_ENT] * ENT_SIZE +
	                (uint64_t)c[C_VAL] * VAL_SIZE + (uint64_t)c[C_NAME] * NAME_SIZE +
	                (uint64_t)c[C_TOK] * TOK_SIZE + (uint64_t)c[C_KEYS] * KEY_SIZE +
	                (uint64_t)c[C_POST] * POST_SIZE + (uint64_t)c[C_IDENT] * IDENT_SIZE;
	if (need != (uint64_t)len)
		return reject("section sizes do not add up");
	if (verify_checksum &&
	    checksum(d + HEADER_SIZE, len - HEADER_SIZE) != get_u64(d + 24))
		return reject("checksum mismatch");
	const unsigned char *p = d + HEADER_SIZE;
	if (key && (strlen(key) != c[C_KEY] || memcmp(p, key, c[C_KEY]) != 0))
		return reject("key differs");
	p += c[C_KEY];
	if (c[C_POOL] == 0 || p[c[C_POOL] - 1] != 0)
		return reject("string pool not terminated");
	if (!pool_utf8_valid((const char *)p, c[C_POOL]))
		return reject("string pool is not UTF-8");
	const unsigned char *ents = p + c[C_POOL];
	const unsigned char *vals = ents + (size_t)c[C_ENT] * ENT_SIZE;
	const unsigned char *names = vals + (size_t)c[C_VAL] * VAL_SIZE;
	const unsigned char *toks = names + (size_t)c[C_NAME] * NAME_SIZE;
	const unsigned char *keys = toks + (size_t)c[C_TOK] * TOK_SIZE;
	const unsigned char *posts = keys + (size_t)c[C_KEYS] * KEY_SIZE;
	const unsigned char *idents = posts + (size_t)c[C_POST] * POST_SIZE;

	lk_index *ix = lk_match__index_new();
	if (!ix || !ix->arena || !ix->byid) {
		lk_index_unref(ix);
		return lk_error_set(LK_ENOMEM, "index snapshot: out of memory");
	}
	int rc = 0;
	bool bad = false;
	const char *why = NULL;
	key_posting *kp = NULL; /* the postings with their keys, until the key table is built */
	/* snap_mem: the pool; entities with their values; tokens */
	char *pool = malloc(c[C_POOL]);
	size_t ent_bytes = (size_t)c[C_ENT] * sizeof(lk_entity) + (size_t)c[C_VAL] * sizeof(lk_value);
	unsigned char *emem = malloc(ent_bytes ? ent_bytes : 1);
	mtoken *tok = malloc((c[C_TOK] ? c[C_TOK] : 1) * sizeof *tok);
	ix->snap_mem[0] = pool;
	ix->snap_mem[1] = emem;
	ix->snap_mem[2] = tok;
	ix->entities = malloc((c[C_ENT] ? c[C_ENT] : 1) * sizeof *ix->entities);
	ix->names = malloc((c[C_NAME] ? c[C_NAME] : 1) * sizeof *ix->names);
	kp = malloc((c[C_POST] ? c[C_POST] : 1) * sizeof *kp);
	ix->idents = malloc((c[C_IDENT] ? c[C_IDENT] : 1) * sizeof *ix->idents);
	ix->ent_names = malloc(((size_t)c[C_ENT] + 1) * sizeof *ix->ent_names);
	ix->name_schema = malloc((size_t)c[C_NAME] + 1);
	if (!pool || !emem || !tok || !ix->entities || !ix->names || !kp || !ix->idents ||
	    !ix->ent_names || !ix->name_schema) {
		rc = lk_error_set(LK_ENOMEM, "index snapshot: out of memory");
		goto done;
	}
	memcpy(pool, p, c[C_POOL]);
	reader r = {pool, c[C_POOL]};

	lk_entity *ent = (lk_entity *)(void *)emem;
	lk_value *val = (lk_value *)(void *)(emem + (size_t)c[C_ENT] * sizeof(lk_entity));
	for (uint32_t i = 0; i < c[C_VAL] && !bad; i++) {
		const unsigned char *v = vals + (size_t)i * VAL_SIZE;
		uint32_t prop = get_u32(v + 8);
		val[i].value = str_at(&r, get_u32(v), false, &bad);
		val[i].origin = str_at(&r, get_u32(v + 4), true, &bad);
		val[i].prop = (lk_prop)prop;
		if (prop >= LK_PROP__COUNT)
			bad = true;
	}
	if (bad)
		why = "a value is out of range";
	for (uint32_t i = 0; i < c[C_ENT] && !bad; i++) {
		const unsigned char *e = ents + (size_t)i * ENT_SIZE;
		uint32_t first = get_u32(e + 16), n = get_u32(e + 20), schema = get_u32(e + 24);
		lk_entity *x = &ent[i];
		memset(x, 0, sizeof *x);
		x->id = str_at(&r, get_u32(e), false, &bad);
		x->source = str_at(&r, get_u32(e + 4), true, &bad);
		x->native_id = str_at(&r, get_u32(e + 8), true, &bad);
		x->caption = str_at(&r, get_u32(e + 12), true, &bad);
		if (schema >= LK_SCHEMA__COUNT || first > c[C_VAL] || n > c[C_VAL] - first) {
			bad = true;
			break;
		}
		x->schema = (lk_schema)schema;
		x->values = val + first;
		x->nvalues = x->cap_values = n;
		ix->entities[i] = x;
		if (!bad && lk_strmap_put(ix->byid, x->id, x)) {
			rc = lk_error_set(LK_ENOMEM, "index snapshot: out of memory");
			goto done;
		}
	}
	if (bad && !why)
		why = "an entity is out of range";
	for (uint32_t i = 0; i < c[C_TOK] && !bad; i++) {
		const unsigned char *t = toks + (size_t)i * TOK_SIZE;
		mtoken *k = &tok[i];
		memset(k, 0, sizeof *k);
		k->role = t[24];
		k->len = t[25];
		k->canon_len = t[26];
		k->loose = t[27];
		k->text = tok_str(&r, get_u32(t), TOKEN_CAP, k->len, false, &bad);
		k->canon = tok_str(&r, get_u32(t + 4), TOKEN_CAP, k->canon_len, false, &bad);
		k->skel = tok_str(&r, get_u32(t + 8), 32, -1, false, &bad);
		k->kor = tok_str(&r, get_u32(t + 12), LK_TEXT__KOR_KEY, -1, true, &bad);
		k->first = k->text && k->len ? (uint8_t)k->text[0] : 0;
		k->canon_first = k->canon && k->canon_len ? (uint8_t)k->canon[0] : 0;
		uint32_t rbits = get_u32(t + 16);
		memcpy(&k->rarity, &rbits, 4);
		k->letters = get_u32(t + 20);
		if (k->role >= ROLE__COUNT || k->loose > LOOSE_LOANWORD || !isfinite(k->rarity) ||
		    k->rarity < 0.0f || k->rarity > 1.0f)
			bad = true;
	}
	if (bad && !why)
		why = "a token is out of range";
	for (uint32_t i = 0; i < c[C_NAME] && !bad; i++) {
		const unsigned char *nm = names + (size_t)i * NAME_SIZE;
		uint32_t e = get_u32(nm), first = get_u32(nm + 4), vi = get_u32(nm + 8);
		uint8_t ntok = nm[12], translit = nm[13];
		uint16_t prop = (uint16_t)(nm[14] | (nm[15] << 8));
		if (e >= c[C_ENT] || (i > 0 && e < ix->names[i - 1].entity) || ntok == 0 ||
		    ntok > MAX_TOKENS || first > c[C_TOK] || ntok > c[C_TOK] - first ||
		    translit >= LK_TRANSLIT__COUNT || prop >= LK_PROP__COUNT ||
		    vi >= ent[e].nvalues) {
			bad = true;
			break;
		}
		ix->names[i] = (mname){tok + first, ntok, translit, prop, e, ent[e].values[vi].value};
		ix->name_schema[i] = (uint8_t)ent[e].schema;
	}
	if (bad && !why)
		why = "a name is out of range";
	size_t pi = 0;
	uint64_t prev = 0;
	for (uint32_t i = 0; i < c[C_KEYS] && !bad; i++) {
		const unsigned char *k = keys + (size_t)i * KEY_SIZE;
		uint64_t hash = get_u64(k);
		uint32_t n = get_u32(k + 8);
		if (hash == 0 || (i > 0 && hash <= prev) || n == 0 || n > c[C_POST] - pi) {
			bad = true;
			break;
		}
		prev = hash;
		for (uint32_t j = 0; j < n; j++, pi++) {
			uint32_t name = get_u32(posts + pi * POST_SIZE);
			if (name >= c[C_NAME] || (j > 0 && name <= kp[pi - 1].name)) {
				bad = true;
				break;
			}
			kp[pi] = (key_posting){hash, name};
		}
	}
	if (!bad && pi != c[C_POST])
		bad = true;
	if (bad && !why)
		why = "a posting is out of range";
	for (uint32_t i = 0; i < c[C_IDENT] && !bad; i++) {
		const unsigned char *id = idents + (size_t)i * IDENT_SIZE;
		ident_entry ie = {get_u64(id), get_u32(id + 8)};
		if (ie.entity >= c[C_ENT] ||
		    (i > 0 && (ie.key < ix->idents[i - 1].key ||
		               (ie.key == ix->idents[i - 1].key && ie.entity < ix->idents[i - 1].entity)))) {
			bad = true;
			break;
		}
		ix->idents[i] = ie;
	}
	if (bad && !why)
		why = "an identifier is out of range";
	if (bad) {
		rc = reject(why);
		goto done;
	}
	ix->nentities = c[C_ENT];
	ix->nnames = c[C_NAME];
	ix->nidents = c[C_IDENT];
	if ((rc = lk_match__build_keys(ix, kp, c[C_POST])) != 0)
		goto done;
	for (size_t e = 0, n = 0; e <= ix->nentities; e++) {
		while (n < ix->nnames && ix->names[n].entity < e)
			n++;
		ix->ent_names[e] = (uint32_t)n;
	}
	ix->origin = LK_INDEX_ORIGIN_SNAPSHOT;
	ix->stats.entities = ix->nentities;
	ix->stats.names = ix->nnames;
	ix->stats.postings = ix->npostings;
	ix->stats.identifiers = ix->nidents;
	ix->stats.bytes = c[C_POOL] + ent_bytes + (size_t)c[C_TOK] * sizeof(mtoken) +
	                  ix->nentities * sizeof(lk_entity *) + ix->nnames * sizeof(mname) +
	                  ix->npostings * sizeof(posting) + ix->nidents * sizeof(ident_entry) +
	                  (ix->key_mask + 1) * sizeof(key_slot) +
	                  (ix->nentities + 1) * sizeof(uint32_t) + ix->nnames;
	ix->stats.build_seconds = now_s() - t0;
done:
	free(kp);
	if (rc) {
		lk_index_unref(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

/* ---- load or build ---- */

typedef struct load_ctx {
	lk_index *ix;
	const char *key;
} load_ctx;

static int load_cb(void *ctx, const void *data, size_t len)
{
	load_ctx *c = ctx;
	return lk_match__snapshot_read(&c->ix, data, len, c->key, true);
}

int lk_index_load_or_build(lk_index **out, lk_store *store, unsigned flags)
{
	*out = NULL;
	bool use = !(flags & LK_INDEX_NO_SNAPSHOT) && !snapshots_disabled();
	bool own = false, usable = false;
	char note[sizeof((lk_index *)0)->snap_note] = "";
	lk_buf key;
	lk_buf_init(&key, 0);
	lk_index *ix = NULL;
	int rc = 0;

	if (use && (rc = lk_store__read_begin(store, &own)) < 0)
		goto done;
	if (use && (rc = snapshot_key(store, &key, note, sizeof note, &usable)) < 0)
		goto done;
	if (usable) {
		load_ctx c = {NULL, lk_buf_cstr(&key)};
		int lr = lk_store__snapshot_read(store, c.key, load_cb, &c);
		if (lr == 0) {
			ix = c.ix;
		} else {
			/* Whatever the reason (absent, stale, damaged, unreadable), build instead. */
			snprintf(note, sizeof note, "%s", lk_error_last()->message);
			if (lr == LK_ENOTFOUND && strstr(note, "no index snapshot"))
				snprintf(note, sizeof note, "no snapshot");
			else if (lr == LK_ENOTFOUND)
				snprintf(note, sizeof note, "snapshot is for other lists or another build");
		}
	}
	if (!ix) {
		if ((rc = lk_index_build_from_store(&ix, store)) < 0)
			goto done;
		ix->origin = LK_INDEX_ORIGIN_STORE;
	}
	lk_store__read_end(store, own);
	own = false;
	if (usable && !(ix->snap_key = lk_buf_detach(&key))) {
		lk_index_unref(ix);
		ix = NULL;
		rc = lk_error_set(LK_ENOMEM, "index: out of memory");
		goto done;
	}
	snprintf(ix->snap_note, sizeof ix->snap_note, "%s", note);
	if ((flags & LK_INDEX_SAVE_SNAPSHOT) && ix->origin == LK_INDEX_ORIGIN_STORE &&
	    !lk_store_in_transaction(store))
		(void)lk_index_save_snapshot(ix, store);
	*out = ix;
done:
	lk_store__read_end(store, own);
	lk_buf_dispose(&key);
	return rc;
}

int lk_index_save_snapshot(const lk_index *ix, lk_store *store)
{
	if (!ix || ix->origin != LK_INDEX_ORIGIN_STORE || !ix->snap_key)
		return 0;
	lk_buf blob, key;
	lk_buf_init(&blob, 0);
	lk_buf_init(&key, 0);
	int rc = lk_match__snapshot_write(ix, ix->snap_key, &blob);
	bool own = false, usable = false;
	char note[160];
	if (rc == 0)
		rc = lk_store__tx_open_quick(store, "lk_snapshot_save", &own);
	if (rc < 0)
		goto done;
	/* Only while the lists are still those the index was built from. */
	rc = snapshot_key(store, &key, note, sizeof note, &usable);
	if (rc == 0 && usable && strcmp(lk_buf_cstr(&key), ix->snap_key) == 0)
		rc = lk_store__snapshot_write(store, ix->snap_key, blob.ptr, blob.len);
	rc = lk_store__tx_close(store, "lk_snapshot_save", own, rc);
done:
	lk_buf_dispose(&blob);
	lk_buf_dispose(&key);
	return rc;
}

lk_index_origin lk_index_origin_of(const lk_index *ix)
{
	return (lk_index_origin)ix->origin;
}

const char *lk_index_snapshot_note(const lk_index *ix)
{
	return ix->snap_note;
}

int lk_index_snapshot_clear(lk_store *store)
{
	return lk_store__snapshot_clear(store);
}
