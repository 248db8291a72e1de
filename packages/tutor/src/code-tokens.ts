// A small tokenizer for comparing code by its tokens rather than its characters: comments and
// whitespace are dropped (they are free to change and carry no solution), string literals are one
// token each, and everything else is an identifier, a number or one punctuation character.
// Backticks are dropped first: in a Markdown answer they mark inline code, not template literals, and
// dropping them on both sides keeps answer and solution comparable.

const TOKEN =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\S/g;

export function codeTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.replace(/`/g, " ").matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith("//") || token.startsWith("/*") || token.startsWith("#")) continue;
    tokens.push(token);
  }
  return tokens;
}

// Words of TypeScript itself and of the tensor runtime's everyday vocabulary keep their identity when
// code is abstracted; every other identifier becomes "ID", so renaming variables does not hide a copy.
const KEEP = new Set(
  (
    "const let var function return if else for of in while do break continue new class extends this " +
    "import export from as type interface true false null undefined typeof instanceof async await " +
    "throw try catch finally switch case default void number string boolean Map Set Array Math Object " +
    "length push get set has map filter reduce forEach slice"
  ).split(" "),
);

export function abstractTokens(tokens: string[]): string[] {
  return tokens.map((t) => (/^[A-Za-z_$]/.test(t) && !KEEP.has(t) ? "ID" : /^\d/.test(t) ? "NUM" : t));
}
