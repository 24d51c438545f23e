"""The demo newsroom's own vocabulary: sections, people, beats and templates.

Everything here is written for the demo; no article text is copied from
anywhere. Stories are assembled from templates whose `{slots}` are filled from
word lists, with one set of slot values per story so the headline, standfirst
and body talk about the same company, city or team.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from masthead.newsroom.models import ArticleKind

from . import content_bn

# -- sections ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    beat: str
    weight: float  # share of generated articles (before subsections)
    kind: str = ArticleKind.NEWS
    intro: str = ""
    short_name: str = ""
    children: tuple[Section, ...] = field(default_factory=tuple)


def _s(title, slug, beat, weight, kind=ArticleKind.NEWS, intro="", **kw):
    return Section(title, slug, beat, weight, kind, intro, **kw)


# Most important first: the navigation shows the first eight and puts the rest
# under "More".
SECTIONS: tuple[Section, ...] = (
    _s(
        "Bangladesh",
        "bangladesh",
        "national",
        9,
        intro="News from the capital and the districts.",
        children=(
            _s(
                "Politics",
                "politics",
                "politics",
                4,
                intro="Parliament, parties and policy.",
            ),
            _s(
                "Crime",
                "crime",
                "crime",
                4,
                intro="Courts, police and the cases that matter.",
            ),
        ),
    ),
    _s(
        "Economy",
        "economy",
        "economy",
        8,
        intro="Growth, prices, trade and the budget.",
        children=(
            _s(
                "Banking",
                "banking",
                "banking",
                5,
                intro="Banks, the central bank and the money supply.",
            ),
            _s(
                "Industry",
                "industry",
                "industry",
                4,
                intro="Factories, garments, energy and jobs.",
            ),
            _s(
                "Stocks",
                "stocks",
                "stocks",
                5,
                intro="The Dhaka and Chattogram bourses, every trading day.",
            ),
        ),
    ),
    _s(
        "World+Biz",
        "world-biz",
        "world",
        8,
        short_name="World+Biz",
        intro="The world's news and global business.",
    ),
    _s(
        "Sports",
        "sports",
        "sports",
        9,
        intro="Cricket, football and everything in between.",
    ),
    _s(
        "Analysis",
        "analysis",
        "analysis",
        4,
        kind=ArticleKind.ANALYSIS,
        intro="The story behind the story.",
    ),
    _s(
        "Thoughts",
        "thoughts",
        "opinion",
        4,
        kind=ArticleKind.OPINION,
        intro="Opinion, columns and letters.",
    ),
    _s(
        "Splash",
        "splash",
        "entertainment",
        4,
        intro="Film, music, television and the people in them.",
    ),
    _s(
        "Features",
        "features",
        "features",
        3,
        kind=ArticleKind.FEATURE,
        intro="Stories to take your time with.",
        children=(
            _s(
                "Panorama",
                "panorama",
                "features",
                2,
                kind=ArticleKind.FEATURE,
                intro="Travel, heritage and the places we live in.",
            ),
            _s(
                "Food",
                "food",
                "food",
                2,
                kind=ArticleKind.FEATURE,
                intro="Kitchens, markets and recipes.",
            ),
        ),
    ),
    _s(
        "Videos",
        "videos",
        "video",
        3,
        kind=ArticleKind.VIDEO,
        intro="Reports and explainers on video.",
    ),
    _s(
        "Long Read",
        "long-read",
        "longread",
        1.5,
        kind=ArticleKind.LONG_READ,
        intro="Deep reporting, at length.",
    ),
    _s("Tech", "tech", "tech", 3, intro="Startups, gadgets and the digital economy."),
    _s(
        "Interviews",
        "interviews",
        "interview",
        1.5,
        kind=ArticleKind.INTERVIEW,
        intro="Conversations with the people shaping the news.",
    ),
    _s(
        "Infograph",
        "infograph",
        "infograph",
        1,
        kind=ArticleKind.INFOGRAPHIC,
        intro="The news in charts and numbers.",
    ),
    _s("Offbeat", "offbeat", "offbeat", 1.5, intro="The unusual and the unexpected."),
    _s("Podcast", "podcast", "podcast", 0.8, intro="Our newsroom, out loud."),
    _s(
        "Magazine",
        "magazine",
        "features",
        0.8,
        kind=ArticleKind.FEATURE,
        intro="The weekend magazine.",
    ),
    _s(
        "Supplement",
        "supplement",
        "supplement",
        0.6,
        intro="Special supplements on industries and anniversaries.",
    ),
    _s(
        "COVID-19",
        "covid-19",
        "health",
        0.8,
        short_name="COVID-19",
        intro="Public health, vaccines and hospitals.",
    ),
    _s("Games", "games", "games", 0.4, intro="Puzzles and games."),
    _s("Quiz", "quiz", "games", 0.4, intro="Test what you know about the week."),
    _s(
        "Trial By Trivia",
        "trial-by-trivia",
        "games",
        0.3,
        intro="Our weekly trivia challenge.",
    ),
    _s("Epaper", "epaper", "paper", 0.3, intro="Today's printed edition."),
    _s(
        "From the Archive",
        "from-the-archive",
        "paper",
        0.3,
        intro="Stories from our back pages.",
    ),
    _s(
        "Subscribe",
        "subscribe",
        "paper",
        0.2,
        intro="Newsletters, print delivery and membership.",
    ),
)


def all_sections() -> list[tuple[Section, Section | None]]:
    """Every section with its parent (None for top level), in tree order."""
    out = []
    for section in SECTIONS:
        out.append((section, None))
        out.extend((child, section) for child in section.children)
    return out


# -- people and agencies --------------------------------------------------------

# (name, role, beat focus, bio)
AUTHORS = [
    (
        "Rafiqul Hasan",
        "Chief Reporter",
        "politics",
        "Rafiqul has covered parliament and national politics for fifteen years.",
    ),
    (
        "Nusrat Jahan",
        "Senior Correspondent",
        "economy",
        "Nusrat writes about the budget, inflation and the people they touch.",
    ),
    (
        "Tanvir Ahmed",
        "Markets Correspondent",
        "stocks",
        "Tanvir follows the stock exchanges and listed companies.",
    ),
    (
        "Farzana Akter",
        "Sports Reporter",
        "sports",
        "Farzana travels with the national teams and covers domestic leagues.",
    ),
    (
        "Mahmudul Karim",
        "Crime Reporter",
        "crime",
        "Mahmudul reports from courts and police stations across Dhaka.",
    ),
    (
        "Sabrina Chowdhury",
        "Features Editor",
        "features",
        "Sabrina edits the weekend magazine and writes about food and heritage.",
    ),
    (
        "Arif Mahmud",
        "World Desk Editor",
        "world",
        "Arif edits international news and writes on global trade.",
    ),
    (
        "Shirin Sultana",
        "Technology Reporter",
        "tech",
        "Shirin covers startups, telecoms and the digital economy.",
    ),
    (
        "Imran Hossain",
        "Chattogram Correspondent",
        "industry",
        "Imran reports on the port, shipping and industry in the southeast.",
    ),
    (
        "Dilruba Begum",
        "Columnist",
        "opinion",
        "Dilruba writes a weekly column on cities, education and public life.",
    ),
    (
        "Kamrul Islam",
        "Video Producer",
        "video",
        "Kamrul produces the newsroom's video reports and explainers.",
    ),
    (
        "Ayesha Siddiqua",
        "Data Journalist",
        "infograph",
        "Ayesha turns public data into charts, maps and stories.",
    ),
]

# (name, slug, url): fictional wire services on reserved example domains.
AGENCIES = [
    ("Meridian Press Agency", "meridian", "https://meridian-wire.example/"),
    ("Bengal News Service", "bns", "https://bns.example/"),
]

# -- tags ------------------------------------------------------------------------

# Each beat draws most tags from its own list (first = most frequent) and a few
# from the shared list, so tag pages and Related News have real neighbours.
BEAT_TAGS = {
    "national": ["Dhaka", "Chattogram", "Floods", "Roads and transport", "Education"],
    "politics": ["Parliament", "Election Commission", "Local government", "Dhaka"],
    "crime": ["Dhaka", "Courts", "Police", "Cybercrime"],
    "economy": ["Inflation", "Budget", "Remittance", "Exports", "IMF"],
    "banking": [
        "Bangladesh Bank",
        "Interest rates",
        "Remittance",
        "Non-performing loans",
        "Mobile banking",
    ],
    "industry": ["Garments", "Exports", "Energy", "Chattogram port", "Jobs"],
    "stocks": ["DSE", "Stock market", "BSEC", "Listed companies"],
    "world": ["Global economy", "Oil prices", "Trade", "Climate", "China", "India"],
    "sports": ["Cricket", "Football", "Tigers", "BPL", "Women's sport"],
    "entertainment": ["Film", "Music", "Television", "Streaming"],
    "features": ["Heritage", "Travel", "Dhaka", "Climate"],
    "food": ["Food", "Street food", "Recipes"],
    "tech": [
        "Startups",
        "Mobile banking",
        "Telecom",
        "Artificial intelligence",
        "Cybercrime",
    ],
    "opinion": ["Education", "Climate", "Dhaka", "Inflation"],
    "analysis": ["Inflation", "IMF", "Budget", "Energy", "Exports"],
    "interview": ["Startups", "Garments", "Education", "Climate"],
    "longread": ["Climate", "Floods", "Garments", "Heritage"],
    "infograph": ["Inflation", "Remittance", "Exports", "Budget"],
    "video": ["Dhaka", "Cricket", "Floods", "Street food"],
    "podcast": ["Global economy", "Startups", "Cricket"],
    "offbeat": ["Dhaka", "Heritage", "Street food"],
    "health": ["Health", "Vaccines", "Dengue"],
    "games": ["Quiz", "Trivia"],
    "supplement": ["Garments", "Energy", "Jobs"],
    "paper": ["Print edition", "Newsletters"],
}
SHARED_TAGS = [
    "Bangladesh",
    "Dhaka",
    "Government",
    "Youth",
    "Climate",
    "Women",
    "Environment",
]


def zipf_pick(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    weights = [1 / (rank**s) for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights)[0]


def pick_tags(rng: random.Random, beat: str) -> list[str]:
    wanted = rng.choices([2, 3, 4, 5], weights=[4, 4, 2, 1])[0]
    own = BEAT_TAGS.get(beat, [])
    tags: list[str] = []
    for _ in range(wanted * 3):
        if len(tags) >= wanted:
            break
        pool = own if own and rng.random() < 0.75 else SHARED_TAGS
        tag = zipf_pick(rng, pool)
        if tag not in tags:
            tags.append(tag)
    return tags


# -- slot word lists -------------------------------------------------------------


def _pct(rng):
    return f"{rng.uniform(0.4, 12.5):.1f}"


def _small(rng):
    return str(rng.randint(3, 48))


def _crore(rng):
    return f"Tk {rng.randint(12, 980):,} crore"


def _usd(rng):
    return f"${rng.randint(120, 9800):,} million"


def _points(rng):
    return str(rng.randint(11, 140))


def _index(rng):
    return f"{rng.randint(5100, 6900):,}"


def _score(rng):
    return str(rng.randint(140, 340))


def _year(rng):
    return str(rng.choice([2024, 2025, 2026, 2027, 2028, 2030]))


WORDS = {
    "city": [
        "Dhaka",
        "Chattogram",
        "Sylhet",
        "Khulna",
        "Rajshahi",
        "Barishal",
        "Rangpur",
        "Mymensingh",
        "Cumilla",
        "Gazipur",
        "Narayanganj",
        "Bogura",
        "Jashore",
        "Cox's Bazar",
    ],
    "district": [
        "Sunamganj",
        "Kurigram",
        "Satkhira",
        "Bhola",
        "Netrokona",
        "Patuakhali",
        "Lalmonirhat",
        "Jamalpur",
        "Habiganj",
        "Feni",
    ],
    "world_city": [
        "London",
        "Washington",
        "Beijing",
        "New Delhi",
        "Tokyo",
        "Singapore",
        "Dubai",
        "Brussels",
        "Geneva",
        "Jakarta",
        "Seoul",
        "Berlin",
    ],
    "country": [
        "Japan",
        "Germany",
        "Vietnam",
        "Indonesia",
        "Brazil",
        "Turkey",
        "Malaysia",
        "Kenya",
        "Canada",
        "Australia",
        "Saudi Arabia",
    ],
    "ministry": [
        "finance ministry",
        "commerce ministry",
        "planning ministry",
        "education ministry",
        "health ministry",
        "road transport ministry",
        "power division",
        "agriculture ministry",
    ],
    "minister_role": [
        "finance adviser",
        "commerce secretary",
        "planning minister",
        "state minister for power",
        "education secretary",
    ],
    "party": [
        "the ruling alliance",
        "the main opposition",
        "a coalition of smaller parties",
        "independent lawmakers",
    ],
    "bank": [
        "Padma Commercial Bank",
        "Meghna Trust Bank",
        "Karnaphuli Bank",
        "Sonargaon Bank",
        "Jamuna Savings Bank",
        "Surma Bank",
        "Teesta Cooperative Bank",
    ],
    "company": [
        "Ruposhi Textiles",
        "Delta Cement",
        "Kirtinasha Steel",
        "Sundarban Foods",
        "Bengal Polymer",
        "Shapla Pharmaceuticals",
        "Nodi Shipping",
        "Horizon Ceramics",
        "Aranya Power",
        "Sonali Agro Industries",
        "Matrix Telecom",
        "Jute Craft Ltd",
    ],
    "sector": [
        "garments",
        "pharmaceuticals",
        "cement",
        "steel",
        "ceramics",
        "leather",
        "jute goods",
        "shipbuilding",
        "frozen fish",
        "light engineering",
    ],
    "commodity": [
        "rice",
        "onions",
        "edible oil",
        "sugar",
        "lentils",
        "potatoes",
        "eggs",
        "green chillies",
    ],
    "team_opp": [
        "Sri Lanka",
        "Zimbabwe",
        "Ireland",
        "Afghanistan",
        "the West Indies",
        "Nepal",
        "Oman",
        "the Netherlands",
    ],
    "club": [
        "Dhaka Dynamos",
        "Chattogram Mariners",
        "Sylhet Strikers",
        "Rangpur Riders FC",
        "Khulna Tigers FC",
        "Barishal Boatmen",
    ],
    "player": [
        "Rafi Islam",
        "Tamim Rahman",
        "Sohan Ali",
        "Mahir Hasan",
        "Nayeem Uddin",
        "Shamim Reza",
        "Rupa Khatun",
        "Mitali Das",
    ],
    "film": [
        "The River Knows",
        "Monsoon Letters",
        "Last Train to Sylhet",
        "Salt and Silk",
        "The Boatman's Daughter",
        "City of Kites",
    ],
    "artist": [
        "Anika Rahman",
        "Shafiq Nur",
        "the band Nodi",
        "Tahsin Kabir",
        "Lamia Haque",
        "the trio Akash",
    ],
    "startup": [
        "PayNest",
        "KrishiLink",
        "RideBondhu",
        "Shikkha Plus",
        "DokanHub",
        "MedPoint",
        "CloudGhor",
    ],
    "gadget": [
        "budget smartphone",
        "electric three-wheeler",
        "solar home kit",
        "payment app",
        "learning platform",
        "delivery robot",
    ],
    "dish": [
        "bhuna khichuri",
        "shorshe ilish",
        "chotpoti",
        "pitha",
        "kala bhuna",
        "morog polao",
        "fuchka",
        "beef tehari",
    ],
    "place": [
        "the Sundarbans",
        "Sreemangal's tea gardens",
        "Old Dhaka",
        "Paharpur",
        "the Ratargul swamp forest",
        "Saint Martin's Island",
        "Mahasthangarh",
        "Kuakata",
    ],
    "expert": [
        "an economist at a Dhaka think tank",
        "a former central bank governor",
        "a university professor",
        "a senior researcher",
        "an industry leader",
        "a public health specialist",
    ],
    "person": [
        "Farhana Yasmin",
        "Abdul Mannan",
        "Selina Parvin",
        "Moinul Haque",
        "Rezaul Karim",
        "Nasima Akhter",
        "Ziaul Hoque",
        "Sharmin Sultana",
    ],
    "topic": [
        "the city's traffic",
        "public transport",
        "school exams",
        "river pollution",
        "rising rents",
        "youth unemployment",
        "digital services",
        "urban heat",
    ],
    "month": [
        "January",
        "March",
        "April",
        "June",
        "July",
        "September",
        "October",
        "December",
    ],
    "pct": _pct,
    "pct2": _pct,
    "n": _small,
    "n2": _small,
    "crore": _crore,
    "crore2": _crore,
    "usd": _usd,
    "points": _points,
    "index": _index,
    "score": _score,
    "year": _year,
}


class Slots(dict):
    """Fills `{slot}` on first use and remembers it for the rest of the story."""

    def __init__(self, rng: random.Random, **fixed):
        super().__init__(**fixed)
        self.rng = rng

    def __missing__(self, key):
        if key.endswith("_cap"):
            value = self[key[:-4]]
            value = value[:1].upper() + value[1:]
        elif key not in WORDS and key[-1:].isdigit() and key[:-1] in WORDS:
            # {bank2}: another bank than {bank}
            first = self[key[:-1]]
            choices = [w for w in WORDS[key[:-1]] if w != first]
            value = self.rng.choice(choices)
        else:
            source = WORDS.get(key)
            if source is None:
                raise KeyError(key)
            value = source(self.rng) if callable(source) else self.rng.choice(source)
        self[key] = value
        return value


# -- beats: headlines, standfirsts, body sentences, quotes, subheads --------------

BEATS: dict[str, dict[str, list[str]]] = {
    "national": {
        "headlines": [
            "Waterlogging cripples parts of {city} after overnight rain",
            "{city} city corporation launches drive to clear canals",
            "New bus routes promised to ease commute in {city}",
            "Flash floods cut off villages in {district}",
            "Schools in {district} reopen as water recedes",
            "Government approves {crore} plan for rural roads",
            "{city} gets its first fully electric bus fleet",
            "Power cuts return to {district} as demand peaks",
            "Health camps set up in flood-hit {district}",
            "Volunteers plant {n} thousand trees along {city} roadsides",
        ],
        "standfirsts": [
            "Residents say the problem returns every monsoon while officials "
            "promise a lasting fix.",
            "The {ministry} says work will be finished before the next rainy season.",
            "Local officials counted {n} unions affected, with thousands of families "
            "in temporary shelters.",
            "Commuters welcomed the move but asked how long the promises would last.",
        ],
    },
    "politics": {
        "headlines": [
            "Parliament passes bill on {topic} after long debate",
            "{party} calls for dialogue on electoral reforms",
            "Election Commission sets timeline for local polls in {district}",
            "Lawmakers question {ministry} over delayed projects",
            "Cabinet approves draft law on data protection",
            "Reform commission submits report on local government",
            "Opposition walks out over {topic} debate",
        ],
        "standfirsts": [
            "The debate ran for {n} hours and ended with a voice vote.",
            "Both sides said they were open to talks but set conditions.",
            "The commission said preparations would start in {month}.",
        ],
    },
    "crime": {
        "headlines": [
            "Police bust gang accused of mobile banking fraud in {city}",
            "Court sets {month} date for verdict in {city} murder case",
            "{n} arrested in raids on illegal sand extraction in {district}",
            "Cyber police warn of fake job offers targeting students",
            "Bail rejected for suspects in {city} warehouse fire case",
            "Drive against counterfeit medicine seizes goods worth {crore}",
            "Two held over ATM skimming in {city}",
        ],
        "standfirsts": [
            "Investigators say the group used dozens of SIM cards registered in other "
            "people's names.",
            "The prosecution has named {n} witnesses so far.",
            "Police say more arrests are likely as the investigation widens.",
        ],
    },
    "economy": {
        "headlines": [
            "Inflation eases to {pct}% as food prices cool",
            "Remittance inflow hits {usd} in {month}",
            "Exports grow {pct}% on strong {sector} shipments",
            "Prices of {commodity} rise again in {city} markets",
            "Budget deficit target set at {pct}% of GDP",
            "Government cuts growth forecast to {pct}%",
            "Revenue collection falls short by {crore}",
            "IMF mission to review reform progress next week",
            "Import bill shrinks as LC openings slow",
            "Traders blame supply chain for costlier {commodity}",
        ],
        "standfirsts": [
            "Economists say the numbers are encouraging but warn against reading too "
            "much into one month.",
            "The {ministry} expects the trend to continue into {month}.",
            "Households on fixed incomes remain under pressure despite the easing.",
            "Officials credited better supply and a steadier taka.",
        ],
    },
    "banking": {
        "headlines": [
            "Bangladesh Bank keeps policy rate unchanged at {pct}%",
            "{bank} posts {pct}% rise in operating profit",
            "Defaulted loans climb to {crore} in {bank}",
            "Central bank eases rules for remittance through banks",
            "Mobile financial services transactions cross {crore} a day",
            "{bank} and {bank2} agree merger talks",
            "Interest rate on savings deposits edges up",
            "Banks told to tighten checks on large cash withdrawals",
        ],
        "standfirsts": [
            "Bankers say liquidity has improved but demand for credit remains weak.",
            "The central bank said the decision would be reviewed in {month}.",
            "Analysts want a clearer timeline for cleaning up bad loans.",
        ],
    },
    "industry": {
        "headlines": [
            "{company} to invest {crore} in new plant in {city}",
            "{sector} exporters seek gas supply guarantee",
            "Factory workers in {city} get new wage structure",
            "Chattogram port handles record {n} thousand containers",
            "Gas shortage slows output at {sector} mills",
            "{company} begins exports to {country}",
            "Industrial park in {district} draws {usd} in pledges",
        ],
        "standfirsts": [
            "The company expects to create {n} hundred jobs when the plant opens in "
            "{year}.",
            "Factory owners say energy costs now eat up a fifth of their margins.",
            "Port officials credit new cranes and round-the-clock shifts.",
        ],
    },
    "stocks": {
        "headlines": [
            "DSEX gains {points} points as banks rally",
            "Stocks fall for third day on profit-taking",
            "Turnover rises to {crore} on DSE",
            "{company} shares jump after dividend announcement",
            "BSEC approves IPO of {company}",
            "Mutual funds lag as investors chase blue chips",
            "Index closes flat at {index} in cautious trading",
        ],
        "standfirsts": [
            "Market insiders said institutional buying supported large caps.",
            "Of the issues traded, {n} advanced while most declined.",
            "Brokers expect volatility to continue until earnings season.",
        ],
    },
    "world": {
        "headlines": [
            "Oil prices slip as demand outlook dims",
            "{country} central bank raises rates to curb inflation",
            "Leaders meet in {world_city} to discuss climate finance",
            "Shipping costs rise as key routes face delays",
            "{country} election result sparks market rally",
            "Global chipmakers expand plants in {country}",
            "Trade talks in {world_city} end without agreement",
            "Heatwave grips {country}, straining power grids",
            "Asian stocks mixed ahead of US jobs data",
        ],
        "standfirsts": [
            "Analysts say the move could ripple through emerging markets.",
            "Delegates from {n} countries attended the two-day meeting.",
            "Officials promised further talks before the end of {month}.",
        ],
    },
    "sports": {
        "headlines": [
            "Tigers beat {team_opp} by {n} runs to level series",
            "{player} hits maiden century as Bangladesh post {score}",
            "{club} stay top after win over {club2}",
            "Women's team names squad for tour of {team_opp}",
            "Rain washes out second day in {city}",
            "{player} ruled out for two weeks with hamstring injury",
            "National football team held to draw by {team_opp}",
            "BPL draft: {club} pick overseas pacers",
            "Young archers win gold at regional championship",
        ],
        "standfirsts": [
            "The captain praised the bowlers for holding their nerve at the death.",
            "The result keeps the title race open with {n} rounds to play.",
            "Selectors said the squad balances experience and fresh faces.",
        ],
    },
    "entertainment": {
        "headlines": [
            "'{film}' to open film festival in {city}",
            "{artist} releases new album after a five-year break",
            "Streaming series on {place} wins regional award",
            "Concert for flood victims raises {crore}",
            "Theatre troupe revives classic play in {city}",
            "'{film}' crosses {n} lakh viewers in first week",
        ],
        "standfirsts": [
            "The director says the story was years in the making.",
            "Fans queued for hours outside the venue.",
            "Critics have praised its music and its cast of newcomers.",
        ],
    },
    "features": {
        "headlines": [
            "A day on the river with the last boat builders of {district}",
            "Inside {place}: what the visitors don't see",
            "The weavers keeping an old craft alive in {city}",
            "How one family turned a rooftop into a forest",
            "Letters from {place}",
            "The night shift: {city} after dark",
            "Old Dhaka's bookbinders and the slow art of repair",
        ],
        "standfirsts": [
            "A portrait of patience, skill and a changing way of life.",
            "We spent a week with the people who make {place} what it is.",
            "Some traditions survive because someone refuses to let them go.",
        ],
    },
    "food": {
        "headlines": [
            "The perfect {dish}, according to {city}'s home cooks",
            "Where to find the best {dish} in {city}",
            "A winter table: {dish} and the art of slow cooking",
            "Street food stalls of {city} go cashless",
            "Five ways to cook with seasonal {commodity}",
        ],
        "standfirsts": [
            "Every family swears by its own recipe; we tried a few.",
            "Good food, fair prices and a long queue.",
        ],
    },
    "tech": {
        "headlines": [
            "{startup} raises {usd} to expand across the country",
            "Locally assembled {gadget} goes on sale at Tk {n},999",
            "Telecom operators roll out faster networks in {city}",
            "Government launches digital service for land records",
            "Students in {district} build {gadget} prototype",
            "AI tools enter newsrooms and classrooms in {city}",
            "Data breach at app exposes users' details, experts warn",
        ],
        "standfirsts": [
            "The founders say the money will go into hiring engineers.",
            "Experts say the bigger challenge is getting people to trust it.",
            "The rollout covers {n} districts in the first phase.",
        ],
    },
    "opinion": {
        "headlines": [
            "What {city} could learn from its own past about {topic}",
            "We need honest numbers on {topic}",
            "Why {topic} is everyone's problem",
            "A budget for the young",
            "The quiet crisis of {topic}",
            "Our rivers are telling us something",
        ],
        "standfirsts": [
            "Policy built on wishful thinking has a short life.",
            "The fix is neither cheap nor quick, but it is possible.",
            "Citizens are ready to help; they need to be asked.",
        ],
    },
    "analysis": {
        "headlines": [
            "Why inflation is falling slower than promised",
            "Reading the remittance numbers: what changed",
            "Can the {sector} sector survive higher energy costs?",
            "The hidden cost of delayed projects",
            "Five charts that explain the budget",
            "What a stronger dollar means for importers",
        ],
        "standfirsts": [
            "The headline number hides a more complicated picture.",
            "A look at the data behind the debate.",
        ],
    },
    "interview": {
        "headlines": [
            "'We cannot grow without skills': {person}",
            "{person} on building a business from {city}",
            "'Climate money must reach villages': {person}",
            "In conversation with {artist}",
        ],
        "standfirsts": [
            "{person} spoke about the years ahead, the mistakes and the lessons.",
            "On ambition, failure and what comes next.",
        ],
    },
    "longread": {
        "headlines": [
            "The river that moved a town",
            "Following a shirt from {city} to {world_city}",
            "The long road back: a year after the floods in {district}",
            "The tea garden families of Sylhet, three generations on",
        ],
        "standfirsts": [
            "A reporting journey across {n} districts and {n2} months.",
            "A story about work, land and the people who hold on.",
        ],
    },
    "infograph": {
        "headlines": [
            "In numbers: remittance by month",
            "Chart: where the budget goes",
            "Mapped: flood-prone unions of {district}",
            "In charts: a decade of exports",
        ],
        "standfirsts": ["The figures at a glance, from official sources."],
    },
    "video": {
        "headlines": [
            "Watch: morning rush at {city}'s busiest market",
            "Video: how {dish} is made at a century-old shop",
            "Explained on video: how the policy rate works",
            "Watch: {player} on the match that changed everything",
            "Video: boat race on the river in {district}",
        ],
        "standfirsts": ["A short report from our video team."],
    },
    "podcast": {
        "headlines": [
            "Podcast: the week in business",
            "Podcast: {person} on {topic}",
            "Newsroom talk: covering the floods in {district}",
        ],
        "standfirsts": ["Listen to this week's episode."],
    },
    "offbeat": {
        "headlines": [
            "A cat has been riding the {city} ferry for three years",
            "Man builds working car from scrap in {district}",
            "The village where every house keeps a library",
            "Kite makers of Old Dhaka prepare for the festival",
        ],
        "standfirsts": ["Neighbours say they are not surprised any more."],
    },
    "health": {
        "headlines": [
            "Dengue cases rise in {city}, hospitals add beds",
            "Booster vaccination drive begins in {district}",
            "Health ministry reports {n} new COVID-19 cases",
            "Doctors urge masks as respiratory infections climb",
        ],
        "standfirsts": [
            "Health officials say there is no cause for panic but ask for care.",
        ],
    },
    "games": {
        "headlines": [
            "Quiz: how well did you follow the news this week?",
            "Trivia: ten questions about {place}",
            "Puzzle of the week: the river crossing",
            "Test yourself: the economy in {n} questions",
        ],
        "standfirsts": ["Keep score, no searching allowed."],
    },
    "supplement": {
        "headlines": [
            "Special supplement: the {sector} industry at a turning point",
            "Supplement: {n} years of the port city",
        ],
        "standfirsts": ["Reports, interviews and data from across the industry."],
    },
    "paper": {
        "headlines": [
            "Today's print edition: the main stories",
            "From our archive: {city} in {year}",
            "Get the morning briefing in your inbox",
        ],
        "standfirsts": ["Read the newspaper as it was printed."],
    },
}

GENERIC_SENTENCES = [
    "Officials said the details would be announced over the coming weeks.",
    "The figures were published on {month} {n} by the {ministry}.",
    "Residents of {city} told reporters they had heard such promises before.",
    "{expert_cap} said the trend was worth watching closely.",
    "The change comes after months of complaints from people affected.",
    "Similar measures were tried in {district} with mixed results.",
    "A spokesperson declined to comment on the timeline.",
    "The numbers were higher than the same period last year.",
    "Critics argue that implementation, not planning, has always been the weak point.",
    "Supporters say the move is overdue.",
    "Several people interviewed asked not to be named.",
    "The next review is scheduled for {month}.",
    "Those involved say coordination between agencies needs to improve.",
    "It is the first time since {year} that the issue has drawn this much attention.",
    "Local businesses say they are waiting to see what happens next.",
    "A public hearing is expected before any final decision.",
    "The move has been welcomed cautiously by rights groups.",
    "Officials in {city} said they had not yet received written instructions.",
    "The plan was first discussed at a meeting in {month}.",
    "At least {n} organisations have asked for more time to respond.",
    "People in {district} said the effects were already being felt.",
    "{expert_cap} said better data would help everyone.",
    "The cost is estimated at {crore2}, according to documents seen by Masthead.",
    "A committee has been formed to look into the matter.",
    "Those who spoke to Masthead described a mix of hope and frustration.",
    "The issue is expected to come up again at the next cabinet meeting.",
    "Independent observers said the results would take time to show.",
    "The decision follows a similar move in {world_city} last year.",
    "Many said they learned of the change from social media.",
    "Work on the first phase is due to start in {month}.",
]

BEAT_SENTENCES = {
    "economy": [
        "Food inflation stood at {pct}% while non-food inflation was {pct2}%.",
        "The taka has held steady against the dollar for {n} weeks.",
        "Importers say letters of credit are easier to open than a year ago.",
        "Revenue collection reached {crore} in the first quarter.",
    ],
    "banking": [
        "Deposits in the banking sector grew by {pct}% year on year.",
        "{bank} said it had set aside {crore} as provisions.",
        "Bankers said the cost of funds remained high.",
    ],
    "industry": [
        "{company} employs about {n} hundred people at its existing units.",
        "The {sector} sector earned {usd} from exports last year.",
        "Owners say a steady gas supply matters more than tax breaks.",
    ],
    "stocks": [
        "The broad index of the Dhaka Stock Exchange closed at {index}.",
        "Turnover stood at {crore}, up from the previous session.",
        "Banks and pharmaceuticals led the gainers.",
    ],
    "sports": [
        "{player} top-scored with {n2} while the bowlers shared the wickets.",
        "The coach said the team had worked on its fielding all week.",
        "{club} have won {n} of their last ten matches.",
        "A full house in {city} cheered every boundary.",
    ],
    "world": [
        "Markets in {world_city} reacted within minutes.",
        "Analysts expect the decision to weigh on growth in {country}.",
        "Bangladeshi exporters are watching the talks closely.",
    ],
    "tech": [
        "{startup} says it now serves users in {n} districts.",
        "Mobile internet subscribers have crossed {n2} million.",
        "Developers say local-language interfaces made the difference.",
    ],
    "crime": [
        "The case was filed at the local police station under the penal code.",
        "The accused were produced before a magistrate's court.",
        "Police said they had recovered phones and forged documents.",
    ],
    "features": [
        "The work begins before dawn and rarely ends before sunset.",
        "Few of the younger generation want to take it on.",
        "Visitors come from as far as {world_city} to see it.",
    ],
    "food": [
        "The secret, the cooks insist, is patience and mustard oil.",
        "A plate costs about Tk {n}0 at most stalls.",
    ],
}

SUBHEADS = [
    "What happens next",
    "The background",
    "A closer look",
    "What people say",
    "The numbers",
    "Why it matters",
    "Looking ahead",
    "On the ground",
    "A long road",
    "The other side",
]

QUOTES = [
    "We have heard the concerns and we are working on them.",
    "This is not something that can be fixed overnight.",
    "The numbers speak for themselves, but people need to feel the change.",
    "We were never consulted, and that is the real problem.",
    "I have done this work for thirty years and I have never seen it like this.",
    "If we act now, we can avoid a much bigger cost later.",
    "The team showed real character today.",
    "Our customers want reliability more than anything else.",
]

QUOTE_ROLES = [
    "a shopkeeper in {city}",
    "a senior official at the {ministry}",
    "{expert}",
    "a resident of {district}",
    "the team's coach",
    "the company's managing director",
    "a member of parliament",
]

KICKERS = {
    "national": ["Monsoon", "City", "Districts"],
    "economy": ["Prices", "Budget", "Trade"],
    "banking": ["Banking", "Monetary policy"],
    "stocks": ["Markets"],
    "sports": ["Cricket", "Football"],
    "world": ["Global economy", "World"],
    "opinion": ["Opinion", "Column"],
    "analysis": ["Analysis"],
    "tech": ["Startups", "Telecom"],
    "health": ["Health"],
}

DATELINE_WORLD = {"world", "podcast"}

# -- static pages ------------------------------------------------------------------

STATIC_PAGES = [
    (
        "About",
        "about",
        False,
        [
            ("h2", "Who we are"),
            (
                "p",
                "Masthead is an independent daily newsroom publishing in English "
                "and Bangla from Dhaka. Our reporters and correspondents cover the "
                "capital, the districts, the economy and the world.",
            ),
            (
                "p",
                "We correct our mistakes openly, separate news from opinion, and "
                "credit the agencies whose copy we publish.",
            ),
            ("h2", "This is a demo"),
            (
                "p",
                "Every story on this site was generated for demonstration. Names "
                "of people, companies and agencies are fictional.",
            ),
        ],
    ),
    (
        "Privacy Policy",
        "privacy-policy",
        False,
        [
            ("h2", "What we collect"),
            (
                "p",
                "We count page views without cookies and keep server logs for "
                "thirty days to keep the site secure.",
            ),
            ("h2", "Newsletters and comments"),
            (
                "p",
                "If you subscribe or comment, we store your email address only for "
                "that purpose. You can ask us to delete it at any time.",
            ),
        ],
    ),
    (
        "Comment Policy",
        "comment-policy",
        False,
        [
            (
                "p",
                "We welcome debate. Comments are moderated; we remove abuse, "
                "threats, spam and personal information about others.",
            ),
            (
                "ul",
                [
                    "Stay on topic.",
                    "Be civil to other readers.",
                    "Do not post links to spam or malware.",
                ],
            ),
            ("p", "Repeated breaches lead to a ban."),
        ],
    ),
    (
        "Contact Us",
        "contact-us",
        True,
        [
            (
                "p",
                "News tips, corrections and letters to the editor are welcome. "
                "For advertising and subscriptions, use the numbers below.",
            ),
        ],
    ),
]

SETTINGS = {
    "publisher_name": "Masthead",
    "address": "Masthead House\n27 Kazi Nazrul Islam Avenue, Karwan Bazar\n"
    "Dhaka 1215, Bangladesh",
    "phones": "+880 2 5501 0000\n+880 1700 000 000",
    "emails": "news@masthead.example\nletters@masthead.example\nads@masthead.example",
    "facebook_url": "https://www.facebook.com/masthead.example",
    "x_url": "https://x.com/masthead_example",
    "youtube_url": "https://www.youtube.com/@masthead.example",
    "instagram_url": "https://www.instagram.com/masthead.example",
    "linkedin_url": "https://www.linkedin.com/company/masthead-example",
    "copyright_holder": "Masthead Media Ltd",
}

# -- the Bangla edition ----------------------------------------------------------

# Written in Bangla in `content_bn`; these names are kept for older callers.
BANGLA_SECTIONS = content_bn.SECTIONS
BANGLA_STORIES = content_bn.all_stories()
BANGLA_TAG_SLUGS = content_bn.TAG_SLUGS


# -- images --------------------------------------------------------------------------

# Picture themes: (beat, label on the picture, caption, colours)
IMAGE_THEMES = {
    "national": (
        "BANGLADESH",
        [
            "Commuters wade through a waterlogged street after heavy rain",
            "Rickshaws queue at a busy intersection at dusk",
            "Children walk to school along a village embankment",
        ],
    ),
    "politics": (
        "POLITICS",
        [
            "The parliament complex in the evening light",
            "Party supporters gather before a rally",
        ],
    ),
    "crime": (
        "CRIME",
        [
            "The court building on a hearing day",
            "Police vehicles parked outside a station",
        ],
    ),
    "economy": (
        "ECONOMY",
        [
            "Shoppers at a wholesale market before sunrise",
            "Sacks of rice stacked at a warehouse",
            "Container trucks on the highway to the port",
        ],
    ),
    "banking": (
        "BANKING",
        [
            "Customers at a bank branch counter",
            "The central bank building in Motijheel",
        ],
    ),
    "industry": (
        "INDUSTRY",
        [
            "Workers on a garment factory floor",
            "Cranes load containers at the port",
            "A cement plant on the river bank",
        ],
    ),
    "stocks": (
        "MARKETS",
        [
            "Investors watch price boards at a brokerage house",
            "A trading screen showing the day's index",
        ],
    ),
    "world": (
        "WORLD",
        [
            "A cargo ship crosses the open sea",
            "Flags outside an international summit venue",
            "Oil storage tanks at a refinery",
        ],
    ),
    "sports": (
        "SPORTS",
        [
            "Floodlights over a cricket stadium",
            "Footballers train on a wet pitch",
            "Fans celebrate in the stands",
        ],
    ),
    "entertainment": (
        "SPLASH",
        [
            "Stage lights before a concert",
            "Audience at the opening of a film festival",
        ],
    ),
    "features": (
        "FEATURES",
        [
            "Boat builders at work on a river bank",
            "Tea garden workers at first light",
            "A narrow lane in Old Dhaka",
        ],
    ),
    "food": (
        "FOOD",
        [
            "A spread of home-cooked dishes",
            "Street food stall at night",
        ],
    ),
    "tech": (
        "TECH",
        [
            "Young developers at a co-working space",
            "A mobile tower above rooftops",
        ],
    ),
    "opinion": ("THOUGHTS", ["A reader with the morning paper"]),
    "health": ("HEALTH", ["A hospital ward with new beds"]),
    "video": ("VIDEO", ["A camera crew on location"]),
    "infograph": ("DATA", ["Bars and lines of a chart"]),
    "general": (
        "MASTHEAD",
        [
            "The river at sunset",
            "The city skyline from across the river",
        ],
    ),
}

# Beats without pictures of their own borrow from another.
IMAGE_BEAT_FALLBACK = {
    "analysis": "economy",
    "interview": "features",
    "longread": "features",
    "podcast": "general",
    "offbeat": "features",
    "games": "general",
    "supplement": "industry",
    "paper": "general",
}

PALETTES = [
    ((14, 59, 92), (41, 157, 143)),
    ((120, 30, 50), (240, 140, 80)),
    ((30, 40, 90), (120, 90, 200)),
    ((20, 90, 60), (200, 210, 90)),
    ((60, 30, 90), (230, 90, 140)),
    ((10, 70, 110), (140, 210, 230)),
    ((90, 50, 20), (240, 200, 110)),
    ((35, 35, 45), (200, 70, 60)),
]

PHOTO_CREDITS = ["Masthead illustration", "Illustration: Masthead graphics desk"]
