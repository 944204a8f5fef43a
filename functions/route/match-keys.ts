import {
  keyedMatchKeys,
  type MatchBasis,
  type MatchDetails,
  matchKeys,
} from '../../shared/domain/case-matching.ts';
import type { HashKeySource } from '../../shared/hash-key.ts';
import type { MatchIndex } from '../../shared/store/match-index.ts';

type MatchKey = { basis: MatchBasis; hash: string };

/** The keys route indexes a case under, and the keys it looks a notification or notice up by. */
export interface MatchKeys {
  /**
   * `index`: the keyed match keys (issue 13), the only ones a case is indexed under. `lookUp`:
   * those, and the old unkeyed ones until they are retired (retire-legacy-match-keys).
   */
  of(details: MatchDetails): Promise<{ index: MatchKey[]; lookUp: MatchKey[] }>;
}

/**
 * How often a container that still looks up the old keys asks whether they have been retired:
 * the command's marker takes effect within this long, without a deploy; once seen, never again.
 */
export const LEGACY_RETIREMENT_RECHECK_MS = 5 * 60_000;

export function createMatchKeys(deps: {
  matchIndex: Pick<MatchIndex, 'legacyKeysRetired'>;
  /** The key of the match-key HMACs (shared/hash-key.ts). */
  matchKey: HashKeySource;
  /** The old keys' salt (the table's name): read, never written (case-matching.ts). */
  legacySalt: string;
  now: () => Date;
}): MatchKeys {
  let retired = false;
  let checkedAt = Number.NEGATIVE_INFINITY;
  const legacyInUse = async () => {
    if (retired) return false;
    const now = deps.now().getTime();
    if (now - checkedAt >= LEGACY_RETIREMENT_RECHECK_MS) {
      checkedAt = now;
      retired = await deps.matchIndex.legacyKeysRetired();
    }
    return !retired;
  };
  return {
    async of(details) {
      const [key, legacy] = await Promise.all([deps.matchKey(), legacyInUse()]);
      const index = keyedMatchKeys(details, key);
      return { index, lookUp: legacy ? [...index, ...matchKeys(details, deps.legacySalt)] : index };
    },
  };
}
