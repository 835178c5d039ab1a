import { readPlainTree } from '../src/book/plain-yaml.js';
import { parseYamlText } from '../src/book/safe-yaml.js';
import { sourceTree } from '../src/book/yaml-tree.js';
import type { SourceNode } from '../src/book/yaml-edit.js';
function outline(node: SourceNode | null, d = 0): string {
  if (node === null) return '  '.repeat(d) + 'null\n';
  let s = `${'  '.repeat(d)}${node.kind}${node.flow ? ' flow' : ''} ${JSON.stringify(node.range)} ${node.pairs || node.items ? '' : JSON.stringify(node.value)}\n`;
  for (const p of node.pairs ?? []) s += outline(p.key, d + 1) + outline(p.value, d + 2);
  for (const i of node.items ?? []) s += outline(i, d + 1);
  return s;
}
for (const text of process.argv.slice(2).map((t) => JSON.parse(t))) {
  const mine = readPlainTree(text);
  console.log(JSON.stringify(text), '\nplain:\n' + (mine ? outline(mine.tree) : 'declined\n') + 'yaml:\n' + outline(sourceTree(parseYamlText(text))));
}
