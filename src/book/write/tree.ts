// The `yaml` package's parse as the nodes that edit.ts edits, and applyEdits, the whole of an
// edit on one text with that reader.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import { parseYamlText, readTextData } from '../read/yaml.js';
import { checkEdited, editText, EditError, type Edit, type EditOptions, type SourceNode, type SourcePair } from './edit.js';

/** One node of the `yaml` package's document; its data is worked out only when an edit asks. */
class YamlSource implements SourceNode {
  readonly kind: SourceNode['kind'];
  readonly flow: boolean;
  readonly range: readonly number[] | undefined;
  readonly pairs?: readonly SourcePair[];
  readonly items?: readonly (SourceNode | null)[];
  readonly value?: unknown;

  constructor(private readonly node: unknown) {
    const withRange = node as { range?: readonly number[] | null; flow?: boolean };
    this.range = withRange.range ?? undefined;
    this.flow = withRange.flow === true;
    if (isMap(node)) {
      this.kind = 'map';
      this.pairs = node.items.map((pair) => ({ key: sourceNode(pair.key), value: sourceNode(pair.value) }));
    } else if (isSeq(node)) {
      this.kind = 'seq';
      this.items = node.items.map(sourceNode);
    } else if (isScalar(node)) {
      this.kind = 'scalar';
      this.value = node.value;
    } else {
      this.kind = 'other'; // an alias, or a pair inside a flow sequence
    }
  }

  toJSON(): unknown {
    const node = this.node;
    if (isPair(node)) return { [String((node.key as { value?: unknown } | null)?.value)]: (node.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null };
    if (isAlias(node)) throw new EditError('a value that is an alias');
    return (node as { toJSON(): unknown }).toJSON();
  }
}

function sourceNode(node: unknown): SourceNode | null {
  return node === null || node === undefined ? null : new YamlSource(node);
}

/** The top node of a parsed document, for editText. */
export function sourceTree(doc: Document.Parsed): SourceNode | null {
  return sourceNode(doc.contents);
}

/**
 * Applies the edits and checks that the text now reads as the intended data. `doc` may be given
 * when the caller has already parsed `text` with parseYamlText.
 */
export function applyEdits(text: string, edits: readonly Edit[], options: EditOptions, doc: Document.Parsed = parsed(text)): string {
  const result = editText(text, edits, options, sourceTree(doc));
  checkEdited(result, doc.toJS() ?? {}, edits, readTextData);
  return result;
}

function parsed(text: string): Document.Parsed {
  const doc = parseYamlText(text);
  if (doc.errors.length > 0) throw new EditError(`the file does not parse: ${doc.errors[0]!.message}`);
  return doc;
}
