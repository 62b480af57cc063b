import { printParseErrorCode, visit, type ParseError, type ParseErrorCode } from 'jsonc-parser';

/**
 * Reading a scenario file's text as JSON, with what is wrong said by line and column in words an
 * author understands. A depth limit comes first: the parser recurses, and no scenario needs it.
 */

function lineAndColumn(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Far deeper than any scenario goes (about 8 levels); the JSON parser recurses, so deeper text is refused before parsing. */
const MAX_NESTING = 64;

/** Where the text first opens more than MAX_NESTING objects or lists, or -1. */
function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/**
 * Parses JSON text strictly, reporting where it breaks. Duplicate keys are refused: JSON.parse
 * would keep the last silently, and a hand-written state or choice would vanish.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const deepAt = tooDeepAt(text);
  if (deepAt >= 0) {
    const where = lineAndColumn(text, deepAt);
    return { ok: false, message: `nested more than ${MAX_NESTING} levels deep at line ${where.line}, column ${where.column}` };
  }
  const errors: ParseError[] = [];
  const keysAt: Set<string>[] = [];
  let duplicate: { key: string; offset: number } | null = null;
  visit(
    text,
    {
      onObjectBegin: () => void keysAt.push(new Set()),
      onObjectEnd: () => void keysAt.pop(),
      onObjectProperty: (key, offset) => {
        const keys = keysAt[keysAt.length - 1]!;
        if (keys.has(key) && !duplicate) duplicate = { key, offset };
        keys.add(key);
      },
      onError: (error, offset, length) => errors.push({ error, offset, length }),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  const first = errors[0];
  if (first) {
    const where = lineAndColumn(text, first.offset);
    return { ok: false, message: `not valid JSON at line ${where.line}, column ${where.column}: ${describeJsonError(first.error)}` };
  }
  if (duplicate) {
    const { key, offset } = duplicate;
    const where = lineAndColumn(text, offset);
    return { ok: false, message: `not valid JSON at line ${where.line}, column ${where.column}: the key ${JSON.stringify(key)} appears twice in one object` };
  }
  return { ok: true, value: JSON.parse(text) };
}

function describeJsonError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'not a valid number',
    PropertyNameExpected: 'expected a key in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected ","',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected text after the end',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'comments are not allowed',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'a number is cut off',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[name] ?? name;
}
