/*
 * payment.h - reading payment messages: SWIFT MT103 (FIN) and ISO 20022 pacs.008.
 *
 * A reader walks a buffer holding one or more messages and returns them one at a time as
 * lk_payment structs: the reference, the amount, the value date, every party with its role
 * (ordering customer, beneficiary, the banks in between) and the free-text fields
 * (remittance information, sender-to-receiver information), so that a screening step can
 * check each of them.
 *
 * MT103: a file holds one or more FIN messages {1:...}{2:...}{3:...}{4:\r\n:20:...\r\n-}{5:...};
 * messages follow each other directly, on separate lines, or separated by '$'. Block 4 must be
 * in the SWIFT X character set (letters, digits, space and / - ? : ( ) . , ' +); any other
 * byte is an error. Field lengths and line counts are those of the standard (35 characters a
 * line, 4 lines of name and address, 6 of field 72); fields 20, 32A, 50a and 59a are required.
 *
 * pacs.008 (FIToFICstmrCdtTrf, any version 001.02 to 001.12, with or without a business
 * application header envelope): each CdtTrfTxInf is returned as one lk_payment carrying the
 * group header's MsgId. The XML is read without DTDs, entities or network access.
 *
 * Errors: a malformed message does not stop the reader. lk_payment_reader_next() returns a
 * negative code for it, records "<name>: line N: message K: ..." through lk_error_set_at()
 * and the next call goes on with the following message.
 *
 * Memory: the reader is allocated by lk_payment_reader_new() and released with
 * lk_payment_reader_free(); it borrows the input buffer, which must outlive it. Messages are
 * caller-provided structs with fixed-size, NUL-terminated strings (bounded by the standard's
 * field lengths; longer values are errors, never silently cut).
 */
#ifndef LOOKOUT_PAYMENT_H
#define LOOKOUT_PAYMENT_H

#include "common.h"

typedef enum lk_payment_type {
	LK_PAYMENT_UNKNOWN = 0,
	LK_PAYMENT_MT103,
	LK_PAYMENT_PACS008
} lk_payment_type;

/* Which messages a reader expects. AUTO: XML (first non-blank byte '<') is pacs.008,
 * anything else MT103. */
typedef enum lk_payment_format {
	LK_PAYMENT_FORMAT_AUTO = 0,
	LK_PAYMENT_FORMAT_MT103,
	LK_PAYMENT_FORMAT_PACS008
} lk_payment_format;

/* The role a party plays in the payment. MT103 field / pacs.008 element in brackets. */
typedef enum lk_payment_role {
	LK_PAYMENT_ORDERING_CUSTOMER = 0,  /* 50A/50F/50K, Dbtr */
	LK_PAYMENT_BENEFICIARY,            /* 59/59A/59F, Cdtr */
	LK_PAYMENT_ULTIMATE_DEBTOR,        /* UltmtDbtr */
	LK_PAYMENT_ULTIMATE_CREDITOR,      /* UltmtCdtr */
	LK_PAYMENT_ORDERING_INSTITUTION,   /* 52A/52D, DbtrAgt */
	LK_PAYMENT_INTERMEDIARY,           /* 56A/56D, IntrmyAgt1..3 */
	LK_PAYMENT_ACCOUNT_WITH,           /* 57A/57D, CdtrAgt */
	LK_PAYMENT_ROLE_COUNT
} lk_payment_role;

/* Role of a free-text field. */
typedef enum lk_payment_text_role {
	LK_PAYMENT_REMITTANCE = 0,         /* 70, RmtInf/Ustrd */
	LK_PAYMENT_SENDER_TO_RECEIVER,     /* 72 */
	LK_PAYMENT_TEXT_ROLE_COUNT
} lk_payment_text_role;

#define LK_PAYMENT_MAX_PARTIES 12
#define LK_PAYMENT_MAX_ADDRESS 7       /* pacs.008 AdrLine occurs up to 7 times */
#define LK_PAYMENT_MAX_TEXTS 4

/* One party. Strings are "" when absent. */
typedef struct lk_payment_party {
	lk_payment_role role;
	char tag[16];                      /* where it came from: "50F", "59", "Cdtr", "IntrmyAgt2" */
	char name[141];                    /* 50F/59F "1/" lines joined with a space; Nm */
	char address[LK_PAYMENT_MAX_ADDRESS][71];  /* "2/" lines, unstructured lines after the
	                                              name; AdrLine, or StrtNm + BldgNb */
	int naddress;
	char country[3];                   /* ISO 3166 alpha-2: 50F/59F "3/CC/town"; Ctry */
	char town[36];                     /* 50F/59F "3/CC/town"; TwnNm */
	char account[35];                  /* "/account" line; IBAN or Othr/Id */
	char bic[12];                      /* 52A/56A/57A/50A/59A; BICFI/AnyBIC (checked) */
	char birth_date[11];               /* 50F "4/YYYYMMDD" as YYYY-MM-DD */
	char birth_place[36];              /* 50F "5/CC/town" as "CC/town" */
	char identifier[71];               /* 50F party identifier "CODE/CC/id" or "6/", "7/" */
	char extra[36];                    /* 50F "8/" (continuation of 6/ or 7/) */
} lk_payment_party;

/* One free-text field; lines are joined with '\n'. */
typedef struct lk_payment_text {
	lk_payment_text_role role;
	char tag[8];                       /* "70", "72", "Ustrd" */
	char text[421];
} lk_payment_text;

/* One message (MT103) or one transaction (pacs.008 CdtTrfTxInf). */
typedef struct lk_payment {
	lk_payment_type type;
	long index;                        /* 1-based message number in the input */
	long line;                         /* line where the message (transaction) starts */
	long long offset;                  /* byte offset of the message start, or -1 */
	char reference[36];                /* MT103 field 20; pacs.008 GrpHdr/MsgId */
	char end_to_end_id[36];            /* pacs.008 PmtId/EndToEndId; "" for MT103 */
	char currency[4];                  /* 32A; IntrBkSttlmAmt/@Ccy */
	char amount[32];                   /* decimal with '.' ("1000.50") */
	char value_date[11];               /* YYYY-MM-DD: 32A; IntrBkSttlmDt */
	lk_payment_party parties[LK_PAYMENT_MAX_PARTIES];
	int nparties;
	lk_payment_text texts[LK_PAYMENT_MAX_TEXTS];
	int ntexts;
} lk_payment;

typedef struct lk_payment_reader lk_payment_reader;

/*
 * Create a reader over data[0..len) (borrowed; must outlive the reader). `name` labels
 * messages ("payments.txt"; NULL: "input"). Returns 0, LK_ENOMEM, or LK_EFORMAT for an unknown
 * format value. Free with lk_payment_reader_free().
 */
LK_EXTERN(int) lk_payment_reader_new(lk_payment_reader **out, const char *data, size_t len,
                                     const char *name, lk_payment_format format);

/* Free a reader; NULL is a no-op. */
LK_EXTERN(void) lk_payment_reader_free(lk_payment_reader *r);

/*
 * Read the next message into *out (cleared first). Returns 1 for a message, 0 at the end of
 * the input, or a negative code for a malformed message: LK_EINVALID (bad field, missing
 * field or block, wrong tag or namespace), LK_EENCODING (a byte outside the SWIFT X set,
 * invalid XML encoding), LK_ETRUNCATED (input ends inside a message), LK_ETOOBIG (a field
 * longer than the standard allows), LK_EFORMAT (not an MT103 / pacs.008). The error is
 * recorded with the line and the message number, and out->index/line/offset say where;
 * call again to continue. After an XML syntax error the rest of that document cannot be
 * read, so the next call returns 0.
 */
LK_EXTERN(int) lk_payment_reader_next(lk_payment_reader *r, lk_payment *out);

/* Number of messages returned or rejected so far. */
LK_EXTERN(long) lk_payment_reader_count(const lk_payment_reader *r);

/* Short names: "mt103", "pacs.008"; "ordering_customer", "beneficiary", ...;
 * "remittance", "sender_to_receiver". Never NULL. */
LK_EXTERN(const char *) lk_payment_type_name(lk_payment_type t);
LK_EXTERN(const char *) lk_payment_role_name(lk_payment_role r);
LK_EXTERN(const char *) lk_payment_text_role_name(lk_payment_text_role r);

#endif
