import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { buildIcs, escapeText, foldLine } from '../../src/shared/ics.js';
import { helsinkiToUtc } from '../../src/shared/helsinki-time.js';

const now = new Date(Date.UTC(2026, 2, 2, 8, 30, 5));
const octets = (s: string): number => new TextEncoder().encode(s).length;

describe('ics.ts (RFC 5545)', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).to.equal('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds lines at 75 octets with a leading space, never splitting a UTF-8 character', () => {
    const line = `DESCRIPTION:${'ä'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).to.be.greaterThan(2);
    for (const part of parts) expect(octets(part)).to.be.at.most(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).to.equal(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).to.equal(line);
    expect(foldLine('SHORT:line')).to.equal('SHORT:line');
  });

  it('builds a VCALENDAR with CRLF endings and one all-day VEVENT per deadline', () => {
    const ics = buildIcs({
      prodId: '-//Luukku//Test//EN',
      name: 'Deadlines',
      now,
      events: [
        {
          key: 'rescue-plan',
          date: '2026-03-06',
          summary: 'Deadline: rescue plan, events; big',
          description: 'Line one\nLine two',
          url: 'https://example.fi/apply',
          alarmDaysBefore: 3,
        },
        { key: 'police-public-event-notice', date: '2026-12-31', summary: 'Police notice' },
      ],
    });
    expect(ics.endsWith('\r\n')).to.equal(true);
    expect(ics.replace(/\r\n/g, '')).to.not.match(/[\r\n]/);
    const lines = ics.split('\r\n');
    expect(lines.slice(0, 4)).to.deep.equal(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Luukku//Test//EN', 'CALSCALE:GREGORIAN']);
    expect(ics.match(/BEGIN:VEVENT/g)!.length).to.equal(2);
    expect(ics.match(/END:VEVENT/g)!.length).to.equal(2);
    expect(lines).to.include('DTSTART;VALUE=DATE:20260306');
    expect(lines).to.include('DTEND;VALUE=DATE:20260307');
    expect(lines).to.include('DTEND;VALUE=DATE:20270101'); // across the year end
    expect(lines).to.include('UID:rescue-plan-20260306@luukku.permit-explorer');
    expect(lines).to.include('DTSTAMP:20260302T083005Z');
    expect(lines).to.include('SUMMARY:Deadline: rescue plan\\, events\\; big');
    expect(lines).to.include('DESCRIPTION:Line one\\nLine two');
    expect(lines).to.include('TRIGGER:-P3D');
    expect(ics.match(/BEGIN:VALARM/g)!.length).to.equal(1);
    expect(lines[lines.length - 2]).to.equal('END:VCALENDAR');
  });

  it('the same rule and date give the same UID (re-importing updates instead of duplicating)', () => {
    const make = (): string => buildIcs({ prodId: 'x', now, events: [{ key: 'r', date: '2026-05-01', summary: 's' }] });
    expect(make()).to.equal(make());
  });

  it('hours deadlines become timed events in UTC from Helsinki wall-clock time (summer and winter time)', () => {
    expect(helsinkiToUtc('2026-06-12', '06:00').toISOString()).to.equal('2026-06-12T03:00:00.000Z');
    expect(helsinkiToUtc('2026-01-12', '06:00').toISOString()).to.equal('2026-01-12T04:00:00.000Z');
    const ics = buildIcs({ prodId: 'x', now, events: [{ key: 'meeting', date: '2026-06-12', time: '06:00', summary: 's' }] });
    expect(ics).to.contain('DTSTART:20260612T030000Z\r\n');
    expect(ics).to.contain('DTEND:20260612T033000Z\r\n');
    expect(ics).to.not.contain('VALUE=DATE');
  });
});
