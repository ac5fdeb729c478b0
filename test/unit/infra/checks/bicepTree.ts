/**
 * Bicep read through a maintained grammar (tree-sitter-bicep, loaded as WebAssembly into web-tree-sitter, so it runs
 * offline with no native build). The Bicep compiler itself cannot be installed here: it downloads a binary. Every
 * file is parsed in full and any ERROR or MISSING node makes `parseBicep` throw, so a check never judges a file the
 * grammar could not read. `.bicepparam` files are their own dialect (see `parseBicepParam`).
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { SourceFile } from './sourceFile';

export type { Node } from 'web-tree-sitter';

await Parser.init();
const bicep = await Language.load(createRequire(import.meta.url).resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
const parser = new Parser();
parser.setLanguage(bicep);

/** Where the grammar gave up: `path:line:column: unexpected 'text'` or `… missing 'x'`, in source order. */
export function syntaxErrors(file: SourceFile): string[] {
  const text = file.path.endsWith('.bicepparam') ? asBicep(file.text).text : file.text;
  return syntaxErrorsIn(file, parse(text));
}

export function parseBicep(file: SourceFile): Node {
  const root = parse(file.text);
  const errors = syntaxErrorsIn(file, root);
  if (errors.length > 0) throw new Error(`Bicep syntax errors:\n${errors.join('\n')}`);
  return root;
}

function parse(text: string): Node {
  const tree = parser.parse(text);
  if (tree === null) throw new Error('the Bicep parser returned no tree');
  return tree.rootNode;
}

function syntaxErrorsIn(file: SourceFile, root: Node): string[] {
  if (!root.hasError) return [];
  const found: string[] = [];
  const visit = (node: Node): void => {
    const where = `${file.path}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    if (node.isMissing) found.push(`${where}: missing '${node.type}'`);
    else if (node.isError) found.push(`${where}: unexpected '${node.text.split('\n')[0]?.slice(0, 40) ?? ''}'`);
    if (node.hasError) for (const child of node.children) if (child !== null) visit(child);
  };
  visit(root);
  return found;
}

/**
 * A .bicepparam file: `using '<template>'`, then `param name = <expression>` (and `var`s). The Bicep grammar has
 * no parameter assignment, so each `param` keyword that opens a line is read as `var` (same length, same offsets)
 * and the rest parses as Bicep expressions, errors reported as for any Bicep file.
 */
export interface BicepParamFile {
  root: Node;
  using: string | undefined;
  parameters: { name: string; value: Node }[];
}

export function parseBicepParam(file: SourceFile): BicepParamFile {
  const { text, paramOffsets } = asBicep(file.text);
  const root = parseBicep({ ...file, text });
  const usingNode = statements(root).find((n) => n.type === 'using_statement');
  const usingString = usingNode === undefined ? undefined : namedChildren(usingNode).find((n) => n.type === 'string');
  return {
    root,
    using: usingString === undefined ? undefined : stringValue(usingString),
    parameters: statements(root)
      .filter((n) => n.type === 'variable_declaration' && paramOffsets.has(n.startIndex))
      .flatMap((n) => {
        const [name, value] = namedChildren(n);
        return name === undefined || value === undefined ? [] : [{ name: name.text, value }];
      }),
  };
}

function asBicep(bicepparam: string): { text: string; paramOffsets: Set<number> } {
  const paramOffsets = new Set<number>();
  const text = bicepparam.replace(/^([ \t]*)param(?=[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*=)/gm, (_match, indent: string, offset: number) => {
    paramOffsets.add(offset + indent.length);
    return `${indent}var  `;
  });
  return { text, paramOffsets };
}

/** Named children without comments (comments are extras the grammar attaches anywhere). */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment' && n.type !== 'diagnostic_comment');
}

export function statements(root: Node): Node[] {
  return namedChildren(root);
}

/** The value of a string literal; undefined when it interpolates (`'${x}-y'`) or the node is not a string. */
export function stringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  const parts = namedChildren(node);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  return parts.map((p) => (p.type === 'escape_sequence' ? unescape(p.text) : p.text)).join('');
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

function unescape(sequence: string): string {
  const unicode = /^\\u\{([0-9A-Fa-f]+)\}$/.exec(sequence);
  if (unicode?.[1] !== undefined) return String.fromCodePoint(parseInt(unicode[1], 16));
  return ESCAPES[sequence.slice(1)] ?? sequence.slice(1);
}

export interface ObjectProperty {
  key: string;
  value: Node;
}

/** The properties of an object literal; child resources declared in a resource body are not properties. */
export function objectProperties(object: Node): ObjectProperty[] {
  if (object.type !== 'object') throw new Error(`expected an object, found ${object.type} at ${object.startPosition.row + 1}`);
  return namedChildren(object)
    .filter((n) => n.type === 'object_property')
    .flatMap((property) => {
      const [key, value] = namedChildren(property);
      if (key === undefined || value === undefined || key.type === 'resource_declaration') return [];
      return [{ key: key.type === 'string' ? (stringValue(key) ?? key.text) : key.text, value }];
    });
}

export function property(object: Node | undefined, key: string): Node | undefined {
  return object?.type === 'object' ? objectProperties(object).find((p) => p.key === key)?.value : undefined;
}

/** The object at `path` below `object`, if every step is an object literal. */
export function objectAt(object: Node | undefined, ...path: string[]): Node | undefined {
  let node = object;
  for (const key of path) node = property(node, key);
  return node?.type === 'object' ? node : undefined;
}

export interface Declaration {
  symbol: string;
  /** `Microsoft.X/y@api-version` (or a child's short type) for a resource; the path for a module. */
  type: string;
  /** The body object, also inside `if (…) {…}` and `[for … : {…}]`. */
  body: Node | undefined;
  /** A reference to a resource deployed elsewhere (`existing`), not a declaration of its properties. */
  existing: boolean;
}

/** Every resource declaration, child resources nested in a parent's body included. */
export function resourceDeclarations(root: Node): Declaration[] {
  return root.descendantsOfType('resource_declaration').flatMap((n) => (n === null ? [] : declaration(n)));
}

export function moduleDeclarations(root: Node): Declaration[] {
  return statements(root).flatMap((n) => (n.type === 'module_declaration' ? declaration(n) : []));
}

function declaration(node: Node): Declaration[] {
  const [symbol, type, value] = namedChildren(node);
  const typeValue = type === undefined ? undefined : stringValue(type);
  if (symbol === undefined || typeValue === undefined) return [];
  return [{ symbol: symbol.text, type: typeValue, body: value === undefined ? undefined : bodyOf(value), existing: node.children.some((c) => c?.type === 'existing') }];
}

function bodyOf(value: Node): Node | undefined {
  if (value.type === 'object') return value;
  if (value.type === 'if_statement') return namedChildren(value).find((n) => n.type === 'object');
  if (value.type === 'for_statement') {
    const body = value.childForFieldName('body');
    return body === null ? undefined : bodyOf(body);
  }
  return undefined;
}

export interface ParameterDeclaration {
  name: string;
  /** It has a default or a nullable type: a caller may leave it out. */
  optional: boolean;
  defaultValue: Node | undefined;
}

export function parameterDeclarations(root: Node): ParameterDeclaration[] {
  return statements(root).flatMap((n) => {
    if (n.type !== 'parameter_declaration') return [];
    const [name, type, defaultValue] = namedChildren(n);
    if (name === undefined) return [];
    const nullable = type?.namedChildren.some((t) => t.type === 'nullable_type') ?? false;
    return [{ name: name.text, optional: nullable || defaultValue !== undefined, defaultValue }];
  });
}

/** `var name = <expression>` declarations by name. */
export function variableDeclarations(root: Node): Map<string, Node> {
  return new Map(
    statements(root).flatMap((n) => {
      const [name, value] = namedChildren(n);
      return n.type === 'variable_declaration' && name !== undefined && value !== undefined ? [[name.text, value] as const] : [];
    }),
  );
}

export function outputNames(root: Node): Set<string> {
  return new Set(statements(root).flatMap((n) => (n.type === 'output_declaration' ? [namedChildren(n)[0]?.text ?? ''] : [])));
}

/**
 * Calls of a function by name (`loadJsonContent(…)`), with their argument expressions. tree-sitter-bicep 1.1 reads
 * a call that opens a multi-line array as two items, the name and a parenthesized expression; Bicep separates array
 * items by newlines or commas, so a name and a `(` that touch on one line are a call, and are read as one here.
 */
export function callsOf(root: Node, name: string): Node[][] {
  const calls = root.descendantsOfType('call_expression').flatMap((call) => {
    if (call.childForFieldName('function')?.text !== name) return [];
    const args = call.childForFieldName('arguments');
    return [args === null ? [] : namedChildren(args)];
  });
  const split = root.descendantsOfType('array').flatMap((array) =>
    namedChildren(array).flatMap((item, i, items) => {
      const next = items[i + 1];
      const touches = next?.type === 'parenthesized_expression' && next.startIndex === item.endIndex;
      return item.type === 'identifier' && item.text === name && touches ? [namedChildren(next)] : [];
    }),
  );
  return [...calls, ...split];
}
