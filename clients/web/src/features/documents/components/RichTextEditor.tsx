import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Divider, Dropdown, Tooltip } from 'antd';
import { BoldOutlined, OrderedListOutlined, RedoOutlined, TableOutlined, UndoOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import type { RichText } from '@yizhan/protocol';
import { useT } from '../../../app/i18n';
import type { MessageKey } from '../../../app/i18n/translate';
import { EMPTY_BODY } from '../draft-form';
import { richTextExtensions } from './rich-text-extensions';

interface Props {
  value?: RichText;
  onChange?(value: RichText): void;
  id?: string;
  'aria-invalid'?: boolean;
}

const HEADINGS: Array<{ level: 1 | 2 | 3 | 4; key: MessageKey; sample: string }> = [
  { level: 1, key: 'rte.h1', sample: '一、' },
  { level: 2, key: 'rte.h2', sample: '（一）' },
  { level: 3, key: 'rte.h3', sample: '1.' },
  { level: 4, key: 'rte.h4', sample: '（1）' },
];

function ToolButton({
  title,
  active,
  disabled,
  onClick,
  children,
  testId,
}: {
  title: string;
  active?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Tooltip title={title} mouseEnterDelay={0.6}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        ghost={active}
        autoInsertSpace={false}
        aria-label={title}
        aria-pressed={active}
        disabled={disabled}
        data-testid={testId}
        onMouseDown={(e) => e.preventDefault()} // keep the editor's selection
        onClick={onClick}
      >
        {children}
      </Button>
    </Tooltip>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const t = useT();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      level: ([1, 2, 3, 4] as const).find((l) => e.isActive('heading', { level: l })) ?? 0,
      bold: e.isActive('bold'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const tableItems = [
    { key: 'addRow', label: t('rte.table.addRow'), disabled: !state.inTable, onClick: () => chain().addRowAfter().run() },
    { key: 'addCol', label: t('rte.table.addColumn'), disabled: !state.inTable, onClick: () => chain().addColumnAfter().run() },
    { key: 'delRow', label: t('rte.table.deleteRow'), disabled: !state.inTable, onClick: () => chain().deleteRow().run() },
    { key: 'delCol', label: t('rte.table.deleteColumn'), disabled: !state.inTable, onClick: () => chain().deleteColumn().run() },
    { type: 'divider' as const },
    { key: 'delTable', danger: true, label: t('rte.table.delete'), disabled: !state.inTable, onClick: () => chain().deleteTable().run() },
  ];

  return (
    <div className="yz-rte-toolbar" role="toolbar" aria-label={t('rte.toolbar')}>
      <ToolButton
        title={t('rte.paragraph')}
        active={state.level === 0 && !state.bullet && !state.ordered}
        onClick={() => chain().setParagraph().run()}
        testId="rte-paragraph"
      >
        {t('rte.paragraphShort')}
      </ToolButton>
      {HEADINGS.map((h) => (
        <ToolButton
          key={h.level}
          title={t(h.key)}
          active={state.level === h.level}
          onClick={() => chain().toggleHeading({ level: h.level }).run()}
          testId={`rte-h${h.level}`}
        >
          {h.sample}
        </ToolButton>
      ))}
      <Divider orientation="vertical" />
      <ToolButton title={t('rte.bold')} active={state.bold} onClick={() => chain().toggleBold().run()} testId="rte-bold">
        <BoldOutlined />
      </ToolButton>
      <ToolButton title={t('rte.bulletList')} active={state.bullet} onClick={() => chain().toggleBulletList().run()} testId="rte-bullet">
        <UnorderedListOutlined />
      </ToolButton>
      <ToolButton title={t('rte.orderedList')} active={state.ordered} onClick={() => chain().toggleOrderedList().run()} testId="rte-ordered">
        <OrderedListOutlined />
      </ToolButton>
      <Divider orientation="vertical" />
      <ToolButton title={t('rte.insertTable')} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()} testId="rte-table">
        <TableOutlined />
      </ToolButton>
      <Dropdown menu={{ items: tableItems }} disabled={!state.inTable} trigger={['click']}>
        <Button size="small" type="text" disabled={!state.inTable} onMouseDown={(e) => e.preventDefault()}>
          {t('rte.table.menu')}
        </Button>
      </Dropdown>
      <Divider orientation="vertical" />
      <ToolButton title={t('rte.undo')} disabled={!state.canUndo} onClick={() => chain().undo().run()}>
        <UndoOutlined />
      </ToolButton>
      <ToolButton title={t('rte.redo')} disabled={!state.canRedo} onClick={() => chain().redo().run()}>
        <RedoOutlined />
      </ToolButton>
    </div>
  );
}

/** 正文 editor (tiptap) as a form control: value and onChange are the ProseMirror JSON. */
export function RichTextEditor({ value, onChange, id, 'aria-invalid': invalid }: Props) {
  const t = useT();
  const emitted = useRef<RichText | undefined>(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const editor = useEditor({
    extensions: richTextExtensions,
    content: value ?? EMPTY_BODY,
    editorProps: { attributes: { 'aria-label': t('doc.field.body'), 'data-testid': 'body-editor-content', ...(id ? { id } : {}) } },
    onUpdate: ({ editor: e }) => {
      const json = e.getJSON() as RichText;
      emitted.current = json;
      onChangeRef.current?.(json);
    },
  });

  // A value from outside (the draft loaded from the server) replaces the content; our own echo does not.
  useEffect(() => {
    if (!editor || value === emitted.current) return;
    emitted.current = value;
    editor.commands.setContent(value ?? EMPTY_BODY, { emitUpdate: false });
  }, [editor, value]);

  return (
    <div className={`yz-rte${invalid ? ' yz-rte-invalid' : ''}`} data-testid="body-editor">
      {editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} className="yz-rte-content yz-doc-body" />
    </div>
  );
}

/** The 正文 read-only, with the same schema and styles as the editor. */
export function RichTextView({ value }: { value: RichText }) {
  const editor = useEditor({ extensions: richTextExtensions, content: value, editable: false }, [value]);
  return <EditorContent editor={editor} className="yz-rte-view yz-doc-body" data-testid="body-view" />;
}
