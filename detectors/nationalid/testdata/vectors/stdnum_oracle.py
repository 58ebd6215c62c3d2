# Writes stdnum_oracle.txt: random candidate numbers for the six countries
# and python-stdnum's verdict on each, an oracle independent of this
# package's arithmetic. Run offline with Debian's python3-stdnum (1.18):
#
#   apt-get install -y python3-stdnum
#   /usr/bin/python3 stdnum_oracle.py > stdnum_oracle.txt
#
# Candidates stay inside the domain where python-stdnum and credsweep mean
# the same thing: birth dates in the past, no FH-numbers or synthetic
# (month + 80) Norwegian numbers, no samordningsnummer, personal kennitala
# with century digit 9 or 0, HETU with the classic signs - + A (temporary
# numbers allowed). Half of them are built with python-stdnum's own check
# digit functions, the rest are those with one digit changed.
import datetime
import random

from stdnum.dk import cpr
from stdnum.ee import ik
from stdnum.fi import hetu
from stdnum.is_ import kennitala
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

rnd = random.Random(20240510)
today = datetime.date.today()


def date(lo, hi):
    start = datetime.date(lo, 1, 1)
    end = min(datetime.date(hi, 12, 31), today - datetime.timedelta(days=400))
    return start + datetime.timedelta(days=rnd.randrange((end - start).days))


def mutate(s):
    digits = [i for i, c in enumerate(s) if c.isdigit()]
    i = rnd.choice(digits)
    return s[:i] + str((int(s[i]) + 1 + rnd.randrange(9)) % 10) + s[i + 1:]


def no():
    while True:
        d = date(1900, 2020)
        if d.year >= 2000:
            ind = rnd.randrange(500, 1000)
        else:
            ind = rnd.randrange(0, 500)
        day = d.day + (40 if rnd.random() < 0.2 else 0)
        mon = d.month + (40 if rnd.random() < 0.1 else 0)
        base = '%02d%02d%02d%03d' % (day, mon, d.year % 100, ind)
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if len(k1) == 1 and len(k2) == 1:
            return base + k1 + k2


def se():
    d = date(1930, 2020)
    base = '%02d%02d%02d%03d' % (d.year % 100, d.month, d.day, rnd.randrange(1000))
    for c in '0123456789':
        if personnummer.is_valid(base[:6] + '-' + base[6:] + c):
            return base[:6] + '-' + base[6:] + c


def dk():
    d = date(1940, 2020)
    d7 = rnd.randrange(4) if d.year < 2000 else rnd.choice([4, 5, 6, 7, 8, 9])
    return '%02d%02d%02d-%d%03d' % (d.day, d.month, d.year % 100, d7, rnd.randrange(1000))


def fi():
    d = date(1900, 2020)
    sign = '-' if d.year < 2000 else 'A'
    base = '%02d%02d%02d%s%03d' % (d.day, d.month, d.year % 100, sign, rnd.randrange(2, 1000))
    for q in '0123456789ABCDEFHJKLMNPRSTUVWXY':
        if hetu.is_valid(base + q, allow_temporary=True):
            return base + q


def is_():
    while True:
        d = date(1930, 2020)
        base = '%02d%02d%02d%02d' % (d.day, d.month, d.year % 100, rnd.randrange(20, 100))
        for c in '0123456789':
            s = base[:6] + '-' + base[6:] + c + str(d.year // 100 % 10)
            if kennitala.is_valid(s):
                return s


def ee():
    d = date(1900, 2020)
    g = 3 + 2 * (d.year // 100 - 19) + rnd.randrange(2)
    base = '%d%02d%02d%02d%03d' % (g, d.year % 100, d.month, d.day, rnd.randrange(1000))
    return base + ik.calc_check_digit(base + '0')


checks = {
    'no': fodselsnummer.is_valid,
    'se': personnummer.is_valid,
    'dk': cpr.is_valid,
    'fi': lambda s: hetu.is_valid(s, allow_temporary=True),
    'is': kennitala.is_valid,
    'ee': ik.is_valid,
}
gens = {'no': no, 'se': se, 'dk': dk, 'fi': fi, 'is': is_, 'ee': ee}

print('# python-stdnum 1.18 verdicts on random candidates; see stdnum_oracle.py')
for code, gen in gens.items():
    for i in range(150):
        s = gen()
        if i % 2:
            s = mutate(s)
        print(code, 'valid' if checks[code](s) else 'invalid', s)
