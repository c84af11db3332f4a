import { OdmonError } from '../errors';
import type { Db } from '../store/db';
import { findingById, openFindingOf, type FindingRecord } from '../store/finding-lookup';

const HINT = 'назвіть порушення його номером (їх показує odmon findings) або як RULE:SUBJECT_TYPE:SUBJECT_ID, наприклад stale-publication:dataset:budget';

/**
 * A FINDING argument: the episode id that `odmon findings` prints (`12`, or `#12`), or
 * `rule:subjectType:subjectId` for the open episode of that finding (a subject id may itself hold colons).
 */
export function resolveFinding(db: Db, ref: string): FindingRecord {
  const text = ref.trim();
  const num = /^#?(\d+)$/.exec(text);
  if (num) {
    const f = findingById(db, Number(num[1]));
    if (f === null) throw new OdmonError('E_NOT_FOUND', `порушення № ${num[1]} немає`, { hint: HINT });
    return f;
  }
  const m = /^([^:]+):(dataset|task|steward):(.+)$/.exec(text);
  if (!m) throw new OdmonError('E_USAGE', `"${ref}" — не назва порушення`, { hint: HINT });
  const f = openFindingOf(db, m[1], m[2], m[3]);
  if (f === null) throw new OdmonError('E_NOT_FOUND', `відкритого порушення ${m[1]} для ${m[2]} "${m[3]}" немає`, { hint: HINT });
  return f;
}
