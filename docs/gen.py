#!/usr/bin/env python3
"""Independent tickler book generator, written from SPEC.md sections 3-5 only (stdlib, no YAML lib).
usage: python3 gen.py SIZE OUTDIR [--today YYYY-MM-DD] [--seed N]"""
import datetime as dt, os, random, subprocess, sys

args = sys.argv[1:]
def opt(name, default):
    if name in args:
        i = args.index(name); v = args[i + 1]; del args[i:i + 2]; return v
    return default
TODAY = dt.date.fromisoformat(opt('--today', '2026-12-02'))
SEED = int(opt('--seed', '42'))
if len(args) != 2: sys.exit(__doc__)
SIZE, OUT = int(args[0]), args[1]
R = random.Random(SEED)

MEMBERS = {
  'anna': ('Anna Wiśniewska', 'anna@firma.example'), 'piotr': ('Piotr Zieliński', 'piotr@firma.example'),
  'dmitry': ('Дмитрий Соколов', 'dmitry@firma.example'), 'olga': ('Ольга Кузнецова', 'olga@firma.example'),
  'georgi': ('Георги Илиев', 'georgi@firma.example'), 'desi': ('Десислава Петкова', 'desi@firma.example'),
  'janis': ('Jānis Bērziņš', 'janis@firma.example'), 'liga': ('Līga Kalniņa', 'liga@firma.example'),
  'tom': ('Tom Baker', 'tom@firma.example'), 'kasia': ('Katarzyna Dąbrowska', 'kasia@firma.example'),
}
TEAM = list(MEMBERS)
HOLIDAYS = [dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2027, 1, 1), dt.date(2027, 1, 6), dt.date(2027, 4, 5), dt.date(2027, 5, 3)]
STAGES = ['lead', 'first-contact', 'negotiation', 'contract', 'fulfilment', 'retention', 'dormant', 'lost']
ACTIVE = STAGES[:6]
ACTIONS = ['call', 'email', 'meeting', 'visit', 'task']
OUTCOMES = ['reached', 'no-answer', 'voicemail', 'callback', 'offer-sent', 'meeting-set', 'won', 'complaint']

PEOPLE = {
  'pl': (['Jan', 'Krzysztof', 'Małgorzata', 'Agnieszka', 'Łukasz', 'Grzegorz', 'Żaneta', 'Paweł', 'Ewa', 'Michał'],
         ['Kowalski', 'Nowak', 'Wójcik', 'Kamińska', 'Lewandowski', 'Szymańska', 'Woźniak', 'Kozłowski', 'Jankowska', 'Mazur']),
  'ru': (['Алексей', 'Сергей', 'Наталья', 'Татьяна', 'Михаил', 'Юлия', 'Андрей', 'Екатерина'],
         ['Иванов', 'Смирнова', 'Попов', 'Васильева', 'Морозов', 'Волкова', 'Фёдоров', 'Лебедева']),
  'bg': (['Иван', 'Мария', 'Стоян', 'Цветелина', 'Любомир', 'Радка', 'Божидар', 'Йорданка'],
         ['Димитров', 'Стоянова', 'Николов', 'Тодорова', 'Христов', 'Маринова', 'Ангелов', 'Попова']),
  'lv': (['Andris', 'Ilze', 'Kārlis', 'Inese', 'Māris', 'Dace', 'Edgars', 'Gunta'],
         ['Ozols', 'Liepiņa', 'Kalniņš', 'Zariņa', 'Krūmiņš', 'Vītola', 'Jansons', 'Eglīte']),
}
FIRMS = {
  'pl': (['Hurtownia', 'Zakład', 'Przedsiębiorstwo', 'Spółdzielnia'], ['Sp. z o.o.', 'S.A.', 's.c.']),
  'ru': (['ООО', 'АО', 'ЗАО'], ['«Северсталь-Логистик»', '«Волга Трейд»', '«Уральские Сети»', '«Звезда»']),
  'bg': (['ЕООД', 'АД', 'ООД'], ['„Балкан Пак“', '„Родопи Агро“', '„Черноморие“', '„Пирин Мебел“']),
  'lv': (['SIA', 'AS'], ['Baltijas Koks', 'Rīgas Piens', 'Latgales Dārzi', 'Kurzemes Metāls']),
}
PHONE = {'pl': '+48 {} {} {}', 'ru': '+7 9{} {} {}', 'bg': '+359 8{} {} {}', 'lv': '+371 2{} {} {}'}
ROLES = ['Purchasing director', 'Zaopatrzeniowiec', 'Главный бухгалтер', 'Управител', 'Iepirkumu vadītāja', 'CEO', 'Logistics', 'Кладовщик']
TAGS = ['wholesale', 'retail', 'export', 'warsaw', 'moscow', 'sofia', 'riga', 'key-account', 'pallets', 'cold-chain']
SUMMARIES = [
  'Discussed pricing; wants 5% off for 500 pallets.', 'Nie odebrał, spróbować jutro rano.', 'Отправили новое коммерческое предложение.',
  'Обсъдихме условията за доставка; иска мостри.', 'Zvanīju, sekretāre teica, ka direktors atvaļinājumā.', 'Complained about a late delivery: 3 days.',
  'Agreed volumes for Q1: 12 trucks, price "as before".', 'Left a voicemail about the #2 invoice.',
]
NOTES = ['Prefers calls before noon.', 'Woli e-mail niż telefon.', 'Не звонить в пятницу после 15:00.', 'Говори бавно, обича подробности.', 'Runā latviski un krieviski.', 'Key: ask for Ms. Ozola — not the front desk.']

def q2(s):  # double-quoted YAML scalar
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
def q1(s):
    return "'" + s.replace("'", "''") + "'"
SAFE_START = set('-?:,[]{}#&*!|>\'"%@`')
def plain_ok(s):
    if not s or s[0] in SAFE_START or s[0] == ' ' or s[-1] == ' ': return False
    if ': ' in s or ' #' in s or s.endswith(':'): return False
    low = s.lower()
    if low in ('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~'): return False
    try: float(s.replace('_', '')); return False
    except ValueError: pass
    if s[0].isdigit(): return False
    return True
def scalar(s):
    return s if plain_ok(s) else q2(s)

def workday_on_or_after(d):
    while d.weekday() >= 5 or d in HOLIDAYS: d += dt.timedelta(days=1)
    return d
def workday_on_or_before(d):
    while d.weekday() >= 5 or d in HOLIDAYS: d -= dt.timedelta(days=1)
    return d

def slug(n, lang):
    words = {'pl': 'hurtownia', 'ru': 'ooo-sever', 'bg': 'balkan', 'lv': 'sia-baltija'}[lang]
    return f'{words}-{R.choice(["nord", "trade", "agro", "pak", "met", "wood", "dairy"])}-{n}'

def dossier(n):
    lang = R.choice(['pl', 'pl', 'ru', 'bg', 'lv'])
    firstn, lastn = PEOPLE[lang]
    pre, post = FIRMS[lang]
    if lang == 'pl':
        name = f'{R.choice(pre)} {R.choice(lastn)} {R.choice(post)}'
    else:
        name = f'{R.choice(pre)} {R.choice(post)}'
    name += f' ({n})'
    owner = TEAM[n % len(TEAM)] if R.random() < 0.8 else R.choice(TEAM)
    r = R.random()
    if r < 0.05: kind = 'dropped'
    elif r < 0.08: kind = 'closed'
    elif r < 0.15: kind = 'overdue'
    elif r < 0.185: kind = 'today'
    else: kind = 'future'
    stage = R.choice(['dormant', 'lost']) if kind == 'closed' else R.choice(ACTIVE)
    L = []
    logs = []
    if R.random() < 0.30:
        L.append(f'# {name}')
        if R.random() < 0.5: L.append(f'# dossier kept by {MEMBERS[owner][0]}; do not rename')
    L.append(f'name: {q2(name) if R.random() < 0.3 else scalar(name)}')
    L.append(f'owner: {owner}')
    L.append(f'stage: {stage}')
    if R.random() < 0.6: L.append(f'priority: {R.choice(["high", "normal", "low"])}' + ('   # set by the manager' if R.random() < 0.2 else ''))
    if R.random() < 0.8: L.append('tags: [' + ', '.join(R.sample(TAGS, R.randint(1, 3))) + ']')
    if kind != 'dropped' and R.random() < 0.5: L.append(f'cadence: {R.choice(["1w", "2w", "3w", "1m"])}')
    if R.random() < 0.4: L.append(f'segment: {R.choice(["smb", "mid", "enterprise"])}')
    L.append('contacts:')
    for c in range(R.randint(1, 3)):
        person = f'{R.choice(firstn)} {R.choice(lastn)}'
        phone = PHONE[lang].format(R.randint(10, 99), R.randint(100, 999), R.randint(100, 999))
        if R.random() < 0.35:
            L.append(f'  - {{name: {q2(person) if R.random() < 0.5 else scalar(person)}, phone: {q1(phone)}}}')
        else:
            L.append(f'  - name: {q2(person) if R.random() < 0.4 else scalar(person)}')
            L.append(f'    role: {scalar(R.choice(ROLES))}')
            L.append(f'    phone: {q1(phone)}')
            if R.random() < 0.7: L.append(f'    email: contact{n}x{c}@client.example')
            if R.random() < 0.3:
                y = R.choice(['', str(R.randint(1955, 1995))])
                md = f'{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'
                L.append(f'    birthday: {y}-{md}' if y else f'    birthday: "--{md}"')
    if kind in ('overdue', 'today', 'future'):
        if kind == 'overdue': d = workday_on_or_before(TODAY - dt.timedelta(days=R.randint(1, 20)))
        elif kind == 'today': d = TODAY
        else: d = workday_on_or_after(TODAY + dt.timedelta(days=R.randint(1, 120)))
        L.append('next:')
        L.append(f'  date: {d.isoformat()}')
        if R.random() < 0.2: L.append(f'  time: "{R.randint(8, 16):02d}:{R.choice(["00", "15", "30", "45"])}"')
        L.append(f'  action: {R.choice(ACTIONS)}')
        if R.random() < 0.7: L.append(f'  note: {scalar(R.choice(SUMMARIES))}')
    if R.random() < 0.3: L.append(f'offer: {R.randint(50, 900)} pallets/quarter at {R.randint(30, 60)}.50 PLN, valid to {(TODAY + dt.timedelta(days=R.randint(5, 60))).isoformat()}')
    if R.random() < 0.03:
        by = R.choice([m for m in TEAM if m != owner])
        L.append(f'cover: {{ by: {by}, until: {(TODAY + dt.timedelta(days=R.randint(1, 14))).isoformat()} }}')
    if R.random() < 0.1:
        L.append('complaints:')
        opened = TODAY - dt.timedelta(days=R.randint(3, 60))
        L.append(f'  - opened: {opened.isoformat()}')
        L.append(f'    summary: {scalar(R.choice(["Pallets delivered damaged", "Invoice twice", "Опоздание поставки", "Бракувана стока"]))}')
        L.append(f'    due: {(opened + dt.timedelta(days=7)).isoformat()}')
        if R.random() < 0.5:
            L.append(f'    resolved: {(opened + dt.timedelta(days=2)).isoformat()}')
            L.append('    resolution: Credit note issued')
    L.append('log:')
    entries = R.randint(3, 20)
    # instants in UTC, a day or more apart, the last one before today; shown with an offset
    gaps = [R.randint(1440, 14400) for _ in range(entries)]
    t = dt.datetime.combine(TODAY, dt.time(7, 0)) - dt.timedelta(minutes=sum(gaps) + R.randint(0, 2000))
    for e in range(entries):
        t += dt.timedelta(minutes=gaps[e])
        hours = R.choice([1, 2, 3, 0])
        local = t + dt.timedelta(hours=hours)
        off = f'+{hours:02d}:00' if hours else 'Z'
        item = [f'  - at: {local.strftime("%Y-%m-%dT%H:%M")}{off}',
                f'    by: {owner if R.random() < 0.85 else R.choice(TEAM)}',
                f'    action: {R.choice(ACTIONS)}',
                f'    outcome: {R.choice(OUTCOMES)}']
        s = R.choice(SUMMARIES)
        if R.random() < 0.15:
            item += ['    summary: |', f'      {s}', f'      {R.choice(SUMMARIES)}']
        else:
            item.append(f'    summary: {scalar(s) if R.random() < 0.7 else q2(s)}')
        if R.random() < 0.6: item.append(f'    next: {(t.date() + dt.timedelta(days=R.randint(1, 14))).isoformat()}')
        logs.append(item)
    notes = []
    if R.random() < 0.6:
        notes = ['notes: |'] + [f'  {R.choice(NOTES)}' for _ in range(R.randint(1, 4))]
    def render():
        return '\n'.join(L + [line for item in logs for line in item] + notes) + '\n'
    text = render()
    # between 1.5 and 3 KB: fewer log entries (3 at least, the oldest go) or more notes
    while len(text.encode()) > 3072 and len(logs) > 3:
        logs.pop(0); text = render()
    while len(text.encode()) < 1536:
        if not notes: notes = ['notes: |']
        notes.append(f'  {R.choice(NOTES)}'); text = render()
    return lang, text, kind

def main():
    os.makedirs(os.path.join(OUT, 'clients'), exist_ok=True)
    team = '\n'.join(f'  {k}: {{ name: {q2(v[0])}, email: {v[1]}{", capacity: 30" if k in ("anna", "tom") else ""} }}' for k, v in MEMBERS.items())
    settings = f'''# generated by an independent generator (gen.py), seed {SEED}
timezone: Europe/Warsaw
workdays: [mon, tue, wed, thu, fri]
holidays: [{', '.join(d.isoformat() for d in HOLIDAYS)}]
capacity: 40
team:
{team}
stages: [{', '.join(STAGES)}]
closed-stages: [dormant, lost]
actions: [{', '.join(ACTIONS)}]
outcomes:
  reached: {{}}
  no-answer:  {{ next: +2wd }}
  voicemail:  {{ next: +1wd }}
  callback: {{}}
  offer-sent: {{ next: +3wd }}
  meeting-set: {{}}
  won:  {{ stage: contract }}
  lost: {{ stage: lost, next: none }}
  complaint: {{ next: +1wd }}
fields:
  segment: {{ enum: [smb, mid, enterprise] }}
git:
  autocommit: false
'''
    open(os.path.join(OUT, 'tickler.yaml'), 'w', encoding='utf-8').write(settings)
    open(os.path.join(OUT, '.gitignore'), 'w').write('.tickler/\n')
    open(os.path.join(OUT, '.gitattributes'), 'w').write('clients/*.yaml merge=tickler\n')
    counts, sizes, crlf, header = {}, [], 0, 0
    for n in range(1, SIZE + 1):
        lang, text, kind = dossier(n)
        counts[kind] = counts.get(kind, 0) + 1
        if text.startswith('#'): header += 1
        if R.random() < 0.01: text = text.replace('\n', '\r\n'); crlf += 1
        data = text.encode('utf-8')
        sizes.append(len(data))
        with open(os.path.join(OUT, 'clients', slug(n, lang) + '.yaml'), 'wb') as f: f.write(data)
    sizes.sort()
    print(f'{SIZE} dossiers in {OUT}: sizes {sizes[0]}/{sizes[len(sizes)//2]}/{sizes[-1]} B (min/median/max); '
          + ', '.join(f'{k} {v / SIZE:.1%}' for k, v in sorted(counts.items())) + f'; header {header / SIZE:.1%}; CRLF {crlf / SIZE:.1%}')
    g = ['git', '-c', 'user.name=gen', '-c', 'user.email=gen@example.com', '-C', OUT]
    subprocess.run(g[:-2] + ['init', '-q', OUT], check=True)
    subprocess.run(g + ['add', '-A'], check=True)
    # (a book generated again into the same folder, with the same seed, is already committed)
    if subprocess.run(g + ['status', '--porcelain'], check=True, capture_output=True, text=True).stdout:
        subprocess.run(g + ['commit', '-qm', 'generated book'], check=True)

main()
