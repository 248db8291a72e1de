import ts from "typescript";
import type { ProbeReference } from "./model.ts";
import type { ProblemCollector } from "./problems.ts";

/**
 * Reports the TypeScript syntax errors of `code` (types are not checked here: cells see globals the
 * sandbox provides). `firstLine` is the file line of the code's first line. Returns true when it parses.
 */
export function checkTypeScriptSyntax(
  code: string,
  file: string,
  firstLine: number,
  problems: ProblemCollector,
): boolean {
  // The parser's own diagnostics: the same syntax errors transpileModule reports, without building a
  // program per cell (a whole course checks in well under a second instead of seconds).
  const sf = sourceFile(code) as ts.SourceFile & { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] };
  const diagnostics = sf.parseDiagnostics ?? [];
  for (const diagnostic of diagnostics) {
    const line = sf.getLineAndCharacterOfPosition(diagnostic.start).line;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    problems.add(file, firstLine + line, `TypeScript does not parse: ${message}`);
  }
  return diagnostics.length === 0;
}

function sourceFile(source: string): ts.SourceFile {
  return ts.createSourceFile("module.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function lineOf(node: ts.Node, sf: ts.SourceFile): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** The names of `probe("name", ...)` calls, read statically; a non-literal name is a problem. */
export function findProbes(source: string, file: string, problems: ProblemCollector): ProbeReference[] {
  const sf = sourceFile(source);
  const probes: ProbeReference[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "probe") {
      const [name] = node.arguments;
      if (name && (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))) {
        probes.push({ name: name.text, line: lineOf(node, sf) });
      } else {
        problems.add(
          file,
          lineOf(node, sf),
          "a probe's name must be a string literal, so the validator can match it to exercise.yaml `tests`",
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return probes;
}

export type ImportReference = { specifier: string; line: number };

/** Every static `import ... from "x"` and `export ... from "x"`, and `import("x")` with a literal. */
export function findImports(source: string): ImportReference[] {
  const sf = sourceFile(source);
  const imports: ImportReference[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      imports.push({ specifier: node.moduleSpecifier.text, line: lineOf(node, sf) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      imports.push({ specifier: node.arguments[0].text, line: lineOf(node, sf) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return imports;
}
