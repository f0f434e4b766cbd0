/**
 * The venue map's list model (src/widgets/venue-map/model.ts) over 10,000 generated venues: the
 * indexed filter agrees with a plain reading of every filter, keeps the list's order, and the
 * index is made once per list; numeric sorting; paging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACCESSIBILITY,
  EMPTY_FILTERS,
  FACILITIES,
  PAGE_SIZE,
  VENUE_TYPES,
  filterVenues,
  indexFor,
  indexVenues,
  isFree,
  pageOf,
  sortVenues,
  type Filters,
  type Venue,
} from '../../src/widgets/venue-map/model.js';

function venues(n: number): Venue[] {
  return Array.from({ length: n }, (_, i) => {
    const flag = (bit: number) => ((i * 2654435761) >>> bit) % 2 === 1;
    const day = 1 + (i % 27);
    return {
      id: `v${i}`,
      organisation: 'demo-kaupunki',
      lon: 25,
      lat: 61,
      maxStayDays: 7,
      holdDays: 7,
      facts: {
        name: { fi: `Paikka ${i}` },
        type: VENUE_TYPES[i % VENUE_TYPES.length],
        capacity: (i * 37) % 9000,
        areaM2: (i * 53) % 20000,
        electricity: flag(1),
        water: flag(2),
        toilets: flag(3),
        stepFree: flag(4),
        accessibleToilet: flag(5),
        hearingLoop: flag(6),
        rent: { amountEur: (i * 11) % 700, per: 'day' },
        photos: [],
        terms: { fi: '' },
        contact: { name: '', email: 'x@example.org' },
      },
      busy:
        i % 3 === 0
          ? [
              {
                startDate: `2027-06-${String(day).padStart(2, '0')}`,
                endDate: `2027-06-${String(day + 1).padStart(2, '0')}`,
                status: 'held',
              },
              { startDate: '2027-08-01', endDate: '2027-08-31', status: 'closed' },
            ]
          : [],
    } as unknown as Venue;
  });
}

/** Every filter read directly from the venue, as the widget did before the index. */
function plain(list: readonly Venue[], f: Filters): Venue[] {
  const to = f.to || f.from;
  return list.filter(
    (v) =>
      (f.minCapacity === undefined || v.facts.capacity >= f.minCapacity) &&
      (!f.type || v.facts.type === f.type) &&
      f.facilities.every((k) => v.facts[k]) &&
      f.access.every((k) => v.facts[k]) &&
      (!f.from || isFree(v, f.from, to < f.from ? f.from : to)),
  );
}

const all = venues(10_000);

test('the indexed filter passes exactly the venues a plain reading of every filter passes, in the list’s order', () => {
  const cases: Filters[] = [
    { ...EMPTY_FILTERS },
    { ...EMPTY_FILTERS, minCapacity: 4000 },
    { ...EMPTY_FILTERS, type: 'park' },
    { ...EMPTY_FILTERS, facilities: ['electricity', 'water'] },
    { ...EMPTY_FILTERS, access: ['stepFree', 'hearingLoop'] },
    { ...EMPTY_FILTERS, from: '2027-06-10' },
    { ...EMPTY_FILTERS, from: '2027-06-10', to: '2027-06-14' },
    { ...EMPTY_FILTERS, from: '2027-06-14', to: '2027-06-10' }, // reversed: the first day alone
    { ...EMPTY_FILTERS, from: '2027-07-31', to: '2027-08-01' },
    { ...EMPTY_FILTERS, from: 'not a day' },
    { from: '2027-06-02', to: '2027-06-03', minCapacity: 100, type: 'square', facilities: [...FACILITIES], access: [...ACCESSIBILITY] },
    { from: '2027-06-20', to: '', minCapacity: 8999, type: '', facilities: ['toilets'], access: [] },
  ];
  for (const f of cases) {
    const got = filterVenues(all, f);
    assert.deepEqual(
      got.map((v) => v.id),
      plain(all, f.from && !/^\d{4}-\d{2}-\d{2}$/.test(f.from) ? { ...f, from: '' } : f).map((v) => v.id),
      JSON.stringify(f),
    );
  }
  // Some filters pass some venues and not all (the cases above test something).
  const some = filterVenues(all, { ...EMPTY_FILTERS, from: '2027-06-10', facilities: ['electricity'] }).length;
  assert.ok(some > 100 && some < 9000, String(some));
});

test('the index is made once per list: a filter pass reads numbers, and the same array reuses it', () => {
  assert.equal(indexFor(all), indexFor(all));
  const ix = indexVenues(all);
  assert.equal(ix.capacity.length, 10_000);
  assert.ok(ix.capacity instanceof Int32Array);
  // The busy ranges are read on the first filter with dates, not for the first view (which has none).
  const fresh = all.slice();
  filterVenues(fresh, EMPTY_FILTERS);
  assert.equal(indexFor(fresh).busyDays, undefined);
  filterVenues(fresh, { ...EMPTY_FILTERS, from: '2027-06-10' });
  const busy = indexFor(fresh).busyDays!;
  assert.equal(busy.days.length, Math.ceil(10_000 / 3) * 4);
  assert.ok(busy.days instanceof Int32Array);
  // A malformed busy range excludes nothing (it is not a range from 1970).
  const odd = [{ ...(all[0] as Venue), busy: [{ startDate: '', endDate: '2027-06-30', status: 'held' as const }] }];
  assert.equal(filterVenues(odd, { ...EMPTY_FILTERS, from: '2027-06-10' }).length, 1);
  // A filter pass does not read the venues' facts again.
  const tracked = all.slice(0, 200);
  const index = indexFor(tracked);
  let reads = 0;
  for (const v of tracked) {
    const facts = v.facts;
    Object.defineProperty(v, 'facts', {
      get: () => {
        reads++;
        return facts;
      },
      configurable: true,
    });
  }
  filterVenues(tracked, { ...EMPTY_FILTERS, minCapacity: 10, facilities: ['water'], from: '2027-06-05' });
  assert.equal(reads, 0);
  assert.equal(index, indexFor(tracked));
});

test('numeric columns sort as numbers, names with numeric collation, type by its name in the reader’s language', () => {
  const list = all.slice(0, 300);
  const collator = new Intl.Collator('fi', { numeric: true });
  const name = (v: Venue) => v.facts.name.fi;
  const byCap = sortVenues(list, 'capacity', false, name, collator).map((v) => v.facts.capacity);
  assert.deepEqual(
    byCap,
    [...byCap].sort((a, b) => a - b),
  );
  const byRentDesc = sortVenues(list, 'rent', true, name, collator).map((v) => v.facts.rent.amountEur);
  assert.deepEqual(
    byRentDesc,
    [...byRentDesc].sort((a, b) => b - a),
  );
  const byArea = sortVenues(list, 'areaM2', false, name, collator).map((v) => v.facts.areaM2);
  assert.ok(byArea.every((a, i) => i === 0 || (byArea[i - 1] as number) <= a));
  // "Paikka 2" before "Paikka 10" (not the string order "Paikka 10" < "Paikka 2").
  const names = sortVenues(list, 'name', false, name, collator).map(name);
  assert.deepEqual(names.slice(0, 3), ['Paikka 0', 'Paikka 1', 'Paikka 2']);
  assert.ok(names.indexOf('Paikka 9') < names.indexOf('Paikka 10'));
  const typeName = (t: string) => ({ park: 'Puisto', square: 'Tori', beach: 'Ranta' })[t] ?? `X ${t}`;
  const types = sortVenues(list, 'type', false, name, collator, typeName).map((v) => typeName(v.facts.type));
  assert.deepEqual(types, [...types].sort(collator.compare));
});

test('the rough pre-sort leaves exactly the collator’s order (Finnish, Swedish, Sámi, English; å ä ö, numbers, accents, case)', () => {
  const words = [
    'Åsa',
    'Ärrä',
    'Öljy',
    'Aalto',
    'Zeta',
    'Émile',
    'Eetu',
    'éclair',
    'Kenttä 10',
    'Kenttä 9',
    'kenttä 2',
    'Čoahkki',
    'Ŋuolla',
    'Šaddu',
    'Øre',
    'Æble',
    'a',
    'A',
    'Beach 1',
    'beach 01',
    'Ranta-alue',
    'Ranta alue',
    'Rantaalue',
  ];
  const list = Array.from({ length: 400 }, (_, i) => {
    const v = all[i] as Venue;
    return { ...v, facts: { ...v.facts, name: { fi: `${words[i % words.length]}${i % 7 === 0 ? ` ${i}` : ''}` } } };
  });
  const name = (v: Venue) => v.facts.name.fi;
  for (const lang of ['fi', 'sv', 'se', 'en']) {
    const collator = new Intl.Collator(lang, { numeric: true });
    for (const key of ['name', 'type', 'capacity'] as const) {
      const got = sortVenues(list, key, false, name, collator).map(
        (v) => `${key === 'capacity' ? v.facts.capacity : key === 'type' ? v.facts.type : ''} ${name(v)}`,
      );
      const want = [...list]
        .sort((a, b) =>
          key === 'capacity'
            ? a.facts.capacity - b.facts.capacity || collator.compare(name(a), name(b))
            : key === 'type'
              ? collator.compare(a.facts.type, b.facts.type) || collator.compare(name(a), name(b))
              : collator.compare(name(a), name(b)),
        )
        .map((v) => `${key === 'capacity' ? v.facts.capacity : key === 'type' ? v.facts.type : ''} ${name(v)}`);
      assert.deepEqual(got, want, `${lang} ${key}`);
    }
  }
});

test('pages of 50 rows; the page is clamped into the list', () => {
  assert.equal(PAGE_SIZE, 50);
  assert.deepEqual(pageOf(10_000, 0), { page: 0, pages: 200, first: 0, last: 50 });
  assert.deepEqual(pageOf(10_000, 199), { page: 199, pages: 200, first: 9950, last: 10_000 });
  assert.deepEqual(pageOf(10_000, 500), { page: 199, pages: 200, first: 9950, last: 10_000 });
  assert.deepEqual(pageOf(101, 2), { page: 2, pages: 3, first: 100, last: 101 });
  assert.deepEqual(pageOf(0, 3), { page: 0, pages: 1, first: 0, last: 0 });
  assert.deepEqual(pageOf(30, -1), { page: 0, pages: 1, first: 0, last: 30 });
});
