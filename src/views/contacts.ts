/** Whom odmon tells: every steward with its addresses and its head's (internal: the admin pages, never public). */
import type { StewardKind } from '../domain';
import { listStewards } from '../store/stewards';
import type { ReadSource } from './source';

export interface ContactView {
  readonly id: string;
  readonly name: string;
  readonly kind: StewardKind;
  readonly emails: readonly string[];
  readonly headEmail: string | null;
}

/** Every steward by id. */
export function contactsView(src: ReadSource): ContactView[] {
  return listStewards(src.db).map((s) => ({ id: s.id, name: s.name, kind: s.kind, emails: s.emails, headEmail: s.headEmail }));
}
