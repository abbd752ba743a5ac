#!/usr/bin/env python3
"""Independent test vectors for scour's national-identifier and VAT validators.

Writes one CSV per validator to ``testdata/vectors/<key>.csv`` (header
``value,valid``; ``valid`` is ``true``/``false``) plus ``testdata/vectors/README.md``.
The key is ``<country>.<rust function>``; ``SPECS`` below maps it to the
python-stdnum module whose verdict is the label.

Every label is python-stdnum 2.2's verdict (``is_valid``; anything that raises
counts as invalid) and nothing else. The files were generated once with
``python3 scripts/vectors.py`` and are committed, so the Rust tests need no
Python. The script expects python-stdnum 2.2 exactly and refuses to run with
another major.minor version, so that reruns reproduce the files byte for byte.

How rows are made, per key (about 300 rows):

* ~120 valid rows: a shape generator draws a random candidate in the
  identifier's real shape (length, plausible date parts, prefixes and letters)
  with ``?`` at the check position(s); every character of the check alphabet is
  tried there and one completion that stdnum accepts is kept (check digits are
  never computed here). Half are written compact, half the way people write
  them (the module's ``format()`` where it exists, else the national
  convention; identifiers without one are all compact). VAT keys are written
  half without and half with the country prefix (``U13585627``,
  ``ATU13585627``, ``AT U13585627``); Swiss numbers always carry their
  ``CHE`` prefix, which is part of the number.
* ~180 further rows: single-character substitutions at every position,
  adjacent transpositions, one character inserted or deleted, random
  same-shape strings, and substitutions in the written (formatted/prefixed)
  forms. Each is labelled with stdnum's verdict, so a mutation stdnum still
  accepts is ``true``. Identifiers without a check digit (dk.cpr, us.ssn,
  us.itin) also get a few boundary cases (dates, areas, groups), labelled the
  same way.

Keys checked through ``stdnum.eu.vat`` (hr, pl, pt, ro, es) need the country
prefix there: the label is ``eu.vat.is_valid(value)`` when the value starts
with the prefix, else ``eu.vat.is_valid(PREFIX + value)``.
``lv.personas_kods`` is ``lv.pvn`` restricted to values whose first character
is 0-3 (not legal-entity codes); ``it.codice_fiscale`` is ``it.codicefiscale``
restricted to 16-character codes (it also accepts 11-digit VAT numbers).

A few stdnum modules read today's date (be.nn, dk.cpr, no.fodselsnummer,
se.personnummer). Each row is labelled with the real date and with today
pinned to 2026-01-01 and to 2099-12-31; rows whose verdict differs are
dropped, so every row's label holds on any date from 2026 to 2099 and the
files do not change with the date of the run.

Deterministic: each key has its own ``random.Random`` seeded by its name;
rows are deduplicated and kept in generation order. Values are ASCII with no
surrounding whitespace.
"""

from __future__ import annotations

import csv
import datetime
import importlib
import importlib.metadata
import itertools
import random
import string
import sys
import types
from pathlib import Path
from typing import Callable, NamedTuple

EXPECTED_STDNUM = (2, 2)


def _check_stdnum_version() -> None:
    try:
        version = importlib.metadata.version('python-stdnum')
    except importlib.metadata.PackageNotFoundError:
        sys.exit('vectors.py needs python-stdnum 2.2: pip install python-stdnum==2.2')
    if tuple(int(p) for p in version.split('.')[:2]) != EXPECTED_STDNUM:
        sys.exit(f'vectors.py expects python-stdnum {EXPECTED_STDNUM[0]}.{EXPECTED_STDNUM[1]}, '
                 f'found {version}: install python-stdnum=={EXPECTED_STDNUM[0]}.{EXPECTED_STDNUM[1]}')


_check_stdnum_version()

from stdnum.eu import vat as eu_vat  # noqa: E402
from stdnum.ro import cnp as ro_cnp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'testdata' / 'vectors'

DIGITS = string.digits
UPPER = string.ascii_uppercase
ALNUM = DIGITS + UPPER
SEPARATORS = '-+./'
CHECK = '?'  # placeholder for a check position in a shape template

VALID_ROWS = 120
# (mutation kind, rows wanted); about 180 in all
MUTATIONS = (('sub', 60), ('swap', 30), ('ins', 20), ('del', 20), ('shape', 20), ('noise', 15),
             ('sub_written', 15))


# --------------------------------------------------------------------------
# stdnum verdicts, stable across dates

def _module(name: str) -> types.ModuleType:
    return importlib.import_module('stdnum.' + name)


def _stdnum_valid(module: str) -> Callable[[str], bool]:
    return _module(module).is_valid


def _eu_vat(prefix: str) -> Callable[[str], bool]:
    """eu.vat verdict; a value without the country prefix gets it added."""
    def valid(value: str) -> bool:
        return eu_vat.is_valid(value if value[:2].upper() == prefix else prefix + value)
    return valid


_lv_pvn = _module('lv.pvn')
_it_cf = _module('it.codicefiscale')


def _lv_personal(value: str) -> bool:
    return value[:1] in '0123' and _lv_pvn.is_valid(value)


def _it_personal(value: str) -> bool:
    return len(_it_cf.compact(value)) == 16 and _it_cf.is_valid(value)


PIN_DATES = (datetime.date(2026, 1, 1), datetime.date(2099, 12, 31))


def _datetime_with_today(today: datetime.date) -> types.ModuleType:
    pinned = type('date', (datetime.date,), {'today': classmethod(lambda cls: today)})
    shim = types.ModuleType('datetime')
    shim.__dict__.update(datetime.__dict__)
    shim.date = pinned
    return shim


class Verdicts:
    """stdnum's verdict under the real date and under each pinned date."""

    def __init__(self) -> None:
        if datetime.date.today() < PIN_DATES[0]:
            sys.exit(f'the system date is before {PIN_DATES[0]}: fix the clock')
        self.modules = [m for name, m in sorted(sys.modules.items())
                        if name.startswith('stdnum.') and getattr(m, 'datetime', None) is datetime]
        self.shims = [None] + [_datetime_with_today(d) for d in PIN_DATES]

    def label(self, valid: Callable[[str], bool], value: str) -> bool | None:
        """The verdict, or None when it depends on today's date."""
        seen = set()
        for shim in self.shims:
            for m in self.modules:
                m.datetime = shim or datetime
            try:
                seen.add(bool(valid(value)))
            except Exception:  # noqa: BLE001 (a raise counts as invalid)
                seen.add(False)
        for m in self.modules:
            m.datetime = datetime
        return seen.pop() if len(seen) == 1 else None


# --------------------------------------------------------------------------
# shape helpers

def digits(rng: random.Random, n: int) -> str:
    return ''.join(rng.choice(DIGITS) for _ in range(n))


def nz(rng: random.Random) -> str:
    return rng.choice(DIGITS[1:])


def letters(rng: random.Random, n: int) -> str:
    return ''.join(rng.choice(UPPER) for _ in range(n))


def birth(rng: random.Random, start: int = 1930, end: int = 2020) -> datetime.date:
    lo = datetime.date(start, 1, 1).toordinal()
    hi = datetime.date(end, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(lo, hi))


def groups(*sizes: int, sep: str = ' ') -> Callable[[str], str]:
    """Formatter splitting the compact value into groups (the last takes the rest)."""
    def fmt(c: str) -> str:
        parts, i = [], 0
        for size in sizes:
            parts.append(c[i:i + size])
            i += size
        parts.append(c[i:])
        return sep.join(p for p in parts if p)
    return fmt


def identity(c: str) -> str:
    return c


# --------------------------------------------------------------------------
# shape generators: a compact candidate with CHECK at the check position(s)

def at_svnr(rng):
    return f'{rng.randint(100, 999)}{CHECK}{birth(rng):%d%m%y}'


def at_vat(rng):
    return 'U' + digits(rng, 7) + CHECK


def be_nn(rng):
    return f'{birth(rng):%y%m%d}{rng.randint(1, 997):03d}' + CHECK * 2


def be_vat(rng):
    return rng.choice('00001') + digits(rng, 7) + CHECK * 2


def bg_egn(rng):
    d = birth(rng)
    month = d.month + (40 if d.year >= 2000 else 0)
    return f'{d:%y}{month:02d}{d:%d}' + digits(rng, 3) + CHECK


def bg_vat(rng):
    return digits(rng, 8) + CHECK if rng.random() < 0.7 else bg_egn(rng)


def hr_oib(rng):
    return digits(rng, 10) + CHECK


def cy_vat(rng):
    return rng.choice('013459') + digits(rng, 7) + CHECK


def cz_rc(rng):
    if rng.random() < 0.15:  # 9 digits, no check digit, before 1954
        d, serial = birth(rng, 1905, 1953), 2
    else:
        d, serial = birth(rng, 1954, 2020), 3
    month = d.month + (50 if rng.random() < 0.5 else 0)
    if d.year >= 2004 and rng.random() < 0.2:
        month += 20
    return f'{d:%y}{month:02d}{d:%d}' + digits(rng, serial) + CHECK


def cz_vat(rng):
    r = rng.random()
    if r < 0.55:  # legal entity
        return rng.choice('12345678') + digits(rng, 6) + CHECK
    if r < 0.65:  # special case
        return '6' + digits(rng, 7) + CHECK
    return cz_rc(rng)


def sk_vat(rng):
    if rng.random() < 0.2:
        return cz_rc(rng)
    return rng.choice('1234') + digits(rng, 1) + rng.choice('234789') + digits(rng, 6) + CHECK


def dk_cpr(rng):
    d = birth(rng, 1937, 2020)
    yy = d.year % 100
    if d.year < 2000:
        pool = '0123' + ('49' if yy >= 37 else '')
    else:
        pool = ('49' if yy < 37 else '') + ('5678' if yy < 58 else '')
    return f'{d:%d%m%y}{rng.choice(pool)}' + digits(rng, 2) + CHECK


def dk_vat(rng):
    return nz(rng) + digits(rng, 6) + CHECK


def ee_ik(rng):
    d = birth(rng)
    return rng.choice('34' if d.year < 2000 else '56') + f'{d:%y%m%d}' + digits(rng, 3) + CHECK


def ee_vat(rng):
    return '10' + digits(rng, 6) + CHECK


def lt_asmens(rng):
    if rng.random() < 0.05:  # exceptional codes, no birth date
        return '9' + digits(rng, 9) + CHECK
    return ee_ik(rng)


def lt_vat(rng):
    if rng.random() < 0.7:
        return digits(rng, 7) + '1' + CHECK
    return digits(rng, 10) + '1' + CHECK


def lv_personal(rng):
    if rng.random() < 0.2:  # codes without a birth date (from 2017)
        return '32' + digits(rng, 8) + CHECK
    d = birth(rng)
    return f'{d:%d%m%y}{(d.year - 1800) // 100}' + digits(rng, 3) + CHECK


def lv_vat(rng):
    if rng.random() < 0.3:
        return lv_personal(rng)
    return rng.choice('49') + digits(rng, 9) + CHECK


def fi_hetu(rng):
    if rng.random() < 0.03:
        d, sign = birth(rng, 1880, 1899), '+'
    else:
        d = birth(rng)
        sign = rng.choice('-----YXWVU' if d.year < 2000 else 'AAAAABCDEF')
    return f'{d:%d%m%y}{sign}{rng.randint(2, 899):03d}' + CHECK


def fi_vat(rng):
    return digits(rng, 7) + CHECK


def fr_nir(rng):
    if rng.random() < 0.1:
        dept = rng.choice(['2A', '2B'])
    else:
        dept = f'{rng.choice([n for n in range(1, 96) if n != 20]):02d}'
    return (rng.choice('12') + digits(rng, 2) + f'{rng.randint(1, 12):02d}' + dept
            + f'{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}' + CHECK * 2)


def fr_nif(rng):
    return rng.choice('0123') + digits(rng, 9) + CHECK * 3


def fr_vat(rng):
    return CHECK * 2 + nz(rng) + digits(rng, 7) + CHECK


def gr_amka(rng):
    return f'{birth(rng):%d%m%y}' + digits(rng, 4) + CHECK


def gr_vat(rng):
    return rng.choice('01789') + digits(rng, 7) + CHECK


def hu_vat(rng):
    return rng.choice('12') + digits(rng, 6) + CHECK


def ie_pps(rng):
    suffix = rng.choices(['', 'A', 'B', 'H', 'W', 'T', 'X'], weights=[18, 6, 3, 3, 1, 1, 1])[0]
    return digits(rng, 7) + CHECK + suffix


def ie_vat(rng):
    r = rng.random()
    if r < 0.15:  # old format: digit, letter or symbol, five digits, check letter
        return digits(rng, 1) + rng.choice(UPPER + '+*') + digits(rng, 5) + CHECK
    return digits(rng, 7) + CHECK + (rng.choice('AH') if r < 0.4 else '')


_CF_MONTHS = 'ABCDEHLMPRST'
_CF_OMOCODE = 'LMNPQRSTUV'


def it_codice_fiscale(rng):
    d = birth(rng)
    day = d.day + (40 if rng.random() < 0.5 else 0)
    code = (letters(rng, 6) + f'{d:%y}' + _CF_MONTHS[d.month - 1] + f'{day:02d}'
            + rng.choice('ABCDEFGHILMZ') + f'{rng.randint(1, 999):03d}')
    if rng.random() < 0.1:  # omocodia: digits replaced by letters from the right
        chars = list(code)
        for p in (14, 13, 12, 10, 9, 7, 6)[:rng.randint(1, 7)]:
            chars[p] = _CF_OMOCODE[int(chars[p])]
        code = ''.join(chars)
    return code + CHECK


def it_vat(rng):
    province = f'{rng.randint(1, 100):03d}' if rng.random() < 0.9 else rng.choice(['120', '121', '888', '999'])
    return nz(rng) + digits(rng, 6) + province + CHECK


def lu_vat(rng):
    return nz(rng) + digits(rng, 5) + CHECK * 2


def mt_vat(rng):
    return nz(rng) + digits(rng, 5) + CHECK * 2


def nl_bsn(rng):
    return nz(rng) + digits(rng, 7) + CHECK


def nl_vat(rng):
    if rng.random() < 0.2:  # newer numbers: ISO 7064 mod 97-10 over the whole
        return digits(rng, 9) + 'B' + CHECK * 2
    suffix = '01' if rng.random() < 0.7 else f'{rng.randint(2, 99):02d}'
    return nl_bsn(rng) + 'B' + suffix


def pl_pesel(rng):
    d = birth(rng)
    month = d.month + (20 if d.year >= 2000 else 0)
    return f'{d:%y}{month:02d}{d:%d}' + digits(rng, 4) + CHECK


def pl_nip(rng):
    return f'{rng.randint(101, 999)}' + digits(rng, 6) + CHECK


def pt_nif(rng):
    return rng.choice('1235689') + digits(rng, 7) + CHECK


def ro_cnp_shape(rng):
    d = birth(rng)
    if rng.random() < 0.1:
        d = birth(rng, 1930, 1999)
        sex = rng.choice('78')  # residents; century taken as 19xx
    else:
        sex = rng.choice('12' if d.year < 2000 else '56')
    county = rng.choice(sorted(ro_cnp._COUNTIES))
    return f'{sex}{d:%y%m%d}{county}' + digits(rng, 3) + CHECK


def ro_vat(rng):
    if rng.random() < 0.15:
        return ro_cnp_shape(rng)
    return nz(rng) + digits(rng, rng.randint(2, 8)) + CHECK


def si_emso(rng):
    d = birth(rng)
    region = rng.choice(['50', '50', '50', '50'] + [str(n) for n in range(10, 20)])
    return f'{d:%d%m}{d.year % 1000:03d}{region}{rng.randint(0, 999):03d}' + CHECK


def si_vat(rng):
    return nz(rng) + digits(rng, 6) + CHECK


def es_dni(rng):
    return digits(rng, 8) + CHECK


def es_nie(rng):
    return rng.choice('XYZ') + digits(rng, 7) + CHECK


def es_cif(rng):
    return rng.choice('ABCDEFGHJNPQRSUVW') + digits(rng, 7) + CHECK


def es_vat(rng):
    r = rng.random()
    if r < 0.45:
        return es_dni(rng)
    if r < 0.65:
        return es_nie(rng)
    if r < 0.95:
        return es_cif(rng)
    return rng.choice('KLM') + digits(rng, 7) + CHECK


def se_personnummer(rng):
    r = rng.random()
    if r < 0.08:  # aged 100 or more: '+' separator
        return f'{birth(rng, 1905, 1924):%y%m%d}+' + digits(rng, 3) + CHECK
    d = birth(rng)
    return (f'{d:%Y%m%d}' if r < 0.55 else f'{d:%y%m%d}') + digits(rng, 3) + CHECK


def se_vat(rng):
    if rng.random() < 0.1:  # sole trader: personnummer
        return f'{birth(rng):%y%m%d}' + digits(rng, 3) + CHECK + '01'
    return rng.choice('25789') + digits(rng, 1) + rng.choice('23456789') + digits(rng, 6) + CHECK + '01'


def no_fodselsnummer(rng):
    d = birth(rng, 1940, 2020)
    if d.year >= 2000:
        individual = rng.randint(500, 999)
    else:
        individual = rng.randint(900, 999) if rng.random() < 0.1 else rng.randint(0, 499)
    r = rng.random()
    day = d.day + (40 if r < 0.1 else 0)  # D-number
    month = d.month + (40 if 0.1 <= r < 0.15 else 0)  # H-number
    return f'{day:02d}{month:02d}{d:%y}{individual:03d}' + CHECK * 2


def no_vat(rng):
    return rng.choice('89') + digits(rng, 7) + CHECK + 'MVA'


def is_kennitala(rng):
    d = birth(rng)
    day = d.day + (40 if rng.random() < 0.1 else 0)  # organisations
    return f'{day:02d}{d:%m%y}' + digits(rng, 2) + CHECK + ('9' if d.year < 2000 else '0')


def ch_ahv(rng):
    return '756' + digits(rng, 9) + CHECK


def ch_vat(rng):
    return 'CHE' + nz(rng) + digits(rng, 7) + CHECK + rng.choice(['MWST', 'TVA', 'IVA', 'TPV'])


def gb_nhs(rng):
    return rng.choice('4567') + digits(rng, 8) + CHECK


def gb_utr(rng):
    return CHECK + digits(rng, 9)


def gb_vat(rng):
    r = rng.random()
    if r < 0.1:  # government departments and health authorities
        return rng.choice([f'GD{rng.randint(0, 499):03d}', f'HA{rng.randint(500, 999):03d}'])
    number = nz(rng) + digits(rng, 6) + CHECK * 2
    return number + digits(rng, 3) if r < 0.2 else number  # with branch


def us_ssn(rng):
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f'{area:03d}{rng.randint(1, 99):02d}' + digits(rng, 3) + CHECK


def us_itin(rng):
    group = rng.choice([g for g in range(70, 100) if g not in (89, 93)])
    return '9' + digits(rng, 2) + f'{group}' + digits(rng, 3) + CHECK


def de_idnr(rng):
    while True:
        if rng.random() < 0.7:  # one digit twice
            pool = rng.sample(DIGITS, 9)
            body = pool + [rng.choice(pool)]
        else:  # one digit three times
            pool = rng.sample(DIGITS, 8)
            body = pool + [rng.choice(pool)] * 2
        rng.shuffle(body)
        if body[0] != '0':
            return ''.join(body) + CHECK


def de_vat(rng):
    return nz(rng) + digits(rng, 7) + CHECK


# --------------------------------------------------------------------------
# boundary cases for identifiers without a check digit, where random mutations
# rarely hit the structural rules; built from valid compact values, labelled by
# stdnum like every other row

def us_ssn_edges(valid: list[str]) -> list[str]:
    out = ['078051120', '078-05-1120', '457555462', '457-55-5462', '219099999', '219-09-9999']
    for area in ('000', '001', '665', '666', '667', '899', '900', '999'):
        out.append(area + valid[0][3:])
    for group in ('00', '01', '99'):
        out.append(valid[1][:3] + group + valid[1][5:])
    for serial in ('0000', '0001', '9999'):
        out.append(valid[2][:5] + serial)
    return out


def us_itin_edges(valid: list[str]) -> list[str]:
    out = [area + valid[0][3:] for area in ('800', '899', '900', '999')]
    for i, group in enumerate(range(65, 100)):
        out.append(valid[i + 1][:3] + f'{group:02d}' + valid[i + 1][5:])
    return out


def dk_cpr_edges(valid: list[str]) -> list[str]:
    out = []
    for i, (day, month) in enumerate([('00', '05'), ('31', '05'), ('32', '05'), ('31', '04'),
                                      ('15', '00'), ('15', '12'), ('15', '13'), ('30', '02')]):
        out.append(day + month + valid[i][4:])
    # 29 February: 1900 and 2100 were no leap years, 2000 was
    out += ['2902000123', '2902004123', '2902001234', '2902964123', '2902974123']
    # century rules of the seventh digit around 1937 and 1858
    for yy in ('36', '37', '57', '58'):
        out += [f'0101{yy}{d}123' for d in '0123456789']
    return out


# --------------------------------------------------------------------------
# formatters (the written form of a compact valid value)

def se_personnummer_fmt(c: str) -> str:
    return c if '+' in c else c[:-4] + '-' + c[-4:]


def es_fmt(c: str) -> str:
    if c[0].isdigit():
        return c[:8] + '-' + c[8:]
    if c[0] in 'XYZ':
        return f'{c[0]}-{c[1:8]}-{c[8:]}'
    return c[0] + '-' + c[1:]


# --------------------------------------------------------------------------
# the validators

class Spec(NamedTuple):
    module: str                              # stdnum module (for the README)
    valid: Callable[[str], bool]             # stdnum's verdict
    shape: Callable[[random.Random], str]    # compact candidate with CHECK positions
    fmt: Callable[[str], str] | None = None  # written form, when people group it
    prefix: str | None = None                # VAT country prefix
    check: str = DIGITS                      # characters tried at CHECK positions
    edges: Callable[[list[str]], list[str]] | None = None  # boundary cases (no check digit)


STDNUM_FORMAT = 'format'  # fmt: use the stdnum module's own format()


def std(module: str, shape, fmt=None, prefix=None, check=DIGITS, edges=None) -> Spec:
    if fmt == STDNUM_FORMAT:
        fmt = _module(module).format
    return Spec(module, _stdnum_valid(module), shape, fmt, prefix, check, edges)


def euvat(cc: str, shape, fmt=None, check=DIGITS) -> Spec:
    return Spec(f'eu.vat ({cc} prefix)', _eu_vat(cc), shape, fmt, cc, check)


SPECS: dict[str, Spec] = {
    'at.svnr': std('at.vnr', at_svnr, groups(4)),
    'at.vat': std('at.uid', at_vat, identity, 'AT'),
    'be.nn': std('be.nn', be_nn, STDNUM_FORMAT),
    'be.vat': std('be.vat', be_vat, lambda c: f'{c[:4]}.{c[4:7]}.{c[7:]}', 'BE'),
    'bg.egn': std('bg.egn', bg_egn),
    'bg.vat': std('bg.vat', bg_vat, identity, 'BG'),
    'hr.oib': std('hr.oib', hr_oib),
    'hr.vat': euvat('HR', hr_oib, identity),
    'cy.vat': std('cy.vat', cy_vat, identity, 'CY', UPPER),
    'cz.rc': std('cz.rc', cz_rc, STDNUM_FORMAT),
    'sk.rc': std('sk.rc', cz_rc, STDNUM_FORMAT),
    'cz.vat': std('cz.dic', cz_vat, identity, 'CZ'),
    'sk.vat': std('sk.dph', sk_vat, identity, 'SK'),
    'dk.cpr': std('dk.cpr', dk_cpr, STDNUM_FORMAT, edges=dk_cpr_edges),
    'dk.vat': std('dk.cvr', dk_vat, groups(2, 2, 2), 'DK'),
    'ee.ik': std('ee.ik', ee_ik),
    'ee.vat': std('ee.kmkr', ee_vat, identity, 'EE'),
    'lt.asmens': std('lt.asmens', lt_asmens),
    'lt.vat': std('lt.pvm', lt_vat, identity, 'LT'),
    'lv.personas_kods': Spec('lv.pvn (first digit 0-3)', _lv_personal, lv_personal, groups(6, sep='-')),
    'lv.vat': std('lv.pvn', lv_vat, identity, 'LV'),
    'fi.hetu': std('fi.hetu', fi_hetu, check=ALNUM),
    'fi.vat': std('fi.alv', fi_vat, groups(7, sep='-'), 'FI'),
    'fr.nir': std('fr.nir', fr_nir, STDNUM_FORMAT),
    'fr.nif': std('fr.nif', fr_nif, STDNUM_FORMAT),
    'fr.vat': std('fr.tva', fr_vat, groups(2, 3, 3), 'FR'),
    'gr.amka': std('gr.amka', gr_amka),
    'gr.vat': std('gr.vat', gr_vat, groups(3, 3), 'EL'),
    'hu.vat': std('hu.anum', hu_vat, identity, 'HU'),
    'ie.pps': std('ie.pps', ie_pps, check=UPPER),
    'ie.vat': std('ie.vat', ie_vat, identity, 'IE', UPPER),
    'it.codice_fiscale': Spec('it.codicefiscale (16 characters)', _it_personal, it_codice_fiscale,
                              groups(3, 3, 5), check=UPPER),
    'it.vat': std('it.iva', it_vat, identity, 'IT'),
    'lu.vat': std('lu.tva', lu_vat, identity, 'LU'),
    'mt.vat': std('mt.vat', mt_vat, identity, 'MT'),
    'nl.bsn': std('nl.bsn', nl_bsn, STDNUM_FORMAT),
    'nl.vat': std('nl.btw', nl_vat, groups(4, 2, 3, sep='.'), 'NL'),
    'pl.pesel': std('pl.pesel', pl_pesel),
    'pl.nip': std('pl.nip', pl_nip, STDNUM_FORMAT),
    'pl.vat': euvat('PL', pl_nip, _module('pl.nip').format),
    'pt.nif': std('pt.nif', pt_nif, groups(3, 3)),
    'pt.vat': euvat('PT', pt_nif, groups(3, 3)),
    'ro.cnp': std('ro.cnp', ro_cnp_shape),
    'ro.vat': euvat('RO', ro_vat, identity),
    'si.emso': std('si.emso', si_emso),
    'si.vat': std('si.ddv', si_vat, identity, 'SI'),
    'es.dni': std('es.dni', es_dni, es_fmt, check=UPPER),
    'es.nie': std('es.nie', es_nie, es_fmt, check=UPPER),
    'es.cif': std('es.cif', es_cif, es_fmt, check=ALNUM),
    'es.vat': euvat('ES', es_vat, es_fmt, ALNUM),
    'se.personnummer': std('se.personnummer', se_personnummer, se_personnummer_fmt),
    'se.vat': std('se.vat', se_vat, groups(10), 'SE'),
    'no.fodselsnummer': std('no.fodselsnummer', no_fodselsnummer, STDNUM_FORMAT),
    'no.vat': std('no.mva', no_vat, lambda c: _module('no.orgnr').format(c[:9]) + ' ' + c[9:], 'NO'),
    'is.kennitala': std('is_.kennitala', is_kennitala, STDNUM_FORMAT),
    'ch.ahv': std('ch.ssn', ch_ahv, STDNUM_FORMAT),
    'ch.vat': std('ch.vat', ch_vat, STDNUM_FORMAT),  # CHE is part of the number
    'gb.nhs': std('gb.nhs', gb_nhs, STDNUM_FORMAT),
    'gb.utr': std('gb.utr', gb_utr, groups(5)),
    'gb.vat': std('gb.vat', gb_vat, STDNUM_FORMAT, 'GB'),
    'us.ssn': std('us.ssn', us_ssn, STDNUM_FORMAT, edges=us_ssn_edges),
    'us.itin': std('us.itin', us_itin, STDNUM_FORMAT, edges=us_itin_edges),
    'de.idnr': std('de.idnr', de_idnr, STDNUM_FORMAT),
    'de.vat': std('de.vat', de_vat, groups(3, 3), 'DE'),
}


# --------------------------------------------------------------------------
# generation

def written_forms(spec: Spec, c: str) -> list[str]:
    """The ways a compact value is written, cycled through by the valid rows."""
    if spec.prefix:
        f = spec.fmt(c) if spec.fmt else c
        return [c, f, spec.prefix + c, spec.prefix + ' ' + f]
    return [c, spec.fmt(c)] if spec.fmt else [c]


def completions(template: str, alphabet: str) -> list[str]:
    slots = [i for i, ch in enumerate(template) if ch == CHECK]
    out = []
    for combo in itertools.product(alphabet, repeat=len(slots)):
        chars = list(template)
        for i, ch in zip(slots, combo):
            chars[i] = ch
        out.append(''.join(chars))
    return out


def _replacement(rng: random.Random, ch: str) -> str:
    if ch.isdigit():
        pool = DIGITS if rng.random() < 0.85 else UPPER
    elif ch.isalpha():
        pool = UPPER if rng.random() < 0.85 else DIGITS
    else:
        pool = SEPARATORS
    return rng.choice([p for p in pool if p != ch])


def mutate(rng: random.Random, kind: str, value: str, i: int) -> str | None:
    """The i-th mutation of this kind (positions cycle so every one is hit)."""
    if kind in ('sub', 'sub_written'):
        p = i % len(value)
        return value[:p] + _replacement(rng, value[p]) + value[p + 1:]
    if kind == 'swap':
        for k in range(len(value) - 1):
            p = (i + k) % (len(value) - 1)
            if value[p] != value[p + 1]:
                return value[:p] + value[p + 1] + value[p] + value[p + 2:]
        return None
    if kind == 'ins':
        p = rng.randint(0, len(value))
        near = value[min(p, len(value) - 1)]
        pool = DIGITS if near.isdigit() else UPPER if near.isalpha() else SEPARATORS
        return value[:p] + rng.choice(pool) + value[p:]
    if kind == 'del':
        p = i % len(value)
        return value[:p] + value[p + 1:]
    if kind == 'noise':  # every letter and digit redrawn from its class
        return ''.join(rng.choice(DIGITS) if ch.isdigit() else rng.choice(UPPER) if ch.isalpha() else ch
                       for ch in value)
    raise ValueError(kind)


class Rows:
    def __init__(self, verdicts: Verdicts, spec: Spec) -> None:
        self.verdicts, self.spec = verdicts, spec
        self.rows: dict[str, bool] = {}
        self.dropped_time = 0

    def add(self, value: str | None) -> bool | None:
        """Label and keep a new value; None when it is not kept."""
        if not value or value in self.rows or value != value.strip() or not value.isascii():
            return None
        label = self.verdicts.label(self.spec.valid, value)
        if label is None:
            self.dropped_time += 1
            return None
        self.rows[value] = label
        return label


def generate(key: str, spec: Spec, verdicts: Verdicts) -> Rows:
    rng = random.Random(f'scour-vectors:{key}')
    rows = Rows(verdicts, spec)
    compacts: list[str] = []
    written: list[str] = []
    attempts = 0
    while len(compacts) < VALID_ROWS and attempts < 50 * VALID_ROWS:
        attempts += 1
        accepted = [c for c in completions(spec.shape(rng), spec.check)
                    if verdicts.label(spec.valid, c)]
        if not accepted:
            continue
        c = rng.choice(accepted)
        forms = written_forms(spec, c)
        form = forms[len(compacts) % len(forms)]
        if form in rows.rows:
            continue
        if rows.add(form) is not True:
            raise SystemExit(f'{key}: stdnum rejects the written form {form!r} of {c!r}')
        compacts.append(c)
        if form != c:
            written.append(form)
    if not compacts:
        raise SystemExit(f'{key}: no valid values generated')

    for kind, wanted in MUTATIONS:
        pool = written if kind == 'sub_written' else compacts
        if not pool:
            pool = compacts
        made = 0
        for i in range(20 * wanted):
            if made == wanted:
                break
            if kind == 'shape':
                template = spec.shape(rng)
                value = ''.join(rng.choice(spec.check) if ch == CHECK else ch for ch in template)
            else:
                value = mutate(rng, kind, pool[i % len(pool)], i)
            if rows.add(value) is not None:
                made += 1
    for value in spec.edges(compacts) if spec.edges else ():
        rows.add(value)
    return rows


def write_csv(path: Path, rows: dict[str, bool]) -> None:
    with path.open('w', newline='', encoding='ascii') as f:
        writer = csv.writer(f, lineterminator='\n')
        writer.writerow(['value', 'valid'])
        for value, label in rows.items():
            writer.writerow([value, 'true' if label else 'false'])


README_INTRO = """\
# Validator vectors

Each `<key>.csv` (header `value,valid`) holds python-stdnum {version}'s verdicts for one of
scour's validators, `<country>.<rust function>`; the table names the stdnum module. The files
were generated once by `python3 scripts/vectors.py` and are committed, so the tests need no
Python. Valid rows are random values in the identifier's real shape (length, plausible date
parts, prefixes and letters) whose check position(s) were completed by trying every character
and keeping one that stdnum accepts; half are written compact and half the way people write
them (stdnum's `format()` or the national grouping; VAT numbers half with the country prefix,
half without). The other rows are single-character substitutions at every position, adjacent
transpositions, one character inserted or deleted, and random same-shape strings (plus a few
boundary cases for dk.cpr, us.ssn and us.itin, which have no check digit). Every label is
stdnum's `is_valid` verdict, nothing else: a mutation stdnum still accepts is `true`. Keys
checked through `eu.vat` are labelled with the country prefix added when the value lacks it;
`lv.personas_kods` counts only values starting with 0-3 and `it.codice_fiscale` only
16-character codes; Swiss VAT numbers always carry their `CHE`.
Rows whose verdict depends on today's date (future birth dates, two-digit years) were dropped,
so every label holds for any date from 2026 to 2099. Values are ASCII without surrounding
whitespace.

| key | stdnum module | rows | valid rows |
| --- | --- | ---: | ---: |
"""


def main() -> None:
    verdicts = Verdicts()
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in sorted(OUT.glob('*.csv')):
        if stale.stem not in SPECS:
            stale.unlink()
    table = []
    for key, spec in SPECS.items():
        rows = generate(key, spec, verdicts)
        write_csv(OUT / f'{key}.csv', rows.rows)
        n, n_valid = len(rows.rows), sum(rows.rows.values())
        table.append(f'| {key} | {spec.module} | {n} | {n_valid} |')
        note = f' ({rows.dropped_time} date-dependent dropped)' if rows.dropped_time else ''
        print(f'{key:18} {n:4} rows {n_valid:4} valid{note}')
    version = importlib.metadata.version('python-stdnum')
    (OUT / 'README.md').write_text(README_INTRO.format(version=version) + '\n'.join(table) + '\n',
                                   encoding='ascii')


if __name__ == '__main__':
    main()
