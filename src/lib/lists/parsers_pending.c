/*
 * parsers_pending.c - TEMPORARY weak fallbacks while the parsers are written in parallel.
 * Each real parser's strong definition replaces its fallback at link time. This file is
 * deleted before the foundation lands.
 */
#include "parse_int.h"

#define PENDING(fn, args)                                                                   \
	__attribute__((weak)) int fn args                                                       \
	{                                                                                       \
		return lk_error_set(LK_EFORMAT, #fn ": parser not built yet");                      \
	}

PENDING(lk_lists__parse_un_xml, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_ofac_xml, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_ofac_csv, (lk_list *l, const lk_input *const *ins, size_t n))
PENDING(lk_lists__parse_eu_xml_legacy, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_eu_xml, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_eu_csv, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_uk_csv, (lk_list *l, const lk_input *in))
PENDING(lk_lists__parse_ftm_json, (lk_list *l, const lk_input *in))
