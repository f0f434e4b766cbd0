import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateTimeFormat, formatDateTime, formatNumber, intlLocales, numberFormat } from '../../src/core/i18n/intl.js';

test('one formatter per language and options: the same key reuses it, another language or options makes another', () => {
  assert.equal(numberFormat('fi'), numberFormat('fi'));
  assert.equal(numberFormat('fi', { style: 'percent' }), numberFormat('fi', { style: 'percent' }));
  assert.notEqual(numberFormat('fi'), numberFormat('sv'));
  assert.notEqual(numberFormat('fi'), numberFormat('fi', { style: 'percent' }));
  assert.equal(dateTimeFormat('en'), dateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }));
  assert.equal(dateTimeFormat('sv', { dateStyle: 'long' }), dateTimeFormat('sv', { dateStyle: 'long' }));
  assert.notEqual(dateTimeFormat('sv', { dateStyle: 'long' }), dateTimeFormat('sv', { dateStyle: 'short' }));
});

test('the cached formatters format as a fresh Intl formatter does, in every language', () => {
  const when = new Date('2027-06-10T09:30:00Z');
  for (const lng of ['fi', 'sv', 'se', 'en'] as const) {
    const euro = { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 } as const;
    assert.equal(formatNumber(12345.5, lng), new Intl.NumberFormat(intlLocales(lng)).format(12345.5));
    assert.equal(formatNumber(250, lng, euro), new Intl.NumberFormat(intlLocales(lng), euro).format(250));
    const opts = { dateStyle: 'long', timeZone: 'Europe/Helsinki' } as const;
    assert.equal(formatDateTime(when, lng, opts), new Intl.DateTimeFormat(intlLocales(lng), opts).format(when));
    assert.equal(
      formatDateTime(when.toISOString(), lng),
      new Intl.DateTimeFormat(intlLocales(lng), { dateStyle: 'medium', timeStyle: 'short' }).format(when),
    );
  }
  assert.equal(formatNumber(10000, 'fi'), new Intl.NumberFormat('fi-FI').format(10000));
});
