/**
 * The 正文 as edited (tiptap/ProseMirror JSON) → the layout's body blocks, and → plain text for
 * search. Unknown node types degrade to their text so nothing the drafter wrote is lost.
 */
import type { RichText } from '@yizhan/protocol';
import type { BodyBlock } from '../layout/official-document';

interface PmNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string }[];
  content?: PmNode[];
}

function textOf(node: PmNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(textOf).join('');
}

function runsOf(node: PmNode): { text: string; bold?: boolean }[] {
  const runs: { text: string; bold?: boolean }[] = [];
  const walk = (n: PmNode, bold: boolean) => {
    if (n.type === 'text') {
      const b = bold || (n.marks ?? []).some((m) => m.type === 'bold');
      if (n.text) runs.push(b ? { text: n.text, bold: true } : { text: n.text });
      return;
    }
    for (const c of n.content ?? []) walk(c, bold);
  };
  walk(node, false);
  return runs;
}

export function richTextToBlocks(doc: RichText): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const node of (doc.content ?? []) as PmNode[]) {
    switch (node.type) {
      case 'heading': {
        const level = Math.min(4, Math.max(1, Number(node.attrs?.level ?? 1))) as 1 | 2 | 3 | 4;
        const text = textOf(node).trim();
        if (text) blocks.push({ type: 'heading', level, text });
        break;
      }
      case 'bulletList':
      case 'orderedList':
        blocks.push({ type: 'list', ordered: node.type === 'orderedList', items: (node.content ?? []).map((item) => textOf(item).trim()).filter(Boolean) });
        break;
      case 'table': {
        const rows = (node.content ?? []).map((row) => (row.content ?? []).map((cell) => textOf(cell).trim()));
        const header = (node.content?.[0]?.content ?? []).some((cell) => cell.type === 'tableHeader');
        if (rows.length) blocks.push({ type: 'table', rows, header });
        break;
      }
      case 'paragraph': {
        const runs = runsOf(node);
        if (runs.some((r) => r.text.trim())) blocks.push({ type: 'paragraph', runs });
        break;
      }
      default: {
        const text = textOf(node).trim();
        if (text) blocks.push({ type: 'paragraph', runs: [{ text }] });
      }
    }
  }
  return blocks;
}

export function richTextToPlain(doc: RichText): string {
  return ((doc.content ?? []) as PmNode[]).map(textOf).join('\n');
}

/** A body from plain paragraphs (CLI --body FILE.md, forwarding notices). Markdown headings # → 一级 …. */
export function plainToRichText(text: string): RichText {
  const content = text
    .split(/\n\s*\n|\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const h = /^(#{1,4})\s+(.*)$/.exec(line);
      if (h) return { type: 'heading', attrs: { level: h[1].length }, content: [{ type: 'text', text: h[2] }] };
      return { type: 'paragraph', content: [{ type: 'text', text: line }] };
    });
  return { type: 'doc', content };
}
