/*
 * lookout.h - the umbrella header of the Lookout library.
 */
#ifndef LOOKOUT_H
#define LOOKOUT_H

#include "common.h"
#include "error.h"
#include "arena.h"
#include "buf.h"
#include "utf8.h"
#include "hash.h"
#include "csv.h"
#include "strmap.h"
#include "entity.h"
#include "lists.h"
#include "store.h"
#include "audit.h"
#include "monitor.h"
#include "text.h"
#include "match.h"
#include "ais.h"
#include "ais_detect.h"
#include "ais_sim.h"
#include "payment.h"
#include "fetch.h"
#include "report.h"
#include "keys.h"
#include "scan.h"

#endif
