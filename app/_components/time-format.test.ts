import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatTime, sameDay, type TimeStyle, type TimeZone } from './time-format';

/** What each style must read as: British English from Intl, the reference it replaces. */
const REFERENCE: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  clock: { hour: '2-digit', minute: '2-digit', hour12: false },
  clockSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  date: { day: 'numeric', month: 'short', year: 'numeric' },
};

const instants = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const zones = fc.constantFrom<TimeZone>('UTC', undefined);

/** Local zones with odd offsets and daylight saving (Node follows a changed TZ at once). */
const LOCAL_ZONES = ['Europe/London', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe'];

function inEachLocalZone(check: () => void): void {
  const before = process.env.TZ;
  try {
    for (const zone of LOCAL_ZONES) {
      process.env.TZ = zone;
      check();
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

test('every style reads exactly as Intl writes it in British English, in UTC and in the local zone', () => inEachLocalZone(() => {
  fc.assert(
    fc.property(instants, zones, fc.constantFrom<TimeStyle>('clock', 'clockSeconds', 'weekday', 'date'), (date, timeZone, style) => {
      const expected = new Intl.DateTimeFormat('en-GB', { ...REFERENCE[style], timeZone }).format(date).replace(',', '');
      assert.equal(formatTime(date, style, timeZone), expected);
    }),
    { numRuns: 1000 },
  );
}));

test('two instants are on the same day exactly when Intl gives them the same calendar date', () => inEachLocalZone(() => {
  fc.assert(
    fc.property(instants, fc.integer({ min: -48 * 3600, max: 48 * 3600 }), zones, (a, shiftSeconds, timeZone) => {
      const b = new Date(a.getTime() + shiftSeconds * 1000);
      const day = new Intl.DateTimeFormat('en-GB', { timeZone });
      assert.equal(sameDay(a, b, timeZone), day.format(a) === day.format(b));
    }),
    { numRuns: 1000 },
  );
}));

test('a time just before midnight UTC and one just after are different days in UTC', () => {
  assert.equal(sameDay(new Date('2026-11-30T23:59:59Z'), new Date('2026-12-01T00:00:00Z'), 'UTC'), false);
  assert.equal(formatTime(new Date('2026-11-30T23:59:59Z'), 'clockSeconds', 'UTC'), '23:59:59');
  assert.equal(formatTime(new Date('2026-12-01T00:00:00Z'), 'weekday', 'UTC'), 'Tue 1 Dec');
});
