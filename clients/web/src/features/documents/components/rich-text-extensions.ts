/**
 * The 正文's schema: exactly what the GB/T 9704 layout prints — 一、（一）1.（1）headings as levels
 * 1–4, paragraphs with bold, bullet and numbered lists, tables. Nothing the layout would drop.
 */
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

export const richTextExtensions = [
  StarterKit.configure({
    heading: { levels: [1, 2, 3, 4] },
    blockquote: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    italic: false,
    strike: false,
    underline: false,
    link: false,
  }),
  TableKit.configure({ table: { resizable: false } }),
];
