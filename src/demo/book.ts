// The demo book behind `tickler demo`: a two-person team and about thirty made-up B2B clients whose dates
// are all relative to `today`, so that `today`, `agenda`, `report` and friends have a realistic day to show.
// Pure and deterministic: the same `today` always gives the same files, byte for byte.

export interface DemoFile {
  /** Relative to the book root, e.g. "clients/hurtownia-kowalski.yaml" or "tickler.yaml". */
  path: string;
  text: string;
}

type Owner = 'alice' | 'bob';
type Stage = 'lead' | 'first-contact' | 'negotiation' | 'contract' | 'fulfilment' | 'retention' | 'dormant' | 'lost';
type Action = 'call' | 'email' | 'meeting' | 'visit' | 'task';
type Outcome =
  | 'reached' | 'no-answer' | 'voicemail' | 'callback' | 'offer-sent' | 'meeting-set' | 'won' | 'lost' | 'complaint';

interface ContactSpec {
  name: string;
  role: string;
  phone: string;
  email: string;
  /** YYYY-MM-DD, --MM-DD, or 'today' for the contact whose birthday is the demo's today. */
  birthday?: string;
}

/** Offsets are in working days from today (Mon–Fri, holidays skipped): 0 today, -2 two working days ago. */
interface NextSpec {
  wd: number;
  time?: string;
  action: Action;
  note: string;
}

/** Dates as working-day offsets from today, like NextSpec.wd. */
interface ComplaintSpec {
  opened: number;
  summary: string;
  due: number;
  resolved?: number;
  resolution?: string;
}

/** One log entry: how many working days ago, the time of day, what was done and how it ended. */
type LogRow = [ago: number, time: string, action: Action, outcome: Outcome, summary: string, by?: Owner];

interface ClientSpec {
  id: string;
  name: string;
  country: string;
  owner: Owner;
  stage: Stage;
  priority: 'high' | 'normal' | 'low';
  tags: string[];
  cadence?: string;
  segment?: 'smb' | 'mid' | 'enterprise';
  contacts: ContactSpec[];
  /** Absent: a closed client, a dropped ball or a cadence client. */
  next?: NextSpec;
  offer?: string;
  /** Working days from today the offer stays valid; appended as ", valid to DATE". */
  offerValid?: number;
  /** Covered by bob through today + 5 calendar days. */
  cover?: boolean;
  complaints?: ComplaintSpec[];
  /** Oldest first; each entry's `next` is the date of the following one (the last: the dossier's next). */
  log: LogRow[];
  /** Filled-in `qualification` form, attached to the first log entry. */
  qualification?: { budget: number; decisionMaker: string };
  notes: string;
}

// The day in the demo, from the two owners' point of view (with today a Monday):
//   overdue: hurtownia-kowalski, baltijas-logistika, stalmet-gliwice, and tallinna-kalatoostus by cadence;
//   today: 8 more, three of them at a fixed time; one birthday; complaints due at drewpol-meble (today)
//   and sklarny-novak (the working day before); chlodnie-mazowsze is a dropped ball;
//   dunai-elelmiszer and carpati-distributie are closed; then 4, 3, 3, 2, 2, 1, 1, 1 on the next working days.
const CLIENTS: ClientSpec[] = [
  // --- overdue -------------------------------------------------------------------------------------------
  {
    id: 'hurtownia-kowalski', name: 'Hurtownia Kowalski Sp. z o.o.', country: 'Poland',
    owner: 'alice', stage: 'negotiation', priority: 'high', tags: ['wholesale', 'warsaw'], cadence: '2w', segment: 'mid',
    contacts: [
      { name: 'Jan Kowalski', role: 'Purchasing director', phone: '+48 600 100 200', email: 'jan@kowalski.example', birthday: '1971-03-14' },
      { name: 'Ewa Kowalska', role: 'Accounts', phone: '+48 22 614 22 10', email: 'ksiegowosc@kowalski.example' },
    ],
    next: { wd: -1, action: 'call', note: 'Confirm Q1 volumes; he asked for 5% off' },
    offer: '500 pallets/quarter at 41.50 PLN', offerValid: 10,
    log: [
      [16, '09:40', 'call', 'reached', 'Follow-up after the Poznań fair; interested in EUR pallets for three warehouses.'],
      [13, '15:10', 'email', 'offer-sent', 'Sent the price list and a first offer at 43.00 PLN per pallet.'],
      [10, '10:20', 'call', 'no-answer', 'No answer; his assistant says he is at the Łódź warehouse.'],
      [8, '11:05', 'call', 'reached', 'Discussed pricing; wants 5% off for 500 pallets a quarter.'],
      [5, '14:05', 'email', 'offer-sent', 'Revised offer at 41.50 PLN sent, valid three weeks.'],
    ],
    notes: 'Prefers calls before noon.\nEwa in accounts handles invoices and payment reminders.',
  },
  {
    id: 'baltijas-logistika', name: 'SIA Baltijas Loģistika', country: 'Latvia',
    owner: 'bob', stage: 'contract', priority: 'normal', tags: ['logistics', 'riga'], segment: 'enterprise',
    contacts: [
      { name: 'Jānis Bērziņš', role: 'Head of procurement', phone: '+371 2912 3456', email: 'janis.berzins@baltlog.example' },
    ],
    next: { wd: -2, action: 'email', note: 'Chase the signed framework contract (two stamped originals)' },
    offer: 'Framework contract: 12 full truckloads a year, EUR 1,850 per load',
    log: [
      [22, '10:00', 'call', 'meeting-set', 'Intro call; agreed to meet at their Riga depot.'],
      [17, '13:30', 'visit', 'reached', 'Visited the depot; they can take 12 loads a year on the Riga–Warsaw route.'],
      [12, '16:00', 'email', 'offer-sent', 'Sent the framework contract draft and the rate card.'],
      [7, '09:15', 'call', 'won', 'Board approved; the contract goes to signature.'],
      [5, '11:30', 'email', 'reached', 'Signed on our side and couriered to Riga.'],
    ],
    notes: 'Jānis speaks Latvian, English and Russian; e-mails in English, please.\nInvoices as PDF only.',
  },
  {
    id: 'stalmet-gliwice', name: 'Stalmet Gliwice Sp. z o.o.', country: 'Poland',
    owner: 'alice', stage: 'first-contact', priority: 'low', tags: ['steel', 'silesia'], segment: 'smb',
    contacts: [
      { name: 'Krzysztof Nowicki', role: 'Warehouse manager', phone: '+48 604 221 873', email: 'k.nowicki@stalmet.example' },
    ],
    next: { wd: -3, action: 'call', note: 'Second try: ask Krzysztof who signs off on packaging' },
    log: [
      [9, '12:10', 'call', 'reached', 'Cold call; they buy stretch film from two suppliers and are open to a third.'],
      [7, '10:40', 'email', 'offer-sent', 'Sent the catalogue and sample prices for 23 µm film.'],
      [5, '14:20', 'call', 'no-answer', 'No answer at the warehouse; try again in two days.'],
    ],
    notes: 'Small buyer, but pays on time.',
  },
  {
    id: 'tallinna-kalatoostus', name: 'Tallinna Kalatööstus OÜ', country: 'Estonia',
    owner: 'bob', stage: 'retention', priority: 'normal', tags: ['food', 'tallinn'], cadence: '2w', segment: 'mid',
    contacts: [
      { name: 'Kadri Tamm', role: 'Purchasing manager', phone: '+372 5123 4567', email: 'kadri.tamm@tallinnakala.example' },
    ],
    log: [
      [45, '10:30', 'call', 'reached', 'Annual contract for ice packs and fish boxes renewed.'],
      [33, '14:00', 'call', 'reached', 'Check-in; volumes up 10% this quarter.'],
      [24, '09:50', 'call', 'voicemail', 'Left a voicemail about the new insulated boxes.'],
      [23, '11:15', 'call', 'reached', 'Kadri wants samples of the insulated boxes.'],
      [14, '15:30', 'email', 'reached', 'Samples arrived; she is testing them with two customers.'],
    ],
    notes: 'No fixed calls: just keep in touch every two weeks.',
  },

  // --- today ---------------------------------------------------------------------------------------------
  {
    id: 'severnyi-veter', name: 'ООО Северный Ветер', country: 'Russia',
    owner: 'alice', stage: 'negotiation', priority: 'high', tags: ['packaging', 'st-petersburg'], segment: 'mid',
    contacts: [
      { name: 'Дмитрий Соколов', role: 'Commercial director', phone: '+7 921 555 12 34', email: 'd.sokolov@sevveter.example', birthday: '--07-08' },
    ],
    next: { wd: 0, time: '11:00', action: 'call', note: 'Our final price for 20 t of stretch film; Dmitry wants it today' },
    offer: '20 t stretch film 23 µm at EUR 1.92/kg, DAP St Petersburg', offerValid: 10,
    cover: true,
    log: [
      [18, '11:00', 'call', 'reached', 'Inbound enquiry: 20 t of stretch film a quarter.'],
      [15, '10:15', 'email', 'offer-sent', 'Offer at EUR 2.05/kg sent in Russian and English.'],
      [11, '12:30', 'call', 'reached', 'Too high; a Turkish supplier quotes EUR 1.90/kg.'],
      [6, '11:20', 'email', 'offer-sent', 'Revised offer at EUR 1.92/kg, DAP St Petersburg.'],
      [2, '16:40', 'call', 'callback', 'Dmitry asked for a call back at 11:00 with our final answer.', 'bob'],
    ],
    notes: 'Alice handed this one to Bob for the week: Dmitry prefers to negotiate in Russian.\n' +
      'Дмитрий просит договор на двух языках, русском и английском.',
  },
  {
    id: 'mueller-verpackungen', name: 'Müller Verpackungen GmbH', country: 'Germany',
    owner: 'bob', stage: 'negotiation', priority: 'normal', tags: ['packaging', 'hamburg'], segment: 'enterprise',
    contacts: [
      { name: 'Stefan Müller', role: 'Head of purchasing', phone: '+49 40 3861 2240', email: 's.mueller@mueller-verpackungen.example' },
      { name: 'Petra Hoffmann', role: 'CFO', phone: '+49 40 3861 2201', email: 'p.hoffmann@mueller-verpackungen.example' },
    ],
    next: { wd: 0, time: '14:30', action: 'meeting', note: 'Video call with Stefan and Petra (CFO) about payment terms' },
    offer: 'Corrugated boxes, 40,000 pcs a month at EUR 0.38, 60 days net', offerValid: 12,
    log: [
      [25, '10:00', 'meeting', 'reached', 'Met Stefan at a packaging fair in Nuremberg; they need a second box supplier.'],
      [21, '14:00', 'email', 'offer-sent', 'Sent the offer for 40,000 boxes a month.'],
      [16, '09:30', 'call', 'reached', 'Price is fine; they want 90 days net, we offer 60.'],
      [9, '15:00', 'call', 'meeting-set', 'Video call with the CFO agreed.'],
    ],
    notes: 'Stefan cannot sign above EUR 50k; decisions need the CFO.\nGerman or English.',
  },
  {
    id: 'drewpol-meble', name: 'Drewpol Meble Sp. z o.o.', country: 'Poland',
    owner: 'alice', stage: 'fulfilment', priority: 'high', tags: ['furniture', 'lodz'], segment: 'mid',
    contacts: [
      { name: 'Agnieszka Zielińska', role: 'Logistics coordinator', phone: '+48 691 402 115', email: 'a.zielinska@drewpol.example' },
    ],
    next: { wd: 0, time: '09:30', action: 'call', note: 'Confirm the next delivery slot and the replacement for the wet boards' },
    complaints: [{ opened: -3, summary: 'Two pallets of chipboard arrived wet', due: 0 }],
    log: [
      [30, '10:00', 'call', 'won', 'Order for six trucks of chipboard, delivered over three months.'],
      [20, '13:15', 'call', 'reached', 'First truck delivered; all fine.'],
      [3, '08:50', 'call', 'complaint', 'Two pallets from the second truck arrived wet; photos received.'],
      [2, '15:20', 'email', 'reached', 'The carrier confirmed a torn tarpaulin; replacement offered.'],
    ],
    notes: 'Ramp open Mon–Thu, 7:00–14:00; no deliveries on Fridays.',
  },
  {
    id: 'trakia-trade', name: 'Trakia Trade EOOD', country: 'Bulgaria',
    owner: 'bob', stage: 'first-contact', priority: 'normal', tags: ['wholesale', 'plovdiv'], segment: 'smb',
    contacts: [
      { name: 'Георги Иванов', role: 'Owner', phone: '+359 88 812 3456', email: 'g.ivanov@trakiatrade.example' },
    ],
    next: { wd: 0, action: 'call', note: 'Follow up on the catalogue; ask about their next season' },
    log: [
      [12, '11:00', 'call', 'reached', 'Georgi called after seeing our stand in Plovdiv; catalogue sent.'],
      [8, '10:30', 'call', 'no-answer', 'No answer.'],
      [6, '10:45', 'call', 'voicemail', 'Voicemail in English; he returns calls in the afternoon.'],
      [5, '16:10', 'call', 'callback', 'He is travelling; call back when he is in the office again.'],
    ],
    notes: 'Georgi prefers Bulgarian or Russian on the phone, English in writing.',
  },
  {
    id: 'nemuno-prekyba', name: 'UAB Nemuno Prekyba', country: 'Lithuania',
    owner: 'alice', stage: 'retention', priority: 'normal', tags: ['wholesale', 'kaunas'], cadence: '1m', segment: 'mid',
    contacts: [
      { name: 'Rūta Kazlauskienė', role: 'Purchasing manager', phone: '+370 612 34567', email: 'ruta.k@nemuno.example', birthday: '1980-06-02' },
    ],
    next: { wd: 0, action: 'email', note: 'Send the new price list and the delivery calendar for next quarter' },
    log: [
      [60, '10:00', 'call', 'reached', 'Quarterly review; orders steady.'],
      [40, '11:30', 'call', 'reached', 'Asked for the delivery calendar earlier than usual.'],
      [21, '09:45', 'email', 'reached', 'Confirmed January volumes.'],
      [3, '14:00', 'call', 'reached', 'Rūta needs the new price list before their budget meeting.'],
    ],
    notes: 'A client for years. Orders every second Tuesday.',
  },
  {
    id: 'kovo-brno', name: 'Kovo Brno s.r.o.', country: 'Czechia',
    owner: 'bob', stage: 'negotiation', priority: 'high', tags: ['metalwork', 'brno'], segment: 'mid',
    contacts: [
      { name: 'Petr Dvořák', role: 'Purchasing director', phone: '+420 602 123 456', email: 'dvorak@kovobrno.example', birthday: '1968-09-21' },
    ],
    next: { wd: 0, action: 'call', note: 'Agree on the size of the trial order' },
    offer: 'Trial order: 2 t galvanised wire at CZK 38.50/kg', offerValid: 8,
    log: [
      [19, '13:00', 'call', 'reached', 'Referral from Sklárny Novák; they need galvanised wire.'],
      [15, '10:20', 'email', 'offer-sent', 'Sent technical sheets and prices.'],
      [12, '11:00', 'call', 'meeting-set', 'Visit to the Brno plant agreed.'],
      [7, '10:00', 'visit', 'reached', 'Toured the plant; they want a trial order before a yearly contract.'],
      [4, '15:45', 'call', 'callback', 'Petr will know the trial volume after their production meeting.'],
    ],
    notes: 'Czech or English. Petr decides together with the plant manager.',
  },
  {
    id: 'agro-dnipro', name: 'TOV Agro-Dnipro', country: 'Ukraine',
    owner: 'alice', stage: 'lead', priority: 'low', tags: ['agriculture', 'dnipro'],
    contacts: [
      { name: 'Олена Шевченко', role: 'Procurement', phone: '+380 67 123 4567', email: 'o.shevchenko@agrodnipro.example' },
    ],
    next: { wd: 0, action: 'call', note: 'Introduce ourselves; Olena was referred by Andriy Kovalenko (Lviv)' },
    log: [
      [10, '10:00', 'email', 'reached', 'Andriy Kovalenko of Lviv Ceramics passed on her contact.'],
      [6, '12:00', 'email', 'no-answer', 'Intro e-mail sent; no reply yet.'],
      [2, '09:30', 'call', 'no-answer', 'Line busy twice.'],
    ],
    notes: 'Grain and sunflower seed exporter; needs big bags (FIBC).',
  },
  {
    id: 'sklarny-novak', name: 'Sklárny Novák a.s.', country: 'Czechia',
    owner: 'bob', stage: 'fulfilment', priority: 'normal', tags: ['glass', 'liberec'], segment: 'mid',
    contacts: [
      { name: 'Jana Svobodová', role: 'Customer service lead', phone: '+420 485 100 732', email: 'svobodova@sklarny-novak.example' },
    ],
    next: { wd: 0, action: 'task', note: 'Prepare the credit note for the broken glass and send it to Jana' },
    complaints: [{ opened: -6, summary: '18 cartons of glassware broken; the inner dividers are too thin', due: -1 }],
    log: [
      [28, '10:00', 'call', 'won', 'Framework order for shipping cartons with dividers.'],
      [14, '11:20', 'call', 'reached', 'First deliveries fine.'],
      [6, '09:10', 'call', 'complaint', '18 cartons broken in one shipment; dividers too thin for their heavy tumblers.'],
      [4, '14:30', 'email', 'reached', 'Photos checked with production; we accept the claim.'],
      [1, '16:50', 'call', 'reached', 'Jana wants a credit note rather than replacement cartons.'],
    ],
    notes: 'They compensate their own customers within 5 days, so answer claims quickly.',
  },

  // --- closed, and a dropped ball ------------------------------------------------------------------------
  {
    id: 'dunai-elelmiszer', name: 'Dunai Élelmiszer Kft.', country: 'Hungary',
    owner: 'alice', stage: 'dormant', priority: 'low', tags: ['food', 'budapest'], segment: 'smb',
    contacts: [
      { name: 'Nagy Zsófia', role: 'Owner', phone: '+36 30 123 4567', email: 'nagy.zsofia@dunai.example' },
    ],
    log: [
      [120, '10:00', 'call', 'won', 'First order of vacuum bags.'],
      [95, '14:00', 'call', 'reached', 'Re-ordered; happy with the quality.'],
      [62, '11:30', 'call', 'reached', 'Season over; they will buy again next season.'],
    ],
    notes: 'Seasonal buyer (sausages and paprika). Wake them up when the season starts.',
  },
  {
    id: 'carpati-distributie', name: 'Carpați Distribuție SRL', country: 'Romania',
    owner: 'bob', stage: 'lost', priority: 'normal', tags: ['distribution', 'cluj'],
    contacts: [
      { name: 'Andrei Popescu', role: 'Purchasing manager', phone: '+40 721 234 567', email: 'andrei.popescu@carpati.example' },
    ],
    log: [
      [40, '10:00', 'call', 'reached', 'Intro; they distribute packaging across Transylvania.'],
      [35, '15:00', 'email', 'offer-sent', 'Offer for pallet wrap and tape.'],
      [30, '11:30', 'call', 'reached', 'Our price is about 10% above their local supplier.'],
      [25, '10:30', 'call', 'lost', 'Signed with the local supplier, about 8% below us.'],
    ],
    notes: 'Lost on price. Worth a call in a year if the local supplier lets them down.',
  },
  {
    id: 'chlodnie-mazowsze', name: 'Chłodnie Mazowsze Sp. z o.o.', country: 'Poland',
    owner: 'alice', stage: 'fulfilment', priority: 'normal', tags: ['cold-storage', 'warsaw'], segment: 'enterprise',
    contacts: [
      { name: 'Marek Wójcik', role: 'Operations director', phone: '+48 601 550 318', email: 'm.wojcik@chlodnie.example' },
    ],
    log: [
      [30, '11:00', 'meeting', 'won', 'Contract for thermal pallet covers signed.'],
      [18, '09:30', 'call', 'reached', 'Weekly deliveries scheduled from the start of next month.'],
      [8, '13:40', 'call', 'reached', 'First delivery confirmed; promised to call once it has arrived.'],
    ],
    notes: 'Big account. Marek reports to the board monthly; bring numbers.',
  },

  // --- the days ahead ------------------------------------------------------------------------------------
  {
    id: 'rigas-audums', name: 'AS Rīgas Audums', country: 'Latvia',
    owner: 'alice', stage: 'negotiation', priority: 'normal', tags: ['textile', 'riga'], segment: 'smb',
    contacts: [
      { name: 'Ilze Kalniņa', role: 'Purchasing specialist', phone: '+371 2678 9012', email: 'ilze.kalnina@rigasaudums.example' },
    ],
    next: { wd: 1, time: '10:00', action: 'call', note: 'Go through the revised offer line by line' },
    offer: 'Polybags and cartons as one mixed pallet every 3 weeks, EUR 4,200 per pallet', offerValid: 10,
    log: [
      [14, '10:30', 'call', 'reached', 'Intro; they ship fabric rolls to Scandinavia.'],
      [10, '11:00', 'email', 'offer-sent', 'First offer sent.'],
      [5, '15:30', 'call', 'reached', 'Too many items to order separately; they want one mixed pallet.'],
      [3, '10:10', 'email', 'offer-sent', 'Revised offer for a mixed pallet sent; call agreed.'],
    ],
    notes: 'Ilze prepares everything; the director only signs.',
  },
  {
    id: 'tekhnosnab', name: 'ООО ТехноСнаб', country: 'Russia',
    owner: 'bob', stage: 'contract', priority: 'high', tags: ['industrial', 'moscow'], segment: 'enterprise',
    contacts: [
      { name: 'Ольга Морозова', role: 'Head of supply', phone: '+7 495 123 45 67', email: 'o.morozova@technosnab.example' },
    ],
    next: { wd: 1, action: 'call', note: 'Check that the advance payment arrived, then release the first shipment' },
    log: [
      [35, '09:20', 'email', 'reached', 'Enquiry for industrial adhesive tape.'],
      [30, '13:00', 'email', 'offer-sent', 'Offer for 12 pallets of tape a quarter.'],
      [22, '10:00', 'meeting', 'reached', 'Video meeting with Olga and their director; terms agreed.'],
      [15, '11:45', 'call', 'won', 'Contract signed; 30% advance payment before the first shipment.'],
      [4, '16:00', 'email', 'reached', 'Invoice for the advance sent.'],
    ],
    notes: 'Olga confirms every order by e-mail.\nNothing ships before the advance is paid.',
  },
  {
    id: 'vilniaus-baldai', name: 'UAB Vilniaus Baldai', country: 'Lithuania',
    owner: 'bob', stage: 'lead', priority: 'low', tags: ['furniture', 'vilnius'],
    contacts: [
      { name: 'Mindaugas Petrauskas', role: 'Production manager', phone: '+370 686 12345', email: 'm.petrauskas@vilniausbaldai.example' },
    ],
    next: { wd: 1, action: 'email', note: 'Send the list of edge and corner protector samples' },
    log: [
      [8, '10:00', 'email', 'reached', 'Found us online; asked about edge and corner protectors.'],
      [5, '11:00', 'call', 'voicemail', 'Left a voicemail.'],
      [4, '11:40', 'call', 'reached', 'Wants a list of samples before ordering anything.'],
    ],
    notes: 'Makes kitchen fronts; damage in transport is their main worry.',
  },
  {
    id: 'balkan-pack', name: 'Balkan Pack AD', country: 'Bulgaria',
    owner: 'alice', stage: 'retention', priority: 'normal', tags: ['packaging', 'sofia'], segment: 'mid',
    contacts: [
      { name: 'Мария Петрова', role: 'Purchasing manager', phone: '+359 2 981 4455', email: 'm.petrova@balkanpack.example', birthday: '1984-04-19' },
    ],
    next: { wd: 1, action: 'call', note: "Quarterly check-in; ask about next year's volumes" },
    log: [
      [50, '10:15', 'call', 'reached', 'Quarterly review; all deliveries on time.'],
      [30, '14:40', 'email', 'reached', 'Sent the updated price list.'],
      [12, '11:10', 'call', 'reached', 'Happy with deliveries; wants to plan next year soon.'],
    ],
    notes: 'Maria writes in English, but a few words of Bulgarian go a long way.',
  },
  {
    id: 'pohjolan-puu', name: 'Pohjolan Puu Oy', country: 'Finland',
    owner: 'bob', stage: 'negotiation', priority: 'normal', tags: ['timber', 'oulu'], segment: 'mid',
    contacts: [
      { name: 'Mikko Virtanen', role: 'Logistics manager', phone: '+358 40 123 4567', email: 'mikko.virtanen@pohjolanpuu.example' },
    ],
    next: { wd: 2, action: 'call', note: "Strapping and corner boards: hear the board's answer on price" },
    offer: 'Steel strapping and corner boards for 900 timber bundles a month', offerValid: 9,
    log: [
      [13, '09:00', 'call', 'reached', 'Intro; their strapping supplier is closing a plant.'],
      [9, '14:30', 'email', 'offer-sent', 'Offer sent for strapping and corner boards.'],
      [4, '10:20', 'call', 'callback', "Mikko will have the board's answer in two days."],
    ],
    notes: 'Calls before 15:00 Finnish time; the yard closes early.',
  },
  {
    id: 'eko-pak-poznan', name: 'Eko-Pak Poznań Sp. j.', country: 'Poland',
    owner: 'alice', stage: 'first-contact', priority: 'normal', tags: ['recycling', 'poznan'], segment: 'smb',
    contacts: [
      { name: 'Paweł Lewandowski', role: 'Owner', phone: '+48 605 330 912', email: 'pawel@ekopak.example' },
    ],
    next: { wd: 2, time: '13:00', action: 'visit', note: 'Visit the plant; bring samples of recycled film' },
    log: [
      [10, '08:45', 'email', 'reached', 'Enquiry through the website form.'],
      [7, '12:30', 'call', 'reached', 'Intro call; they buy recycled film for their own products.'],
      [5, '09:50', 'call', 'meeting-set', 'Visit to their plant agreed.'],
    ],
    notes: 'Parking behind building B; ask for Paweł at the gate.',
  },
  {
    id: 'lvivska-keramika', name: 'TOV Lvivska Keramika', country: 'Ukraine',
    owner: 'alice', stage: 'fulfilment', priority: 'normal', tags: ['ceramics', 'lviv'], segment: 'mid',
    contacts: [
      { name: 'Андрій Коваленко', role: 'Export manager', phone: '+380 32 245 1780', email: 'a.kovalenko@lvivkeramika.example', birthday: 'today' },
    ],
    next: { wd: 2, action: 'call', note: 'Check the second delivery; he also asked about bubble wrap' },
    log: [
      [40, '10:00', 'call', 'won', 'Order for tile cartons and pallet covers.'],
      [25, '15:00', 'call', 'reached', 'Production slot confirmed.'],
      [10, '11:30', 'call', 'reached', 'First delivery crossed the border without trouble.'],
      [6, '13:20', 'email', 'reached', 'Customs papers for the second truck sent.'],
    ],
    notes: 'Andriy referred Agro-Dnipro to us; thank him.',
  },
  {
    id: 'grosshandel-becker', name: 'Großhandel Becker GmbH', country: 'Germany',
    owner: 'bob', stage: 'retention', priority: 'normal', tags: ['wholesale', 'leipzig'], cadence: '1m', segment: 'mid',
    contacts: [
      { name: 'Thomas Becker', role: 'Managing director', phone: '+49 341 2250 460', email: 't.becker@becker-grosshandel.example' },
      { name: 'Claudia Wolf', role: 'Accounts payable', phone: '+49 341 2250 471', email: 'buchhaltung@becker-grosshandel.example' },
    ],
    next: { wd: 3, action: 'call', note: 'Check that the corrected invoice reached Claudia' },
    complaints: [{ opened: -2, summary: 'Invoice charged 23% VAT instead of reverse charge', due: 3 }],
    log: [
      [45, '10:40', 'call', 'reached', 'Monthly call; ordering as usual.'],
      [24, '10:10', 'call', 'reached', 'Monthly call; one extra truck next month.'],
      [2, '14:15', 'call', 'complaint', 'Claudia flagged the VAT on the last invoice; corrected invoice promised.'],
    ],
    notes: 'Thomas likes a short call; Claudia gets everything about invoices.',
  },
  {
    id: 'mleczarnia-podlaska', name: 'SM Mleczarnia Podlaska', country: 'Poland',
    owner: 'alice', stage: 'negotiation', priority: 'high', tags: ['dairy', 'bialystok'], segment: 'enterprise',
    contacts: [
      { name: 'Katarzyna Wróblewska', role: 'Procurement director', phone: '+48 85 744 20 10', email: 'k.wroblewska@mleczarnia.example' },
      { name: 'Piotr Kamiński', role: 'Quality manager', phone: '+48 85 744 20 31', email: 'p.kaminski@mleczarnia.example' },
    ],
    next: { wd: 3, time: '12:00', action: 'meeting', note: 'Tender presentation in Białystok with their quality team' },
    offer: 'Shrink film for two lines, 80 t a year at PLN 9.80/kg', offerValid: 20,
    qualification: { budget: 800000, decisionMaker: 'Katarzyna Wróblewska' },
    log: [
      [26, '09:30', 'call', 'reached', 'Tender announced for shrink film; we are invited.'],
      [20, '14:00', 'email', 'offer-sent', 'Tender documents and samples sent.'],
      [14, '11:00', 'call', 'reached', 'Samples passed the first line test.'],
      [9, '10:30', 'call', 'reached', 'Second line test needs a thicker film; new samples promised.'],
      [6, '12:15', 'call', 'meeting-set', 'Presentation to the quality team agreed.'],
    ],
    notes: 'Cooperative: decisions by the board, so allow time.\nPiotr must approve every material change.',
  },
  {
    id: 'tatra-chem', name: 'Tatra Chem a.s.', country: 'Slovakia',
    owner: 'bob', stage: 'first-contact', priority: 'low', tags: ['chemicals', 'poprad'],
    contacts: [
      { name: 'Martin Horváth', role: 'Buyer', phone: '+421 905 123 456', email: 'horvath@tatrachem.example' },
    ],
    next: { wd: 3, action: 'email', note: 'Send the safety data sheets for the UN-certified drums' },
    log: [
      [11, '13:00', 'call', 'reached', 'Intro; they fill cleaning chemicals into drums.'],
      [8, '10:30', 'email', 'offer-sent', 'Sent prices for 200 l drums.'],
      [3, '15:10', 'call', 'reached', 'Needs safety data sheets before their audit.'],
    ],
    notes: 'Everything hazardous goes through their safety officer.',
  },
  {
    id: 'schmidt-soehne-maschinenbau', name: 'Schmidt & Söhne Maschinenbau KG', country: 'Germany',
    owner: 'bob', stage: 'contract', priority: 'high', tags: ['machinery', 'stuttgart'], segment: 'enterprise',
    contacts: [
      { name: 'Katrin Schmidt', role: 'Head of logistics', phone: '+49 711 980 3310', email: 'k.schmidt@schmidt-soehne.example', birthday: '1975-12-03' },
    ],
    next: { wd: 4, time: '10:00', action: 'visit', note: 'Sign the annual contract at their Stuttgart plant' },
    offer: 'Export crates (ISPM 15), 120 a year at EUR 310 each', offerValid: 10,
    log: [
      [38, '11:00', 'call', 'reached', 'Katrin called: their crate maker retires at year end.'],
      [33, '09:30', 'visit', 'reached', 'Measured the three machine types they export.'],
      [27, '16:20', 'email', 'offer-sent', 'Offer for 120 crates a year.'],
      [18, '10:45', 'call', 'reached', 'Asked for ISPM 15 certificates and a sample crate.'],
      [11, '14:00', 'call', 'won', 'Sample crate approved; annual contract to be signed on site.'],
      [7, '09:40', 'email', 'meeting-set', 'Signing visit agreed.'],
    ],
    notes: 'Bring two printed copies of the contract; they do not sign PDFs.',
  },
  {
    id: 'ph-lukasik', name: 'P.H. Łukasik', country: 'Poland',
    owner: 'alice', stage: 'retention', priority: 'low', tags: ['wholesale', 'lublin'], cadence: '2w', segment: 'smb',
    contacts: [
      { name: 'Tomasz Łukasik', role: 'Owner', phone: '+48 81 532 14 60', email: 'biuro@lukasik.example', birthday: '1965-01-30' },
    ],
    next: { wd: 4, action: 'call', note: 'Usual fortnightly call; ask about the new shop in Zamość' },
    log: [
      [36, '10:00', 'call', 'reached', 'Regular order.'],
      [26, '10:05', 'call', 'reached', 'Regular order; planning a second shop.'],
      [16, '09:55', 'call', 'no-answer', 'No answer.'],
      [14, '10:10', 'call', 'reached', 'Regular order; the Zamość shop opens next month.'],
      [6, '10:00', 'call', 'reached', 'Regular order; call again in two weeks.'],
    ],
    notes: 'Old-school: calls only, never e-mail. Best at 10 in the morning.',
  },
  {
    id: 'sofia-steel-trading', name: 'Sofia Steel Trading OOD', country: 'Bulgaria',
    owner: 'bob', stage: 'negotiation', priority: 'normal', tags: ['steel', 'sofia'], segment: 'mid',
    contacts: [
      { name: 'Николай Димитров', role: 'Purchasing manager', phone: '+359 88 765 4321', email: 'n.dimitrov@sofiasteel.example' },
    ],
    next: { wd: 5, action: 'call', note: 'Answer on the volume discount' },
    offer: 'Edge protectors and steel strapping, 3% off above 10 t', offerValid: 12,
    log: [
      [15, '11:30', 'call', 'reached', 'Met at a trade dinner in Sofia; they bundle steel profiles.'],
      [12, '09:45', 'email', 'offer-sent', 'Offer for edge protectors and strapping.'],
      [7, '14:50', 'call', 'reached', 'Asks for 5% off above 10 t; we will come back on it.'],
    ],
    notes: 'Nikolay wants everything in writing after a call.',
  },
  {
    id: 'van-der-berg-logistics', name: 'Van der Berg Logistics B.V.', country: 'Netherlands',
    owner: 'alice', stage: 'lead', priority: 'normal', tags: ['logistics', 'rotterdam'],
    contacts: [
      { name: 'Sanne de Vries', role: 'Procurement officer', phone: '+31 6 1234 5678', email: 's.devries@vdberg.example' },
    ],
    next: { wd: 5, action: 'email', note: 'Send the Baltijas case study and ask for a call' },
    qualification: { budget: 120000, decisionMaker: 'Sanne de Vries' },
    log: [
      [9, '10:15', 'email', 'reached', 'Replied to our mailing; they run a bonded warehouse.'],
      [6, '15:40', 'call', 'voicemail', 'Left a voicemail.'],
      [5, '11:05', 'call', 'reached', 'Interested, but wants to see how we work with another logistics firm.'],
    ],
    notes: 'English only.',
  },
  {
    id: 'vojvodina-agrar', name: 'Vojvodina Agrar d.o.o.', country: 'Serbia',
    owner: 'bob', stage: 'negotiation', priority: 'normal', tags: ['agriculture', 'novi-sad'], segment: 'mid',
    contacts: [
      { name: 'Milan Jovanović', role: 'Supply chain manager', phone: '+381 63 123 4567', email: 'm.jovanovic@vojvodina-agrar.example' },
    ],
    next: { wd: 6, action: 'call', note: 'Hear whether the silage film passed their field test' },
    offer: 'Silage film, 40 rolls a month at EUR 96 per roll', offerValid: 15,
    log: [
      [21, '12:00', 'call', 'reached', 'Intro through the Novi Sad agricultural fair.'],
      [17, '10:30', 'email', 'offer-sent', 'Offer and sample rolls of silage film sent.'],
      [9, '13:10', 'call', 'reached', 'Samples arrived; field test under way, results in about a week.'],
    ],
    notes: 'Milan speaks good English and some German.',
  },
  {
    id: 'svenska-kartong', name: 'Svenska Kartong AB', country: 'Sweden',
    owner: 'alice', stage: 'first-contact', priority: 'normal', tags: ['packaging', 'gothenburg'], segment: 'enterprise',
    contacts: [
      { name: 'Erik Lindqvist', role: 'Category manager', phone: '+46 31 712 40 00', email: 'erik.lindqvist@svenskakartong.example' },
    ],
    next: { wd: 7, time: '09:00', action: 'meeting', note: 'Video meeting: present our Baltic warehouse network' },
    log: [
      [12, '14:20', 'email', 'reached', 'Erik answered our mailing; they look for a Baltic distribution partner.'],
      [9, '09:15', 'call', 'reached', 'Short intro; he wants to see the warehouse network first.'],
      [4, '16:05', 'email', 'meeting-set', 'Video meeting agreed for next week.'],
    ],
    notes: 'Swedish meeting culture: send the agenda a day before.',
  },
  {
    id: 'daugavas-koks', name: 'SIA Daugavas Koks', country: 'Latvia',
    owner: 'bob', stage: 'retention', priority: 'normal', tags: ['timber', 'daugavpils'], cadence: '1m', segment: 'mid',
    contacts: [
      { name: 'Andris Ozols', role: 'Director', phone: '+371 2655 4433', email: 'andris.ozols@daugavaskoks.example' },
    ],
    next: { wd: 8, action: 'call', note: "Monthly call; confirm next month's volumes" },
    complaints: [{
      opened: -22, summary: 'Strapping snapped on three bundles during loading', due: -19,
      resolved: -20, resolution: 'Replaced with heavier strapping, free of charge',
    }],
    log: [
      [45, '09:30', 'call', 'reached', 'Monthly call; orders as planned.'],
      [22, '08:40', 'call', 'complaint', 'Strapping snapped on three bundles during loading.'],
      [20, '12:00', 'call', 'reached', 'Heavier strapping delivered; Andris is satisfied.'],
      [8, '10:30', 'call', 'reached', 'Monthly call; all fine.'],
    ],
    notes: 'Andris answers the phone himself; keep it short and friendly.',
  },
  {
    id: 'stepnoy-elevator', name: 'ТОО Степной Элеватор', country: 'Kazakhstan',
    owner: 'bob', stage: 'first-contact', priority: 'low', tags: ['agriculture', 'kostanay'],
    contacts: [
      { name: 'Айгерим Сапарова', role: 'Procurement', phone: '+7 701 234 5678', email: 'a.saparova@stepelevator.example' },
    ],
    next: { wd: 25, action: 'call', note: "Call once next year's budget is approved" },
    log: [
      [20, '07:30', 'email', 'reached', 'Enquiry for grain sleeves and big bags.'],
      [16, '08:00', 'call', 'reached', 'Intro call early in the morning (their afternoon).'],
      [13, '07:45', 'email', 'offer-sent', 'Indicative prices sent; budget decision next month.'],
    ],
    notes: 'Kostanay is 4 hours ahead of Warsaw: call before 9:00 our time.',
  },
];

// --- dates: whole days since 1970-01-01 (UTC), so that plain integer arithmetic is calendar arithmetic ----

const DAY_MS = 86_400_000;

function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!m || Number.isNaN(day) || isoOf(day) !== iso) throw new Error(`demo: expected a date YYYY-MM-DD, got "${iso}"`);
  return day;
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday
}

/** The book's holidays: Dec 24–26 and Jan 1 of today's year and the next. */
function holidaysFor(year: number): string[] {
  return [year, year + 1].flatMap((y) => [`${y}-01-01`, `${y}-12-24`, `${y}-12-25`, `${y}-12-26`]);
}

/** `n` working days (Mon–Fri, not a holiday) after `day`, or before it when `n` is negative. */
function addWorkdays(day: number, n: number, holidays: ReadonlySet<string>): number {
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    const wd = weekdayOf(day);
    if (wd !== 0 && wd !== 6 && !holidays.has(isoOf(day))) left--;
  }
  return day;
}

/** Europe/Warsaw's UTC offset on a day: summer time from the last Sunday of March to the last of October. */
function warsawOffset(day: number): string {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  const lastSunday = (month: number): number => {
    const last = Date.UTC(year, month + 1, 0) / DAY_MS;
    return last - weekdayOf(last);
  };
  return day >= lastSunday(2) && day < lastSunday(9) ? '+02:00' : '+01:00';
}

// --- YAML by hand ------------------------------------------------------------------------------------------

/** A string as a YAML scalar: plain when every reader (YAML 1.1 or 1.2) reads it back as that string. */
function str(s: string): string {
  const plain =
    s !== '' && s === s.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`.]/.test(s) &&
    !/: |:$| #|[\n\r\t[\]{}]/.test(s) &&
    !/^(y|n|yes|no|on|off|true|false|null|~)$/i.test(s) &&
    !/^[-+]?\d[\d_.:,eE+-]*$/.test(s);
  return plain ? s : JSON.stringify(s);
}

function block(text: string, indent: string): string {
  return text.split('\n').map((line) => (line === '' ? '' : indent + line)).join('\n');
}

function dossierText(c: ClientSpec, today: number, holidays: ReadonlySet<string>): string {
  const wd = (n: number): string => isoOf(addWorkdays(today, n, holidays));
  const out: string[] = [
    '# yaml-language-server: $schema=../schemas/dossier.schema.json',
    `# ${c.name} (${c.country})`,
    `name: ${str(c.name)}`,
    `owner: ${c.owner}`,
    `stage: ${c.stage}`,
    `priority: ${c.priority}`,
    `tags: [${c.tags.join(', ')}]`,
  ];
  if (c.cadence) out.push(`cadence: ${c.cadence}                 # keep in touch at least this often`);
  if (c.segment) out.push(`segment: ${c.segment}`);

  out.push('contacts:');
  for (const p of c.contacts) {
    out.push(`  - name: ${str(p.name)}`, `    role: ${str(p.role)}`, `    phone: ${JSON.stringify(p.phone)}`, `    email: ${p.email}`);
    if (p.birthday === 'today') out.push(`    birthday: --${isoOf(today).slice(5)}`); // year not known
    else if (p.birthday) out.push(`    birthday: ${p.birthday}`);
  }

  const nextDate = c.next ? wd(c.next.wd) : undefined;
  if (c.next) {
    out.push('next:', `  date: ${nextDate}`);
    if (c.next.time) out.push(`  time: ${JSON.stringify(c.next.time)}`);
    out.push(`  action: ${c.next.action}`, `  note: ${str(c.next.note)}`);
  }
  if (c.offer) out.push(`offer: ${str(c.offerValid ? `${c.offer}, valid to ${wd(c.offerValid)}` : c.offer)}`);
  if (c.cover) out.push(`cover: { by: bob, until: ${isoOf(today + 5)} }   # Bob negotiates this one in Russian`);

  if (c.complaints) {
    out.push('complaints:');
    for (const k of c.complaints) {
      out.push(`  - opened: ${wd(k.opened)}`, `    summary: ${str(k.summary)}`, `    due: ${wd(k.due)}`);
      if (k.resolved !== undefined) out.push(`    resolved: ${wd(k.resolved)}`);
      if (k.resolution) out.push(`    resolution: ${str(k.resolution)}`);
    }
  }

  out.push('log:');
  c.log.forEach(([ago, time, action, outcome, summary, by], i) => {
    const day = addWorkdays(today, -ago, holidays);
    const following = c.log[i + 1];
    const next = following ? wd(-following[0]) : nextDate;
    out.push(
      `  - at: ${isoOf(day)}T${time}${warsawOffset(day)}`,
      `    by: ${by ?? c.owner}`,
      `    action: ${action}`,
      `    outcome: ${outcome}`,
      `    summary: ${str(summary)}`,
    );
    if (next) out.push(`    next: ${next}`);
    if (i === 0 && c.qualification) {
      out.push(
        '    forms:',
        '      qualification:',
        `        budget: ${c.qualification.budget}`,
        `        decision-maker: ${str(c.qualification.decisionMaker)}`,
      );
    }
  });

  out.push('notes: |', block(c.notes, '  '));
  return out.join('\n') + '\n';
}

function settingsText(holidays: readonly string[]): string {
  return `# yaml-language-server: $schema=schemas/settings.schema.json
# Settings of the demo book. Every key is optional: an empty tickler.yaml works too.
timezone: Europe/Warsaw          # "today" is computed in this time zone
workdays: [mon, tue, wed, thu, fri]
holidays:                        # no contacts are planned on these days
${holidays.map((d) => `  - ${d}`).join('\n')}
capacity: 25                     # contacts one person can handle in a day
team:
  alice: { name: Alice Nowak, email: alice@example.com, capacity: 12 }
  bob:   { name: Bob Petrov, email: bob@example.com }
stages: [lead, first-contact, negotiation, contract, fulfilment, retention, dormant, lost]
closed-stages: [dormant, lost]   # these need no next contact
actions: [call, email, meeting, visit, task]
outcomes:                        # outcome -> what happens next by default
  reached: {}
  no-answer:  { next: +2wd }     # retry in two working days
  voicemail:  { next: +1wd }
  callback: {}                   # ask for the date the client gave
  offer-sent: { next: +3wd }
  meeting-set: {}
  won:  { stage: contract }
  lost: { stage: lost, next: none }
  complaint: { next: +1wd }
fields:                          # the team's own dossier fields, as JSON Schema
  segment: { enum: [smb, mid, enterprise] }
forms:                           # forms managers fill in when they log a contact
  qualification:
    budget: { type: number }
    decision-maker: { type: string }
mail:
  from: Sales Tickler <tickler@example.com>
  # transport: SMTP URL from TICKLER_SMTP_URL (credentials never live in the repo), or sendmail
git:
  autocommit: false
`;
}

/** The demo's day for `today`: today when it is a working day of the demo's book, else the next one. */
export function demoDay(today: string): string {
  const day = dayOf(today);
  const holidays = new Set(holidaysFor(new Date(day * DAY_MS).getUTCFullYear()));
  const wd = weekdayOf(day);
  return wd !== 0 && wd !== 6 && !holidays.has(today) ? today : isoOf(addWorkdays(day, 1, holidays));
}

/** The demo book for `today` (YYYY-MM-DD): tickler.yaml first, then one dossier per client, by id. */
export function demoBook(today: string): DemoFile[] {
  const day = dayOf(today);
  const holidayList = holidaysFor(new Date(day * DAY_MS).getUTCFullYear());
  const holidays = new Set(holidayList);
  const dossiers = [...CLIENTS]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => ({ path: `clients/${c.id}.yaml`, text: dossierText(c, day, holidays) }));
  return [{ path: 'tickler.yaml', text: settingsText(holidayList) }, ...dossiers];
}
