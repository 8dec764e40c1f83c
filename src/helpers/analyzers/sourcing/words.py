"""The closed-class words and patterns the sourcing rules read: what a clause, a name or a
subject is made of.  Data, not rules: the rules are in the other modules of the package."""

from __future__ import annotations

import re

ANALYZED_ROLES = frozenset({"headline", "dek", "paragraph", "comment"})
TITLE_ROLES = frozenset({"headline", "dek"})  # may be in title case: "X Reports on Y"
MIN_STRETCH = 3  # paragraphs in a row without attribution before we call it out
ANON_SHARE = 0.4  # share of anonymous/vague attributions that counts as heavy reliance
MAX_SOURCE_WORDS = 12
MAX_WORDS_BEFORE_NAME = 6  # "Democratic presidential candidate Ana Ruiz" has 3

_TOKEN = re.compile(r"[A-Za-z0-9][\w.'’&-]*+|[^\w\s]")
_QUOTES_OPEN = '“"'
_QUOTES_CLOSE = '”"'
_BOUNDARY_PUNCT = frozenset(",;:()[]“”\"—–'‘")
_BOUNDARY_WORDS = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "but",
        "and",
        "or",
        "nor",
        "while",
        "whilst",
        "although",
        "though",
        "because",
        "as",
        "when",
        "whenever",
        "since",
        "after",
        "before",
        "where",
        "so",
        "yet",
        "until",
    ]
)
_HYPOTHETICAL = frozenset(["if", "unless", "whether", "what", "how", "why", "than", "lest"])
_CLAUSE_STOPS = _BOUNDARY_WORDS | _HYPOTHETICAL  # words that end a clause, read leftwards
_AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "further",
        "later",
        "previously",
        "recently",
        "repeatedly",
        "publicly",
        "once",
        "then",
        "again",
        "often",
        "frequently",
        "privately",
        "already",
        "earlier",
        "subsequently",
        "separately",
        "initially",
        "first",
        "did",
        "does",
        "do",
        "not",
        "never",
        "always",
        "widely",
        "strongly",
        "only",
        "openly",
        "quickly",
        "immediately",
        "just",
        "even",
        "still",
        "now",
        "clearly",
        "simply",
        "specifically",
        "explicitly",
        "reportedly",
        "himself",
        "herself",
        "itself",
        "themselves",
        "itself",
        "last",
        "yesterday",
        "today",
        "tonight",
    ]
)
_NEGATED_AUX = frozenset(
    a + "n" + q + "t"
    for a in ("did", "does", "do", "has", "have", "had", "is", "are", "was", "were")
    for q in ("'", "’")
)
# lowercase words in -ly that are nouns, not adverbs: "an ally said" keeps its subject
_LY_NOUNS = frozenset(["ally", "family", "assembly", "rally", "bully", "supply", "monopoly"])
_MODALS = frozenset(
    ["may", "might", "could", "would", "should", "can", "must", "will", "shall", "to"]
)
_PASSIVE = frozenset(["is", "was", "were", "are", "been", "be", "being"])
_ARTICLES = frozenset(["the", "a", "an"])
# "endorsed by Russia" is passive; "responded by saying" tells how, the subject is the speaker
_BY_AFTER = re.compile(r"(?<!\s)\s++by\b(?!\s++[a-z]+ing\b)")
# "is touting", "were also warning": a progressive verb, not a participle clause
_PROGRESSIVE = re.compile(
    r"(?<![\w'’-])(?:is|are|was|were|am|been)\s++(?:(?:also|still|now|already|again)\s++)?$"
)
# "with the mayor calling for calm": the absolute construction names who is doing the -ing
_WITH_SUBJECT = re.compile(r"(?<![\w-])with\s++([^\s,;:()“”\"][^,;:()“”\"]{0,50}?)\s++$")
_ING_TYPES = frozenset(["publication", "organization", "anonymous"])
_PARTICIPLE_BEFORE = re.compile(
    r"(?:[,;—–][”\"'’]*+|\b(?:while|after|before|by|when|also|and))\s*+$"
)
_PREPOSITIONS = frozenset(
    ["in", "at", "from", "with", "between", "on", "for", "near", "inside", "outside", "within"]
)
_LEAD_STRIP = frozenset(
    ["the", "a", "an", "also", "then", "now", "meanwhile", "still", "even", "only"]
)
_PERSON_PRONOUNS = frozenset({"he", "she"})
_GROUP_PRONOUNS = frozenset({"they"})
_NO_SOURCE = frozenset(
    [
        "i",
        "we",
        "you",
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "which",
        "what",
        "who",
        "one",
        "everything",
        "something",
        "nothing",
        "anything",
        "me",
        "us",
        "nobody",
        "everyone",
        "everybody",
        "someone",
        "somebody",
        "anyone",
    ]
)
_CAP_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "In",
        "On",
        "At",
        "For",
        "But",
        "And",
        "Also",
        "However",
        "Meanwhile",
        "Still",
        "Yet",
        "Now",
        "Then",
        "There",
        "Here",
        "While",
        "When",
        "If",
        "As",
        "So",
        "Both",
        "All",
        "Many",
        "Some",
        "Most",
        "Such",
        "Our",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "After",
        "Before",
        "During",
        "Despite",
        "Although",
        "Though",
        "Because",
        "Since",
        "Until",
        "Today",
        "Yesterday",
        "Last",
        "Next",
        "Nonetheless",
        "Moreover",
        "Ultimately",
        "Rather",
        "Far",
        "Would",
        "Could",
        "Should",
        "Will",
        "Can",
        "May",
        "Might",
        "Must",
        "Did",
        "Does",
        "Do",
        "Is",
        "Are",
        "Was",
        "Were",
        "What",
        "Why",
        "How",
        "Who",
        "Where",
        "Which",
        "Whether",
        "Not",
        "No",
        "Yes",
        "Nobody",
        "Everyone",
        "Everybody",
        "Someone",
        "Somebody",
        "Anyone",
        "Nothing",
        "Everything",
        "Something",
        "One",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_CAP_STOP_UPPER = frozenset(w.upper() for w in _CAP_STOP) | frozenset(
    ["UPDATE", "NOTE", "WATCH", "READ", "BREAKING", "EXCLUSIVE", "VIDEO", "PHOTOS", "ABSTRACT"]
)
_NAME_PARTICLES = frozenset(
    [
        "de",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "la",
        "le",
        "da",
        "di",
        "du",
        "del",
        "dos",
        "st.",
    ]
)
_RIGHT_KEEP = frozenset(["the", "a", "an", "of", "for", "at", "to", "'s"])
_RIGHT_STOP = frozenset(
    [
        "in",
        "on",
        "during",
        "after",
        "before",
        "when",
        "who",
        "which",
        "that",
        "last",
        "this",
        "yesterday",
        "today",
        "told",
        "adding",
        "saying",
        "while",
        "as",
    ]
)
_GENERIC_OUTLET_WORDS = frozenset(
    [
        "article",
        "report",
        "story",
        "piece",
        "editorial",
        "column",
        "newspaper",
        "paper",
        "magazine",
        "op-ed",
        "interview",
        "analysis",
        "investigation",
        "survey",
        "poll",
        "study",
        "the",
        "a",
        "an",
    ]
)
_NAMING_VERBS = frozenset(["termed", "called", "dubbed", "labeled", "labelled", "branded"])
_OBJECT_BEFORE_QUOTE = re.compile(r"(?:it|them|him|her|this|that|us)\s++(?=[“\"])")
_COLON_SPEAKER = re.compile(
    r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*+\s++){0,2}[A-Z][\w.'’-]*+)\s*+:(?=\s)"
)
_NAME_COLON_QUOTE = re.compile(
    r"(?<![\w.'’-])((?:[A-Z][\w.'’-]*+[ \t]++){0,3}[A-Z][\w'’-]*+)[ \t]*+:"
    r"(?=[ \t\xa0]*+(?:[“\"‘]|$))"
)
_ASKED_LEAD = re.compile(r"\b[Aa]sked\b")
_WHEN_BEFORE = re.compile(r"\b(?:when|after|once|if)\s++(?:he|she|they|first\s++)?$", re.I)
_APPOSITIVE_MARKS = frozenset([",", "—", "–"])
_RELATIVE = frozenset(["who", "whose", "that", "which"])
_GENERIC_MAX = 6
_NOT_A_HEAD = (
    _NO_SOURCE
    | _MODALS
    | _PASSIVE
    | _AUX
    | _PREPOSITIONS
    | _ARTICLES
    | _BOUNDARY_WORDS
    | _HYPOTHETICAL
    | frozenset(["he", "she", "they", "him", "her", "them", "his", "its", "their", "of", "to"])
)
_VAGUE_BARE = frozenset({"reports", "media reports", "rumors", "rumours", "estimates"})

TYPE_PRIORITY = ("anonymous", "vague", "publication", "organization", "named_person")
_FIRST_SECOND = frozenset(["I", "we", "We", "you", "You"])  # the writer or reader: no source
_GROUP_SUFFIXES = ("ans", "ists", "ers", "ors", "ives", "ites", "crats")
_PARTY_SUFFIXES = ("crats", "icans", "ians", "eans", "ists")
_WEEKDAYS = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
_BEFORE_WEEKDAY = frozenset(["on", "last", "this", "late", "early", "next"])
_FULL_NAME = re.compile(r"[A-Z](?<![\w.'’-][A-Z])[\w.'’-]*+[ \t]++(?=([A-Z][\w'’-]*+))")
_IT_VERBS = frozenset(["verb-say-core", "verb-say", "verb-act"])
_IT_BEFORE = frozenset([",", ";", "and", "but", "—", "–"])
_SOMEONE = frozenset(["someone", "somebody", "people", "one", "those", "others"])
_OPENING_END = frozenset([",", "—", "–"])
_IRREGULAR_PAST = frozenset(
    [
        "began",
        "took",
        "made",
        "went",
        "gave",
        "came",
        "got",
        "ran",
        "held",
        "left",
        "met",
        "sent",
        "spent",
        "won",
        "lost",
        "put",
        "set",
        "kept",
        "led",
        "brought",
        "stood",
        "drew",
        "struck",
        "became",
        "sat",
        "spoke",
        "broke",
        "fought",
        "threw",
        "paid",
        "sued",
        "hit",
        "cut",
        "let",
        "did",
    ]
)
