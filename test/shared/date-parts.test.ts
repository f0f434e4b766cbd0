import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateExample, dateFromParts, dateParts, dateProblemKey, isIsoDate } from '../../src/shared/date-parts.js';

test('isIsoDate accepts real calendar days only', () => {
  for (const ok of ['2026-01-01', '2028-02-29', '2026-12-31']) assert.equal(isIsoDate(ok), true, ok);
  for (const bad of [
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '26-01-01',
    '',
    null,
    20260101,
    '2026-01-01T00:00',
  ])
    assert.equal(isIsoDate(bad), false, String(bad));
});

test('dateFromParts reads 1- or 2-digit day and month and a 4-digit year, and names what is wrong', () => {
  assert.deepEqual(dateFromParts({ day: '7', month: '3', year: '2027' }), { value: '2027-03-07' });
  assert.deepEqual(dateFromParts({ day: ' 07 ', month: '03', year: '2027' }), { value: '2027-03-07' });
  assert.deepEqual(dateFromParts({ day: '', month: '', year: '' }), { problem: 'empty' });
  assert.deepEqual(dateFromParts({ day: '', month: '3', year: '2027' }), { problem: 'missing-day' });
  assert.deepEqual(dateFromParts({ day: '7', month: '', year: '2027' }), { problem: 'missing-month' });
  assert.deepEqual(dateFromParts({ day: '7', month: '3', year: '' }), { problem: 'missing-year' });
  for (const parts of [
    { day: '30', month: '2', year: '2027' },
    { day: '29', month: '2', year: '2027' },
    { day: '1', month: '13', year: '2027' },
    { day: 'x', month: '3', year: '2027' },
    { day: '1', month: '3', year: '27' },
    { day: '0', month: '3', year: '2027' },
  ])
    assert.deepEqual(dateFromParts(parts), { problem: 'invalid' }, JSON.stringify(parts));
});

test('dateParts round-trips a date and gives empty fields for anything else', () => {
  assert.deepEqual(dateParts('2027-03-07'), { day: '7', month: '3', year: '2027' });
  assert.deepEqual(dateFromParts(dateParts('2028-02-29')), { value: '2028-02-29' });
  assert.deepEqual(dateParts('2027-02-30'), { day: '', month: '', year: '' });
  assert.deepEqual(dateParts(undefined), { day: '', month: '', year: '' });
});

test('every problem but "empty" has a common-namespace message', () => {
  assert.equal(dateProblemKey('empty'), undefined);
  assert.equal(dateProblemKey('missing-day'), 'common:date.missingDay');
  assert.equal(dateProblemKey('missing-month'), 'common:date.missingMonth');
  assert.equal(dateProblemKey('missing-year'), 'common:date.missingYear');
  assert.equal(dateProblemKey('invalid'), 'common:date.invalid');
});

test('the format example is the 27th three months ahead: never a past day, and it parses', () => {
  assert.equal(dateExample(new Date(2026, 11, 4)), '27 3 2027');
  assert.equal(dateExample(new Date(2026, 0, 31)), '27 4 2026');
  assert.equal(dateExample(new Date(2026, 9, 1)), '27 1 2027');
  for (let m = 0; m < 12; m++) {
    const today = new Date(2026, m, 28);
    const [day, month, year] = dateExample(today).split(' ') as [string, string, string];
    const parsed = dateFromParts({ day, month, year });
    assert.ok('value' in parsed && parsed.value > today.toISOString().slice(0, 10), dateExample(today));
  }
});
