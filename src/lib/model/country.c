/*
 * country.c - country names and codes as the lists write them, mapped to ISO 3166-1.
 *
 * Nationality and country values are compared across lists, so they are stored as lower-case
 * ISO 3166-1 alpha-2 codes. Each list writes them its own way: UN uses UN member-state names
 * ("Iran (Islamic Republic of)", "Democratic People's Republic of Korea"), OFAC its own
 * ("Korea, North", "Burma", "Congo, Democratic Republic of the") and demonyms in remarks
 * ("nationality Palestinian"), UK demonyms and old names ("Afghan", "Libyan Arab Jamahiriya",
 * "Ukrainian SSR"), EU alpha-3 codes ("IRQ"), FtM alpha-2 codes.
 *
 * How the aliases were gathered: every distinct value of UN NATIONALITY/VALUE, address,
 * birth-place and document COUNTRY fields, OFAC add.csv's country column (all sets) and the
 * "nationality X" / "citizen X" remarks of every OFAC sdn.csv and cons_prim.csv, the UK
 * Nationality / Country / Country of Birth columns of the four UK files, and the EU XML
 * COUNTRY and CSV Addr/Birt/Iden/Citi_country fields was extracted with a script and listed
 * by frequency; every value that names one country (including the misspellings that occur,
 * "Afgan", "United Kingom", "Trinadad and Tobago") is in the alias table below, and the
 * common qualifiers ("(previous address)", "Region: ", "citizenship") are stripped by the
 * fallbacks in lookup(). Values that name no single country ("Iran / unknown", "Kafia Kingi",
 * "Channel Islands", "Congolese" which OFAC and UK use for both Congos) stay unmapped.
 *
 * Former states that birth places still name (USSR, Yugoslavia, Czechoslovakia, GDR,
 * Netherlands Antilles, Serbia and Montenegro) get their four-letter ISO 3166-3 codes, as in
 * FollowTheMoney ("suhh", "yucs"); Kosovo gets the user-assigned "xk" that the EU and FtM use.
 *
 * Lookup: names are reduced to a key (ASCII lower case, Latin accents folded, punctuation
 * and runs of spaces to one space), so "Côte d'Ivoire", "Cote d Ivoire" and "COTE D'IVOIRE"
 * are one key. The keys are built once (pthread_once) into a sorted array searched by
 * binary search.
 */
#include "lookout/entity.h"
#include "lookout/utf8.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* alpha-2, alpha-3, English short name (ISO 3166-1, "(the)" dropped) */
static const struct iso_country {
	const char *a2;
	const char *a3;
	const char *name;
} iso[] = {
	{"ad", "and", "Andorra"},
	{"ae", "are", "United Arab Emirates"},
	{"af", "afg", "Afghanistan"},
	{"ag", "atg", "Antigua and Barbuda"},
	{"ai", "aia", "Anguilla"},
	{"al", "alb", "Albania"},
	{"am", "arm", "Armenia"},
	{"ao", "ago", "Angola"},
	{"aq", "ata", "Antarctica"},
	{"ar", "arg", "Argentina"},
	{"as", "asm", "American Samoa"},
	{"at", "aut", "Austria"},
	{"au", "aus", "Australia"},
	{"aw", "abw", "Aruba"},
	{"ax", "ala", "Åland Islands"},
	{"az", "aze", "Azerbaijan"},
	{"ba", "bih", "Bosnia and Herzegovina"},
	{"bb", "brb", "Barbados"},
	{"bd", "bgd", "Bangladesh"},
	{"be", "bel", "Belgium"},
	{"bf", "bfa", "Burkina Faso"},
	{"bg", "bgr", "Bulgaria"},
	{"bh", "bhr", "Bahrain"},
	{"bi", "bdi", "Burundi"},
	{"bj", "ben", "Benin"},
	{"bl", "blm", "Saint Barthélemy"},
	{"bm", "bmu", "Bermuda"},
	{"bn", "brn", "Brunei Darussalam"},
	{"bo", "bol", "Bolivia (Plurinational State of)"},
	{"bq", "bes", "Bonaire, Sint Eustatius and Saba"},
	{"br", "bra", "Brazil"},
	{"bs", "bhs", "Bahamas"},
	{"bt", "btn", "Bhutan"},
	{"bv", "bvt", "Bouvet Island"},
	{"bw", "bwa", "Botswana"},
	{"by", "blr", "Belarus"},
	{"bz", "blz", "Belize"},
	{"ca", "can", "Canada"},
	{"cc", "cck", "Cocos (Keeling) Islands"},
	{"cd", "cod", "Congo, Democratic Republic of the"},
	{"cf", "caf", "Central African Republic"},
	{"cg", "cog", "Congo"},
	{"ch", "che", "Switzerland"},
	{"ci", "civ", "Côte d'Ivoire"},
	{"ck", "cok", "Cook Islands"},
	{"cl", "chl", "Chile"},
	{"cm", "cmr", "Cameroon"},
	{"cn", "chn", "China"},
	{"co", "col", "Colombia"},
	{"cr", "cri", "Costa Rica"},
	{"cu", "cub", "Cuba"},
	{"cv", "cpv", "Cabo Verde"},
	{"cw", "cuw", "Curaçao"},
	{"cx", "cxr", "Christmas Island"},
	{"cy", "cyp", "Cyprus"},
	{"cz", "cze", "Czechia"},
	{"de", "deu", "Germany"},
	{"dj", "dji", "Djibouti"},
	{"dk", "dnk", "Denmark"},
	{"dm", "dma", "Dominica"},
	{"do", "dom", "Dominican Republic"},
	{"dz", "dza", "Algeria"},
	{"ec", "ecu", "Ecuador"},
	{"ee", "est", "Estonia"},
	{"eg", "egy", "Egypt"},
	{"eh", "esh", "Western Sahara"},
	{"er", "eri", "Eritrea"},
	{"es", "esp", "Spain"},
	{"et", "eth", "Ethiopia"},
	{"fi", "fin", "Finland"},
	{"fj", "fji", "Fiji"},
	{"fk", "flk", "Falkland Islands (Malvinas)"},
	{"fm", "fsm", "Micronesia (Federated States of)"},
	{"fo", "fro", "Faroe Islands"},
	{"fr", "fra", "France"},
	{"ga", "gab", "Gabon"},
	{"gb", "gbr", "United Kingdom of Great Britain and Northern Ireland"},
	{"gd", "grd", "Grenada"},
	{"ge", "geo", "Georgia"},
	{"gf", "guf", "French Guiana"},
	{"gg", "ggy", "Guernsey"},
	{"gh", "gha", "Ghana"},
	{"gi", "gib", "Gibraltar"},
	{"gl", "grl", "Greenland"},
	{"gm", "gmb", "Gambia"},
	{"gn", "gin", "Guinea"},
	{"gp", "glp", "Guadeloupe"},
	{"gq", "gnq", "Equatorial Guinea"},
	{"gr", "grc", "Greece"},
	{"gs", "sgs", "South Georgia and the South Sandwich Islands"},
	{"gt", "gtm", "Guatemala"},
	{"gu", "gum", "Guam"},
	{"gw", "gnb", "Guinea-Bissau"},
	{"gy", "guy", "Guyana"},
	{"hk", "hkg", "Hong Kong"},
	{"hm", "hmd", "Heard Island and McDonald Islands"},
	{"hn", "hnd", "Honduras"},
	{"hr", "hrv", "Croatia"},
	{"ht", "hti", "Haiti"},
	{"hu", "hun", "Hungary"},
	{"id", "idn", "Indonesia"},
	{"ie", "irl", "Ireland"},
	{"il", "isr", "Israel"},
	{"im", "imn", "Isle of Man"},
	{"in", "ind", "India"},
	{"io", "iot", "British Indian Ocean Territory"},
	{"iq", "irq", "Iraq"},
	{"ir", "irn", "Iran (Islamic Republic of)"},
	{"is", "isl", "Iceland"},
	{"it", "ita", "Italy"},
	{"je", "jey", "Jersey"},
	{"jm", "jam", "Jamaica"},
	{"jo", "jor", "Jordan"},
	{"jp", "jpn", "Japan"},
	{"ke", "ken", "Kenya"},
	{"kg", "kgz", "Kyrgyzstan"},
	{"kh", "khm", "Cambodia"},
	{"ki", "kir", "Kiribati"},
	{"km", "com", "Comoros"},
	{"kn", "kna", "Saint Kitts and Nevis"},
	{"kp", "prk", "Korea (Democratic People's Republic of)"},
	{"kr", "kor", "Korea, Republic of"},
	{"kw", "kwt", "Kuwait"},
	{"ky", "cym", "Cayman Islands"},
	{"kz", "kaz", "Kazakhstan"},
	{"la", "lao", "Lao People's Democratic Republic"},
	{"lb", "lbn", "Lebanon"},
	{"lc", "lca", "Saint Lucia"},
	{"li", "lie", "Liechtenstein"},
	{"lk", "lka", "Sri Lanka"},
	{"lr", "lbr", "Liberia"},
	{"ls", "lso", "Lesotho"},
	{"lt", "ltu", "Lithuania"},
	{"lu", "lux", "Luxembourg"},
	{"lv", "lva", "Latvia"},
	{"ly", "lby", "Libya"},
	{"ma", "mar", "Morocco"},
	{"mc", "mco", "Monaco"},
	{"md", "mda", "Moldova, Republic of"},
	{"me", "mne", "Montenegro"},
	{"mf", "maf", "Saint Martin (French part)"},
	{"mg", "mdg", "Madagascar"},
	{"mh", "mhl", "Marshall Islands"},
	{"mk", "mkd", "North Macedonia"},
	{"ml", "mli", "Mali"},
	{"mm", "mmr", "Myanmar"},
	{"mn", "mng", "Mongolia"},
	{"mo", "mac", "Macao"},
	{"mp", "mnp", "Northern Mariana Islands"},
	{"mq", "mtq", "Martinique"},
	{"mr", "mrt", "Mauritania"},
	{"ms", "msr", "Montserrat"},
	{"mt", "mlt", "Malta"},
	{"mu", "mus", "Mauritius"},
	{"mv", "mdv", "Maldives"},
	{"mw", "mwi", "Malawi"},
	{"mx", "mex", "Mexico"},
	{"my", "mys", "Malaysia"},
	{"mz", "moz", "Mozambique"},
	{"na", "nam", "Namibia"},
	{"nc", "ncl", "New Caledonia"},
	{"ne", "ner", "Niger"},
	{"nf", "nfk", "Norfolk Island"},
	{"ng", "nga", "Nigeria"},
	{"ni", "nic", "Nicaragua"},
	{"nl", "nld", "Netherlands"},
	{"no", "nor", "Norway"},
	{"np", "npl", "Nepal"},
	{"nr", "nru", "Nauru"},
	{"nu", "niu", "Niue"},
	{"nz", "nzl", "New Zealand"},
	{"om", "omn", "Oman"},
	{"pa", "pan", "Panama"},
	{"pe", "per", "Peru"},
	{"pf", "pyf", "French Polynesia"},
	{"pg", "png", "Papua New Guinea"},
	{"ph", "phl", "Philippines"},
	{"pk", "pak", "Pakistan"},
	{"pl", "pol", "Poland"},
	{"pm", "spm", "Saint Pierre and Miquelon"},
	{"pn", "pcn", "Pitcairn"},
	{"pr", "pri", "Puerto Rico"},
	{"ps", "pse", "Palestine, State of"},
	{"pt", "prt", "Portugal"},
	{"pw", "plw", "Palau"},
	{"py", "pry", "Paraguay"},
	{"qa", "qat", "Qatar"},
	{"re", "reu", "Réunion"},
	{"ro", "rou", "Romania"},
	{"rs", "srb", "Serbia"},
	{"ru", "rus", "Russian Federation"},
	{"rw", "rwa", "Rwanda"},
	{"sa", "sau", "Saudi Arabia"},
	{"sb", "slb", "Solomon Islands"},
	{"sc", "syc", "Seychelles"},
	{"sd", "sdn", "Sudan"},
	{"se", "swe", "Sweden"},
	{"sg", "sgp", "Singapore"},
	{"sh", "shn", "Saint Helena, Ascension and Tristan da Cunha"},
	{"si", "svn", "Slovenia"},
	{"sj", "sjm", "Svalbard and Jan Mayen"},
	{"sk", "svk", "Slovakia"},
	{"sl", "sle", "Sierra Leone"},
	{"sm", "smr", "San Marino"},
	{"sn", "sen", "Senegal"},
	{"so", "som", "Somalia"},
	{"sr", "sur", "Suriname"},
	{"ss", "ssd", "South Sudan"},
	{"st", "stp", "Sao Tome and Principe"},
	{"sv", "slv", "El Salvador"},
	{"sx", "sxm", "Sint Maarten (Dutch part)"},
	{"sy", "syr", "Syrian Arab Republic"},
	{"sz", "swz", "Eswatini"},
	{"tc", "tca", "Turks and Caicos Islands"},
	{"td", "tcd", "Chad"},
	{"tf", "atf", "French Southern Territories"},
	{"tg", "tgo", "Togo"},
	{"th", "tha", "Thailand"},
	{"tj", "tjk", "Tajikistan"},
	{"tk", "tkl", "Tokelau"},
	{"tl", "tls", "Timor-Leste"},
	{"tm", "tkm", "Turkmenistan"},
	{"tn", "tun", "Tunisia"},
	{"to", "ton", "Tonga"},
	{"tr", "tur", "Türkiye"},
	{"tt", "tto", "Trinidad and Tobago"},
	{"tv", "tuv", "Tuvalu"},
	{"tw", "twn", "Taiwan"},
	{"tz", "tza", "Tanzania, United Republic of"},
	{"ua", "ukr", "Ukraine"},
	{"ug", "uga", "Uganda"},
	{"um", "umi", "United States Minor Outlying Islands"},
	{"us", "usa", "United States of America"},
	{"uy", "ury", "Uruguay"},
	{"uz", "uzb", "Uzbekistan"},
	{"va", "vat", "Holy See"},
	{"vc", "vct", "Saint Vincent and the Grenadines"},
	{"ve", "ven", "Venezuela (Bolivarian Republic of)"},
	{"vg", "vgb", "Virgin Islands (British)"},
	{"vi", "vir", "Virgin Islands (U.S.)"},
	{"vn", "vnm", "Viet Nam"},
	{"vu", "vut", "Vanuatu"},
	{"wf", "wlf", "Wallis and Futuna"},
	{"ws", "wsm", "Samoa"},
	{"ye", "yem", "Yemen"},
	{"yt", "myt", "Mayotte"},
	{"za", "zaf", "South Africa"},
	{"zm", "zmb", "Zambia"},
	{"zw", "zwe", "Zimbabwe"},
	/* user-assigned and ISO 3166-3 (former countries), see above */
	{"xk", "xkx", "Kosovo"},
	{"suhh", "sun", "Soviet Union"},
	{"yucs", "yug", "Yugoslavia"},
	{"csxx", "scg", "Serbia and Montenegro"},
	{"cshh", "csk", "Czechoslovakia"},
	{"ddde", "ddr", "German Democratic Republic"},
	{"anhh", "ant", "Netherlands Antilles"},
};

/*
 * Other names, '|'-separated, per code: common English names, official long names, names
 * the lists use, demonyms (UK and OFAC write nationalities as adjectives), former names of
 * the same state, and the misspellings found in the real files.
 */
static const struct {
	const char *code;
	const char *names;
} aliases[] = {
	{"ae", "UAE|U.A.E.|Emirati|Emirates|The United Arab Emirates"},
	{"af", "Afghan|Afgan|Afghani|Aghanistan|Afganistan|Islamic Republic of Afghanistan|"
	       "Islamic Emirate of Afghanistan"},
	{"ag", "Antigua|Antiguan"},
	{"al", "Albanian|Republic of Albania"},
	{"am", "Armenian|Republic of Armenia"},
	{"ao", "Angolan"},
	{"ar", "Argentine|Argentinian|Argentinean"},
	{"at", "Austrian"},
	{"au", "Australian"},
	{"az", "Azerbaijani|Azeri|Republic of Azerbaijan"},
	{"ba", "Bosnian|Bosnia|Bosnia-Herzegovina|Bosnia & Herzegovina"},
	{"bb", "Barbadian"},
	{"bd", "Bangladeshi"},
	{"be", "Belgian"},
	{"bf", "Burkinabe|Burkinabé"},
	{"bg", "Bulgarian"},
	{"bh", "Bahraini|Kingdom of Bahrain"},
	{"bi", "Burundian"},
	{"bj", "Beninese|Beninois"},
	{"bn", "Brunei|Bruneian"},
	{"bo", "Bolivia|Bolivian"},
	{"br", "Brazilian"},
	{"bs", "Bahamas, The|The Bahamas|Bahamian"},
	{"by", "Belarusian|Belarussian|Byelorussia|Byelorussian SSR|Belorussian SSR|"
	       "Republic of Belarus"},
	{"bz", "Belizean"},
	{"ca", "Canadian"},
	{"cd", "Democratic Republic of the Congo|Democratic Republic of Congo|DRC|D.R.C.|DR Congo|"
	       "Congo (Kinshasa)|Congo-Kinshasa|Zaire|Congo, The Democratic Republic of the|"
	       "Congo, Democratic Republic of"},
	{"cf", "Central African"},
	{"cg", "Republic of the Congo|Congo, Republic of the|Republic of Congo|Congo (Brazzaville)|"
	       "Congo-Brazzaville"},
	{"ch", "Swiss|Swiss Confederation"},
	{"ci", "Cote d Ivoire|Ivory Coast|Ivorian"},
	{"cl", "Chilean"},
	{"cm", "Cameroonian"},
	{"cn", "Chinese|People's Republic of China|PRC|China, People's Republic of|Mainland China"},
	{"co", "Colombian"},
	{"cr", "Costa Rican"},
	{"cu", "Cuban"},
	{"cv", "Cape Verde|Cape Verdean"},
	{"cy", "Cypriot"},
	{"cz", "Czech Republic|Czech"},
	{"de", "German|Federal Republic of Germany|West Germany|Deutschland"},
	{"dj", "Djiboutian|Republic of Djibouti"},
	{"dk", "Danish|Dane"},
	{"dz", "Algerian|People's Democratic Republic of Algeria"},
	{"ec", "Ecuadorian|Ecuadorean"},
	{"ee", "Estonian"},
	{"eg", "Egyptian|Arab Republic of Egypt"},
	{"er", "Eritrean"},
	{"es", "Spanish|Kingdom of Spain"},
	{"et", "Ethiopian"},
	{"fi", "Finnish"},
	{"fj", "Fijian"},
	{"fk", "Falkland Islands"},
	{"fm", "Micronesia|Micronesian"},
	{"fr", "French|French Republic"},
	{"ga", "Gabonese"},
	{"gb", "United Kingdom|UK|U.K.|Great Britain|Britain|British|England|Scotland|Wales|"
	       "Northern Ireland|United Kingom"},
	{"ge", "Georgian"},
	{"gh", "Ghanaian"},
	{"gm", "The Gambia|Gambia, The|Gambian"},
	{"gn", "Guinean|Republic of Guinea"},
	{"gq", "Equatoguinean|Equatorial Guinean"},
	{"gr", "Greek"},
	{"gt", "Guatemalan"},
	{"gw", "Bissau-Guinean"},
	{"gy", "Guyanese"},
	{"hk", "China, Hong Kong Special Administrative Region|Hong Kong SAR|Hong Kong, China|"
	       "Hong Kong SAR, China|Hongkong"},
	{"hn", "Honduran"},
	{"hr", "Croatian"},
	{"ht", "Haitian"},
	{"hu", "Hungarian"},
	{"id", "Indonesian|Republic of Indonesia"},
	{"ie", "Irish|Republic of Ireland|Eire"},
	{"il", "Israeli"},
	{"im", "Man, Isle of"},
	{"in", "Indian|Republic of India"},
	{"iq", "Iraqi|Republic of Iraq"},
	{"ir", "Iran|Iranian|Islamic Republic of Iran|Iran, Islamic Republic of|Persia"},
	{"is", "Icelandic|Icelander"},
	{"it", "Italian"},
	{"jm", "Jamaican"},
	{"jo", "Jordanian|Hashemite Kingdom of Jordan"},
	{"jp", "Japanese"},
	{"ke", "Kenyan"},
	{"kg", "Kyrgyz|Kirghiz|Kyrgyz Republic|Kirgizia|Kyrgyzstani"},
	{"kh", "Cambodian|Kampuchea"},
	{"km", "Comorian|Union of the Comoros"},
	{"kn", "Saint Kitts|St Kitts and Nevis|St. Kitts and Nevis|Kittitian"},
	{"kp", "North Korea|Korea, North|Democratic People's Republic of Korea|DPRK|D.P.R.K.|"
	       "North Korean|Korea, Democratic People's Republic of|Korea DPR|DPR Korea|"
	       "Korea (North)|Democratic Peoples Republic of Korea"},
	{"kr", "South Korea|Korea, South|Republic of Korea|South Korean|Korea (South)|ROK"},
	{"kw", "Kuwaiti|State of Kuwait"},
	{"ky", "Caymanian"},
	{"kz", "Kazakh|Kazakhstani|Kazakh SSR|Kazakh Soviet Socialist Republic|"
	       "Republic of Kazakhstan"},
	{"la", "Laos|Lao|Laotian|Lao PDR"},
	{"lb", "Lebanese|Lebanese Republic"},
	{"lc", "St Lucia|St. Lucia"},
	{"li", "Liechtensteiner"},
	{"lk", "Sri Lankan|Ceylon"},
	{"lr", "Liberian"},
	{"lt", "Lithuanian"},
	{"lu", "Luxembourgish|Luxembourger"},
	{"lv", "Latvian"},
	{"ly", "Libyan|Libyan Arab Jamahiriya|Libyan Arab Jamahirya|State of Libya|"
	       "Great Socialist People's Libyan Arab Jamahiriya"},
	{"ma", "Moroccan|Kingdom of Morocco"},
	{"mc", "Monegasque|Monacan"},
	{"md", "Moldova|Moldovan|Republic of Moldova|Moldavia|Moldavian SSR"},
	{"me", "Montenegrin|Republic of Montenegro"},
	{"mg", "Malagasy"},
	{"mh", "Marshallese"},
	{"mk", "Macedonia|North Macedonia, The Republic of|Republic of North Macedonia|"
	       "Macedonia, The Former Yugoslav Republic of|"
	       "The former Yugoslav Republic of Macedonia|"
	       "Former Yugoslav Republic of Macedonia|FYROM|Macedonian"},
	{"ml", "Malian|Northern Mali"},
	{"mm", "Burma|Burmese|Myanmar (Burma)"},
	{"mn", "Mongolian"},
	{"mo", "Macau|Macao SAR|Macau SAR|China, Macao Special Administrative Region"},
	{"mr", "Mauritanian|Islamic Republic of Mauritania"},
	{"mt", "Maltese"},
	{"mu", "Mauritian"},
	{"mv", "Maldivian"},
	{"mw", "Malawian"},
	{"mx", "Mexican"},
	{"my", "Malaysian"},
	{"mz", "Mozambican"},
	{"na", "Namibian"},
	{"ne", "Nigerien"},
	{"ng", "Nigerian"},
	{"ni", "Nicaraguan"},
	{"nl", "The Netherlands|Dutch|Holland|Kingdom of the Netherlands"},
	{"no", "Norwegian"},
	{"np", "Nepalese|Nepali"},
	{"nz", "New Zealander"},
	{"om", "Omani|Sultanate of Oman"},
	{"pa", "Panamanian"},
	{"pe", "Peruvian"},
	{"pg", "Papua New Guinean"},
	{"ph", "Filipino|Philippine|Republic of the Philippines"},
	{"pk", "Pakistani|Islamic Republic of Pakistan"},
	{"pl", "Polish"},
	/* OFAC add.csv writes "Region: Gaza" / "Region: West Bank" in the country column */
	{"ps", "Palestine|Palestinian|State of Palestine|Palestinian Territories|"
	       "Palestinian Territory|Occupied Palestinian Territory|"
	       "Occupied Palestinian Territories|"
	       "Palestinian Territory, Occupied|West Bank|Gaza|Gaza Strip|West Bank and Gaza|"
	       "North Gaza|Northern Gaza|Palestinian Authority"},
	{"pt", "Portuguese"},
	{"py", "Paraguayan"},
	{"qa", "Qatari|Qatarian|State of Qatar"},
	{"ro", "Romanian|Roumania"},
	{"rs", "Serbian|Republic of Serbia"},
	{"ru", "Russia|Russian|RSFSR|Russian SFSR|Russian Soviet Federative Socialist Republic"},
	{"rw", "Rwandan|Rwandese"},
	{"sa", "Saudi|Saudi Arabian|Kingdom of Saudi Arabia|KSA"},
	{"sc", "Seychellois"},
	{"sd", "Sudanese|Republic of the Sudan|The Sudan"},
	{"se", "Swedish|Swede"},
	{"sg", "Singaporean"},
	{"si", "Slovenian|Slovene"},
	{"sk", "Slovak|Slovak Republic"},
	{"sl", "Sierra Leonean"},
	{"sm", "Sammarinese"},
	{"sn", "Senegalese"},
	{"so", "Somali|Somalian"},
	{"sr", "Surinamese|Surinam"},
	{"ss", "South Sudanese|Republic of South Sudan"},
	{"sv", "Salvadoran|Salvadorean"},
	{"sy", "Syria|Syrian|Syrian Arab Republic (the)"},
	{"sz", "Swaziland|Swazi"},
	{"td", "Chadian"},
	{"tg", "Togolese"},
	{"th", "Thai"},
	{"tj", "Tajik|Tadjik|Tajikistani"},
	{"tl", "East Timor|Timorese"},
	{"tm", "Turkmen|Turkmenistani"},
	{"tn", "Tunisian|Republic of Tunisia"},
	{"tr", "Turkey|Turkish|Republic of Turkey|Republic of Türkiye"},
	{"tt", "Trinidad|Trinidadian|Trinadad and Tobago|Trinidad & Tobago"},
	{"tv", "Tuvaluan"},
	{"tw", "Taiwan, Province of China|Taiwanese|Republic of China|Chinese Taipei"},
	{"tz", "Tanzania|Tanzanian|United Republic of Tanzania"},
	/* Crimea: UN, EU, UK and US all treat it as Ukraine ("Region: Crimea" in OFAC) */
	{"ua", "Ukrainian|Ukrainian SSR|Ukranian SSR|Ukrainian USSR|Crimea|"
	       "Autonomous Republic of Crimea"},
	{"ug", "Ugandan"},
	{"us", "United States|USA|U.S.A.|US|U.S.|American|America"},
	{"uy", "Uruguayan"},
	{"uz", "Uzbek|Uzbekistani|Uzbek SSR"},
	{"va", "Vatican|Vatican City|Holy See (Vatican City State)"},
	{"vc", "St Vincent and the Grenadines|St. Vincent and the Grenadines|Saint Vincent|"
	       "Vincentian"},
	{"ve", "Venezuela|Venezuelan|Bolivarian Republic of Venezuela"},
	{"vg", "British Virgin Islands|Virgin Islands, British|BVI"},
	{"vi", "US Virgin Islands|U.S. Virgin Islands|Virgin Islands, U.S."},
	{"vn", "Vietnam|Vietnamese|Socialist Republic of Vietnam"},
	{"vu", "Ni-Vanuatu"},
	{"ws", "Samoan|Western Samoa"},
	{"xk", "Kosovar|Republic of Kosovo|RKS"},
	{"ye", "Yemeni|Republic of Yemen"},
	{"za", "South African"},
	{"zm", "Zambian"},
	{"zw", "Zimbabwean"},
	{"suhh", "USSR|U.S.S.R.|Soviet Union|former Soviet Union|"
	         "Union of Soviet Socialist Republics"},
	{"yucs", "former Yugoslavia|Socialist Federal Republic of Yugoslavia|"
	         "Federal Republic of Yugoslavia"},
	{"cshh", "Czechoslovak Socialist Republic"},
	{"ddde", "East Germany|GDR"},
};

/* Longest key kept; longer text is not a country name. */
#define MAX_KEY 96

/* Latin-1 letters U+00C0..U+00FF and Latin Extended-A U+0100..U+017F without their marks
 * (' ' for the two signs among them, x and ÷). */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo ouuuuyty";
static const char latin_ext_a_fold[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiii"
                                       "jjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
                                       "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof latin1_fold == 65, "64 Latin-1 letters");
_Static_assert(sizeof latin_ext_a_fold == 129, "128 Latin Extended-A letters");

/*
 * Reduce a name to its key in out (MAX_KEY + 1 bytes): ASCII letters lower-cased, Latin
 * accents removed, digits kept, everything else a separator, separators collapsed and
 * trimmed. Letters of other scripts are kept as UTF-8 (they match no key, which is right).
 * Returns false if the key would be too long.
 */
static bool make_key(const char *s, size_t n, char *out)
{
	size_t o = 0;
	bool sep = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = lk_utf8_decode(s + i, n - i, &cp);
		char c = 0;
		if (cp >= 0x300 && cp <= 0x36F) {
			i += k; /* a combining accent (decomposed text): dropped like the others */
			continue;
		}
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if (cp >= 0xC0 && cp <= 0xFF)
			c = latin1_fold[cp - 0xC0];
		else if (cp >= 0x100 && cp <= 0x17F)
			c = latin_ext_a_fold[cp - 0x100];
		else if (cp < 0x300 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xFFFD)
			c = ' ';
		if (c == ' ') {
			sep = o > 0;
		} else {
			size_t need = (sep ? 1 : 0) + (c ? 1 : k);
			if (o + need > MAX_KEY)
				return false;
			if (sep)
				out[o++] = ' ';
			sep = false;
			if (c) {
				out[o++] = c;
			} else {
				memcpy(out + o, s + i, k);
				o += k;
			}
		}
		i += k;
	}
	out[o] = 0;
	return true;
}

struct key_entry {
	const char *key;
	const char *code;
};

static struct key_entry *keys;
static size_t nkeys;
static char *key_pool;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct key_entry *)a)->key, ((const struct key_entry *)b)->key);
}

static void add_key(size_t *pool_used, const char *name, size_t n, const char *code)
{
	char k[MAX_KEY + 1];
	bool ok = make_key(name, n, k);
	assert(ok && k[0]);
	(void)ok;
	size_t len = strlen(k) + 1;
	memcpy(key_pool + *pool_used, k, len);
	keys[nkeys].key = key_pool + *pool_used;
	keys[nkeys].code = code;
	nkeys++;
	*pool_used += len;
}

/* Build the sorted key index. On allocation failure the index stays empty (no match). */
static void build_index(void)
{
	size_t nalias = 0, pool = 0, used = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(aliases); i++) {
		nalias++;
		pool += strlen(aliases[i].names) + 1;
		for (const char *p = aliases[i].names; *p; p++)
			nalias += *p == '|';
	}
	size_t cap = 3 * LK_ARRAY_SIZE(iso) + nalias;
	for (size_t i = 0; i < LK_ARRAY_SIZE(iso); i++)
		pool += strlen(iso[i].a2) + strlen(iso[i].a3) + strlen(iso[i].name) + 3;
	keys = malloc(cap * sizeof *keys);
	key_pool = malloc(pool);
	if (!keys || !key_pool) {
		free(keys);
		free(key_pool);
		keys = NULL;
		key_pool = NULL;
		return;
	}
	for (size_t i = 0; i < LK_ARRAY_SIZE(iso); i++) {
		add_key(&used, iso[i].a2, strlen(iso[i].a2), iso[i].a2);
		add_key(&used, iso[i].a3, strlen(iso[i].a3), iso[i].a2);
		add_key(&used, iso[i].name, strlen(iso[i].name), iso[i].a2);
	}
	for (size_t i = 0; i < LK_ARRAY_SIZE(aliases); i++) {
		const char *p = aliases[i].names;
		while (*p) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			add_key(&used, p, n, aliases[i].code);
			p += n + (bar ? 1 : 0);
		}
	}
	assert(nkeys <= cap && used <= pool);
	qsort(keys, nkeys, sizeof *keys, cmp_entry);
#ifndef NDEBUG
	/* one key, one country: a clash is a mistake in the tables above */
	for (size_t i = 1; i < nkeys; i++)
		assert(strcmp(keys[i - 1].key, keys[i].key) != 0 ||
		       strcmp(keys[i - 1].code, keys[i].code) == 0);
#endif
}

static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static const char *find_key(const char *key)
{
	size_t lo = 0, hi = nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, keys[mid].key);
		if (c == 0)
			return keys[mid].code;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Qualifiers around a country name in the lists' country and nationality fields
 * ("Region: Gaza", "possibly Palestinian", "Kuwaiti citizenship", "Sudanese by birth",
 * "Bahamas, The"). Keys, so lower case and without punctuation. */
static const char *const lead_words[] = {
	"region ", "the ", "possibly ", "probably ", "likely ", "reportedly ", "stateless ",
	"now ", "republic of ", "kingdom of ", "state of ",
};
static const char *const trail_words[] = {
	" citizenship", " citizen", " nationality", " national", " nationals", " by birth",
	" the", " passport",
};

static const char *find_stripped(char *key)
{
	const char *code = find_key(key);
	bool changed = true;
	while (!code && changed) {
		changed = false;
		for (size_t i = 0; i < LK_ARRAY_SIZE(lead_words); i++) {
			size_t n = strlen(lead_words[i]);
			if (strncmp(key, lead_words[i], n) == 0) {
				memmove(key, key + n, strlen(key + n) + 1);
				changed = true;
			}
		}
		for (size_t i = 0; i < LK_ARRAY_SIZE(trail_words); i++) {
			size_t n = strlen(trail_words[i]), len = strlen(key);
			if (len > n && strcmp(key + len - n, trail_words[i]) == 0) {
				key[len - n] = 0;
				changed = true;
			}
		}
		/* a trailing postcode: "Singapore 188425", "Crimea 295000" */
		size_t len = strlen(key), d = len;
		while (d > 0 && key[d - 1] >= '0' && key[d - 1] <= '9')
			d--;
		if (d < len && d > 1 && key[d - 1] == ' ') {
			key[d - 1] = 0;
			changed = true;
		}
		if (changed)
			code = find_key(key);
	}
	return code;
}

static const char *lookup(const char *s, size_t n)
{
	char key[MAX_KEY + 1];
	if (!make_key(s, n, key) || !key[0])
		return NULL;
	return find_stripped(key);
}

const char *lk_country_code(const char *name)
{
	if (!name)
		return NULL;
	pthread_once(&index_once, build_index);
	size_t n = strlen(name);
	const char *code = lookup(name, n);
	if (code)
		return code;
	/* "Afghanistan (previous address)", "Kuwait (residence as at Mar 2014)" */
	const char *paren = memchr(name, '(', n);
	if (paren) {
		n = (size_t)(paren - name);
		if ((code = lookup(name, n)))
			return code;
	}
	/* "Latakia Province, Syria": a place, then its country */
	const char *comma = NULL;
	for (size_t i = 0; i < n; i++)
		if (name[i] == ',')
			comma = name + i;
	if (comma)
		code = lookup(comma + 1, n - (size_t)(comma + 1 - name));
	return code;
}

const char *lk_country_name(const char *code)
{
	if (!code)
		return NULL;
	size_t n = strlen(code);
	if (n != 2 && n != 4)
		return NULL;
	char lc[5];
	for (size_t i = 0; i < n; i++)
		lc[i] = code[i] >= 'A' && code[i] <= 'Z' ? (char)(code[i] - 'A' + 'a') : code[i];
	lc[n] = 0;
	for (size_t i = 0; i < LK_ARRAY_SIZE(iso); i++)
		if (strcmp(iso[i].a2, lc) == 0)
			return iso[i].name;
	return NULL;
}
