/**
 * Where a JSON syntax error is, as line:column. V8 says "at position N" for most errors, but not for
 * "Unexpected token ']'" (a trailing comma in an array, a missing value) nor for "Unexpected end of JSON
 * input": then the text is scanned for the first offset that cannot continue a JSON value.
 */
export function syntaxErrorLocation(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  const pos = m ? Number(m[1]) : firstJsonErrorOffset(text);
  if (pos === null) return '';
  const before = text.slice(0, pos).split('\n');
  return `:${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * A JSON syntax error as people read it, in Ukrainian with the parser's own words quoted:
 * `rules/x.json:3:5: помилка синтаксису JSON (рядок 3, стовпець 5): «Expected ',' or '}' after property value»`.
 * The parser's offset (`in JSON at position 41`) is left out: the line and column say it.
 */
export function jsonSyntaxProblem(file: string, text: string, err: Error): string {
  const location = syntaxErrorLocation(text, err);
  const reason = err.message.replace(/\s+in JSON at position \d+.*$/s, '').replace(/\s+\(line \d+ column \d+\)$/, '');
  const m = /^:(\d+):(\d+)$/.exec(location);
  return m ? `${file}${location}: помилка синтаксису JSON (рядок ${m[1]}, стовпець ${m[2]}): «${reason}»` : `${file}: помилка синтаксису JSON: «${reason}»`;
}

/** The offset of the first character that breaks RFC 8259 JSON (text.length at a premature end), or null. */
function firstJsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) fail();
    i++;
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      const ch = text[i++];
      if (ch === '"') return;
      if (ch === '\\') {
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
        } else if (i < text.length && '"\\/bfnrt'.includes(text[i])) i++;
        else fail();
      }
    }
  };
  const digits = (): void => {
    if (!(text[i] >= '0' && text[i] <= '9')) fail();
    while (text[i] >= '0' && text[i] <= '9') i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (close === '}') {
          ws();
          if (text[i] !== '"') fail();
          string();
          expect(':');
        }
        value();
        ws();
        if (text[i] === close) {
          i++;
          return;
        }
        if (text[i] !== ',') fail();
        i++;
      }
    }
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (ch !== word[0]) continue;
      for (const w of word) {
        if (text[i] !== w) fail();
        i++;
      }
      return;
    }
    fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (at) {
    return typeof at === 'number' ? at : null;
  }
}
