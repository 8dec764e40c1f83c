"""The closed-class words and patterns the sourcing rules read: what a clause, a name or a
subject is made of.

The word lists are data: the ``[words]`` table of ``lexicons/sourcing.toml``, read and checked
once when the analyzer is first imported (``helpers.analyzers`` imports it only when an
analysis runs).  The patterns, limits and roles stay here, next to the rules that read them.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

WORDS_FILE = "lexicons/sourcing.toml"  # its [words] table

ANALYZED_ROLES = frozenset({"headline", "dek", "paragraph", "comment"})
TITLE_ROLES = frozenset({"headline", "dek"})  # may be in title case: "X Reports on Y"
MIN_STRETCH = 3  # paragraphs in a row without attribution before we call it out
ANON_SHARE = 0.4  # share of anonymous/vague attributions that counts as heavy reliance
MAX_SOURCE_WORDS = 12
MAX_WORDS_BEFORE_NAME = 6  # "Democratic presidential candidate Ana Ruiz" has 3
_GENERIC_MAX = 6
TYPE_PRIORITY = ("anonymous", "vague", "publication", "organization", "named_person")
_ING_TYPES = frozenset(["publication", "organization", "anonymous"])
_IT_VERBS = frozenset(
    ["verb-say-core", "verb-say", "verb-speech-act", "verb-act"]
)  # lexicon entry ids

_LISTS = (
    "boundary_punct",
    "boundary_words",
    "hypothetical",
    "aux",
    "after_have",
    "time_nouns",
    "aspect",
    "ly_nouns",
    "modals",
    "passive",
    "articles",
    "determiners",
    "prepositions",
    "name_prepositions",
    "lead_strip",
    "person_pronouns",
    "group_pronouns",
    "no_source",
    "cap_stop",
    "cap_stop_upper_extra",
    "name_particles",
    "right_keep",
    "right_stop",
    "generic_outlet_words",
    "naming_verbs",
    "comma_or_dash",
    "relative",
    "not_a_head_extra",
    "vague_bare",
    "first_second",
    "group_suffixes",
    "party_suffixes",
    "weekdays",
    "before_weekday",
    "it_before",
    "someone",
    "irregular_past",
    "headline_nouns",
    "add_verbs",
)


def load_words(raw: dict[str, object], where: str = WORDS_FILE) -> dict[str, tuple[str, ...]]:
    """The word lists of ``raw`` (the ``[words]`` table of ``sourcing.toml``), checked.

    Every list the rules read must be there (and nothing else), a list of non-empty strings
    with no word twice: a typo in the file is named here, not found as a silent miss later.
    """
    missing = [k for k in _LISTS if k not in raw]
    unknown = sorted(set(raw) - set(_LISTS))
    if missing or unknown:
        raise ValueError(f"{where}: missing list(s) {missing}, unknown list(s) {unknown}")
    out: dict[str, tuple[str, ...]] = {}
    for key in _LISTS:
        words = raw[key]
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{where}: '{key}' must be a list of non-empty strings")
        twice = sorted({w for w in words if words.count(w) > 1})
        if twice:
            raise ValueError(f"{where}: '{key}' lists {twice} twice")
        out[key] = tuple(words)
    return out


@cache
def sourcing_table(name: str) -> object:
    """A top-level table of ``sourcing.toml`` (``[words]``, ``[unsourced]``); the file is
    parsed once for all of them."""
    return _file().get(name)


@cache
def _file() -> dict[str, object]:
    ref = resources.files("helpers").joinpath(WORDS_FILE)
    return tomllib.loads(ref.read_text(encoding="utf-8"))


def _read() -> dict[str, tuple[str, ...]]:
    raw = sourcing_table("words")
    if not isinstance(raw, dict):
        raise ValueError(f"{WORDS_FILE}: needs a [words] table")
    return load_words(raw)


_W = _read()

_BOUNDARY_PUNCT = frozenset(_W["boundary_punct"])
_BOUNDARY_WORDS = frozenset(_W["boundary_words"])
_HYPOTHETICAL = frozenset(_W["hypothetical"])
_CLAUSE_STOPS = _BOUNDARY_WORDS | _HYPOTHETICAL  # words that end a clause, read leftwards
_AUX = frozenset(_W["aux"])
_NEGATED_AUX = frozenset(
    a + "n" + q + "t"
    for a in ("did", "does", "do", "has", "have", "had", "is", "are", "was", "were")
    for q in ("'", "’")
)
_LY_NOUNS = frozenset(_W["ly_nouns"])
_AFTER_HAVE = frozenset(_W["after_have"])
_TIME_NOUNS = frozenset(_W["time_nouns"])
_ASPECT = frozenset(_W["aspect"])
_HAVE = frozenset(("has", "have", "had"))
_MODALS = frozenset(_W["modals"])
_PASSIVE = frozenset(_W["passive"])
_ARTICLES = frozenset(_W["articles"])
# 'the plan', 'his support': a reporting word right after a determiner is a noun
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w'’-])(?:" + "|".join(_W["determiners"]) + r")\s++$", re.IGNORECASE
)
# "the editor's note", "the mayor's claims": a noun's possessive before a reporting word makes
# it a noun too ("he's", "it's", "who's" are 'is' or 'has', and "the mayor's saying" is 'is')
_POSSESSIVE_BEFORE = re.compile(
    r"(?<![\w'’-])(?!(?:he|she|it|that|who|what|there|here|where)['’])[\w.-]+['’]s\s++$",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset(_W["prepositions"])
_NAME_PREPOSITIONS = frozenset(_W["name_prepositions"])
_HEAD_ENDS = _PREPOSITIONS | {"to"}  # 'a letter to the parents': the head is before 'to'
_LEAD_STRIP = frozenset(_W["lead_strip"])
_PERSON_PRONOUNS = frozenset(_W["person_pronouns"])
_GROUP_PRONOUNS = frozenset(_W["group_pronouns"])
_PRONOUNS = _PERSON_PRONOUNS | _GROUP_PRONOUNS
_NO_SOURCE = frozenset(_W["no_source"])
_WEEKDAYS = frozenset(_W["weekdays"])
_CAP_STOP = frozenset(_W["cap_stop"]) | _WEEKDAYS
_CAP_STOP_UPPER = frozenset(w.upper() for w in _CAP_STOP) | frozenset(_W["cap_stop_upper_extra"])
_NAME_PARTICLES = frozenset(_W["name_particles"])
_RIGHT_KEEP = frozenset(_W["right_keep"])
_RIGHT_STOP = frozenset(_W["right_stop"])
_GENERIC_OUTLET_WORDS = frozenset(_W["generic_outlet_words"])
_NAMING_VERBS = frozenset(_W["naming_verbs"])
_APPOSITIVE_MARKS = _OPENING_END = frozenset(_W["comma_or_dash"])
_RELATIVE = frozenset(_W["relative"])
_NOT_A_HEAD = (
    _NO_SOURCE
    | _MODALS
    | _PASSIVE
    | _AUX
    | _PREPOSITIONS
    | _ARTICLES
    | _BOUNDARY_WORDS
    | _HYPOTHETICAL
    | frozenset(_W["not_a_head_extra"])
)
_VAGUE_BARE = frozenset(_W["vague_bare"])
_FIRST_SECOND = frozenset(_W["first_second"])  # the writer or reader: no source
_GROUP_SUFFIXES = _W["group_suffixes"]
_PARTY_SUFFIXES = _W["party_suffixes"]
_BEFORE_WEEKDAY = frozenset(_W["before_weekday"])
_IT_BEFORE = frozenset(_W["it_before"])
_SOMEONE = frozenset(_W["someone"])
_IRREGULAR_PAST = frozenset(_W["irregular_past"])
_HEADLINE_NOUNS = frozenset(_W["headline_nouns"])
_ADD_VERBS = frozenset(_W["add_verbs"])

_TOKEN = re.compile(r"[A-Za-z0-9][\w.'’&-]*+|[^\w\s]")
_QUOTES_OPEN = '“"'
_QUOTES_CLOSE = '”"'
# "endorsed by Russia" is passive; "responded by saying" tells how, the subject is the speaker
_BY_AFTER = re.compile(r"(?<!\s)\s++by\b(?!\s++[a-z]+ing\b)")
# "is touting", "were also warning": a progressive verb, not a participle clause
# ("he's predicting", "Ana Ruiz isn't saying", "they’re not expecting": contracted or negated)
_PROGRESSIVE = re.compile(
    r"(?:(?<![\w'’-])(?:is|are|was|were|am|been)(?:n['’]t)?|(?<=\w)['’](?:s|re|m))\s++"
    r"(?:(?:not|also|still|now|already|again|just|really|even|[a-z]{3,}ly)\s++){0,2}$"
)
# "was critical of", "are not so sure that", "he's confident": a form of 'be' before a stance
# adjective, with up to two adverbs between
_BE_BEFORE = re.compile(
    r"(?:(?<![\w'’-])(?:is|are|was|were|am|been|be|remains?|remained)(?:n['’]t)?|(?<=\w)['’](?:s|re|m))"
    r"\s++(?:[a-z]++\s++){0,2}$"
)
# a participle opening its sentence ("Recalling that day, …", "In explaining why, …"): its
# speaker is the subject of the sentence's attribution after the comma
_OPENING_PARTICIPLE = re.compile(r"[\s\"“]*+(?:(?:In|By|After|While|When|Before)\s++)?$")
# "… said that she knows": 'that' right before a pronoun subject
_THAT_BEFORE = re.compile(r"(?<![\w'’-])that\s++$")
# up to three words and no punctuation: 'said Tuesday she hopes', 'told reporters he wants'
_NEAR_GAP = re.compile(r"\s++(?:[\w’'-]++\s++){0,3}")
# "with the mayor calling for calm": the absolute construction names who is doing the -ing
_WITH_SUBJECT = re.compile(r"(?<![\w-])with\s++([^\s,;:()“”\"][^,;:()“”\"]{0,50}?)\s++$")
# (", recently telling …", ", not even suggesting …": an adverb may come first)
_PARTICIPLE_BEFORE = re.compile(
    r"(?:[,;—–][”\"'’]*+|\b(?:while|after|before|by|when|also|and))\s*+"
    r"(?:(?:[a-z]{3,}ly|not|also|even|then|again|still|never)\s++){0,2}$"
)
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
_FULL_NAME = re.compile(r"[A-Z](?<![\w.'’-][A-Z])[\w.'’-]*+[ \t]++(?=([A-Z][\w'’-]*+))")
