/*
 * payment.c - the payment message reader: creation, format detection, dispatch to the MT103
 * and pacs.008 readers, role names, and the bounded-copy helpers both readers use.
 */
#include "payment_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lk_payment__copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, s, n);
	dst[n] = 0;
	return 0;
}

int lk_payment__append(char *dst, size_t cap, const char *sep, const char *s, size_t n)
{
	size_t have = strlen(dst);
	size_t seplen = have ? strlen(sep) : 0;
	if (have + seplen + n >= cap)
		return -1;
	memcpy(dst + have, sep, seplen);
	memcpy(dst + have + seplen, s, n);
	dst[have + seplen + n] = 0;
	return 0;
}

/* snprintf(dst, size, "%s", src) without vsnprintf (a party or text of every message) */
static void copy_tag(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

lk_payment_party *lk_payment__add_party(lk_payment *m, lk_payment_role role, const char *tag)
{
	if (m->nparties >= LK_PAYMENT_MAX_PARTIES)
		return NULL;
	lk_payment_party *p = &m->parties[m->nparties++];
	memset(p, 0, sizeof *p);
	p->role = role;
	copy_tag(p->tag, sizeof p->tag, tag);
	return p;
}

lk_payment_text *lk_payment__add_text(lk_payment *m, lk_payment_text_role role, const char *tag)
{
	if (m->ntexts >= LK_PAYMENT_MAX_TEXTS)
		return NULL;
	lk_payment_text *t = &m->texts[m->ntexts++];
	memset(t, 0, sizeof *t);
	t->role = role;
	copy_tag(t->tag, sizeof t->tag, tag);
	return t;
}

/* XML if the first byte after blanks and a UTF-8 byte order mark is '<'. */
static lk_payment_format detect(const char *d, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
		i++;
	return i < len && d[i] == '<' ? LK_PAYMENT_FORMAT_PACS008 : LK_PAYMENT_FORMAT_MT103;
}

int lk_payment_reader_new(lk_payment_reader **out, const char *data, size_t len,
                          const char *name, lk_payment_format format)
{
	assert(out && (data || len == 0));
	*out = NULL;
	if (format != LK_PAYMENT_FORMAT_AUTO && format != LK_PAYMENT_FORMAT_MT103 &&
	    format != LK_PAYMENT_FORMAT_PACS008)
		return lk_error_set(LK_EFORMAT, "payment: unknown message format %d", (int)format);
	lk_payment_reader *r = calloc(1, sizeof *r);
	if (!r)
		return lk_error_set(LK_ENOMEM, "payment: out of memory");
	r->data = data ? data : "";
	r->len = len;
	snprintf(r->name, sizeof r->name, "%s", name ? name : "input");
	r->format = format == LK_PAYMENT_FORMAT_AUTO ? detect(r->data, len) : format;
	r->line = 1;
	r->msg_depth = -1;
	*out = r;
	return 0;
}

void lk_payment_reader_free(lk_payment_reader *r)
{
	if (!r)
		return;
	lk_payment__pacs008_close(r);
	free(r);
}

int lk_payment_reader_next(lk_payment_reader *r, lk_payment *out)
{
	assert(r && out);
	memset(out, 0, sizeof *out);
	out->offset = -1;
	if (r->format == LK_PAYMENT_FORMAT_PACS008)
		return lk_payment__pacs008_next(r, out);
	return lk_payment__mt103_next(r, out);
}

long lk_payment_reader_count(const lk_payment_reader *r)
{
	return r->count;
}

const char *lk_payment_type_name(lk_payment_type t)
{
	switch (t) {
	case LK_PAYMENT_MT103: return "mt103";
	case LK_PAYMENT_PACS008: return "pacs.008";
	default: return "unknown";
	}
}

const char *lk_payment_role_name(lk_payment_role r)
{
	static const char *const names[] = {
		"ordering_customer", "beneficiary", "ultimate_debtor", "ultimate_creditor",
		"ordering_institution", "intermediary", "account_with_institution",
	};
	return (unsigned)r < LK_ARRAY_SIZE(names) ? names[r] : "unknown";
}

const char *lk_payment_text_role_name(lk_payment_text_role r)
{
	switch (r) {
	case LK_PAYMENT_REMITTANCE: return "remittance";
	case LK_PAYMENT_SENDER_TO_RECEIVER: return "sender_to_receiver";
	default: return "unknown";
	}
}
