/*
 * payment_int.h - internals shared by the payment message readers (payment.c, payment_mt103.c,
 * payment_pacs008.c): the reader's state for both formats and small bounded-copy helpers.
 */
#ifndef LK_SCAN_PAYMENT_INT_H
#define LK_SCAN_PAYMENT_INT_H

#include "lookout/payment.h"
#include "lookout/error.h"
#include "lists/xml_util.h"

enum { LK_PAYMENT_RESUME_NEXT = 0, LK_PAYMENT_RESUME_SKIP, LK_PAYMENT_RESUME_HERE };

struct lk_payment_reader {
	const char *data;
	size_t len;
	char name[256];
	lk_payment_format format;         /* resolved: MT103 or PACS008 */
	long count;                       /* messages returned or rejected */
	/* MT103 */
	size_t pos;                       /* next byte to read */
	long line;                        /* line of data[pos] */
	/* pacs.008 */
	lk_input in;
	lk_xml xml;
	bool xml_open, xml_done, pending_skip;
	int msg_depth;                    /* depth of the FIToFICstmrCdtTrf being read, or -1 */
	int resume;                       /* how the next call moves the XML reader */
	long found;                       /* FIToFICstmrCdtTrf elements seen */
	long ntx;                         /* CdtTrfTxInf read in the current one */
	long msg_line;                    /* its line */
	char label[64];                   /* "pacs.008: message N", the xml_util parser name */
	char msg_id[36];                  /* GrpHdr/MsgId of the current message */
	char grp_date[11];                /* GrpHdr/IntrBkSttlmDt, if given there */
};

int lk_payment__mt103_next(lk_payment_reader *r, lk_payment *out);
int lk_payment__pacs008_next(lk_payment_reader *r, lk_payment *out);
void lk_payment__pacs008_close(lk_payment_reader *r);

/* Copy s[0..n) into dst[cap] NUL-terminated; -1 (nothing written) if it does not fit. */
int lk_payment__copy(char *dst, size_t cap, const char *s, size_t n);

/* Append sep and s[0..n) to the string in dst[cap] (no sep if dst is empty); -1 if it does
 * not fit (dst unchanged). */
int lk_payment__append(char *dst, size_t cap, const char *sep, const char *s, size_t n);

/* A new party with this role and tag at the end of m->parties, or NULL when full. */
lk_payment_party *lk_payment__add_party(lk_payment *m, lk_payment_role role, const char *tag);

/* A new text field, or NULL when full. */
lk_payment_text *lk_payment__add_text(lk_payment *m, lk_payment_text_role role, const char *tag);

#endif
