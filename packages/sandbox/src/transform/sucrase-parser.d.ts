// Sucrase's parser is not in its package's public types; we use only the token list.
declare module "sucrase/dist/parser/index.js" {
  export function parse(
    input: string,
    isJSXEnabled: boolean,
    isTypeScriptEnabled: boolean,
    isFlowEnabled: boolean,
  ): { tokens: { start: number; end: number; isType: boolean; identifierRole: number | null }[] };
}
