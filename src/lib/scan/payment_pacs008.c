/*
 * payment_pacs008.c - ISO 20022 pacs.008 (FIToFICustomerCreditTransfer) messages.
 *
 * The document is read with the lists' safe streaming XML reader (xml_util.h: no DTD, no
 * entities, no network). Elements are matched by local name, so the Document root, a business
 * application header envelope around it, and namespace prefixes do not matter; what must hold
 * is that FIToFICstmrCdtTrf is in a pacs.008 namespace
 * (urn:iso:std:iso:20022:tech:xsd:pacs.008.001.NN). GrpHdr is expanded for MsgId, then each
 * CdtTrfTxInf is expanded on its own and becomes one lk_payment, so memory stays bounded by one
 * transaction and a document truncated in its tenth transaction still yields the first nine.
 *
 * Version differences handled: agents' BIC is FinInstnId/BIC up to version 03 and
 * FinInstnId/BICFI from 04; an organisation's BIC is Id/OrgId/BICOrBEI up to 05 and AnyBIC
 * from 06.
 */
#include "payment_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PACS008_NS "urn:iso:std:iso:20022:tech:xsd:pacs.008.001."

typedef struct px {
	lk_payment_reader *r;
	lk_payment *m;
} px;

static int fail(px *c, xmlNodePtr n, int code, const char *fmt, ...) LK_PRINTF(4, 5);

static int fail(px *c, xmlNodePtr n, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	long line = n ? xmlGetLineNo(n) : lk_xml__line(&c->r->xml);
	return lk_error_set_at(code, c->r->name, line, -1, "pacs.008: message %ld: %s",
	                       c->m->index, msg);
}

/*
 * Whether the element name s is name. Element names are short and most candidates differ in
 * their first byte, so a byte loop beats a call to strcmp; the result is strcmp's.
 */
static inline bool same(const xmlChar *s, const char *name)
{
	while (*name && *s == (xmlChar)*name)
		s++, name++;
	return *s == (xmlChar)*name;
}

/* First child element of n with local name `name`, or NULL (as lk_xml__child). */
static xmlNodePtr kid(xmlNodePtr n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->name && same(c->name, name))
			return c;
	return NULL;
}

/* Next sibling element after c with the same local name as c, or NULL (as lk_xml__next_same). */
static xmlNodePtr next_same(xmlNodePtr c)
{
	for (xmlNodePtr s = c->next; s; s = s->next)
		if (s->type == XML_ELEMENT_NODE && s->name && same(s->name, (const char *)c->name))
			return s;
	return NULL;
}

/* Trimmed text of n into dst[cap]; "" for NULL. Over-long text is an error. */
static int text(px *c, xmlNodePtr n, char *dst, size_t cap)
{
	dst[0] = 0;
	if (!n)
		return 0;
	/* An element with one text child (nearly all) is that text: no copy of it is made. */
	xmlNodePtr only = n->children;
	bool one = only && !only->next && only->type == XML_TEXT_NODE && only->content;
	xmlChar *raw = one ? NULL : xmlNodeGetContent(n);
	if (!one && !raw)
		return lk_error_set(LK_ENOMEM, "pacs.008: out of memory");
	const char *s = one ? (const char *)only->content : (const char *)raw;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	int rc = 0;
	if (lk_payment__copy(dst, cap, s, len) < 0)
		rc = fail(c, n, LK_ETOOBIG, "%s: %zu bytes, at most %zu", (const char *)n->name, len,
		          cap - 1);
	xmlFree(raw);
	return rc;
}

static int country(px *c, xmlNodePtr n, char *dst)
{
	char buf[8] = "";
	int rc = text(c, n, buf, sizeof buf);
	if (rc < 0)
		return rc;
	if (n && (strlen(buf) != 2 || !isupper((unsigned char)buf[0]) ||
	          !isupper((unsigned char)buf[1])))
		return fail(c, n, LK_EINVALID, "%s '%s' is not an ISO 3166 country code",
		            (const char *)n->name, buf);
	memcpy(dst, buf, 3);
	return 0;
}

static int address(px *c, lk_payment_party *p, xmlNodePtr a)
{
	int rc;
	char street[141], bldg[20];
	if (!a)
		return 0;
	if ((rc = country(c, kid(a, "Ctry"), p->country)) < 0 ||
	    (rc = text(c, kid(a, "TwnNm"), p->town, sizeof p->town)) < 0 ||
	    (rc = text(c, kid(a, "StrtNm"), street, sizeof street)) < 0 ||
	    (rc = text(c, kid(a, "BldgNb"), bldg, sizeof bldg)) < 0)
		return rc;
	if (street[0]) {
		if (bldg[0] && lk_payment__append(street, sizeof street, " ", bldg, strlen(bldg)) < 0)
			return fail(c, a, LK_ETOOBIG, "street and building number too long");
		if (lk_payment__copy(p->address[p->naddress++], sizeof p->address[0], street,
		                     strlen(street)) < 0)
			return fail(c, a, LK_ETOOBIG, "StrtNm longer than 70 characters");
	}
	for (xmlNodePtr l = kid(a, "AdrLine"); l; l = next_same(l)) {
		if (p->naddress >= LK_PAYMENT_MAX_ADDRESS)
			return fail(c, l, LK_ETOOBIG, "more than %d address lines", LK_PAYMENT_MAX_ADDRESS);
		if ((rc = text(c, l, p->address[p->naddress], sizeof p->address[0])) < 0)
			return rc;
		p->naddress += p->address[p->naddress][0] != 0;
	}
	return 0;
}

static int account(px *c, lk_payment_party *p, xmlNodePtr acct)
{
	xmlNodePtr id = kid(kid(acct, "Id"), "IBAN");
	if (!id)
		id = kid(kid(kid(acct, "Id"), "Othr"), "Id");
	return text(c, id, p->account, sizeof p->account);
}

static int bic(px *c, lk_payment_party *p, xmlNodePtr n)
{
	int rc = text(c, n, p->bic, sizeof p->bic);
	if (rc < 0)
		return rc;
	if (n && !lk_bic_valid(p->bic))
		return fail(c, n, LK_EINVALID, "%s: '%s' is not a valid BIC", p->tag, p->bic);
	return 0;
}

/*
 * The transaction's child elements the parser reads, found in one pass over its children (the
 * first of each name, as kid() would find it). Names are grouped by their first letter.
 */
enum {
	X_CDTR, X_CDTR_ACCT, X_CDTR_AGT, X_CDTR_AGT_ACCT,
	X_DBTR, X_DBTR_ACCT, X_DBTR_AGT, X_DBTR_AGT_ACCT,
	X_AMOUNT, X_DATE, X_AGT1, X_AGT1_ACCT, X_AGT2, X_AGT2_ACCT, X_AGT3, X_AGT3_ACCT,
	X_PMTID, X_RMTINF, X_ULTMT_DBTR, X_ULTMT_CDTR, X_COUNT
};

static const char *const tx_names[X_COUNT] = {
	"Cdtr", "CdtrAcct", "CdtrAgt", "CdtrAgtAcct",
	"Dbtr", "DbtrAcct", "DbtrAgt", "DbtrAgtAcct",
	"IntrBkSttlmAmt", "IntrBkSttlmDt", "IntrmyAgt1", "IntrmyAgt1Acct", "IntrmyAgt2",
	"IntrmyAgt2Acct", "IntrmyAgt3", "IntrmyAgt3Acct",
	"PmtId", "RmtInf", "UltmtDbtr", "UltmtCdtr"};

static void tx_children(xmlNodePtr tx, xmlNodePtr x[X_COUNT])
{
	memset(x, 0, X_COUNT * sizeof *x);
	for (xmlNodePtr e = tx->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE || !e->name)
			continue;
		int lo, hi;
		switch (e->name[0]) {
		case 'C':
			lo = X_CDTR, hi = X_DBTR;
			break;
		case 'D':
			lo = X_DBTR, hi = X_AMOUNT;
			break;
		case 'I':
			lo = X_AMOUNT, hi = X_PMTID;
			break;
		case 'P':
			lo = X_PMTID, hi = X_RMTINF;
			break;
		case 'R':
			lo = X_RMTINF, hi = X_ULTMT_DBTR;
			break;
		case 'U':
			lo = X_ULTMT_DBTR, hi = X_COUNT;
			break;
		default:
			continue;
		}
		for (int i = lo; i < hi; i++)
			if (same(e->name + 1, tx_names[i] + 1)) {
				if (!x[i])
					x[i] = e;
				break;
			}
	}
}

/* A party (Dbtr, Cdtr, UltmtDbtr, UltmtCdtr; n, if present): PartyIdentification. */
static int party(px *c, xmlNodePtr n, xmlNodePtr acct, const char *el, lk_payment_role role)
{
	if (!n)
		return 0;
	lk_payment_party *p = lk_payment__add_party(c->m, role, el);
	if (!p)
		return fail(c, n, LK_ETOOBIG, "too many parties");
	int rc;
	xmlNodePtr id = kid(n, "Id");
	xmlNodePtr org = kid(id, "OrgId"), prv = kid(id, "PrvtId");
	xmlNodePtr b = kid(org, "AnyBIC");
	if (!b)
		b = kid(org, "BICOrBEI");
	xmlNodePtr ident = kid(org, "LEI");
	if (!ident)
		ident = kid(kid(org, "Othr"), "Id");
	if (!ident)
		ident = kid(kid(prv, "Othr"), "Id");
	xmlNodePtr birth = kid(prv, "DtAndPlcOfBirth");
	if ((rc = text(c, kid(n, "Nm"), p->name, sizeof p->name)) < 0 ||
	    (rc = address(c, p, kid(n, "PstlAdr"))) < 0 ||
	    (rc = bic(c, p, b)) < 0 ||
	    (rc = text(c, ident, p->identifier, sizeof p->identifier)) < 0 ||
	    (rc = text(c, kid(birth, "BirthDt"), p->birth_date, sizeof p->birth_date)) < 0)
		return rc;
	if (birth) {
		char ctry[3] = "", city[36];
		if ((rc = country(c, kid(birth, "CtryOfBirth"), ctry)) < 0 ||
		    (rc = text(c, kid(birth, "CityOfBirth"), city, sizeof city)) < 0)
			return rc;
		snprintf(p->birth_place, sizeof p->birth_place, "%s/%s", ctry, city);
	}
	if (!p->country[0] && (rc = country(c, kid(n, "CtryOfRes"), p->country)) < 0)
		return rc;
	return account(c, p, acct);
}

/* An agent (DbtrAgt, CdtrAgt, IntrmyAgtN; n, if present):
 * BranchAndFinancialInstitutionIdentification. */
static int agent(px *c, xmlNodePtr n, xmlNodePtr acct, const char *el, lk_payment_role role)
{
	if (!n)
		return 0;
	lk_payment_party *p = lk_payment__add_party(c->m, role, el);
	if (!p)
		return fail(c, n, LK_ETOOBIG, "too many parties");
	xmlNodePtr fi = kid(n, "FinInstnId");
	xmlNodePtr b = kid(fi, "BICFI");
	if (!b)
		b = kid(fi, "BIC");
	xmlNodePtr ident = kid(kid(fi, "ClrSysMmbId"), "MmbId");
	if (!ident)
		ident = kid(fi, "LEI");
	int rc;
	if ((rc = text(c, kid(fi, "Nm"), p->name, sizeof p->name)) < 0 ||
	    (rc = address(c, p, kid(fi, "PstlAdr"))) < 0 ||
	    (rc = bic(c, p, b)) < 0 ||
	    (rc = text(c, ident, p->identifier, sizeof p->identifier)) < 0)
		return rc;
	return account(c, p, acct);
}

static int amount(px *c, xmlNodePtr tx, xmlNodePtr a)
{
	if (!a)
		return fail(c, tx, LK_EINVALID, "CdtTrfTxInf without IntrBkSttlmAmt");
	int rc = text(c, a, c->m->amount, sizeof c->m->amount);
	if (rc < 0)
		return rc;
	xmlChar *ccy = xmlGetProp(a, (const xmlChar *)"Ccy");
	const char *s = ccy ? (const char *)ccy : "";
	bool ok = strlen(s) == 3 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	          isupper((unsigned char)s[2]);
	if (ok)
		memcpy(c->m->currency, s, 4);
	xmlFree(ccy);
	if (!ok)
		return fail(c, a, LK_EINVALID, "IntrBkSttlmAmt without a currency code in Ccy");
	size_t dots = 0, digits = 0;
	for (const char *q = c->m->amount; *q; q++) {
		if (*q == '.')
			dots++;
		else if (isdigit((unsigned char)*q))
			digits++;
		else
			dots = 2;
	}
	if (dots > 1 || digits == 0)
		return fail(c, a, LK_EINVALID, "IntrBkSttlmAmt '%s' is not a decimal amount",
		            c->m->amount);
	return 0;
}

static int transaction(px *c, xmlNodePtr tx)
{
	lk_payment *m = c->m;
	int rc;
	if (!c->r->msg_id[0])
		return fail(c, tx, LK_EINVALID, "CdtTrfTxInf without a GrpHdr/MsgId before it");
	memcpy(m->reference, c->r->msg_id, sizeof m->reference);
	xmlNodePtr x[X_COUNT];
	tx_children(tx, x);
	if ((rc = text(c, kid(x[X_PMTID], "EndToEndId"), m->end_to_end_id,
	               sizeof m->end_to_end_id)) < 0 ||
	    (rc = amount(c, tx, x[X_AMOUNT])) < 0 ||
	    (rc = text(c, x[X_DATE], m->value_date, sizeof m->value_date)) < 0)
		return rc;
	if (!m->value_date[0])
		memcpy(m->value_date, c->r->grp_date, sizeof m->value_date);
	if (!x[X_DBTR])
		return fail(c, tx, LK_EINVALID, "CdtTrfTxInf without Dbtr");
	if (!x[X_CDTR])
		return fail(c, tx, LK_EINVALID, "CdtTrfTxInf without Cdtr");
	if ((rc = party(c, x[X_DBTR], x[X_DBTR_ACCT], "Dbtr", LK_PAYMENT_ORDERING_CUSTOMER)) < 0 ||
	    (rc = party(c, x[X_ULTMT_DBTR], NULL, "UltmtDbtr", LK_PAYMENT_ULTIMATE_DEBTOR)) < 0 ||
	    (rc = agent(c, x[X_DBTR_AGT], x[X_DBTR_AGT_ACCT], "DbtrAgt",
	                LK_PAYMENT_ORDERING_INSTITUTION)) < 0 ||
	    (rc = agent(c, x[X_AGT1], x[X_AGT1_ACCT], "IntrmyAgt1", LK_PAYMENT_INTERMEDIARY)) < 0 ||
	    (rc = agent(c, x[X_AGT2], x[X_AGT2_ACCT], "IntrmyAgt2", LK_PAYMENT_INTERMEDIARY)) < 0 ||
	    (rc = agent(c, x[X_AGT3], x[X_AGT3_ACCT], "IntrmyAgt3", LK_PAYMENT_INTERMEDIARY)) < 0 ||
	    (rc = agent(c, x[X_CDTR_AGT], x[X_CDTR_AGT_ACCT], "CdtrAgt",
	                LK_PAYMENT_ACCOUNT_WITH)) < 0 ||
	    (rc = party(c, x[X_CDTR], x[X_CDTR_ACCT], "Cdtr", LK_PAYMENT_BENEFICIARY)) < 0 ||
	    (rc = party(c, x[X_ULTMT_CDTR], NULL, "UltmtCdtr", LK_PAYMENT_ULTIMATE_CREDITOR)) < 0)
		return rc;
	lk_payment_text *t = NULL;
	for (xmlNodePtr u = kid(x[X_RMTINF], "Ustrd"); u; u = next_same(u)) {
		char line[141];
		if ((rc = text(c, u, line, sizeof line)) < 0)
			return rc;
		if (!t && !(t = lk_payment__add_text(m, LK_PAYMENT_REMITTANCE, "Ustrd")))
			return fail(c, u, LK_ETOOBIG, "too many text fields");
		if (lk_payment__append(t->text, sizeof t->text, "\n", line, strlen(line)) < 0)
			return fail(c, u, LK_ETOOBIG, "RmtInf/Ustrd longer than %zu bytes in all",
			            sizeof t->text - 1);
	}
	return 0;
}

static void begin(lk_payment_reader *r, lk_payment *m)
{
	m->type = LK_PAYMENT_PACS008;
	m->index = ++r->count;
	m->line = lk_xml__line(&r->xml);
}

void lk_payment__pacs008_close(lk_payment_reader *r)
{
	if (r->xml_open)
		lk_xml__close(&r->xml);
	r->xml_open = false;
}

/* A message element closed without any transaction: the standard wants one or more. */
static int empty_message(lk_payment_reader *r, lk_payment *m)
{
	r->msg_depth = -1;
	begin(r, m);
	m->line = r->msg_line;
	return lk_error_set_at(LK_EINVALID, r->name, r->msg_line, -1,
	                       "pacs.008: message %ld: FIToFICstmrCdtTrf without CdtTrfTxInf",
	                       m->index);
}

static bool pacs008_namespace(const char *ns)
{
	size_t nl = strlen(PACS008_NS);
	return ns && strncmp(ns, PACS008_NS, nl) == 0 && isdigit((unsigned char)ns[nl]) &&
	       isdigit((unsigned char)ns[nl + 1]) && ns[nl + 2] == 0;
}

/* Line of the reader's current node (the reader's own line runs ahead of it). */
static long node_line(lk_xml *x)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->reader);
	long line = n ? xmlGetLineNo(n) : -1;
	return line > 0 ? line : lk_xml__line(x);
}

/*
 * The XML reader failed; it cannot go on. libxml2's streaming reader reports a document cut
 * short inside an element as "Extra content at the end of the document" rather than
 * "Premature end of data", so truncation is recognised here from the input itself: it does not
 * end with '>', or the error is on its last line.
 */
static int xml_failed(lk_payment_reader *r, lk_payment *m)
{
	const lk_error *e = lk_error_last();
	int code = e->code;
	long line = e->line;
	r->xml_done = true;
	begin(r, m);
	m->line = line;
	if (code == LK_EINVALID || code == LK_ETRUNCATED) {
		size_t n = r->len;
		long last = 1;
		while (n && strchr(" \t\r\n", r->data[n - 1]))
			n--;
		for (size_t i = 0; i < n; i++)
			last += r->data[i] == '\n';
		if (n == 0 || r->data[n - 1] != '>' || (r->xml.failed && line >= last))
			return lk_error_set_at(LK_ETRUNCATED, r->name, line, -1, "pacs.008: message %ld: "
			                       "the document is truncated (%s)", m->index,
			                       r->xml.failed ? r->xml.errmsg : "unexpected end");
	}
	return code;
}

/* r->label = "pacs.008: message N" for the next message, without snprintf (once a call). */
static void set_label(lk_payment_reader *r)
{
	static const char prefix[] = "pacs.008: message ";
	char digits[24];
	size_t n = 0;
	unsigned long long v = (unsigned long long)(r->count + 1);
	if (r->count < 0) {
		snprintf(r->label, sizeof r->label, "pacs.008: message %ld", r->count + 1);
		return;
	}
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof digits);
	char *o = r->label;
	memcpy(o, prefix, sizeof prefix - 1);
	o += sizeof prefix - 1;
	while (n)
		*o++ = digits[--n];
	*o = 0;
}

int lk_payment__pacs008_next(lk_payment_reader *r, lk_payment *m)
{
	lk_xml *x = &r->xml;
	int k, rc;
	if (r->xml_done)
		return 0;
	set_label(r);
	if (!r->xml_open) {
		size_t i = 0;
		while (i < r->len && strchr(" \t\r\n", r->data[i]) && r->data[i])
			i++;
		if (i == r->len) {
			r->xml_done = true;
			begin(r, m);
			return lk_error_set_at(LK_EINVALID, r->name, 0, -1,
			                       "pacs.008: message 1: the input is empty");
		}
		r->in.path = r->name;
		r->in.name = r->name;
		r->in.data = r->data;
		r->in.len = r->len;
		r->in.size = r->len;
		if ((rc = lk_xml__open(x, &r->in, r->label)) < 0) {
			r->xml_done = true;
			begin(r, m);
			return rc;
		}
		r->xml_open = true;
	}
	if (r->resume == LK_PAYMENT_RESUME_HERE)
		k = 1;
	else if (r->resume == LK_PAYMENT_RESUME_SKIP)
		k = lk_xml__skip(x);
	else
		k = lk_xml__next_element(x);
	r->resume = LK_PAYMENT_RESUME_NEXT;
	for (;;) {
		if (k < 0)
			return xml_failed(r, m);
		if (k == 0) {
			r->xml_done = true;
			if (r->msg_depth >= 0 && r->ntx == 0)
				return empty_message(r, m);
			if (r->found == 0) {
				begin(r, m);
				return lk_error_set_at(LK_EFORMAT, r->name, 0, -1, "pacs.008: message %ld: "
				                       "no FIToFICstmrCdtTrf element: not a pacs.008 document",
				                       m->index);
			}
			return 0;
		}
		const char *name = lk_xml__name(x);
		int depth = xmlTextReaderDepth(x->reader);
		if (r->msg_depth >= 0 && depth <= r->msg_depth) {
			if (r->ntx == 0) {
				r->resume = LK_PAYMENT_RESUME_HERE;
				return empty_message(r, m);
			}
			r->msg_depth = -1;
		}
		if (strcmp(name, "FIToFICstmrCdtTrf") == 0) {
			const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->reader);
			r->found++;
			if (!pacs008_namespace(ns)) {
				begin(r, m);
				m->line = node_line(x);
				r->resume = LK_PAYMENT_RESUME_SKIP;
				return lk_error_set_at(LK_EINVALID, r->name, m->line, -1,
				                       "pacs.008: message %ld: FIToFICstmrCdtTrf in namespace "
				                       "'%.200s', expected %sNN", m->index, ns ? ns : "",
				                       PACS008_NS);
			}
			r->msg_depth = depth;
			r->msg_line = node_line(x);
			r->ntx = 0;
			r->msg_id[0] = r->grp_date[0] = 0;
			k = lk_xml__next_element(x);
			continue;
		}
		bool grp = strcmp(name, "GrpHdr") == 0;
		if (r->msg_depth < 0 || depth != r->msg_depth + 1 ||
		    (!grp && strcmp(name, "CdtTrfTxInf") != 0)) {
			k = lk_xml__next_element(x);
			continue;
		}
		long line = node_line(x);
		xmlNodePtr n = lk_xml__expand(x);
		if (!n)
			return xml_failed(r, m);
		px c = {r, m};
		if (grp) {
			m->index = r->count + 1;
			if ((rc = text(&c, kid(n, "MsgId"), r->msg_id, sizeof r->msg_id)) < 0 ||
			    (rc = text(&c, kid(n, "IntrBkSttlmDt"), r->grp_date,
			               sizeof r->grp_date)) < 0) {
				begin(r, m);
				r->resume = LK_PAYMENT_RESUME_SKIP;
				return rc;
			}
			k = lk_xml__skip(x);
			continue;
		}
		begin(r, m);
		m->line = line;
		r->ntx++;
		rc = transaction(&c, n);
		r->resume = LK_PAYMENT_RESUME_SKIP;
		return rc < 0 ? rc : 1;
	}
}
