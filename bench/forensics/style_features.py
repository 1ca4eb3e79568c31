# SPDX-License-Identifier: GPL-3.0-or-later
"""Text features of the forensics methods, defined exactly as analysis/forensics computes them
(style_features.cpp, text_terms.cpp): the reference the C++ numbers are checked against."""
import math
import re
import unicodedata

# ------------------------------------------------------------------ normalization and words
_IGNORABLE = set(range(0xFE00, 0xFE10)) | {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0} | set(range(0xE0100, 0xE01F0))


def normalize(s):
    """NFKC with case folding, default-ignorable characters dropped, white space runs to one
    space, trimmed: the core's default normalization (text::normalize)."""
    s = ''.join(c for c in s if unicodedata.category(c) != 'Cf' and ord(c) not in _IGNORABLE)
    s = unicodedata.normalize('NFKC', unicodedata.normalize('NFKC', s).casefold())
    return ' '.join(s.split())


def _ideographic(cp):
    return (0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F)


def _word_char(c):
    cat = unicodedata.category(c)
    return cat[0] in 'LNM'


def words(norm, ends=None):
    """Word tokens of a normalized text: runs of letters, digits and marks, an apostrophe
    (' or U+2019) between two such characters kept inside; each ideograph or kana is a word.
    `ends`, a list, receives the index just past each word."""
    out = []
    cur = []
    n = len(norm)
    i = 0
    while i < n:
        c = norm[i]
        cp = ord(c)
        if _ideographic(cp):
            if cur:
                out.append(''.join(cur))
                cur = []
                if ends is not None:
                    ends.append(i)
            out.append(c)
            if ends is not None:
                ends.append(i + 1)
        elif _word_char(c):
            cur.append(c)
        elif c in "'\u2019" and cur and i + 1 < n and _word_char(norm[i + 1]) and not _ideographic(ord(norm[i + 1])):
            cur.append(c)
        else:
            if cur:
                out.append(''.join(cur))
                cur = []
                if ends is not None:
                    ends.append(i)
        i += 1
    if cur:
        out.append(''.join(cur))
        if ends is not None:
            ends.append(n)
    return out


def word_terms(w):
    """Word unigrams and bigrams (bigram = 'w1 w2'), unigrams first."""
    return w + [w[i] + ' ' + w[i + 1] for i in range(len(w) - 1)]


def lexical_terms(norm):
    """Terms of the kinship lexical view."""
    return word_terms(words(norm))


def char_ngrams(norm, n):
    """Every run of n consecutive code points (none when the text is shorter)."""
    return [norm[i:i + n] for i in range(len(norm) - n + 1)]


# ------------------------------------------------------------------ answer-shape features
I = re.IGNORECASE | re.MULTILINE
_LINE_NUM = re.compile(r'^[ \t]*[0-9]+[.)][ \t]', re.M)
_LINE_BULLET = re.compile(r'^[ \t]*[-*\u2022][ \t]', re.M)
_LINE_HEAD = re.compile(r'^[ \t]*#{1,6}[ \t]', re.M)
_LINE_COLON = re.compile(r':[ \t]*$', re.M)
_SENT_END = re.compile(r'[.!?]+(?=[ \t\r\n"\')\]]|$)')
_OPEN_AFFIRM = re.compile(r'^[ \t\r\n]*(sure|certainly|of course|absolutely|great question|yes)\b', re.I)
_OPEN_HERE = re.compile(r"^[ \t\r\n]*here(\s+is|\s+are|'s|\u2019s)\b", re.I)
_AI_SELF = re.compile(r"\bas an ai\b|\blanguage model\b|\bi am an ai\b|\bi'm an ai\b|\bi\u2019m an ai\b", re.I)
_APOLOGY = re.compile(r"\bi'm sorry\b|\bi\u2019m sorry\b|\bi am sorry\b|\bi apologi[sz]e\b|\bi cannot\b|\bi can't\b"
                      r"|\bi can\u2019t\b|\bi am unable\b|\bi'm unable\b|\bi am not able\b", re.I)
_CLOSER = re.compile(r'^[ \t]*(in conclusion|overall|in summary|to summarize|ultimately)\b', I)
_OFFER = re.compile(r'\blet me know\b|\bhope this helps\b|\bfeel free to\b|\bi hope (this|that)\b', re.I)
_CAVEAT = re.compile(r"\bit's important to\b|\bit\u2019s important to\b|\bit is important to\b|\bnote that\b"
                     r"|\bkeep in mind\b|\bremember that\b", re.I)
_FIRST = re.compile(r"\b(i|me|my|mine|i'm|i've|i'd|i'll)\b", re.I)
_SECOND = re.compile(r"\b(you|your|yours|you're|you've|you'll|you'd)\b", re.I)

SHAPE_FEATURES = [
    'words', 'lines', 'paragraphs', 'sentences',
    'numbered_items', 'bullet_items', 'headings', 'colon_lines', 'bold_markers', 'code_fences',
    'quotes', 'parentheses', 'digits',
    'sentence_length', 'word_length', 'commas_per_sentence', 'questions', 'exclamations',
    'affirmative_opener', 'here_opener', 'ai_self_reference', 'apology_refusal', 'summary_closer',
    'offer_of_help', 'caveat', 'first_person', 'second_person',
]


def shape_features(raw, norm=None):
    """The 27 answer-shape features of one answer (counts as log(1 + n), phrases as 0/1)."""
    if norm is None:
        norm = normalize(raw)
    w = words(norm)
    nw = len(w)
    text = raw.replace('\r\n', '\n').replace('\r', '\n')
    lines = [l for l in text.split('\n')]
    nonempty = sum(1 for l in lines if l.strip(' \t'))
    paragraphs = sum(1 for block in re.split(r'\n[ \t]*\n', text) if block.strip(' \t\n'))
    sentences = len(_SENT_END.findall(text))
    s1 = max(1, sentences)
    lg = math.log1p
    return [
        lg(nw), lg(nonempty), lg(paragraphs), lg(sentences),
        lg(len(_LINE_NUM.findall(text))), lg(len(_LINE_BULLET.findall(text))), lg(len(_LINE_HEAD.findall(text))),
        lg(len(_LINE_COLON.findall(text))), lg(text.count('**') + text.count('__')), lg(text.count('```')),
        lg(text.count('"') + text.count('\u201c') + text.count('\u201d')), lg(text.count('(')),
        lg(sum(1 for c in text if '0' <= c <= '9')),
        lg(nw / s1), (sum(len(x) for x in w) / nw if nw else 0.0), lg(text.count(',') / s1),
        lg(text.count('?')), lg(text.count('!')),
        float(bool(_OPEN_AFFIRM.search(text))), float(bool(_OPEN_HERE.search(text))),
        float(bool(_AI_SELF.search(text))), float(bool(_APOLOGY.search(text))), float(bool(_CLOSER.search(text))),
        float(bool(_OFFER.search(text))), float(bool(_CAVEAT.search(text))),
        lg(len(_FIRST.findall(text))), lg(len(_SECOND.findall(text))),
    ]
