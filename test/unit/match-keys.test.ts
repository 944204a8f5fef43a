import { describe, expect, it } from 'vitest';
import { createMatchKeys, LEGACY_RETIREMENT_RECHECK_MS } from '../../functions/route/match-keys.ts';
import { keyedMatchKeys, matchKeys } from '../../shared/domain/case-matching.ts';

const details = {
  childName: 'Perpetua Inglethorpe',
  dateOfBirth: '2012-06-30',
  carerPostcode: 'AN1 4TR',
  carerAddressLine1: '1 Tithe Row',
};
const KEY = 'a test hash key';
const SALT = 'a-table';
const keyed = keyedMatchKeys(details, KEY);
const legacy = matchKeys(details, SALT);

/** The route's match keys over a marker that is set when the test says so; counts the reads. */
function withMarker() {
  const state = { retired: false, reads: 0, now: new Date('2027-02-01T10:00:00.000Z') };
  const keys = createMatchKeys({
    matchIndex: {
      legacyKeysRetired: async () => {
        state.reads++;
        return state.retired;
      },
    },
    matchKey: async () => KEY,
    legacySalt: SALT,
    now: () => state.now,
  });
  const later = (ms: number) => {
    state.now = new Date(state.now.getTime() + ms);
  };
  return { state, keys, later };
}

describe('the keys route looks a notification up by', () => {
  it('indexes under the keyed keys only, and looks up the old ones too until they are retired', async () => {
    const { keys } = withMarker();
    expect(await keys.of(details)).toEqual({ index: keyed, lookUp: [...keyed, ...legacy] });
  });

  it('asks whether the old keys are retired at most once per recheck interval', async () => {
    const { state, keys, later } = withMarker();
    await keys.of(details);
    await keys.of(details);
    later(LEGACY_RETIREMENT_RECHECK_MS - 1);
    state.retired = true;
    // Not yet asked again: the old keys are still looked up.
    expect((await keys.of(details)).lookUp).toEqual([...keyed, ...legacy]);
    expect(state.reads).toBe(1);

    later(1);
    expect((await keys.of(details)).lookUp).toEqual(keyed);
    expect(state.reads).toBe(2);
  });

  it('never asks again once it has seen them retired', async () => {
    const { state, keys, later } = withMarker();
    state.retired = true;
    expect((await keys.of(details)).lookUp).toEqual(keyed);
    later(10 * LEGACY_RETIREMENT_RECHECK_MS);
    expect((await keys.of(details)).lookUp).toEqual(keyed);
    expect(state.reads).toBe(1);
  });
});
