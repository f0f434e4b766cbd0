/**
 * src/shared/ is isomorphic: the server (node:test in test/shared/) and the widgets (here, in
 * Chromium) run the same modules. These checks repeat known facts in the browser, where the
 * widgets use them: deadlines counted over Finnish holidays, and the personal-data check the
 * feedback form loads on first use (the server masks with the same code).
 */
import { expect } from '@open-wc/testing';
import {
  finnishHolidays,
  formatTime,
  isWorkingDay,
  previousWorkingDayNumber,
  parseDate,
  formatDate,
  subtractDays,
  subtractHours,
} from '../../src/shared/calendar.js';
import { MASKS, findPersonalData, isHetu, maskPersonalData } from '../../src/shared/personal-data.js';

describe('src/shared in the browser', () => {
  it('Finnish holidays and working days, as on the server', () => {
    const h2026 = Object.fromEntries(finnishHolidays(2026).map((h) => [h.id, h.date]));
    expect(h2026['midsummer-eve']).to.equal('2026-06-19');
    expect(h2026['all-saints']).to.equal('2026-10-31');
    expect(isWorkingDay('2025-12-24')).to.equal(false);
    expect(isWorkingDay('2026-12-07')).to.equal(true);
    expect(isWorkingDay('nonsense')).to.equal(false);
    // Christmas 2026: the working day before Mon 28 Dec (and the last one on or before Sun 27 Dec) is Wed 23 Dec
    expect(subtractDays('2026-12-28', 1, 'working')).to.equal('2026-12-23');
    expect(subtractDays('2027-01-07', 3, 'working')).to.equal('2026-12-31');
    expect(subtractDays('2028-03-01', 1, 'calendar')).to.equal('2028-02-29');
    expect(formatDate(previousWorkingDayNumber(parseDate('2026-12-27') ?? 0))).to.equal('2026-12-23');
    expect(formatTime(9 * 60 + 5)).to.equal('09:05');
    // The 24-hour notice of an outdoor public meeting (530/1999 s. 7 as amended by 435/2019)
    expect(subtractHours('2027-06-12', '10:00', 24)).to.deep.equal({ date: '2027-06-11', time: '10:00' });
    expect(subtractHours('2027-01-01', undefined, 6)).to.deep.equal({ date: '2026-12-31', time: '18:00' });
    expect(() => subtractHours('2027-01-01', '25:00', 6)).to.throw(RangeError);
  });

  it('finds and masks a personal identity code (checksum), a phone number and an email address', () => {
    expect(isHetu('131052-308T')).to.equal(true);
    expect(isHetu('131052-308A')).to.equal(false, 'wrong check character');
    expect(isHetu('310252-308T')).to.equal(false, 'impossible date');
    const kinds = findPersonalData('Hetu 131052-308T, puh. 040 123 4567, posti matti@example.fi').map((m) => m.kind);
    expect(kinds).to.include.members(['hetu', 'phone', 'email']);
    expect(findPersonalData('Kiitos nopeasta avusta 12.3. klo 14.')).to.deep.equal([]);
    const masked = maskPersonalData('Soittakaa 040 123 4567 tai matti@example.fi, hetu 131052-308T');
    expect(masked).not.to.include('040 123 4567');
    expect(masked).not.to.include('matti@example.fi');
    expect(masked).not.to.include('131052-308T');
    expect(masked).to.include(MASKS.phone).and.to.include(MASKS.email).and.to.include(MASKS.hetu);
    expect(maskPersonalData('Ei mitään henkilötietoja.')).to.equal('Ei mitään henkilötietoja.');
  });
});
