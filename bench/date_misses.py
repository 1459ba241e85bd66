"""Sorts the publication-date misses of `parallax eval dates --json` on
WCXB by why the labeled date was missed: the label is a day the page
marks as modified or updated (which parallax never takes as a publication
date), the label is printed nowhere on the page, the label is a UTC
timestamp's day while the page prints the local one, or other.

    parallax eval dates ../shared/data/wcxb-dev --json > dates.json
    python3 bench/date_misses.py dates.json [../shared/data/wcxb-dev]
"""
import collections
import datetime
import gzip
import json
import re
import sys

d = json.load(open(sys.argv[1]))
root = sys.argv[2] if len(sys.argv) > 2 else '../shared/data/wcxb-dev'
for r in d['rows']:
    c=collections.Counter()
    for m in r['misses']:
        html=gzip.open(root + '/' + m['file']).read().decode('utf8','replace')
        w=datetime.date.fromisoformat(m['want'])
        forms=[w.isoformat(), w.strftime('%B %-d, %Y'), w.strftime('%b %-d, %Y'), w.strftime('%-d %B %Y'), w.strftime('%-d %b %Y'), w.strftime('%m/%d/%Y'), w.strftime('%-m/%-d/%Y'), w.strftime('%d.%m.%Y'), w.strftime('%d/%m/%Y'), w.strftime('%B %-d %Y'), w.strftime('%B %-dth, %Y'),w.strftime('%B %-dst, %Y'),w.strftime('%B %-dnd, %Y'),w.strftime('%B %-drd, %Y'), w.strftime('%b. %-d, %Y')]
        found=[mm for f in forms for mm in re.finditer(re.escape(f), html, re.I)]
        if not found: c['label not on the page']+=1; continue
        mod=False
        for mm in found:
            ctx=html[max(0,mm.start()-120):mm.start()].lower()
            if re.search(r'modif|updat|last.?mod', ctx[-60:]): mod=True
        if mod: c['label is a modified/updated date']+=1; continue
        if m['signal'] and 'UTC' in m['signal']: c['label is the UTC day, page prints the local day']+=1; continue
        c['other']+=1
    print(r['name'], len(r['misses']), dict(c))
