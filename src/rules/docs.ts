/**
 * The tables of docs/rules.md that say which facts a rule may test and which placeholders a message may use,
 * generated from the catalogue (catalogue.ts) so that what people read is what validation accepts.
 * `npm run docs:rules` rewrites them between their markers; a test fails while the file differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SUBJECT_TYPES } from '../domain';
import { PACKAGE_ROOT } from '../paths';
import { FACTS, PLACEHOLDERS } from './catalogue';

export const RULES_DOC = path.join(PACKAGE_ROOT, 'docs', 'rules.md');
export const START = '<!-- generated from src/rules/catalogue.ts: npm run docs:rules -->';
export const END = '<!-- end of generated tables -->';

const cell = (v: string): string => v.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function catalogueTables(): string {
  const out = [START, '', '| subject | fact | type | meaning |', '|---|---|---|---|'];
  for (const subject of SUBJECT_TYPES) {
    for (const [name, f] of Object.entries(FACTS[subject])) {
      out.push(`| \`${subject}\` | \`${name}\` | ${f.type}${f.nullable ? ' or null' : ''} | ${cell(f.doc)} |`);
    }
  }
  out.push('', 'Message placeholders (`{{name}}`):', '', '| subject | placeholder | holds |', '|---|---|---|');
  for (const subject of SUBJECT_TYPES) {
    for (const [name, doc] of Object.entries(PLACEHOLDERS[subject])) out.push(`| \`${subject}\` | \`${name}\` | ${cell(doc)} |`);
  }
  out.push('', END);
  return out.join('\n');
}

/** docs/rules.md with its tables as the catalogue gives them. */
export function rulesDoc(current: string): string {
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${RULES_DOC} has no markers for the generated tables`);
  return current.slice(0, a) + catalogueTables() + current.slice(b + END.length);
}

if (require.main === module) {
  fs.writeFileSync(RULES_DOC, rulesDoc(fs.readFileSync(RULES_DOC, 'utf8')));
  process.stdout.write(`wrote ${path.relative(process.cwd(), RULES_DOC)}\n`);
}
