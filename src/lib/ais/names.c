/*
 * names.c - the controlled vocabularies gpsd prints beside codes ("status_text",
 * "shiptype_text", "epfd_text", "aid_type_text"). The wording is gpsd's, which differs from
 * the ITU tables in places ("Restricted maneuverability", "Cargo - all ships of this type"),
 * because the point of printing them is that gpsd users get the same strings.
 */
#include "ais_int.h"

const char *lk_ais_status_text(unsigned s)
{
	static const char *const t[16] = {
		"Under way using engine", "At anchor", "Not under command",
		"Restricted maneuverability", "Constrained by her draught", "Moored", "Aground",
		"Engaged in fishing", "Under way sailing", "Reserved for HSC", "Reserved for WIG",
		"Power-driven vessel towing astern",
		"Power-driven vessel pushing ahead or towing alongside", "Reserved",
		"AIS-SART is active", "Not defined",
	};
	return s < 16 ? t[s] : "Not defined";
}

const char *lk_ais_shiptype_text(unsigned t)
{
	static const char *const fixed[] = {
		[30] = "Fishing", [31] = "Towing",
		[32] = "Towing: length exceeds 200m or breadth exceeds 25m",
		[33] = "Dredging or underwater ops", [34] = "Diving ops", [35] = "Military ops",
		[36] = "Sailing", [37] = "Pleasure Craft", [38] = "Reserved", [39] = "Reserved",
		[50] = "Pilot Vessel", [51] = "Search and Rescue vessel", [52] = "Tug",
		[53] = "Port Tender", [54] = "Anti-pollution equipment", [55] = "Law Enforcement",
		[56] = "Spare - Local Vessel", [57] = "Spare - Local Vessel",
		[58] = "Medical Transport",
		[59] = "Noncombatant ship according to RR Resolution No. 18",
	};
	/* families of ten codes: "<family> - <category>" (gpsd's wording, with its quirks:
	 * WIG has no "no additional information", 99 is lower case) */
#define LK__CAT(fam, last) \
	fam " - all ships of this type", fam " - Hazardous category A", \
	fam " - Hazardous category B", fam " - Hazardous category C", \
	fam " - Hazardous category D", fam " - Reserved for future use", \
	fam " - Reserved for future use", fam " - Reserved for future use", \
	fam " - Reserved for future use", fam " - " last
	static const char *const wig[10] = {
		LK__CAT("Wing in ground (WIG)", "Reserved for future use")};
	static const char *const families[6][10] = {
		{LK__CAT("High speed craft (HSC)", "No additional information")},
		{NULL},
		{LK__CAT("Passenger", "No additional information")},
		{LK__CAT("Cargo", "No additional information")},
		{LK__CAT("Tanker", "No additional information")},
		{LK__CAT("Other Type", "no additional information")},
	};
#undef LK__CAT
	if (t == 0)
		return "Not available";
	if (t < 20)
		return "Reserved for future use";
	if (t > 99)
		return "Unknown";
	if (t < 30)
		return wig[t - 20];
	if (t < LK_ARRAY_SIZE(fixed) && fixed[t])
		return fixed[t];
	if (t >= 40 && t < 100 && families[t / 10 - 4][0])
		return families[t / 10 - 4][t % 10];
	return "Unknown";
}

const char *lk_ais_epfd_text(unsigned e)
{
	static const char *const t[16] = {
		"Undefined", "GPS", "GLONASS", "Combined GPS/GLONASS", "Loran-C", "Chayka",
		"Integrated navigation system", "Surveyed", "Galileo", "Reserved (9)",
		"Reserved (10)", "Reserved (11)", "Reserved (12)", "Reserved (13)",
		"Reserved (14)", "Internal GNSS",
	};
	return e < 16 ? t[e] : "Undefined";
}

const char *lk_ais_aid_type_text(unsigned a)
{
	static const char *const t[32] = {
		"Unspecified", "Reference point", "RACON", "Fixed offshore structure",
		"Spare, Reserved for future use.", "Light, without sectors", "Light, with sectors",
		"Leading Light Front", "Leading Light Rear", "Beacon, Cardinal N",
		"Beacon, Cardinal E", "Beacon, Cardinal S", "Beacon, Cardinal W",
		"Beacon, Port hand", "Beacon, Starboard hand", "Beacon, Preferred Channel port hand",
		"Beacon, Preferred Channel starboard hand", "Beacon, Isolated danger",
		"Beacon, Safe water", "Beacon, Special mark", "Cardinal Mark N", "Cardinal Mark E",
		"Cardinal Mark S", "Cardinal Mark W", "Port hand Mark", "Starboard hand Mark",
		"Preferred Channel Port hand", "Preferred Channel Starboard hand", "Isolated danger",
		"Safe Water", "Special Mark", "Light Vessel / LANBY / Rigs",
	};
	return a < 32 ? t[a] : "Unspecified";
}
