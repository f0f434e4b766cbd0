import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  easterSunday,
  finnishHolidays,
  formatDate,
  isWorkingDay,
  parseDate,
  subtractDays,
  subtractHours,
  weekday,
  dayNumber,
  civil,
} from '../../src/shared/calendar.js';

test('Easter Sunday for known years', () => {
  const known: Record<number, string> = {
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2000: '2000-04-23',
    2019: '2019-04-21',
    2038: '2038-04-25',
  };
  for (const [y, d] of Object.entries(known)) assert.equal(formatDate(easterSunday(Number(y))), d, `Easter ${y}`);
});

test('day numbers round-trip and weekdays', () => {
  assert.equal(dayNumber(1970, 1, 1), 0);
  assert.equal(weekday(0), 4); // Thursday
  assert.equal(weekday(parseDate('2027-06-12')!), 6); // Saturday
  for (let n = -800000; n < 800000; n += 997) {
    const { year, month, day } = civil(n);
    assert.equal(dayNumber(year, month, day), n);
  }
  assert.equal(parseDate('2025-02-29'), null);
  assert.equal(parseDate('2024-02-29') !== null, true);
  assert.equal(parseDate('2025-13-01'), null);
  assert.equal(parseDate(20250101), null);
});

test('Finnish holidays: movable feasts, midsummer and All Saints', () => {
  const h2025 = Object.fromEntries(finnishHolidays(2025).map((h) => [h.id, h.date]));
  assert.equal(h2025['good-friday'], '2025-04-18');
  assert.equal(h2025['easter-monday'], '2025-04-21');
  assert.equal(h2025['ascension'], '2025-05-29');
  assert.equal(h2025['whitsun'], '2025-06-08');
  assert.equal(h2025['midsummer-eve'], '2025-06-20');
  assert.equal(h2025['midsummer-day'], '2025-06-21');
  assert.equal(h2025['all-saints'], '2025-11-01');
  const h2026 = Object.fromEntries(finnishHolidays(2026).map((h) => [h.id, h.date]));
  assert.equal(h2026['midsummer-day'], '2026-06-20');
  assert.equal(h2026['midsummer-eve'], '2026-06-19');
  assert.equal(h2026['all-saints'], '2026-10-31');
  const h2027 = Object.fromEntries(finnishHolidays(2027).map((h) => [h.id, h.date]));
  assert.equal(h2027['midsummer-day'], '2027-06-26');
  assert.equal(h2027['all-saints'], '2027-11-06');
  assert.equal(finnishHolidays(2025).length, 15);
  // Midsummer Day is always a Saturday between 20 and 26 June; All Saints' Day a Saturday between 31 Oct and 6 Nov
  for (let y = 1990; y < 2100; y++) {
    const h = Object.fromEntries(finnishHolidays(y).map((x) => [x.id, x.date]));
    const m = parseDate(h['midsummer-day'])!;
    assert.equal(weekday(m), 6);
    assert.ok(h['midsummer-day']! >= `${y}-06-20` && h['midsummer-day']! <= `${y}-06-26`);
    assert.equal(weekday(parseDate(h['all-saints'])!), 6);
    assert.ok(h['all-saints']! >= `${y}-10-31` && h['all-saints']! <= `${y}-11-06`);
  }
});

test('working days', () => {
  assert.equal(isWorkingDay('2025-12-24'), false); // Christmas Eve (de facto)
  assert.equal(isWorkingDay('2025-12-06'), false); // Saturday & Independence Day
  assert.equal(isWorkingDay('2026-12-07'), true);
  assert.equal(isWorkingDay('2025-06-20'), false); // Midsummer Eve
  assert.equal(isWorkingDay('2025-05-01'), false);
  assert.equal(isWorkingDay('2025-05-02'), true);
  assert.equal(isWorkingDay('nonsense'), false);
});

test('subtractDays: calendar and working days across Christmas and Easter', () => {
  assert.equal(subtractDays('2027-06-12', 5, 'calendar'), '2027-06-07');
  assert.equal(subtractDays('2027-03-01', 1, 'calendar'), '2027-02-28');
  assert.equal(subtractDays('2028-03-01', 1, 'calendar'), '2028-02-29');
  assert.equal(subtractDays('2027-01-05', 14, 'calendar'), '2026-12-22');
  // Christmas 2026: Thu 24 (eve), Fri 25, Sat 26 → the working day before Mon 28 Dec is Wed 23 Dec
  assert.equal(subtractDays('2026-12-28', 1, 'working'), '2026-12-23');
  // and New Year: Fri 1 Jan 2027, Wed 6 Jan (Epiphany)
  assert.equal(subtractDays('2027-01-07', 3, 'working'), '2026-12-31');
  // Easter 2025: Fri 18 (Good Friday) – Mon 21 April (Easter Monday)
  assert.equal(subtractDays('2025-04-22', 1, 'working'), '2025-04-17');
  assert.equal(subtractDays('2025-04-22', 2, 'working'), '2025-04-16');
  // ordinary week: 4 working days before a Saturday
  assert.equal(subtractDays('2027-06-12', 4, 'working'), '2027-06-08');
  assert.equal(subtractDays('2027-06-12', 0, 'working'), '2027-06-12');
  assert.throws(() => subtractDays('2027-02-30', 1, 'calendar'), RangeError);
  assert.throws(() => subtractDays('2027-02-03', -1, 'calendar'), RangeError);
});

test('subtractHours: the 6-hour public meeting notice', () => {
  assert.deepEqual(subtractHours('2027-06-12', '10:00', 6), { date: '2027-06-12', time: '04:00' });
  assert.deepEqual(subtractHours('2027-06-12', '03:30', 6), { date: '2027-06-11', time: '21:30' });
  assert.deepEqual(subtractHours('2027-01-01', undefined, 6), { date: '2026-12-31', time: '18:00' });
  assert.throws(() => subtractHours('2027-01-01', '25:00', 6), RangeError);
});
