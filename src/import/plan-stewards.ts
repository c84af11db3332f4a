/** Importing stewards: a name is one unit, and the council's ids win over the seed's. */
import type { Steward, StewardKind } from '../domain';
import { recordAudit } from '../store/audit';
import { renameSteward } from '../store/steward-moves';
import { listStewards, stewardSources, upsertSteward } from '../store/stewards';
import { normaliseName } from './columns';
import * as f from './fields';
import type { Planner, StewardRename } from './planner';
import type { InputRow } from './rows';

const KINDS: Record<string, StewardKind> = {
  department: 'department',
  external: 'external',
  'підрозділ': 'department',
  'структурний підрозділ': 'department',
  'зовнішній': 'external',
  'зовнішня': 'external',
};

/** The word odmon writes for a steward's kind in a workbook or CSV. */
export const KIND_UK: Record<StewardKind, string> = { department: 'підрозділ', external: 'зовнішній' };

interface StewardItem {
  readonly row: InputRow;
  readonly id: string;
  readonly name: string;
  readonly kind: StewardKind | undefined;
  readonly emails: string[] | undefined;
  readonly headEmail: string | null | undefined;
}

/**
 * Stewards. A name is one unit: two stewards cannot share it (case, spaces and apostrophes ignored). When the
 * council names a unit the seed created under another id (`itd` for the seed's `it`), the seeded unit takes the
 * council's id, its plan tasks and everything else with it; a name the council itself gave another steward stays
 * an error.
 */
export const planStewards: Planner = (db, _columns, p) => {
  const existing = new Map(listStewards(db).map((s) => [s.id, s]));
  const sources = stewardSources(db);
  const byName = new Map([...existing.values()].map((s) => [normaliseName(s.name), s.id]));
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  const items: StewardItem[] = [];
  return {
    row(row) {
      const id = f.id(row, 'id', p);
      f.trackDuplicate(seen, id, row, 'id', p);
      const name = f.requiredText(row, 'name', p);
      if (name !== null) {
        const key = normaliseName(name);
        if (names.has(key)) p.add(row, 'name', `назву "${name}" уже вжито в рядку ${names.get(key)}`);
        else names.set(key, row.line);
      }
      const emails = f.has(row, 'email') ? f.emails(row, 'email', p) : undefined;
      const headEmail = f.has(row, 'head_email') ? f.optionalEmail(row, 'head_email', p) : undefined;
      let kind: StewardKind | undefined;
      if (f.has(row, 'kind')) {
        const text = f.cell(row, 'kind');
        kind = text === '' ? 'department' : KINDS[normaliseName(text)];
        if (kind === undefined) p.add(row, 'kind', `"${text}" — ні «підрозділ», ні «зовнішній» (пишіть підрозділ, зовнішній, department або external)`);
      }
      if (id !== null && name !== null) items.push({ row, id, name, kind, emails, headEmail });
    },
    finish() {
      const fileNames = new Map(items.map((s) => [s.id, normaliseName(s.name)]));
      const renames: StewardRename[] = [];
      for (const s of items) {
        const owner = byName.get(normaliseName(s.name));
        if (owner === undefined || owner === s.id) continue;
        // The owner is given another name in this same file: the name is free.
        if (fileNames.has(owner) && fileNames.get(owner) !== normaliseName(s.name)) continue;
        if (sources.get(owner) !== 'seed' || fileNames.has(owner)) {
          p.add(s.row, 'name', `назва "${s.name}" уже належить розпоряднику "${owner}"`);
        } else if (existing.has(s.id)) {
          p.add(s.row, 'name', `"${s.name}" — назва підрозділу "${owner}" з початкових даних, а розпорядник "${s.id}" теж є в реєстрі: об’єднайте їх командою "odmon steward merge ${owner} ${s.id}"`);
        } else renames.push({ from: owner, to: s.id, name: s.name });
      }
      const renamedFrom = new Map(renames.map((r) => [r.to, r.from]));
      return (db2, w) => {
        for (const r of renames) {
          const moved = renameSteward(db2, r.from, r.to);
          recordAudit(db2, {
            at: w.realNowIso,
            actor: w.actor,
            action: 'steward-id',
            subjectType: 'steward',
            subjectId: r.to,
            details: { from: r.from, to: r.to, name: r.name, moved },
            reason: `у реєстрі ради підрозділ "${r.name}" має ідентифікатор ${r.to}; у початкових даних — ${r.from}`,
          });
        }
        const tally = { inserted: 0, updated: 0, unchanged: 0 };
        for (const s of items) {
          const old = existing.get(s.id) ?? existing.get(renamedFrom.get(s.id) ?? '');
          const steward: Steward = {
            id: s.id,
            name: s.name,
            kind: s.kind ?? old?.kind ?? 'department',
            emails: s.emails ?? [...(old?.emails ?? [])],
            headEmail: s.headEmail === undefined ? (old?.headEmail ?? null) : s.headEmail,
          };
          const outcome = upsertSteward(db2, steward, w.realNowIso);
          // A seeded unit that took the council's id changed, even when nothing else did.
          tally[outcome === 'unchanged' && renamedFrom.has(s.id) ? 'updated' : outcome]++;
        }
        return { ...tally, publications: 0, renamed: renames };
      };
    },
  };
};

